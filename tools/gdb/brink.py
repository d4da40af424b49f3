"""Brink's gdb helpers, loaded by `make debug` (gdb -x tools/gdb/brink.py).

Commands (each has `help NAME`):
  brink-ps                          processes: pid, state, page directory, name
  brink-vmas [PID]                  a process's VMAs, as the shell's `vmas PID`
  brink-mem                         physical memory, as the shell's `mem`
  brink-symbols [PID [IMAGE...]]    load a process's program/library symbols
  brink-break-program NAME [LOC]    break at LOC (default: the entry) in NAME only
  brink-ubt [PID]                   a process's user backtrace, even off the CPU
Convenience functions: $brink_pid(), $brink_name(), $brink_pidof("NAME"),
$brink_running("NAME"), $brink_stop_in("NAME").
Settings: set brink-auto-symbols on|off (load a library's symbols as it is
mapped).  `next` and `step` in user code go on across page faults and
system calls (hookpost-next, hookpost-step); `bt` from the kernel reaches
the user code that trapped.  See docs/debugging.md.
"""
import os
import sys

import gdb

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import brinkgdb.procs      # noqa: E402,F401  (each module registers its commands)
import brinkgdb.vmas       # noqa: E402,F401
import brinkgdb.mem        # noqa: E402,F401
import brinkgdb.symbols    # noqa: E402,F401
import brinkgdb.breaks     # noqa: E402,F401
import brinkgdb.unwind     # noqa: E402,F401
import brinkgdb.stepping   # noqa: E402,F401
import brinkgdb.ubt        # noqa: E402,F401


class BrinkHelp(gdb.Command):
    """List Brink's gdb commands and convenience functions."""

    def __init__(self):
        super().__init__("brink-help", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        gdb.write(__doc__.split("\n", 2)[2])


BrinkHelp()
gdb.write("Brink gdb helpers loaded: brink-help lists them.\n")
