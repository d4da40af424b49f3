"""Issue 4: VMAs, demand paging, brk/sbrk, mmap and its family, layout."""
import re

import pytest
from brink import Brink

TESTS = ["lazy", "zero", "sbrk", "mmap", "mprotect", "dontneed", "mlock", "shared",
         "private-file", "errors", "stack"]


def free_frames(b):
    return int(re.search(r"^free\s+(\d+)", b.run("mem"), re.M).group(1))


@pytest.mark.parametrize("name", TESTS)
def test_memtest(brink, name):
    out = brink.run(f"memtest {name}", timeout=60)
    assert f"memtest {name}: PASS" in out, out
    assert "FAIL" not in out, out
    assert brink.status() == 0


def test_write_after_mprotect_readonly_is_killed(brink):
    out = brink.run("memtest mprotect-kill")
    m = re.search(r"writing to read-only (0x[0-9a-f]+)", out)
    assert m, out
    assert re.search(rf"killed: pid \d+ \(/bin/memtest\): page fault at {m.group(1)} "
                     r"\(write against protection\)", out), out
    assert brink.status() == 139


def test_stack_overflow_past_8mib_is_killed(brink):
    out = brink.run("crash recurse", timeout=60)
    assert re.search(r"killed: pid \d+ \(/bin/crash\): stack overflow .* at 0x[0-9a-f]{8}", out), out
    assert brink.status() == 139


def test_whole_set_returns_every_frame(brink):
    cmd = "memtest " + " ".join(TESTS)
    brink.run(cmd, timeout=120)                    # warm the kernel's caches
    before = free_frames(brink)
    out = brink.run(cmd, timeout=120)
    assert out.count("PASS") == len(TESTS) + 1, out      # + the shared reader
    brink.run("memtest mprotect-kill")
    assert free_frames(brink) == before


def test_out_of_memory_kills_the_toucher_not_the_kernel():
    with Brink(mem="16M") as b:
        b.run("memtest oom", timeout=120)           # warm
        before = free_frames(b)
        out = b.run("memtest oom", timeout=120)
        assert re.search(r"killed: pid \d+ \(/bin/memtest\): out of memory .* at 0x[0-9a-f]{8}", out), out
        assert b.status() == 137
        assert free_frames(b) == before
        assert "Hello" in b.run("hello")


def test_vmas_and_map_show_the_layout(brink):
    out = brink.run("spin 30 &")
    pid = int(re.search(r"\[(\d+)\]", out).group(1))
    vmas = brink.run(f"vmas {pid}").splitlines()
    brink.run(f"kill {pid}")
    rows = []
    for line in vmas:
        m = re.match(r"([0-9a-f]{8})-([0-9a-f]{8}) ([r-][w-][x-]) ([0-9a-f]{8}) (.*)$", line)
        assert m, line
        rows.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3), m.group(5)))
    assert rows == sorted(rows), "not in address order"
    names = [r[3] for r in rows]
    assert rows[0][:3] == (0x08048000, rows[0][1], "r-x") and rows[0][3] == "/bin/spin"
    assert any(r[2] == "rw-" and r[3] == "/bin/spin" for r in rows[1:3]), rows
    assert "[stack]" in names and "[guard]" in names
    stack = rows[names.index("[stack]")]
    guard = rows[names.index("[guard]")]
    assert stack[2] == "rw-" and stack[1] <= 0xC0000000 and stack[1] > 0xBF000000
    assert guard[1] - guard[0] == 4096 and guard[2] == "---"
    assert stack[1] - guard[1] == 8 << 20


def test_map_draws_the_address_space(brink):
    out = brink.run("spin 30 &")
    pid = int(re.search(r"\[(\d+)\]", out).group(1))
    brink.run("echo")
    pic = brink.run(f"map {pid}")
    brink.run(f"kill {pid}")
    for word in ("text", "data", "stack", "guard", "break", "0xc0000000"):
        assert word in pic, pic
    # high addresses on top
    addrs = [int(a, 16) for a in re.findall(r"^\s+0x([0-9a-f]{8}) \+", pic, re.M)]
    assert addrs == sorted(addrs, reverse=True), pic


def layout(b):
    return re.search(r"layout: (.*)", b.run("memtest layout")).group(1)


def test_noaslr_gives_the_same_addresses():
    seen = []
    for _ in range(2):
        with Brink(cmdline="noaslr") as b:
            seen.append(layout(b))
            seen.append(layout(b))
    assert len(set(seen)) == 1, seen


def test_randomization_gives_different_addresses(brink):
    seen = {layout(brink) for _ in range(4)}
    assert len(seen) >= 3, seen
    # each of heap, mmap and stack moves
    parts = [s.split() for s in seen]
    for i in (1, 3, 5):
        assert len({p[i] for p in parts}) >= 2, seen
