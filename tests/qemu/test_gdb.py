"""Issue 7: debugging with gdb over QEMU's stub, with Brink's gdb helpers.

Each test boots a guest paused (-S) with its gdb stub on a free port and
runs one `gdb -batch` script against it, while the test types at the
guest's serial console.  Every wait is bounded: a stalled QEMU or gdb fails
the test (with what gdb printed so far) instead of hanging it.
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time

import pexpect
import pytest
from brink import BUILD, Brink

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GDB_TIMEOUT = 20        # seconds a whole gdb script may take
MARK = "@@"             # `echo @@NAME\n` in a script starts section NAME of its output


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """Is a socket listening on 127.0.0.1:port? (/proc/net/tcp: connecting
    would make QEMU's stub see a client.)"""
    want = "0100007F:%04X" % port
    with open("/proc/net/tcp") as f:
        return any(l.split()[1] == want and l.split()[3] == "0A" for l in f.readlines()[1:])


class GdbSession:
    """A guest paused with its gdb stub, and a gdb -batch script run against it.

        with GdbSession(["break kmain", "continue", "bt"]) as s:
            out = s.finish()
    The script starts with `target remote` and Brink's helpers loaded."""

    def __init__(self, script, timeout=GDB_TIMEOUT):
        self.script, self.timeout = script, timeout
        self.guest = self.gdb = None

    def __enter__(self):
        for _ in range(3):      # a port taken between the probe and QEMU's bind: retry
            self.port = free_port()
            self.guest = Brink(cmdline="noaslr", timeout=15,
                               extra=["-S", "-gdb", f"tcp:127.0.0.1:{self.port}"]).launch()
            deadline = time.monotonic() + 10
            while self.guest.child.isalive() and not listening(self.port):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            if self.guest.child.isalive() and listening(self.port):
                break
            self.guest.kill()
        else:
            pytest.fail("QEMU did not start with its gdb stub")
        fd, self.script_path = tempfile.mkstemp(prefix="brink-gdb-", suffix=".gdb")
        with os.fdopen(fd, "w") as f:
            f.write("set pagination off\nset width 0\nset style enabled off\n")
            f.write(f"target remote 127.0.0.1:{self.port}\n")
            f.write("\n".join(self.script) + "\n")
        self.out_file = tempfile.TemporaryFile(mode="w+")
        self.gdb = subprocess.Popen(
            ["gdb", "-q", "-batch", "-nx", "-x", os.path.join(ROOT, "tools/gdb/brink.py"),
             "-x", self.script_path, os.path.join(BUILD, "brink.elf")],
            stdin=subprocess.DEVNULL, stdout=self.out_file, stderr=subprocess.STDOUT)
        self.t0 = time.monotonic()
        return self

    def output(self):
        self.out_file.seek(0)
        return self.out_file.read()

    def interrupt(self):
        """Ctrl-C: gdb stops the guest and goes on with its script."""
        self.gdb.send_signal(signal.SIGINT)

    def finish(self):
        """Wait for the script to end (bounded); return gdb's output."""
        left = max(1, self.timeout - (time.monotonic() - self.t0))
        try:
            self.gdb.wait(timeout=left)
        except subprocess.TimeoutExpired:
            self.gdb.kill()
            self.gdb.wait()
            pytest.fail(f"gdb did not finish within {self.timeout} s; it printed:\n{self.output()}")
        return self.output()

    def __exit__(self, *exc):
        if self.gdb and self.gdb.poll() is None:
            self.gdb.kill()
            self.gdb.wait()
        if self.guest:
            self.guest.kill()
        if getattr(self, "script_path", None):
            os.unlink(self.script_path)


def sections(out):
    """{NAME: text} for each `echo @@NAME` in the script."""
    parts = re.split(rf"^{MARK}(\S+)\n", out, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def mark(name):
    return f"echo {MARK}{name}\\n"


def background_pid(out):
    return int(re.search(r"\[(\d+)\] /bin/", out).group(1))


def source_line(path, text):
    """The line number of the first line of path containing text."""
    with open(os.path.join(ROOT, path)) as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise AssertionError(f"{text!r} not in {path}")


def test_kernel_main_breakpoint_and_backtrace():
    with GdbSession(["break kmain", "continue", mark("bt"), "bt", mark("where"),
                     "info line *$pc", "kill"]) as s:
        out = s.finish()
    sec = sections(out)
    assert re.search(r"Breakpoint 1, kmain \(magic=\d+, mbi_pa=\d+\) at kernel/main\.c:\d+", out), out
    frames = sec["bt"].strip().splitlines()
    assert re.match(r"#0\s+kmain \(.*\) at kernel/main\.c:\d+", frames[0]), out
    # The boot stub called kmain: the backtrace names its assembly source too.
    assert re.search(r"#1\s+0x[0-9a-f]+ in \S+ \(\) at boot/boot\.asm:\d+", sec["bt"]), out
    assert 'of "kernel/main.c"' in sec["where"], out


def test_process_list_while_two_programs_run():
    script = ["continue", mark("ps"), "brink-ps", mark("pidof"), 'print $brink_pidof("spin")',
              mark("mem"), "brink-mem", mark("errors"),
              "python",
              "for c in ['brink-vmas 999', 'brink-vmas 1', 'brink-ps extra',",
              "          'brink-break-program no-such-program', 'brink-symbols 999', 'brink-ubt 1']:",
              "    try:",
              "        gdb.execute(c)",
              "        print('NO ERROR:', c)",
              "    except gdb.error as e:",
              "        print('ERROR:', c, '->', e)",
              "end",
              "kill"]
    with GdbSession(script) as s:
        g = s.guest
        g.expect_prompt()
        pids = [background_pid(g.run("spin 30 &")) for _ in range(2)]
        shell_ps = g.run("ps")
        time.sleep(0.3)                 # let both run a while
        s.interrupt()
        out = s.finish()
    sec = sections(out)
    assert "Program received signal SIGINT" in out, out
    rows = {}
    for line in sec["ps"].splitlines()[1:]:
        m = re.match(r"^([* ])\s*(\d+) (\w+)\s+0x([0-9a-f]{8})\s+(\d+)\s+(\d+) (.*)$", line)
        assert m, f"bad brink-ps line {line!r} in:\n{sec['ps']}"
        rows[int(m.group(2))] = (m.group(3), int(m.group(4), 16), m.group(7))
    assert sec["ps"].splitlines()[0].split() == ["PID", "STATE", "CR3", "RSS(pages)", "VSZ(KiB)", "NAME"]
    assert rows[1][2] == "shell [kernel]", sec["ps"]
    for pid in pids:
        state, cr3, name = rows[pid]
        assert name == "/bin/spin" and state in ("running", "runnable"), sec["ps"]
        assert cr3 % 4096 == 0 and cr3 != rows[1][1], sec["ps"]
    assert rows[pids[0]][1] != rows[pids[1]][1], "two processes share a page directory"
    # The same processes as the shell's ps, a moment earlier.
    shell_pids = {int(l.split()[0]) for l in shell_ps.splitlines()[1:]}
    assert shell_pids == set(rows), (shell_ps, sec["ps"])
    assert re.search(rf"= {pids[0]}$", sec["pidof"].strip()), out
    assert re.match(r"\s+frames\s+KiB\ntotal\s+\d+\s+\d+\nfree\s+\d+", sec["mem"]), out
    errors = sec["errors"]
    assert "NO ERROR" not in errors, errors
    assert "brink-vmas 999 -> no process 999" in errors
    assert "brink-vmas 1 -> 1 is a kernel thread" in errors
    assert "brink-ps extra -> usage: brink-ps" in errors
    assert "no-such-program -> no " in errors and "no-such-program.elf" in errors
    assert "brink-symbols 999 -> no process 999" in errors
    assert "brink-ubt 1 -> 1 is a kernel thread" in errors


def test_break_on_user_main_with_arguments():
    # hello's main and args's main are at the same address (every program is
    # linked at 0x08048000): the breakpoint must stop in args only.
    script = ["brink-break-program args main", "continue",
              mark("args"), "info args", mark("argv"), "print *argv@argc",
              mark("who"), "print $brink_name()", "print $brink_pid()",
              # next and step go on across the page faults and system calls
              # they meet (demand paging), ending in args.c, not in the kernel
              mark("next"), "next", "next", mark("where"), "frame", mark("end"), "kill"]
    with GdbSession(script) as s:
        g = s.guest
        g.expect_prompt()
        hello = g.run("hello")
        g.send_line('args one "two words"')
        out = s.finish()
    sec = sections(out)
    assert "Hello, world!" in hello, "the breakpoint stopped another program: " + hello
    assert re.search(r"Breakpoint \d+, main \(argc=3, argv=0x[0-9a-f]+\) at user/bin/args\.c:\d+", out), out
    assert re.search(r"argc = 3\nargv = 0x[0-9a-f]+", sec["args"]), out
    assert re.search(r'"args", 0x[0-9a-f]+ "one", 0x[0-9a-f]+ "two words"\}', sec["argv"]), out
    assert '"/bin/args"' in sec["who"], out
    main_line = source_line("user/bin/args.c", "int main(")
    m = re.match(r"#0\s+main \(argc=3, argv=0x[0-9a-f]+\) at user/bin/args\.c:(\d+)", sec["where"])
    assert m and int(m.group(1)) > main_line, out
    assert "vectors.asm" not in sec["where"], out


def test_next_goes_on_across_a_page_fault():
    """gdbtest's first line touches a page nothing touched before: `next`
    meets a page fault in the middle of the line.  It must end on the next
    line of gdbtest.c, not in the kernel's trap entry: once through gdb's own
    logic (the trap unwinder makes the fault look like a call), once through
    the hookpost-next fallback (unwinder disabled)."""
    touch = source_line("user/bin/gdbtest.c", "first_touch[0] = argc;")
    script = ["brink-break-program gdbtest main", "continue", "next", mark("native"), "frame",
              "continue", "disable unwinder global brink-trap", "next", mark("hook"), "frame",
              mark("end"), "kill"]
    with GdbSession(script) as s:
        g = s.guest
        g.expect_prompt()
        g.send_line("gdbtest")
        g.expect(r"gdbtest: library at .*\n")
        g.send_line("gdbtest")
        out = s.finish()
    sec = sections(out)
    assert re.search(rf"Breakpoint 1, main \(argc=1, .*\) at user/bin/gdbtest\.c:{touch}\n", out), out
    for how in ("native", "hook"):
        assert re.match(rf"#0\s+main \(argc=1, argv=0x[0-9a-f]+\) at user/bin/gdbtest\.c:{touch + 1}\n",
                        sec[how]), (how, out)
    # Only the second `next` needed the hook.
    assert len(re.findall(r"\[brink: page fault in pid \d+ handled, back at 0x[0-9a-f]{8}\]\n"
                          rf"{touch + 1}\t", out)) == 1, out


def test_break_in_library_function_after_openLibrary():
    after_open = source_line("user/bin/gdbtest.c", "librarySymbol(lib")
    script = ["set brink-auto-symbols off",      # the library's symbols by hand
              "brink-break-program gdbtest main", "continue",
              # run until openLibrary has returned: the library is now mapped
              f"advance gdbtest.c:{after_open}",
              mark("lib"), "print lib",
              mark("symbols"), "brink-symbols",
              mark("break"), "brink-break-program gdbtest gdbtestlib_sum", "continue",
              mark("bt"), "bt", mark("pc"), "print/x $pc", "kill"]
    with GdbSession(script) as s:
        g = s.guest
        g.expect_prompt()
        g.send_line("gdbtest")
        out = s.finish()
    sec = sections(out)
    handle = int(re.search(r"0x([0-9a-f]+)", sec["lib"]).group(1), 16)
    m = re.search(r"^/lib/gdbtestlib\.lib\s+0x([0-9a-f]{8})-0x([0-9a-f]{8})\s+\S*build/user/lib/gdbtestlib\.elf",
                  sec["symbols"], re.M)
    assert m, out
    base, end = int(m.group(1), 16), int(m.group(2), 16)
    assert base == handle, "the symbols are not where openLibrary put the library"
    assert "gdbtestlib.elf (loaded)" in sec["symbols"], out
    assert re.search(r"Breakpoint \d+, gdbtestlib_sum \(n=4, scale=10\) at "
                     r"user/lib/gdbtestlib/gdbtestlib\.c:\d+", out), out
    frames = sec["bt"].strip().splitlines()
    assert frames[0].startswith("#0  gdbtestlib_sum (n=4, scale=10) at user/lib/gdbtestlib/gdbtestlib.c:"), out
    assert re.match(r"#1\s+0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at user/bin/gdbtest\.c:\d+",
                    frames[1]), out
    pc = int(re.search(r"0x([0-9a-f]+)", sec["pc"]).group(1), 16)
    assert base <= pc < end and base > 0x08048000, out


def test_library_breakpoint_set_before_the_library_is_loaded():
    """A breakpoint on a library function, set before the program runs, is
    pending; the helpers load the library's symbols when openLibrary maps
    it (brink-auto-symbols), and it is hit."""
    script = ["show brink-auto-symbols",
              "brink-break-program gdbtest gdbtestlib_sum", "continue",
              mark("bt"), "bt", mark("vmas"), "brink-vmas",
              # Its code page was not resident: the first arrival at the
              # breakpoint faults and runs again.  It must stop once only.
              'break proc_exit if $brink_running("gdbtest")', "continue",
              mark("info"), "info breakpoints", mark("end"), "kill"]
    with GdbSession(script) as s:
        g = s.guest
        g.expect_prompt()
        g.send_line("gdbtest 0 extra")
        out = s.finish()
    sec = sections(out)
    assert "Loading a library's symbols as it is mapped is on." in out, out
    assert "(pending: placed when gdbtest maps a library that defines it)" in out, out
    m = re.search(r"\[brink: /lib/gdbtestlib\.lib mapped at 0x([0-9a-f]{8}) by pid \d+ "
                  r"/bin/gdbtest: symbols loaded\]", out)
    assert m, out
    base = int(m.group(1), 16)
    assert re.search(r"Breakpoint \d+, gdbtestlib_sum \(n=6, scale=10\) at "
                     r"user/lib/gdbtestlib/gdbtestlib\.c:\d+", out), out
    assert re.search(r"#1\s+0x[0-9a-f]+ in main \(argc=3, ", sec["bt"]), out
    lib_text = [l for l in sec["vmas"].splitlines() if l.endswith(" r-x 00000000 /lib/gdbtestlib.lib")]
    assert lib_text and int(lib_text[0][:8], 16) == base, out
    assert re.search(r"Breakpoint \d+, proc_exit \(", out), out
    assert len(re.findall(r"Breakpoint \d+, gdbtestlib_sum ", out)) == 1, out
    assert re.search(r"in gdbtestlib_sum at user/lib/gdbtestlib/gdbtestlib\.c:\d+\n"
                     r"\tstop only if \$brink_stop_in\(\"gdbtest\"\)\n"
                     r"\tbreakpoint already hit 1 time", sec["info"]), out


def test_vmas_and_mem_match_the_shell():
    script = ["continue", mark("vmas"), 'brink-vmas $brink_pidof("gdbtest")',
              mark("mem"), "brink-mem",
              # where the sleeping process is, read through its own page tables
              mark("symbols"), 'brink-symbols $brink_pidof("gdbtest")',
              mark("ubt"), 'brink-ubt $brink_pidof("gdbtest")', mark("end"), "kill"]
    with GdbSession(script) as s:
        g = s.guest
        g.expect_prompt()
        pid = background_pid(g.run("gdbtest 30 &"))
        g.expect(r"gdbtest: library at .*\n")       # everything mapped; now it sleeps
        shell_vmas = g.run(f"vmas {pid}")
        shell_mem = g.run("mem")
        s.interrupt()
        out = s.finish()
    sec = sections(out)
    gdb_vmas = sec["vmas"].strip("\n").splitlines()
    assert gdb_vmas == shell_vmas.splitlines(), f"gdb:\n{sec['vmas']}\nshell:\n{shell_vmas}"
    # Every kind of VMA is there, so the comparison covers every label.
    for label in ("/bin/gdbtest", "/lib/gdbtestlib.lib", "[heap] /bin/gdbtest",
                  "[heap] /lib/gdbtestlib.lib", "[stack]", "[guard]"):
        assert any(l.split(None, 3)[3] == label for l in gdb_vmas), (label, gdb_vmas)
    assert sum(l.endswith(" /bin/gdbtest") and " r-- " in l for l in gdb_vmas) >= 1, gdb_vmas
    assert sec["mem"].strip("\n").splitlines() == shell_mem.splitlines(), (sec["mem"], shell_mem)
    ubt = sec["ubt"]
    sleep_line = source_line("user/bin/gdbtest.c", "sleep(secs)")
    assert re.match(rf"pid {pid} /bin/gdbtest: \w+, in the kernel since its last trap\n", ubt), ubt
    frames = re.findall(r"^#(\d+)\s+0x[0-9a-f]{8} in (\S+)(?: at (\S+))?$", ubt, re.M)
    names = [f[1] for f in frames]
    assert [int(f[0]) for f in frames] == list(range(len(frames))), ubt
    assert ("main", f"user/bin/gdbtest.c:{sleep_line}") in [(f[1], f[2]) for f in frames], ubt
    assert "sleep" in names and names.index("sleep") < names.index("main"), ubt
    assert names[-1] == "_start", ubt


def test_make_debug_script():
    """tools/debug.sh (make debug): QEMU paused, gdb attached with the
    helpers, the console on a socket for a second terminal; Ctrl-C in gdb
    stops the guest but does not kill QEMU; quitting gdb ends QEMU."""
    env = dict(os.environ, TERM="dumb")
    env.pop("TMUX", None)
    env.pop("DISPLAY", None)
    build = os.path.relpath(BUILD, ROOT) if not os.path.isabs(BUILD) else BUILD
    d = pexpect.spawn("sh", ["tools/debug.sh", build], cwd=ROOT, env=env, encoding="utf-8",
                      codec_errors="replace", timeout=15)
    c = None
    qemu = None
    try:
        d.expect_exact("(gdb) ")
        assert "Brink gdb helpers loaded" in d.before, d.before
        m = re.search(r"QEMU \(pid (\d+)\) is paused; gdb attaches on 127\.0\.0\.1:\d+, "
                      r"the console is on 127\.0\.0\.1:(\d+)", d.before)
        assert m, d.before
        qemu, console_port = int(m.group(1)), m.group(2)
        # By port: another session may have written build/debug-session since.
        c = pexpect.spawn("sh", ["tools/debug.sh", "--console", console_port], cwd=ROOT, env=env,
                          encoding="utf-8", codec_errors="replace", timeout=15)
        c.expect_exact("Ctrl-] leaves")
        d.sendline("continue")
        c.expect_exact("brink$ ")
        c.send("hello\r")
        c.expect(r"Hello, world! I am pid \d+")
        c.expect_exact("brink$ ")
        d.sendintr()
        d.expect_exact("(gdb) ")
        d.sendline("brink-ps")
        d.expect_exact("(gdb) ")
        assert re.search(r"\s1 \w+\s+0x[0-9a-f]{8}\s+\d+\s+\d+ shell \[kernel\]", d.before), d.before
        os.kill(qemu, 0)                # Ctrl-C did not reach QEMU
        d.sendline("quit")
        d.expect_exact("(y or n) ")
        d.sendline("y")
        d.expect(pexpect.EOF)
        c.expect(pexpect.EOF)
        assert "the guest is gone" in c.before
        for _ in range(50):
            try:
                os.kill(qemu, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail("QEMU still runs after gdb quit")
        path = os.path.join(ROOT, build, "debug-session")
        assert not os.path.exists(path) or f"qemu_pid={qemu}\n" not in open(path).read()
    finally:
        for child in (d, c):
            if child is not None and child.isalive():
                child.terminate(force=True)
        if qemu is not None:            # in its own session: not killed with sh
            try:
                os.kill(qemu, signal.SIGKILL)
            except ProcessLookupError:
                pass
