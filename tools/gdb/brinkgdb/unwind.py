"""Unwinding through Brink's trap entry (kernel/arch/vectors.asm), so that
gdb sees a trap as a call from the code it interrupted.

Without this, the backtrace of a system call or a page fault stops at
vectorN/alltraps, and `next` or `step` in user code goes wrong at the first
touch of a page not yet present (demand paging): the single step lands in
vector14 and gdb, unable to find a caller, stops there.  With it, vector14's
caller is the user function, so gdb treats the trap like a call: `next`
runs the fault handler to completion and goes on stepping, and `bt` from a
system call shows the user frames below the kernel ones.

How the interrupted registers are found: the CPU pushes eip, cs, eflags
(and esp, ss from ring 3) on the kernel stack; the vector stub and alltraps
then push the rest of struct trapframe (kernel/arch/x86.h).  How many words
lie between the frame's esp and the saved eip depends only on how far the
stub has got, which is read off the instructions before pc (pushes, pops,
pusha, popa, add/sub esp), so the code may change without this file.
"""
import re

import gdb
import gdb.unwinder

# Vectors for which the CPU pushes an error code (vectors.asm: VEC_ERR).
CPU_ERROR_CODE = {8, 10, 11, 12, 13, 14, 17, 21, 29, 30}
TRAPFRAME_REGS = ("edi", "esi", "ebp", None, "ebx", "edx", "ecx", "eax")   # pusha order
WORDS_BELOW_EIP = 14            # pusha (8), gs fs es ds, trapno, err: struct trapframe
ENTRY_FILE = "arch/vectors.asm"
SYMBOL = re.compile(r"^(\S+)(?: \+ (\d+))? in section")
ESP_IMM = re.compile(r"^(add|sub)[lw]?\s+(?:\$(0x[0-9a-f]+|\d+),%esp|esp,(0x[0-9a-f]+|\d+))$")

_words_cache = {}


class FrameId:
    """What create_unwind_info wants: sp and pc, as gdb.Values (gdb 13
    takes no plain ints here)."""

    def __init__(self, sp, pc):
        ptr = gdb.lookup_type("void").pointer()
        self.sp, self.pc = gdb.Value(sp).cast(ptr), gdb.Value(pc).cast(ptr)


def _symbol(pc):
    """(name, start) of the symbol holding pc, from gdb's minimal symbols."""
    m = SYMBOL.match(gdb.execute("info symbol 0x%x" % pc, to_string=True))
    if not m:
        return None, None
    return m.group(1), pc - int(m.group(2) or 0)


def _net_words(arch, start, pc):
    """Words the instructions in [start, pc) leave on the stack."""
    words = 0
    if pc <= start:
        return 0
    for insn in arch.disassemble(start, pc - 1):
        if insn["addr"] >= pc:
            break
        asm = " ".join(insn["asm"].split())
        op = asm.split(" ", 1)[0]
        if op in ("pusha", "pushad", "pushal", "pushaw"):
            words += 8
        elif op in ("popa", "popad", "popal", "popaw"):
            words -= 8
        elif op.startswith("push"):
            words += 1
        elif op.startswith("pop"):
            words -= 1
        else:
            m = ESP_IMM.match(asm.replace(", ", ","))
            if m:
                n = int(m.group(2) or m.group(3), 0) // 4
                words += -n if m.group(1) == "add" else n
    return words


def words_to_eip(arch, pc):
    """Words between esp and the saved eip at pc, or None when pc is not in
    a part of the entry code this understands."""
    if pc in _words_cache:
        return _words_cache[pc]
    name, start = _symbol(pc)
    words = None
    if name is not None:
        if name.startswith("vector") and name[6:].isdigit():
            words = (1 if int(name[6:]) in CPU_ERROR_CODE else 0) + _net_words(arch, start, pc)
        elif name == "alltraps":        # the stub pushed err (or 0) and trapno
            words = 2 + _net_words(arch, start, pc)
        elif name == "trapret":         # esp at a whole struct trapframe
            words = WORDS_BELOW_EIP + _net_words(arch, start, pc)
    if words is not None and words < 0:
        words = None
    _words_cache[pc] = words
    return words


def _u32(v):
    return int(v.cast(gdb.lookup_type("unsigned int"))) & 0xFFFFFFFF


class TrapUnwinder(gdb.unwinder.Unwinder):
    def __init__(self):
        super().__init__("brink-trap")

    def __call__(self, pending_frame):
        pc = _u32(pending_frame.read_register("eip"))
        sal = gdb.find_pc_line(pc)
        if sal.symtab is None or not sal.symtab.filename.endswith(ENTRY_FILE):
            return None
        try:
            arch = pending_frame.architecture()
            words = words_to_eip(arch, pc)
            if words is None:
                return None
            sp = _u32(pending_frame.read_register("esp"))
            at = sp + 4 * words
            inf = gdb.selected_inferior()
            eip, cs, eflags, uesp, uss = (int.from_bytes(bytes(inf.read_memory(at + 4 * i, 4)), "little")
                                          for i in range(5))
            if cs & 0xFFFC not in (0x08, 0x18):         # SEG_KCODE, SEG_UCODE: else not a frame
                return None
            from_user = (cs & 3) == 3
            u32 = gdb.lookup_type("unsigned int")
            info = pending_frame.create_unwind_info(FrameId(at, _symbol(pc)[1]))
            info.add_saved_register("eip", gdb.Value(eip).cast(u32))
            info.add_saved_register("eflags", gdb.Value(eflags).cast(u32))
            info.add_saved_register("esp", gdb.Value(uesp if from_user else at + 12).cast(u32))
            info.add_saved_register("cs", gdb.Value(cs).cast(u32))
            if from_user:
                info.add_saved_register("ss", gdb.Value(uss).cast(u32))
            if words >= WORDS_BELOW_EIP:                # pusha has run: the registers are saved
                regs = at - 4 * WORDS_BELOW_EIP
                for i, reg in enumerate(TRAPFRAME_REGS):
                    if reg:
                        v = int.from_bytes(bytes(inf.read_memory(regs + 4 * i, 4)), "little")
                        info.add_saved_register(reg, gdb.Value(v).cast(u32))
            else:                                       # still in the registers
                for reg in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"):
                    info.add_saved_register(reg, pending_frame.read_register(reg))
            return info
        except (gdb.error, gdb.MemoryError):
            return None


gdb.unwinder.register_unwinder(None, TrapUnwinder(), replace=True)
