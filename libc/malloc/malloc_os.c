/*
 * malloc_os.c - where the allocator's memory and messages come from: the
 * one file that differs between Brink and the host.
 *
 * Brink: libc's sbrk (the kernel's SYS_sbrk, which returns the old break
 * atomically), mmap, munmap, madvise, write, clock_gettime and abort.
 *
 * Host (MALLOC_HOST: tests, fuzzer, LD_PRELOAD object): the raw brk system
 * call each time, never glibc's sbrk, which caches the break and so would
 * not see the moves the tests make.  On x86-64 every system call is made
 * here with the syscall instruction, not through glibc's wrappers: each
 * glibc function the object calls brings a 64 KiB window of libc's text
 * into the process (the kernel maps a file's cached pages around each
 * fault), and syscall(), mmap(), munmap(), madvise() and clock_gettime()
 * are nowhere near what a program touches anyway.  Measured with a loop
 * of 100 live blocks: libc's resident text 954 -> 877 KiB under the
 * preloaded object, where glibc's own malloc leaves 895 KiB.  Only abort()
 * goes to glibc (it must raise SIGABRT as glibc does), on the way out.
 */
#ifdef MALLOC_HOST
#include <sys/syscall.h>
#endif
#include <unistd.h>
#include <sys/mman.h>
#include <time.h>
#include "malloc_impl.h"

#if defined(MALLOC_HOST) && defined(__x86_64__)
/* The kernel's result: a value, or -errno in [-4095, -1]. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}
#define SYS_FAILED(r)      ((unsigned long)(r) > -4096UL)
#define sys_brk(want)      sys6(SYS_brk, (long)(want), 0, 0, 0, 0, 0)
#define sys_mmap(len)      sys6(SYS_mmap, 0, (long)(len), PROT_READ | PROT_WRITE, \
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#define sys_munmap(a, len) sys6(SYS_munmap, (long)(a), (long)(len), 0, 0, 0, 0)
#define sys_discard(a, len) sys6(SYS_madvise, (long)(a), (long)(len), MADV_DONTNEED, 0, 0, 0)
#define sys_write(s, n)    sys6(SYS_write, 2, (long)(s), (long)(n), 0, 0, 0)
#else
/* Brink, or another host: libc's wrappers. */
#define SYS_FAILED(r)      ((r) == -1)
#ifdef MALLOC_HOST
#define sys_brk(want)      syscall(SYS_brk, (want))
#endif
#define sys_mmap(len)      (long)mmap(NULL, (len), PROT_READ | PROT_WRITE, \
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#define sys_munmap(a, len) munmap((a), (len))
#define sys_discard(a, len) madvise((a), (len), MADV_DONTNEED)
#define sys_write(s, n)    write(2, (s), (n))
#endif

#ifdef MALLOC_HOST
void *MI(os_sbrk)(intptr_t inc)
{
	uintptr_t cur = (uintptr_t)sys_brk(0);
	if (inc == 0)
		return (void *)cur;
	uintptr_t want = cur + (uintptr_t)inc;
	if ((inc > 0 && want < cur) || (inc < 0 && want > cur) ||
	    (uintptr_t)sys_brk(want) != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)cur;
}
#else
void *MI(os_sbrk)(intptr_t inc)
{
	return sbrk(inc);
}
#endif

void *MI(os_mmap)(size_t len)
{
	long p = sys_mmap(len);
	return SYS_FAILED(p) ? NULL : (void *)p;
}

void MI(os_munmap)(void *addr, size_t len)
{
	sys_munmap(addr, len);
}

/* The pages stay mapped and read as zero; the kernel frees their frames.
 * Failure (locked pages, say) only leaves them resident. */
void MI(os_discard)(void *addr, size_t len)
{
	sys_discard(addr, len);
}

void MI(os_write_err)(const char *s, size_t n)
{
	while (n > 0) {
		long w = (long)sys_write(s, n);
		if (SYS_FAILED(w) || w == 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

_Noreturn void MI(os_abort)(void)
{
	abort();
}

/* Not a cryptographic key: enough that no two instances or runs share
 * their tags and masks.  (x86-64 host: the time stamp counter and the
 * kernel's getrandom, without libc; else the clock.) */
uint64_t MI(os_entropy)(void)
{
	uint64_t t;
	int local;
#if defined(MALLOC_HOST) && defined(__x86_64__)
	uint64_t r = 0;
	sys6(SYS_getrandom, (long)&r, sizeof(r), 1 /* GRND_NONBLOCK */, 0, 0, 0);
	t = __builtin_ia32_rdtsc() ^ r;
#else
	struct timespec ts = {0, 0};
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec;
#endif
	return t ^ ((uint64_t)(uintptr_t)&local << 16) ^ (uint64_t)(uintptr_t)MI(os_sbrk)(0);
}
