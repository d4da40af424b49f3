"""Reading the kernel's own data from gdb.

Everything here goes through the symbols of build/brink.elf, looked up in
that objfile only: user programs and libraries loaded with brink-symbols
carry their own copy of libc, and a name such as `current` or a type such
as `struct file` must not resolve to theirs.
"""
import os

import gdb

KERNEL_BASE = 0xC0000000        # kernel/mm/paging.h: physical 0 is mapped here
KERNEL_ELF = "brink.elf"


def kernel_objfile():
    """The objfile of the kernel (build/brink.elf)."""
    for obj in gdb.objfiles():
        if obj.filename and os.path.basename(obj.filename) == KERNEL_ELF:
            return obj
    raise gdb.GdbError("the kernel's symbols are not loaded: "
                       "start gdb with build/brink.elf (make debug does)")


def build_dir():
    """The build directory: where brink.elf is, and user/bin, user/lib."""
    return os.path.dirname(os.path.abspath(kernel_objfile().filename))


def ksym(name, source=None):
    """The value of a kernel global or static variable.  source (e.g.
    "fs/vfs.c", the file defining it) picks a static among several of the
    same name."""
    obj = kernel_objfile()
    sym = obj.lookup_global_symbol(name)   # globals are unique; statics are not
    if sym is None:
        for s in gdb.lookup_static_symbols(name):
            if s.symtab.objfile != obj:
                continue
            if source is None or s.symtab.filename.endswith(source):
                sym = s
                break
    if sym is None:
        where = f" in {source}" if source else ""
        raise gdb.GdbError(f"no kernel symbol {name}{where} (is build/brink.elf current?)")
    return sym.value()


def ktype(name):
    """A kernel type, e.g. "struct inode", from the kernel's debug info."""
    block = None
    sym = kernel_objfile().lookup_global_symbol("kmain")
    if sym is not None:
        block = sym.symtab.global_block()
    try:
        return gdb.lookup_type(name, block) if block else gdb.lookup_type(name)
    except gdb.error:
        raise gdb.GdbError(f"no kernel type {name}")


def u32(value):
    """A pointer or integer value as a Python int (unsigned 32 bits)."""
    return int(value.cast(gdb.lookup_type("unsigned long"))) & 0xFFFFFFFF


def is_null(value):
    return u32(value) == 0


def read_cstring(addr, limit=256):
    """The NUL-terminated string at addr (a gdb.Value or int), at most limit
    bytes; "" for NULL.  Read in small steps: a string may end a few bytes
    before an unmapped page."""
    addr = addr if isinstance(addr, int) else u32(addr)
    if addr == 0:
        return ""
    inf = gdb.selected_inferior()
    out = bytearray()
    while len(out) < limit:
        step = min(16, limit - len(out), 4096 - ((addr + len(out)) & 4095))
        chunk = bytes(inf.read_memory(addr + len(out), step))
        nul = chunk.find(b"\0")
        if nul >= 0:
            out += chunk[:nul]
            break
        out += chunk
    return out.decode("latin-1")


def char_array(value):
    """A char[N] member as a Python string (up to its first NUL)."""
    return read_cstring(u32(value.address), value.type.sizeof)


def enum_name(value, prefix):
    """P_RUNNING -> "running" (the names the shell prints)."""
    name = str(value)
    if name.startswith(prefix):
        name = name[len(prefix):]
    return name.lower()


def check_readable():
    """Kernel data lives above KERNEL_BASE: readable once paging is on."""
    try:
        gdb.selected_inferior().read_memory(u32(ksym("current").address), 4)
    except gdb.MemoryError:
        raise gdb.GdbError("kernel memory is not readable yet (paging is not on: "
                           "stop later than the boot stub, e.g. at kmain)")


def parse_int(arg, what):
    """A command argument as an int: a number or any gdb expression, such as
    $brink_pidof("spin")."""
    arg = arg.strip()
    if not arg:
        raise gdb.GdbError(f"missing {what}")
    try:
        return int(gdb.parse_and_eval(arg))
    except gdb.error as e:
        raise gdb.GdbError(f"bad {what} {arg!r}: {e}")
