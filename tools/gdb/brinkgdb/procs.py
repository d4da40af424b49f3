"""Processes: the kernel's ptable (kernel/proc/sched.c), brink-ps, and the
convenience functions $brink_pid(), $brink_name() and $brink_pidof(NAME).
"""
import gdb

from . import kernel as k

VM_GUARD = 0x4000               # kernel/mm/vma.h


def ptable():
    """The live processes, in slot order (as the shell's ps lists them)."""
    k.check_readable()
    table = k.ksym("ptable", "proc/sched.c")
    lo, hi = table.type.range()
    for i in range(lo, hi + 1):
        p = table[i]
        if k.is_null(p):
            continue
        p = p.dereference()
        if k.enum_name(p["state"], "P_") != "unused":
            yield p


def current():
    """The process on the CPU, or None (the scheduler itself is running)."""
    cur = k.ksym("current", "proc/sched.c")
    return None if k.is_null(cur) else cur.dereference()


def name(p):
    return k.char_array(p["name"])


def name_matches(procname, wanted):
    """"spin" names /bin/spin; a path must match exactly."""
    if procname == wanted:
        return True
    return "/" not in wanted and procname.rsplit("/", 1)[-1] == wanted


def find(pid):
    for p in ptable():
        if int(p["pid"]) == pid:
            return p
    raise gdb.GdbError(f"no process {pid}")


def find_user(pid):
    """A process with an address space (what vmas and map accept)."""
    p = find(pid)
    if k.enum_name(p["state"], "P_") == "zombie":
        raise gdb.GdbError(f"process {pid} is a zombie: its memory is gone")
    if k.is_null(p["mm"]):
        raise gdb.GdbError(f"{pid} is a kernel thread")
    return p


def pidof(wanted):
    for p in ptable():
        if name_matches(name(p), wanted) and k.enum_name(p["state"], "P_") != "zombie":
            return int(p["pid"])
    raise gdb.GdbError(f"no process named {wanted}")


def vmas(mm):
    """mm's VMAs in address order: the list threaded through the tree."""
    v = mm["mmap"]
    seen = 0
    while not k.is_null(v):
        yield v.dereference()
        v = v["vm_next"]
        seen += 1
        if seen > 100000:
            raise gdb.GdbError("VMA list does not end (corrupt?)")


def vsize_kib(mm):
    pages = 0
    for v in vmas(mm):
        if not int(v["vm_flags"]) & VM_GUARD:
            pages += (k.u32(v["vm_end"]) - k.u32(v["vm_start"])) // 4096
    return pages * 4


def cr3_of(p):
    """The physical page directory the process runs on (kernel threads run
    on the kernel's own, kpgdir)."""
    if k.is_null(p["mm"]):
        pd = k.u32(k.ksym("kpgdir", "mm/paging.c").address)
    else:
        pd = k.u32(p["mm"]["pgdir"])
    return pd - k.KERNEL_BASE


class BrinkPs(gdb.Command):
    """List processes from the kernel's process table.
Usage: brink-ps
Columns: PID, STATE, CR3 (the physical address of the page directory, as
in `info registers cr3`), resident pages, virtual size, NAME.  The shell's
`ps` columns, plus CR3; `*` marks the process on the CPU."""

    def __init__(self):
        super().__init__("brink-ps", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: brink-ps")
        cur = current()
        cur_addr = k.u32(cur.address) if cur is not None else 0
        lines = ["   PID STATE     CR3        RSS(pages)  VSZ(KiB) NAME"]
        for p in ptable():
            mm = p["mm"]
            rss = int(mm["rss"]) if not k.is_null(mm) else 0
            vsz = vsize_kib(mm) if not k.is_null(mm) else 0
            mark = "*" if k.u32(p.address) == cur_addr else " "
            kern = "" if not k.is_null(p["tf"]) else " [kernel]"
            lines.append("%s%5d %-9s 0x%08x %10u %9u %s%s" % (
                mark, int(p["pid"]), k.enum_name(p["state"], "P_"), cr3_of(p),
                rss, vsz, name(p), kern))
        gdb.write("\n".join(lines) + "\n")


class BrinkPid(gdb.Function):
    """$brink_pid() - the pid of the process on the CPU (0: none, the
scheduler is running).  For breakpoint conditions:
  break foo if $brink_pid() == 3"""

    def __init__(self):
        super().__init__("brink_pid")

    def invoke(self):
        cur = current()
        return 0 if cur is None else int(cur["pid"])


class BrinkName(gdb.Function):
    """$brink_name() - the name of the process on the CPU ("/bin/spin"),
or "" when none is."""

    def __init__(self):
        super().__init__("brink_name")

    def invoke(self):
        cur = current()
        return "" if cur is None else name(cur)


class BrinkPidof(gdb.Function):
    """$brink_pidof("NAME") - the pid of the first live process running
NAME ("spin" or "/bin/spin"), in ptable order; an error if there is none.
  brink-vmas $brink_pidof("spin")"""

    def __init__(self):
        super().__init__("brink_pidof")

    def invoke(self, wanted):
        return pidof(wanted.string())


BrinkPs()
BrinkPid()
BrinkName()
BrinkPidof()
