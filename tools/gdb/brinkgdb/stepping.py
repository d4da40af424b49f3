"""`next` and `step` in user code, across the traps they run into.

A user program's pages arrive on first touch (demand paging), so stepping a
line often executes an instruction that faults; a line may also make a
system call (int 0x80).  QEMU's single step then stops at the trap's entry
in the kernel (vectorN in kernel/arch/vectors.asm), and gdb, seeing a new
function, ends the `next` there.  When the trap has a plain call as caller
gdb would step over it by itself with the unwinder in unwind.py, but not
when the instruction that trapped is the first of its function (gdb looks
up a caller at pc - 1, as for a return address).

So after `next` and `step` (gdb's hookpost-next and hookpost-step run
brink-step-trap; when gdb runs the step in the background, as it does at
an interactive prompt, the work waits for the step's end, just before the
next prompt), if the CPU is at a trap entry and the trap came from user
mode: let the kernel handle it, up to the moment the same process is back
at the instruction that trapped (a temporary hardware breakpoint with a pid
condition), say so in one line, and go on with the same command.  A process
that dies of the trap stops in proc_exit instead.  stepi and nexti are left
alone: one instruction means one instruction, and the trap entry is where
the next one is.
"""
import gdb

from . import breaks
from . import kernel as k
from . import procs
from . import unwind

TRAP_NAMES = {0: "divide error", 1: "debug", 3: "breakpoint", 6: "invalid opcode",
              8: "double fault", 13: "general protection fault", 14: "page fault",
              128: "system call"}
MAX_TRAPS = 256                 # traps one `next` may meet before giving up


def user_trap():
    """(vector, eip) if the CPU is at the kernel's entry of a trap taken in
    user mode, else None."""
    frame = gdb.newest_frame()
    pc = frame.pc()
    sal = gdb.find_pc_line(pc)
    if sal.symtab is None or not sal.symtab.filename.endswith(unwind.ENTRY_FILE):
        return None
    name, _start = unwind._symbol(pc)
    if not name or not name.startswith("vector") or not name[6:].isdigit():
        return None
    words = unwind.words_to_eip(frame.architecture(), pc)
    if words is None:
        return None
    sp = k.u32(frame.read_register("esp"))
    inf = gdb.selected_inferior()
    eip, cs = (int.from_bytes(bytes(inf.read_memory(sp + 4 * words + 4 * i, 4)), "little")
               for i in range(2))
    return (int(name[6:]), eip) if cs & 3 == 3 else None


def trap_name(vector):
    if vector in TRAP_NAMES:
        return TRAP_NAMES[vector]
    if 32 <= vector < 48:
        return f"IRQ {vector - 32}"
    return f"trap {vector}"


def _breakpoints_at(addr):
    """The user's enabled breakpoints with a location at addr."""
    found = []
    for bp in gdb.breakpoints():
        if bp.enabled and any(loc.address == addr for loc in getattr(bp, "locations", [])):
            found.append(bp)
    return found


def run_trap(pid, eip):
    """Continue until process pid is back at eip (True), or something else
    stops the guest first (False: its stop is printed)."""
    # The instruction that trapped has not run: a breakpoint on it would
    # report a second hit.  Out of the way until the process is back.
    parked = _breakpoints_at(eip)
    for bp in parked:
        bp.enabled = False
    back = gdb.Breakpoint("*0x%x" % eip, type=gdb.BP_HARDWARE_BREAKPOINT,
                          internal=True, temporary=True)
    back.condition = "$brink_pid() == %d" % pid
    back.silent = True
    dies = gdb.Breakpoint("proc_exit", internal=True, temporary=True)
    dies.condition = "$brink_pid() == %d" % pid
    dies.silent = True
    try:
        out = gdb.execute("continue", to_string=True)
    finally:
        for bp in (back, dies):
            if bp.is_valid():
                bp.delete()
        for bp in parked:
            if bp.is_valid():
                bp.enabled = True
    cur = procs.current()
    frame = gdb.newest_frame()
    if cur is not None and int(cur["pid"]) == pid and frame.pc() == eip:
        breaks.forget_stop(pid, eip)    # this arrival is over: the step goes on
        return True
    if cur is not None and int(cur["pid"]) == pid and frame.name() == "proc_exit":
        gdb.write(f"[brink: pid {pid} is exiting: the trap ended it]\n")
        gdb.execute("frame")
    else:
        gdb.write(out)
    return False


def _where(pc):
    """(function, file, line, line start) of pc, to compare positions."""
    sal = gdb.find_pc_line(pc)
    block = gdb.block_for_pc(pc)
    func = block.function if block is not None else None
    while block is not None and func is None:
        block = block.superblock
        func = block.function if block is not None else None
    return (func.name if func else None,
            sal.symtab.filename if sal.symtab else None, sal.line, sal.pc)


_start = None                   # _where() of the pc a next/step began at


class BrinkStepTrap(gdb.Command):
    """Finish a `next` or `step` that stopped at a trap taken in user mode.
Usage: brink-step-trap next|step|--begin
Run by the hooks hook-next, hookpost-next, hook-step and hookpost-step
that Brink's helpers define (see tools/gdb/brinkgdb/stepping.py).  Does
nothing unless the CPU is at the kernel's entry of a trap from user mode."""

    def __init__(self):
        super().__init__("brink-step-trap", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        global _start, _deferred
        argv = arg.split()
        if argv[:1] == ["--begin"]:             # hook-next, hook-step
            try:
                _start = _where(gdb.newest_frame().pc())
            except gdb.error:
                _start = None
            _deferred = None
            return
        cmd = argv[0] if len(argv) == 1 else ""
        if cmd not in ("next", "step"):
            raise gdb.GdbError("usage: brink-step-trap next|step|--begin")
        thread = gdb.selected_thread()
        if thread is not None and thread.is_running():
            # Interactive gdb runs `next` in the background: the hook runs
            # as the step starts.  Finish the work before the next prompt.
            _deferred = (cmd, from_tty)
            return
        finish_step(cmd, from_tty)


def finish_step(cmd, from_tty):
    """If the CPU is at the entry of a trap from user mode, run the trap and
    go on with cmd; again for each trap met."""
    for _ in range(MAX_TRAPS):
        try:
            trap = user_trap()
        except (gdb.error, gdb.MemoryError):
            return
        cur = procs.current() if trap else None
        if trap is None or cur is None:
            return
        vector, eip = trap
        pid = int(cur["pid"])
        if not run_trap(pid, eip):
            return
        gdb.write(f"[brink: {trap_name(vector)} in pid {pid} handled, "
                  f"back at 0x{eip:08x}]\n")
        # A system call returns to the instruction after int 0x80, which
        # may begin the next line: the step would have ended there.
        here = _where(eip)
        if _start is not None and (here[0] != _start[0] or
                                   (here[3] == eip and here[1:3] != _start[1:3])):
            gdb.execute("frame")
            return
        gdb.execute(cmd, from_tty=from_tty)
    gdb.write(f"[brink: {MAX_TRAPS} traps in one `{cmd}`: stopping here]\n")


_deferred = None                # (cmd, from_tty) of a step still running


def _before_prompt():
    global _deferred
    if _deferred is None:
        return
    (cmd, from_tty), _deferred = _deferred, None
    try:
        finish_step(cmd, from_tty)
    except gdb.error as e:
        gdb.write(f"[brink: {e}]\n")


BrinkStepTrap()
gdb.events.before_prompt.connect(_before_prompt)
for _cmd in ("next", "step"):
    gdb.execute(f"define hook-{_cmd}\nbrink-step-trap --begin\nend", to_string=True)
    gdb.execute(f"define hookpost-{_cmd}\nbrink-step-trap {_cmd}\nend", to_string=True)
