"""brink-break-program: a breakpoint in user code that stops only in the
processes running a named program, and $brink_running(NAME).

Every program is linked at 0x08048000, so a user address means nothing
without a process: QEMU's breakpoints match the virtual address of the
instruction, whichever address space is live.  The condition reads the
kernel's `current` (the kernel half is mapped in every address space, so it
is readable while user code runs) and compares the process name.

The breakpoints are hardware breakpoints (hbreak): they never write to guest
memory, so they work on user pages not yet faulted in (demand paging) and
under KVM too.  See docs/debugging.md.
"""
import gdb

from . import procs
from . import symbols


class BrinkRunning(gdb.Function):
    """$brink_running("NAME") - 1 if the process on the CPU runs NAME
("mathsdemo" or "/bin/mathsdemo"), else 0.  For breakpoint conditions:
  hbreak malloc if $brink_running("mathsdemo")"""

    def __init__(self):
        super().__init__("brink_running")

    def invoke(self, wanted):
        cur = procs.current()
        return int(cur is not None and procs.name_matches(procs.name(cur), wanted.string()))


class BrinkBreakProgram(gdb.Command):
    """Break in user code, only in processes running program NAME.
Usage: brink-break-program NAME [LOCATION]
Loads NAME's symbols (build/user/bin/NAME.elf), then sets a hardware
breakpoint at LOCATION with the condition $brink_running("NAME").  Without
LOCATION: NAME's entry point, i.e. the first instruction NAME runs in user
mode.  LOCATION is any gdb location: main, args.c:7, *0x08048000, or a
library function once brink-symbols has loaded the library (after
openLibrary).  Then `continue`, and run NAME at the Brink shell."""

    def __init__(self):
        super().__init__("brink-break-program", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if not argv:
            raise gdb.GdbError("usage: brink-break-program NAME [LOCATION]")
        name, location = argv[0], " ".join(argv[1:])
        elf = symbols.program_elf(name)
        symbols.load(elf, 0)
        if not location:
            location = "*0x%x" % symbols.ElfInfo(elf).entry
        cond = '$brink_running("%s")' % name.replace("\\", "\\\\").replace('"', '\\"')
        try:
            gdb.decode_line(location)       # an error now, not a pending breakpoint
        except gdb.error as e:
            raise gdb.GdbError(f"{e} (a library's functions are known once openLibrary "
                               f"has returned and brink-symbols has loaded them)")
        bp = gdb.Breakpoint(location, type=gdb.BP_HARDWARE_BREAKPOINT)
        bp.condition = cond
        gdb.write(f"(stops only in processes running {name})\n")


BrinkRunning()
BrinkBreakProgram()
