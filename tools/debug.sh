#!/bin/sh
# tools/debug.sh - `make debug`: QEMU paused with its gdb stub on a free port,
# booted with `noaslr` so user addresses are stable, and gdb attached with the
# kernel's symbols and Brink's gdb helpers (tools/gdb/brink.py).
#   tools/debug.sh [--qemu-only] BUILD
# --qemu-only starts just QEMU and prints how to attach (for an IDE or a
# second terminal).
set -eu
qemu_only=""
if [ "${1:-}" = "--qemu-only" ]; then qemu_only=1; shift; fi
build="${1:-build}"

# A port no other session on this machine is using: start from a hash of
# the user and the directory, walk up until bind() succeeds.
port=$(/usr/bin/python3 - "$PWD" <<'PY'
import socket, sys, zlib
base = 20000 + zlib.crc32(sys.argv[1].encode()) % 20000
for p in range(base, base + 200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    break
PY
)
log="$build/debug-qemu.log"
qemu-system-i386 -m 128M -display none -serial "file:$build/debug-serial.log" -monitor none \
	-no-reboot -S -gdb "tcp:127.0.0.1:$port" \
	-kernel "$build/brink.elf" -initrd "$build/initrd.tar initrd" -append noaslr >"$log" 2>&1 &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT INT TERM
echo "QEMU (pid $qemu) waits for gdb on 127.0.0.1:$port; serial output goes to $build/debug-serial.log"
if [ -n "$qemu_only" ]; then
	echo "attach with:  gdb -x tools/gdb/brink.py -ex 'target remote 127.0.0.1:$port' $build/brink.elf"
	wait $qemu
	exit 0
fi
gdb -q -x tools/gdb/brink.py -ex "target remote 127.0.0.1:$port" "$build/brink.elf"
