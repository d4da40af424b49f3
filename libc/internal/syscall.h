/*
 * internal/syscall.h - the int 0x80 system-call instruction (SPEC.md 5).
 *
 * Number in eax, arguments in ebx, ecx, edx, esi, edi, ebp; the result in
 * eax is a negative errno on failure.  ebp is the frame pointer in this
 * build (-fno-omit-frame-pointer), so it cannot be an asm operand: the
 * sixth argument is pushed first (its operand may be esp-relative, so that
 * must happen before esp moves), then ebp is saved and loaded from the
 * stack.  Only i386 code includes this header.
 */
#ifndef _LIBC_INTERNAL_SYSCALL_H
#define _LIBC_INTERNAL_SYSCALL_H

#include <errno.h>

static inline long __syscall0(long n)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(n) : "memory");
	return r;
}

static inline long __syscall1(long n, long a)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a) : "memory");
	return r;
}

static inline long __syscall2(long n, long a, long b)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b) : "memory");
	return r;
}

static inline long __syscall3(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r)
			 : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r)
			 : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d) : "memory");
	return r;
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r)
			 : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e) : "memory");
	return r;
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long r;
	__asm__ volatile("pushl %7\n\t"
			 "pushl %%ebp\n\t"
			 "movl 4(%%esp), %%ebp\n\t"
			 "int $0x80\n\t"
			 "popl %%ebp\n\t"
			 "addl $4, %%esp"
			 : "=a"(r)
			 : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(f)
			 : "memory");
	return r;
}

/*
 * User addresses reach 0xBFFFFFFF, so a result that is an address can look
 * negative; only -4095..-1 are errors (as on Linux).
 */
static inline int __syscall_failed(long r)
{
	return (unsigned long)r > -4096UL;
}

/* The usual wrapper tail: -errno becomes errno and -1. */
static inline long __syscall_ret(long r)
{
	if (__syscall_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#endif
