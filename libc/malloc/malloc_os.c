/*
 * malloc_os.c - where the allocator's memory and messages come from: the
 * one file that differs between Brink and the host.
 *
 * Brink: libc's sbrk (the kernel's SYS_sbrk, which returns the old break
 * atomically), mmap, munmap, write and abort.
 *
 * Host (MALLOC_HOST: tests, fuzzer, LD_PRELOAD object): the raw brk system
 * call each time, never glibc's sbrk, which caches the break and so would
 * not see the moves the tests make; the host's mmap, munmap, write, abort.
 */
#ifdef MALLOC_HOST
#include <sys/syscall.h>
#endif
#include <unistd.h>
#include <sys/mman.h>
#include <time.h>
#include "malloc_impl.h"

#ifdef MALLOC_HOST
void *MI(os_sbrk)(intptr_t inc)
{
	uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0);
	if (inc == 0)
		return (void *)cur;
	uintptr_t want = cur + (uintptr_t)inc;
	if ((inc > 0 && want < cur) || (inc < 0 && want > cur) ||
	    (uintptr_t)syscall(SYS_brk, want) != want) {
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
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void MI(os_munmap)(void *addr, size_t len)
{
	munmap(addr, len);
}

void MI(os_write_err)(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(2, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

_Noreturn void MI(os_abort)(void)
{
	abort();
}

uint64_t MI(os_entropy)(void)
{
	struct timespec ts = {0, 0};
	int local;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
	       ((uint64_t)(uintptr_t)&local << 16) ^ (uint64_t)(uintptr_t)MI(os_sbrk)(0);
}
