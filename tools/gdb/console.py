#!/usr/bin/python3
"""The Brink console of a `make debug` session: this terminal <-> the guest's
serial port, which QEMU serves on a TCP socket (tools/debug.sh --console
runs this).  Keys go to the guest as typed (raw mode: arrows, Ctrl-C and
backspace reach the shell's line editor); Ctrl-] leaves.

    console.py HOST PORT
"""
import os
import select
import socket
import sys
import termios
import time
import tty

QUIT = b"\x1d"                  # Ctrl-], as telnet


def connect(host, port, seconds=10.0):
    """QEMU may still be starting: retry for a while."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return socket.create_connection((host, port), timeout=1.0)
        except OSError as e:
            if time.monotonic() > deadline:
                sys.exit(f"console: cannot connect to {host}:{port}: {e}")
            time.sleep(0.2)


def pump(sock, fd_in, fd_out):
    while True:
        ready, _, _ = select.select([sock, fd_in], [], [])
        if sock in ready:
            data = sock.recv(4096)
            if not data:
                return "the guest is gone (QEMU exited)"
            os.write(fd_out, data)
        if fd_in in ready:
            data = os.read(fd_in, 1024)
            if not data or QUIT in data:
                sock.sendall(data.split(QUIT)[0])
                return "left the console (QEMU keeps running)"
            sock.sendall(data)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: console.py HOST PORT")
    sock = connect(sys.argv[1], int(sys.argv[2]))
    sock.settimeout(None)
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    print(f"Brink console on {sys.argv[1]}:{sys.argv[2]}; Ctrl-] leaves.  "
          "The guest runs while gdb says `Continuing.`; press Enter for a prompt.\r")
    saved = termios.tcgetattr(fd_in) if os.isatty(fd_in) else None
    try:
        if saved is not None:
            tty.setraw(fd_in)
        why = pump(sock, fd_in, fd_out)
    finally:
        if saved is not None:
            termios.tcsetattr(fd_in, termios.TCSADRAIN, saved)
    print(f"\nconsole: {why}")


if __name__ == "__main__":
    main()
