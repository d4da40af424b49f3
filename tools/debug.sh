#!/bin/sh
# tools/debug.sh - Brink under gdb (docs/debugging.md).
#
#   sh tools/debug.sh [BUILD]               make debug: QEMU paused + gdb
#   sh tools/debug.sh --qemu-only [BUILD]   make debug-qemu: QEMU paused only
#   sh tools/debug.sh --console [BUILD|PORT]  the Brink console of a running
#                                           `make debug`, in another terminal
#
# QEMU boots build/brink.elf directly (its multiboot loader) with `noaslr` on
# the kernel command line, so user addresses are the same run to run, and
# waits (-S) for gdb on a TCP port of its own: ports are picked free, from a
# base that depends on the directory, so two sessions on one machine (two
# users, two checkouts) do not collide.
#
# Where the Brink shell is, since gdb owns this terminal:
#   - make debug: a TCP socket (the port is in BUILD/debug-session); connect
#     with `sh tools/debug.sh --console`.  Inside tmux, a pane below opens
#     on it by itself.  With $DISPLAY, the VGA window works as well.
#     Everything the guest prints is also kept in BUILD/debug-PORT-serial.log.
#   - make debug-qemu: this terminal, as with make run; gdb (or an editor's
#     debugger) attaches from elsewhere with the line printed.
set -eu

mode=gdb
case "${1:-}" in
--qemu-only) mode=qemu; shift ;;
--console)   mode=console; shift ;;
-h|--help)   sed -n '2,20p' "$0"; exit 0 ;;
esac
build="${1:-build}"
session="$build/debug-session"
here=$(dirname "$0")

if [ "$mode" = console ]; then
	case "${1:-}" in
	*[!0-9]*|"")            # BUILD: the session that wrote BUILD/debug-session last
		if [ ! -f "$session" ]; then
			echo "debug.sh: no $session: is \`make debug\` running?" >&2
			exit 1
		fi
		case "$session" in /*) . "$session" ;; *) . "./$session" ;; esac ;;
	*) console_port=$1 ;;   # PORT, as make debug printed it
	esac
	exec /usr/bin/python3 "$here/gdb/console.py" 127.0.0.1 "$console_port"
fi

for f in "$build/brink.elf" "$build/initrd.tar"; do
	[ -f "$f" ] || { echo "debug.sh: no $f: run make first" >&2; exit 1; }
done

# Free TCP ports, starting from a hash of the directory and the user and
# walking up until bind() succeeds.  Prints N ports.
free_ports() {
	/usr/bin/python3 - "$PWD:$(id -u)" "$1" "$2" <<'PY'
import socket, sys, zlib
base = 20000 + zlib.crc32(sys.argv[1].encode()) % 20000 + int(sys.argv[3])
want, found = int(sys.argv[2]), []
for p in range(base, base + 2000):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        found.append(p)
    except OSError:
        pass
    finally:
        s.close()
    if len(found) == want:
        break
print(" ".join(map(str, found)))
PY
}

if [ -n "${DISPLAY:-}" ]; then display=""; else display="-display none"; fi
qemu=""
cleanup() {
	if [ -n "$qemu" ]; then
		kill "$qemu" 2>/dev/null || true
		wait "$qemu" 2>/dev/null || true
	fi
	# Another session may have written the file since: leave it theirs.
	if [ "$mode" = gdb ] && [ -n "$qemu" ] && grep -qx "qemu_pid=$qemu" "$session" 2>/dev/null; then
		rm -f "$session"
	fi
}
trap cleanup EXIT
trap 'exit 143' TERM
# Ctrl-C belongs to gdb (it stops the guest): the script must outlive it.
# A handler, not SIG_IGN, so that gdb does not inherit it ignored.
trap ':' INT

# Is something listening on 127.0.0.1:PORT?  Read from /proc/net/tcp
# rather than by connecting, which QEMU would see as a client.
listening() {
	/usr/bin/python3 - "$1" <<'PY'
import sys
want = "0100007F:%04X" % int(sys.argv[1])
with open("/proc/net/tcp") as f:
    sys.exit(0 if any(l.split()[1] == want and l.split()[3] == "0A" for l in f.readlines()[1:]) else 1)
PY
}

# Start QEMU with the console on a socket; if a port was taken between the
# probe and QEMU's bind (another session starting at the same moment), it
# dies at once: try the next ports.
start_qemu() {
	for try in 0 1 2 3 4; do
		set -- $(free_ports 2 $((try * 10)))
		gdb_port=$1 console_port=$2
		# Named by port: a second session in the same build/ has its own.
		log="$build/debug-$gdb_port-qemu.log" serial_log="$build/debug-$gdb_port-serial.log"
		# Its own session: Ctrl-C in gdb's terminal must not reach QEMU (it
		# would quit); gdb stops the guest through the stub instead.
		# shellcheck disable=SC2086
		setsid qemu-system-i386 -m 128M $display -monitor none -no-reboot \
			-chardev "socket,id=con,host=127.0.0.1,port=$console_port,server=on,wait=off,logfile=$serial_log" \
			-serial chardev:con -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-S -gdb "tcp:127.0.0.1:$gdb_port" \
			-kernel "$build/brink.elf" -initrd "$build/initrd.tar initrd" \
			-append noaslr 2>"$log" &
		qemu=$!
		for _ in $(seq 50); do
			kill -0 "$qemu" 2>/dev/null || break
			if listening "$gdb_port" && listening "$console_port"; then
				return 0
			fi
			sleep 0.1
		done
		kill "$qemu" 2>/dev/null || true
		wait "$qemu" 2>/dev/null || true
		qemu=""
	done
	echo "debug.sh: QEMU did not start; see $log:" >&2
	cat "$log" >&2
	exit 1
}

gdb_cmd="gdb -q -x tools/gdb/brink.py -ex 'target remote 127.0.0.1:PORT' $build/brink.elf"

if [ "$mode" = qemu ]; then
	# The terminal is free: the console is here, as with make run.
	ports=$(free_ports 1 0)
	cat <<EOF
QEMU is paused, waiting for gdb on 127.0.0.1:$ports.  Attach from another terminal:
    $(echo "$gdb_cmd" | sed "s/PORT/$ports/")
or point an editor's debugger (remote target, 127.0.0.1:$ports) at $build/brink.elf.
The Brink console is this terminal once gdb continues; leave with poweroff or Ctrl-A X.
EOF
	# shellcheck disable=SC2086
	exec qemu-system-i386 -m 128M $display -serial mon:stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-S -gdb "tcp:127.0.0.1:$ports" \
		-kernel "$build/brink.elf" -initrd "$build/initrd.tar initrd" -append noaslr
fi

start_qemu
printf 'gdb_port=%s\nconsole_port=%s\nqemu_pid=%s\n' "$gdb_port" "$console_port" "$qemu" >"$session"
echo "QEMU (pid $qemu) is paused; gdb attaches on 127.0.0.1:$gdb_port, the console is on 127.0.0.1:$console_port"
echo "(guest output also in $serial_log, QEMU's messages in $log)."
if [ -n "${TMUX:-}" ]; then
	tmux split-window -d -v -l 12 -c "$PWD" "sh '$0' --console $console_port"
	echo "The Brink console is in the tmux pane below."
else
	echo "The Brink console: in another terminal, in $PWD, run"
	echo "    sh tools/debug.sh --console        (or: --console $console_port)"
fi
[ -z "$display" ] && echo "(or type in QEMU's window)"
echo "Type \`continue\` in gdb to boot; \`brink-help\` lists Brink's commands."
gdb -q -x tools/gdb/brink.py -ex "target remote 127.0.0.1:$gdb_port" "$build/brink.elf"
