/* uaccess.c - range checks in front of the faultable copies in uaccess_asm.asm. */
#include <kernel.h>
#include <brink/abi.h>
#include "mm.h"
#include "uaccess.h"

int __copy_user(void *dst, const void *src, size_t n);
int __strncpy_user(char *dst, const char *usrc, size_t max);

bool user_range_ok(uint32_t addr, size_t n)
{
	return addr >= USER_MIN && addr <= USER_END && n <= USER_END - addr;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!user_range_ok((uint32_t)usrc, n))
		return -EFAULT;
	return n ? __copy_user(dst, usrc, n) : 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!user_range_ok((uint32_t)udst, n))
		return -EFAULT;
	return n ? __copy_user(udst, src, n) : 0;
}

int strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	uint32_t a = (uint32_t)usrc;
	if (a < USER_MIN || a >= USER_END)
		return -EFAULT;
	/* Never let the scan walk into the kernel half. */
	size_t room = USER_END - a;
	int r = __strncpy_user(dst, usrc, MIN(max, room));
	if (r == -ENAMETOOLONG && room < max)
		return -EFAULT;
	return r;
}
