#!/bin/sh
# tools/deps.sh - install what Brink's build and tests need, from Debian's
# packages only.  Called by `make` before anything else; quiet when all is
# there.  Each line: a command or file that proves the package is present,
# then the package that provides it.
set -u
need=""
check() { # check PATH-OR-COMMAND PACKAGE
	case "$1" in
	/*) [ -e "$1" ] || need="$need $2" ;;
	*)  command -v "$1" >/dev/null 2>&1 || need="$need $2" ;;
	esac
}
check i686-linux-gnu-gcc            gcc-i686-linux-gnu
check i686-linux-gnu-ld             binutils-i686-linux-gnu
check nasm                          nasm
check make                          make
check qemu-system-i386              qemu-system-x86
check /usr/lib/grub/i386-pc/modinfo.sh grub-pc-bin
check grub-mkrescue                 grub-common
check xorriso                       xorriso
check mformat                       mtools
check gdb                           gdb
check /usr/i686-linux-gnu/lib/libc.a libc6-dev-i386-cross
check cc                            gcc
check clang                         clang
check /usr/include/cmocka.h         libcmocka-dev
check /usr/lib/python3/dist-packages/pexpect python3-pexpect
check /usr/lib/python3/dist-packages/pytest python3-pytest
check /usr/lib/python3/dist-packages/pytest_timeout.py python3-pytest-timeout
if [ -n "${BRINK_BENCH_DEPS:-}" ]; then
	check /usr/lib/x86_64-linux-gnu/libjemalloc.so.2   libjemalloc2
	check /usr/lib/x86_64-linux-gnu/libtcmalloc.so.4   libgoogle-perftools4
	check /usr/lib/x86_64-linux-gnu/libmimalloc.so.2   libmimalloc2.0
fi
if [ -n "${BRINK_FUZZ_DEPS:-}" ]; then
	check /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
fi
[ -z "$need" ] && exit 0

echo "deps: installing from Debian:$need"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "deps: need root or sudo to install:$need" >&2
		echo "deps: run: apt-get install$need" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $need; } >/tmp/brink-deps.log 2>&1; then
	echo "deps: apt-get failed; see /tmp/brink-deps.log:" >&2
	tail -n 20 /tmp/brink-deps.log >&2
	exit 1
fi
echo "deps: installed:$need"
