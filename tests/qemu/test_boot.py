"""Issue 2: boot to the shell, the built-in commands, panic, poweroff."""
import re

import pytest
from brink import Brink


def test_prompt_and_help(brink):
    out = brink.run("help")
    for cmd in ("help", "mem", "echo", "clear", "uptime", "poweroff", "reboot"):
        assert re.search(rf"^\s+{cmd}\b", out, re.M), f"help does not list {cmd}:\n{out}"
    assert "panic-test" not in out


def test_echo_roundtrip(brink):
    assert brink.run("echo hello   brink 42") == "hello brink 42"
    assert brink.run('echo "two  spaces"') == "two  spaces"


def test_uptime(brink):
    assert re.match(r"up \d+\.\d\d s", brink.run("uptime"))


def test_line_editing(brink):
    # type "echX", backspace, "o hi", left-arrow twice, insert "-": echo -hi
    brink.child.send("echX\x7fo hi\x1b[D\x1b[D-\r")
    out = brink.expect_prompt()
    assert "-hi" in out.replace("\r", "").split("\n")[-2]


def test_history(brink):
    brink.run("echo first-entry")
    brink.child.send("\x1b[A\r")          # up arrow recalls it
    out = brink.expect_prompt()
    assert out.count("first-entry") >= 1


def test_unknown_command(brink):
    out = brink.run("no-such-command")
    assert "not found" in out
    assert brink.status() == 127


@pytest.mark.parametrize("mem,mib", [("16M", 16), ("128M", 128), ("3G", 3072)])
def test_mem_reports_ram(mem, mib):
    with Brink(mem=mem) as b:
        out = b.run("mem")
        m = re.search(r"^total\s+(\d+)\s+(\d+)", out, re.M)
        assert m, out
        kib = int(m.group(2))
        assert abs(kib - mib * 1024) <= 1024, f"mem says {kib} KiB for -m {mem}"
        free = int(re.search(r"^free\s+\d+\s+(\d+)", out, re.M).group(1))
        assert 0 < free < kib


def test_poweroff_exits_zero():
    b = Brink().start()
    b.send_line("poweroff")
    assert b.wait_exit() == 0


def test_panic_prints_exception_registers_cr2():
    b = Brink().start()
    try:
        b.send_line("panic-test")
        b.expect(r"System halted")
        out = b.child.before
        assert "page fault" in out
        assert re.search(r"CR2=0x00000010", out)
        assert re.search(r"eax=[0-9a-f]{8}", out) and re.search(r"eip=[0-9a-f]{8}", out)
    finally:
        b.kill()
