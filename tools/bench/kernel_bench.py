#!/usr/bin/python3
"""Kernel figures for `make bench` (issues 2-4): never pass/fail.

Cycles come from rdtsc inside the guest under `-icount shift=0`, where the
guest clock follows the instruction count, so they repeat exactly from run to
run.  Boot time is wall time on this machine (median of 5).
"""
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "qemu"))
from brink import Brink  # noqa: E402

build = sys.argv[1] if len(sys.argv) > 1 else "build"


def mem(b):
    out = b.run("mem")
    return {k: int(v) for k, v in re.findall(r"^(\w+)\s+(\d+)\s+\d+", out, re.M)}


def main():
    times = []
    for _ in range(5):
        b = Brink()
        b.start()
        times.append(b.boot_seconds)
        b.kill()
    print(f"kernel: QEMU start to prompt (ISO, GRUB): median {statistics.median(times):.2f} s "
          f"of 5 ({', '.join(f'{t:.2f}' for t in times)})")

    size = subprocess.run(["i686-linux-gnu-size", os.path.join(build, "brink.elf")],
                          capture_output=True, text=True).stdout.splitlines()[-1].split()
    print(f"kernel: size text {size[0]} B, data {size[1]} B, bss {size[2]} B "
          f"(file {os.path.getsize(os.path.join(build, 'brink.elf'))} B with debug info)")

    with Brink(icount=True, timeout=600) as b:
        m = mem(b)
        print(f"kernel: memory at the prompt (128 MiB guest): {m['kernel']} frames "
              f"({m['kernel'] * 4} KiB) kernel, {m['free']} free of {m['total']}")
        b.run("hello")                          # warm the caches
        before = mem(b)
        pid = re.search(r"\[(\d+)\]", b.run("hello 60 &")).group(1)
        during = mem(b)
        rss = re.search(rf"^\s*{pid}\s+\w+\s+(\d+)", b.run("ps"), re.M).group(1)
        b.run(f"kill {pid}")
        used = before["free"] - during["free"]
        print(f"kernel: a running /bin/hello holds {used} frames, {rss} of them resident user pages "
              f"({during['user'] - before['user']} user, {during['kernel'] - before['kernel']} kernel: "
              f"page directory, page tables, kernel stack, process)")
        out = b.run("bench", timeout=600)
        for line in out.splitlines():
            if line.startswith("bench:"):
                who = "libc:  " if "malloc" in line else "kernel:"
                print(who + line[len("bench:"):] + " (rdtsc, -icount shift=0)")
        f10 = int(re.search(r"with 10 VMAs\s+(\d+)", out).group(1))
        f10k = int(re.search(r"with 10000 VMAs\s+(\d+)", out).group(1))
        print(f"kernel: page fault 10,000 VMAs / 10 VMAs = {f10k / f10:.2f}x")


if __name__ == "__main__":
    main()
