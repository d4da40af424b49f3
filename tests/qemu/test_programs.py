"""Issue 3: user programs in ring 3, processes, faults, bad images."""
import os
import re
import time

import pytest
from brink import BUILD


def test_hello(brink):
    out = brink.run("hello")
    assert re.search(r"Hello, world! I am pid \d+", out)
    assert brink.status() == 0


def test_args(brink):
    out = brink.run('args a b "c d"')
    assert out.splitlines() == ['argc = 4', 'argv[0] = "args"', 'argv[1] = "a"',
                                'argv[2] = "b"', 'argv[3] = "c d"']


def test_exit_status(brink):
    brink.run("exit 7")
    assert brink.status() == 7
    brink.run("exit 0")
    assert brink.status() == 0


def test_unknown_program(brink):
    assert "command not found" in brink.run("no-such-program")
    assert brink.status() == 127


def background_pid(out):
    return int(re.search(r"\[(\d+)\] /bin/", out).group(1))


def wait_reported(brink, pids, status, out="", seconds=120):
    """Press Enter until the shell has reported every pid done with status."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        out += brink.run("echo")
        if all(f"[{p}] done, status {status}" in out for p in pids):
            break
        time.sleep(0.2)
    assert all(f"[{p}] done, status {status}" in out for p in pids), out


def test_background_cpu_hogs_do_not_starve_the_shell(brink):
    pids = [background_pid(brink.run("spin 60 &")) for _ in range(2)]
    assert "alive" in brink.run("echo alive").splitlines()
    ps = brink.run("ps")
    for pid in pids:
        assert re.search(rf"^\s*{pid}\s+(running|runnable)\s+\d+\s+\d+\s+/bin/spin$", ps, re.M), ps
    out = "".join(brink.run(f"kill {pid}") for pid in pids)
    wait_reported(brink, pids, 143, out)


def test_background_pair_both_finish(brink):
    pids = [background_pid(brink.run("spin 1 &")) for _ in range(2)]
    wait_reported(brink, pids, 0)


def test_kill(brink):
    pid = background_pid(brink.run("spin 60 &"))
    assert str(pid) in brink.run("ps")
    out = brink.run(f"kill {pid}")
    assert "killed" in out
    time.sleep(0.3)
    out = brink.run("echo")
    assert not re.search(rf"^\s*{pid}\s", brink.run("ps"), re.M)
    assert "no process" in brink.run(f"kill {pid}")


def test_shell_words(brink):
    # a quoted "&" is an argument; an unquoted one at the end, even glued
    # to the last word, runs the program in the background
    out = brink.run('args "&"')
    assert out.splitlines() == ['argc = 2', 'argv[0] = "args"', 'argv[1] = "&"'], out
    out = brink.run("hello&")
    wait_reported(brink, [background_pid(out)], 0, out)
    # more words than the shell holds: nothing runs (not a cut-short line)
    out = brink.run("args " + " ".join(f"a{i}" for i in range(40)) + " &")
    assert "too many arguments" in out and "argc" not in out, out
    assert brink.status() == 126
    # a long program name is looked up whole, never cut to another one
    out = brink.run("/bin" + "/" * 118 + "hellozzz")
    assert "command not found" in out and "Hello" not in out, out
    assert brink.status() == 127
    assert 'not a pid: ""' in brink.run('kill ""')


def test_spawn_and_wait_from_a_program(brink):
    out = brink.run("spawntest")
    assert "spawntest: PASS" in out, out


def test_efault(brink):
    out = brink.run("efault")
    assert re.search(r"efault: \d+ checks, PASS", out), out


CRASHES = [
    # mode, signal, fault text, address in the message
    ("null", 11, "page fault", "0x00000000"),
    ("writetext", 11, "page fault", "0x0804"),
    ("readkernel", 11, "page fault", "0xc0100000"),
    ("writekernel", 11, "page fault", "0xc0100000"),
    ("jumpkernel", 11, "page fault", "0xc0100000"),
    ("cli", 11, "general protection fault", "0x0804"),
    ("hlt", 11, "general protection fault", "0x0804"),
    ("in", 11, "general protection fault", "0x0804"),
    ("out", 11, "general protection fault", "0x0804"),
    ("div0", 8, "divide error", "0x0804"),
    ("ud2", 4, "invalid opcode", "0x0804"),
    # no FPU or SIMD state is kept per process, so none may be used
    ("x87", 8, "device not available", "0x0804"),
    ("sse", 4, "invalid opcode", "0x0804"),
    ("recurse", 11, "stack overflow", "0x"),
]


def free_frames(b):
    return int(re.search(r"^free\s+(\d+)", b.run("mem"), re.M).group(1))


def test_misbehaving_programs_are_killed_and_leak_nothing(brink):
    for mode, *_ in CRASHES:                 # warm the kernel's caches once
        brink.run(f"crash {mode}", timeout=60)
    before = free_frames(brink)
    for mode, sig, fault, addr in CRASHES:
        out = brink.run(f"crash {mode}", timeout=60)
        line = next((l for l in out.splitlines() if "killed" in l), None)
        assert line, f"crash {mode}: no 'killed' line in {out!r}"
        assert re.search(r"pid \d+", line) and "/bin/crash" in line, line
        assert fault in line and addr in line, line
        assert brink.status() == 128 + sig, f"crash {mode}"
    assert brink.run("echo still here") == "still here"
    assert free_frames(brink) == before


def bad_images():
    path = os.path.join(BUILD, "initrd", "bad", "MANIFEST")
    rows = []
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            p, kind, expected = line.rstrip("\n").split(" ", 2)
            rows.append((p, kind, expected))
    return rows


def test_bad_programs_refused_with_enoexec(brink):
    progs = [r for r in bad_images() if r[1] == "prog"]
    assert len(progs) >= 15
    before = free_frames(brink)
    for path, _, expected in progs:
        out = brink.run(path)
        assert "ENOEXEC" in out and expected in out, f"{path}: {out!r}"
        assert brink.status() == 126
    assert free_frames(brink) == before
