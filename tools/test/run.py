#!/usr/bin/python3
"""Brink's test runner: the host unit tests, then the QEMU tests.

Host tests are cmocka (or plain TAP) binaries, run with TAP output and
counted line by line.  QEMU tests are pytest modules in tests/qemu/ that
boot the ISO and drive the shell over the serial port (conftest.py).
The last line printed is "N passed, N failed", whatever happened.
"""
import argparse
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TAP_OK = re.compile(r"^(not )?ok\b(.*)$")


def run_host(binaries):
    passed = failed = 0
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP",
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    for exe in binaries:
        name = os.path.basename(exe)
        try:
            proc = subprocess.run([exe], capture_output=True, text=True,
                                  timeout=600, env=env)
            out, rc = proc.stdout + proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as e:
            out, rc = (e.stdout or b"").decode(errors="replace") + "\nTIMEOUT\n", -1
        p = f = 0
        for line in out.splitlines():
            m = TAP_OK.match(line.strip())
            if m:
                if m.group(1):
                    f += 1
                    print(f"FAIL {name}:{m.group(2)}")
                else:
                    p += 1
        if rc != 0 and f == 0:
            f = 1                    # crashed or sanitizer report with no TAP failure
        if rc != 0 or f:
            print(f"--- {name} output (exit {rc}) ---")
            print("\n".join(out.splitlines()[-60:]))
        print(f"host {name}: {p} passed, {f} failed")
        passed += p
        failed += f
    return passed, failed


def run_qemu(build, extra):
    xml_path = os.path.join(build, "qemu-tests.xml")
    if os.path.exists(xml_path):
        os.remove(xml_path)
    cmd = ["/usr/bin/python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
           f"--junitxml={xml_path}", "tests/qemu"] + extra
    env = dict(os.environ, BRINK_BUILD=build)
    subprocess.run(cmd, env=env)
    if not os.path.exists(xml_path):
        print("qemu: pytest produced no results")
        return 0, 1
    root = ET.parse(xml_path).getroot()
    passed = failed = 0
    for case in root.iter("testcase"):
        if case.find("skipped") is not None:
            continue
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        else:
            passed += 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--no-qemu", action="store_true")
    ap.add_argument("--no-host", action="store_true")
    ap.add_argument("-k", default=None, help="pytest -k expression for the QEMU tests")
    ap.add_argument("binaries", nargs="*")
    a = ap.parse_args()
    passed = failed = 0
    if not a.no_host:
        p, f = run_host(a.binaries)
        passed, failed = passed + p, failed + f
    if not a.no_qemu:
        p, f = run_qemu(a.build, ["-k", a.k] if a.k else [])
        passed, failed = passed + p, failed + f
    sys.stdout.flush()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
