"""brink-ubt: the user-mode backtrace of any process, running or not.

gdb's own `bt` follows the live registers through the live address space;
from the kernel it stops at the first user frame (the kernel stack lies
above the user stack, and gdb takes a caller below its callee for a
corrupt stack).  This walks the user frame-pointer chain instead (every
program and library is built with -fno-omit-frame-pointer), from the
registers saved in the process's trap frame, reading its memory through
its own page tables, so it works for a process that is not on the CPU.
"""
import struct

import gdb

from . import kernel as k
from . import procs
from . import unwind

PTE_P, PTE_PS = 0x001, 0x080    # kernel/mm/paging.h
MAX_FRAMES = 64


def _read_u32(addr):
    return struct.unpack("<I", bytes(gdb.selected_inferior().read_memory(addr, 4)))[0]


class UserMemory:
    """Reads a process's user memory: through the CPU if its page directory
    is the live one, else by walking its page tables (kernel memory) to the
    frame, read through the kernel's direct map."""

    def __init__(self, p):
        self.pgdir = k.u32(p["mm"]["pgdir"])
        try:
            self.live = int(gdb.parse_and_eval("$cr3")) & ~0xFFF == self.pgdir - k.KERNEL_BASE
        except gdb.error:
            self.live = False
        self.lowmem = k.u32(k.ksym("lowmem_limit"))

    def u32(self, va):
        if va & 3 or va >= k.KERNEL_BASE:
            raise gdb.MemoryError(f"bad user address 0x{va:08x}")
        if self.live:
            return _read_u32(va)
        return self._phys_u32(self.translate(va))

    def translate(self, va):
        """The physical address of user address va, through the process's
        page tables; gdb.MemoryError if the page is not resident."""
        pde = _read_u32(self.pgdir + 4 * (va >> 22))
        if not pde & PTE_P:
            raise gdb.MemoryError(f"0x{va:08x} is not mapped")
        if pde & PTE_PS:
            return (pde & 0xFFC00000) | (va & 0x3FFFFF)
        pte = self._phys_u32((pde & ~0xFFF) + 4 * ((va >> 12) & 0x3FF))
        if not pte & PTE_P:
            raise gdb.MemoryError(f"0x{va:08x} is not resident")
        return (pte & ~0xFFF) | (va & 0xFFF)

    def resident(self, va):
        try:
            self.translate(va)
            return True
        except gdb.MemoryError:
            return False

    def _phys_u32(self, pa):
        if pa + 4 > self.lowmem:
            raise gdb.MemoryError(f"physical 0x{pa:08x} is above the direct map")
        return _read_u32(k.KERNEL_BASE + pa)


def user_registers(p):
    """(eip, ebp, where): the live registers if p is on the CPU in user
    mode, else those its last trap saved."""
    cur = procs.current()
    if cur is not None and k.u32(cur.address) == k.u32(p.address):
        frame = gdb.newest_frame()
        cs = int(frame.read_register("cs"))
        if cs & 3 == 3:
            return (k.u32(frame.read_register("eip")), k.u32(frame.read_register("ebp")),
                    "on the CPU, in user mode")
    if k.is_null(p["tf"]):
        raise gdb.GdbError(f"pid {int(p['pid'])} has no user state (a kernel thread)")
    tf = p["tf"].dereference()
    state = k.enum_name(p["state"], "P_")
    return k.u32(tf["eip"]), k.u32(tf["ebp"]), f"{state}, in the kernel since its last trap"


def describe(pc, is_return):
    """"func at file:line" for pc (a return address looks up pc - 1)."""
    look = pc - 1 if is_return else pc
    block = gdb.block_for_pc(look)
    while block is not None and block.function is None:
        block = block.superblock
    if block is None:                   # no debug info (crt0): the ELF symbol, if any
        name, _start = unwind._symbol(look)
        return name or "?? (no symbols here: brink-symbols PID loads them)"
    sal = gdb.find_pc_line(look)
    where = f" at {sal.symtab.filename}:{sal.line}" if sal.symtab else ""
    return f"{block.function.print_name}{where}"


def walk(p):
    mem = UserMemory(p)
    eip, ebp, how = user_registers(p)
    frames = [(eip, False)]
    stop = None
    while len(frames) < MAX_FRAMES:
        if ebp == 0:
            break                       # crt0's _start clears ebp: the end
        try:
            ret, up = mem.u32(ebp + 4), mem.u32(ebp)
        except gdb.MemoryError as e:
            stop = f"frame pointer 0x{ebp:08x}: {e}"
            break
        if ret == 0:
            break
        frames.append((ret, True))
        if up != 0 and up <= ebp:
            stop = f"frame pointer 0x{up:08x} does not go up the stack"
            break
        ebp = up
    return how, frames, stop


class BrinkUbt(gdb.Command):
    """Print a process's user-mode backtrace, whether or not it is on the CPU.
Usage: brink-ubt [PID]
Walks the frame pointers from the user registers (the live ones if the
process is on the CPU in user mode, else those saved by its last trap: a
sleeping process shows where it made its system call).  Names come from the
symbols loaded (brink-symbols PID).  Without PID: the process on the CPU."""

    def __init__(self):
        super().__init__("brink-ubt", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if arg.strip():
            p = procs.find_user(k.parse_int(arg, "pid"))
        else:
            p = procs.current()
            if p is None or k.is_null(p["mm"]):
                raise gdb.GdbError("usage: brink-ubt PID (no user process is on the CPU)")
        how, frames, stop = walk(p)
        gdb.write(f"pid {int(p['pid'])} {procs.name(p)}: {how}\n")
        for i, (pc, is_return) in enumerate(frames):
            gdb.write(f"#{i:<2} 0x{pc:08x} in {describe(pc, is_return)}\n")
        if stop:
            gdb.write(f"(stopped: {stop})\n")


BrinkUbt()
