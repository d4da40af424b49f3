"""brink-break-program: a breakpoint in user code that stops only in the
processes running a named program; $brink_running(NAME), $brink_stop_in(NAME).

Every program is linked at 0x08048000, so a user address means nothing
without a process: QEMU's breakpoints match the virtual address of the
instruction, whichever address space is live.  The condition reads the
kernel's `current` (the kernel half is mapped in every address space, so it
is readable while user code runs) and compares the process name.

The breakpoints are hardware breakpoints (hbreak): they never write to guest
memory, so they work on user pages not yet faulted in (demand paging) and
under KVM too.  See docs/debugging.md.

Demand paging makes an instruction arrive at a breakpoint twice: QEMU
reports the breakpoint before the instruction runs; if the instruction
then faults (its page of code, or a page it touches, is not resident), the
kernel brings the page in and the CPU runs the same instruction again, at
the same breakpoint.  $brink_stop_in() says no to the first of the two when
the code's page is not resident yet, and to the second when the process's
last trap was a page fault at this very instruction and its resident set
changed since gdb stopped here: so each arrival stops once.
"""
import gdb

from . import kernel as k
from . import procs
from . import symbols
from .ubt import UserMemory

T_PGFLT = 14

# (pid, pc) -> resident pages when a breakpoint last stopped there.
_stopped = {}


class BrinkRunning(gdb.Function):
    """$brink_running("NAME") - 1 if the process on the CPU runs NAME
("mathsdemo" or "/bin/mathsdemo"), else 0.  For breakpoint conditions:
  hbreak malloc if $brink_running("mathsdemo")"""

    def __init__(self):
        super().__init__("brink_running")

    def invoke(self, wanted):
        cur = procs.current()
        return int(cur is not None and procs.name_matches(procs.name(cur), wanted.string()))


def forget_stop(pid, pc):
    """The stepping code ran the fault of the instruction gdb stopped at
    itself: the next arrival there is a new one."""
    _stopped.pop((pid, pc), None)


class BrinkStopIn(gdb.Function):
    """$brink_stop_in("NAME") - the condition of brink-break-program's
breakpoints: 1 if the process on the CPU runs NAME and the instruction at
the breakpoint is about to run, 0 if it is about to fault (its code page is
not resident yet) or is running again after a page fault gdb already saw
it stop before (see tools/gdb/brinkgdb/breaks.py)."""

    def __init__(self):
        super().__init__("brink_stop_in")

    def invoke(self, wanted):
        cur = procs.current()
        if cur is None or not procs.name_matches(procs.name(cur), wanted.string()):
            return 0
        pc = k.u32(gdb.parse_and_eval("$pc"))
        if pc >= k.KERNEL_BASE or k.is_null(cur["mm"]):
            return 1
        pid, mm = int(cur["pid"]), cur["mm"].dereference()
        if not UserMemory(cur).resident(pc):
            return 0                    # a fetch fault comes first
        rss = int(mm["rss"])
        key = (pid, pc)
        if key in _stopped and not k.is_null(cur["tf"]):
            tf = cur["tf"].dereference()
            if int(tf["trapno"]) == T_PGFLT and k.u32(tf["eip"]) == pc and _stopped[key] != rss:
                del _stopped[key]       # the same arrival, after its fault
                return 0
        _stopped[key] = rss
        return 1


class BrinkBreakProgram(gdb.Command):
    """Break in user code, only in processes running program NAME.
Usage: brink-break-program NAME [LOCATION]
Loads NAME's symbols (build/user/bin/NAME.elf), then sets a hardware
breakpoint at LOCATION with the condition $brink_stop_in("NAME"): only in
processes running NAME, and once per arrival even when demand paging makes
the instruction run twice.  Without
LOCATION: NAME's entry point, i.e. the first instruction NAME runs in user
mode.  LOCATION is any gdb location: main, args.c:7, *0x08048000, or a
function of a library NAME opens: if the library is not mapped yet the
breakpoint stays pending, and is placed when openLibrary maps it (see
`show brink-auto-symbols`).  Then `continue`, and run NAME at the Brink
shell."""

    def __init__(self):
        super().__init__("brink-break-program", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        name, _, location = arg.strip().partition(" ")
        location = location.strip()     # as typed: quotes in it are gdb's
        if not name:
            raise gdb.GdbError("usage: brink-break-program NAME [LOCATION]")
        elf = symbols.program_elf(name)
        symbols.load(elf, 0)
        if not location:
            location = "*0x%x" % symbols.ElfInfo(elf).entry
        cond = '$brink_stop_in("%s")' % name.replace("\\", "\\\\").replace('"', '\\"')
        try:
            gdb.decode_line(location)
            pending = False
        except gdb.error:
            pending = True          # a library function: placed when the library is mapped
        # Through the CLI, not gdb.Breakpoint: a pending breakpoint whose
        # condition is not parsed yet survives symbol loads that do not
        # define its function (one made from Python would be disabled).
        was = gdb.parameter("breakpoint pending")
        gdb.execute("set breakpoint pending on", to_string=True)
        try:
            gdb.execute(f"hbreak {location} if {cond}", from_tty=from_tty)
        finally:
            gdb.execute("set breakpoint pending %s"
                        % {True: "on", False: "off", None: "auto"}[was], to_string=True)
        if pending and not gdb.parameter("brink-auto-symbols"):
            gdb.write("(pending; with brink-auto-symbols off, load the library's symbols "
                      "with brink-symbols after openLibrary)\n")
        elif pending:
            gdb.write(f"(pending: placed when {name} maps a library that defines it)\n")
        gdb.write(f"(stops only in processes running {name})\n")


BrinkRunning()
BrinkStopIn()
BrinkBreakProgram()
