"""Drive a Brink guest in QEMU over its serial console, the way a person types.

    with Brink(mem="128M") as b:
        out = b.run("echo hi")
        assert out == "hi"
"""
import os
import re
import time

import pexpect

BUILD = os.environ.get("BRINK_BUILD", "build")
PROMPT = "brink$ "
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\b\a]")


class Brink:
    def __init__(self, mem="128M", cmdline=None, iso=True, extra=(), timeout=30, icount=False):
        """cmdline != None boots the ELF directly (QEMU's multiboot loader), so
        kernel options like noaslr can be passed; otherwise the ISO via GRUB."""
        self.mem = mem
        self.timeout = timeout
        args = ["-m", mem, "-display", "none", "-serial", "stdio", "-monitor", "none",
                "-no-reboot", "-parallel", "none"]
        if icount:
            args += ["-icount", "shift=0"]
        if cmdline is None and iso:
            args += ["-cdrom", os.path.join(BUILD, "brink.iso"), "-boot", "d"]
        else:
            args += ["-kernel", os.path.join(BUILD, "brink.elf"),
                     "-initrd", os.path.join(BUILD, "initrd.tar") + " initrd",
                     "-append", cmdline or ""]
        args += list(extra)
        self.args = args
        self.child = None
        self.log = []

    def launch(self):
        """Start QEMU without waiting for the prompt (a guest started with -S
        boots only once a debugger lets it run)."""
        self.t0 = time.monotonic()
        self.child = pexpect.spawn("qemu-system-i386", self.args, encoding="utf-8",
                                   codec_errors="replace", timeout=self.timeout)
        self.child.delaybeforesend = None
        return self

    def start(self):
        self.launch()
        self.expect_prompt()
        self.boot_seconds = time.monotonic() - self.t0
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()

    def kill(self):
        if self.child and self.child.isalive():
            self.child.terminate(force=True)

    def expect_prompt(self, timeout=None):
        self.child.expect_exact(PROMPT, timeout=timeout or self.timeout)
        self.log.append(self.child.before)
        return self.child.before

    def send_line(self, line):
        # Type it a few characters at a time, as a person (or a terminal) does.
        for i in range(0, len(line), 8):
            self.child.send(line[i:i + 8])
        self.child.send("\r")

    def run(self, line, timeout=None):
        """Type a command, wait for the next prompt; return its output
        (the echoed command line removed, CRs stripped, trailing newline cut)."""
        self.send_line(line)
        out = self.expect_prompt(timeout)
        out = ANSI.sub("", out.replace("\r", ""))
        # Drop everything up to the echo of the typed line (background
        # output may come before it), keep what follows.
        lines = out.split("\n")
        for i, l in enumerate(lines):
            if l.endswith(line):
                lines = lines[i + 1:]
                break
        else:
            lines = lines[1:]
        return "\n".join(lines).rstrip("\n")

    def status(self):
        return int(self.run("echo $?").strip().splitlines()[-1])

    def expect(self, pattern, timeout=None):
        self.child.expect(pattern, timeout=timeout or self.timeout)
        return self.child.match

    def wait_exit(self, timeout=None):
        self.child.expect(pexpect.EOF, timeout=timeout or self.timeout)
        self.child.close()
        return self.child.exitstatus

    def mem_free(self):
        out = self.run("mem")
        return int(re.search(r"^free\s+(\d+)", out, re.M).group(1))
