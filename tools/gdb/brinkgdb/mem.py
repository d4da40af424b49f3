"""brink-mem: physical memory, the same table as the shell's `mem`
(kernel/shell/commands.c: cmd_mem; the counters of kernel/mm/frame.c)."""
import gdb

from . import kernel as k


def frame_stats():
    """kernel/mm/frame.c: frame_stats(), read without calling it."""
    k.check_readable()
    zones = k.ksym("zones", "mm/frame.c")
    lo, hi = zones.type.range()
    free = sum(int(zones[i]["nfree"]) for i in range(lo, hi + 1))
    return {
        "total": int(k.ksym("n_total", "mm/frame.c")),
        "free": free,
        "kernel": int(k.ksym("n_kernel", "mm/frame.c")),
        "user": int(k.ksym("n_user", "mm/frame.c")),
    }


class BrinkMem(gdb.Command):
    """Print physical memory in frames and KiB, like the shell's `mem`.
Usage: brink-mem
Rows: total, free, kernel (page tables, kernel heap, stacks...), user
(pages of user processes)."""

    def __init__(self):
        super().__init__("brink-mem", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError("usage: brink-mem")
        st = frame_stats()
        out = ["          frames        KiB"]
        for row in ("total", "free", "kernel", "user"):
            out.append("%-6s %10u %10u" % (row, st[row], st[row] * 4))
        gdb.write("\n".join(out) + "\n")


BrinkMem()
