"""brink-vmas: one process's VMAs, the same lines as the shell's `vmas PID`
(kernel/shell/proc_commands.c: cmd_vmas and vma_label)."""
import gdb

from . import kernel as k
from . import procs

VM_READ, VM_WRITE, VM_EXEC = 0x1, 0x2, 0x4      # kernel/mm/vma.h
LABEL_MAX = 95                                  # cmd_vmas's char name[96]


def enum_value(type_name, enumerator):
    for f in k.ktype(type_name).fields():
        if f.name == enumerator:
            return f.enumval
    raise gdb.GdbError(f"no {enumerator} in {type_name}")


def inode_path(vm_file):
    """kernel/fs/vfs.c: inode_path(), for a VMA_FILE's inode."""
    ino = vm_file.cast(k.ktype("struct inode").pointer())
    addr = k.u32(ino)
    if addr == k.u32(k.ksym("console_ino", "fs/vfs.c")):
        return "[console]"
    if addr == k.u32(k.ksym("root", "fs/vfs.c")):
        return "/"
    ino = ino.dereference()
    if not bool(ino["linked"]):
        tmp = int(ino["dev"]) == enum_value("enum fs_dev", "DEV_TMPFS")
        return ("/tmp/" if tmp else "") + k.read_cstring(ino["name"]) + " (deleted)"
    parts = []
    while not k.is_null(ino["parent"]):
        parts.append(k.read_cstring(ino["name"]))
        ino = ino["parent"].dereference()
        if len(parts) > 4096:
            raise gdb.GdbError("inode parents loop (corrupt?)")
    return "".join("/" + p for p in reversed(parts))


def vma_label(v):
    """What `vmas` calls a VMA: a file's path, a fixed name, or [heap] with
    the image that owns it."""
    if int(v["vm_backing"]) == enum_value("enum vma_backing", "VMA_FILE"):
        label = inode_path(v["vm_file"])
    elif k.u32(v["vm_name"]) == k.u32(k.ksym("heap_name", "mm/mmap.c").address):
        owner = k.read_cstring(v["vm_owner"]) if not k.is_null(v["vm_owner"]) else "(unknown)"
        label = "[heap] " + owner
    elif not k.is_null(v["vm_name"]):
        label = k.read_cstring(v["vm_name"])
    else:
        label = "[anon]"
    return label[:LABEL_MAX]


def vma_line(v):
    flags = int(v["vm_flags"])
    anon = int(v["vm_backing"]) == enum_value("enum vma_backing", "VMA_ANON")
    return "%08x-%08x %c%c%c %08x %s" % (
        k.u32(v["vm_start"]), k.u32(v["vm_end"]),
        "r" if flags & VM_READ else "-", "w" if flags & VM_WRITE else "-",
        "x" if flags & VM_EXEC else "-",
        0 if anon else k.u32(v["vm_pgoff"]), vma_label(v))


def target_process(arg, command):
    """PID (any expression) or, with no argument, the process on the CPU."""
    if arg.strip():
        return procs.find_user(k.parse_int(arg, "pid"))
    cur = procs.current()
    if cur is None or k.is_null(cur["mm"]):
        raise gdb.GdbError(f"usage: {command} PID (no user process is on the CPU)")
    return cur


class BrinkVmas(gdb.Command):
    """Print a process's VMAs, like the shell's `vmas PID`.
Usage: brink-vmas [PID]
One line per VMA in address order: start-end perms offset name, where
name is a file's path, the program or library path, [heap] OWNER, [stack],
[guard] or [anon].  Without PID: the process on the CPU.  PID may be any
expression, e.g. brink-vmas $brink_pidof("spin")."""

    def __init__(self):
        super().__init__("brink-vmas", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        p = target_process(arg, "brink-vmas")
        lines = [vma_line(v) for v in procs.vmas(p["mm"].dereference())]
        gdb.write("".join(line + "\n" for line in lines))


BrinkVmas()
