/* mem.c - the memory system calls: arguments in from user space, the work in mm/mmap.c. */
#include <kernel.h>
#include <brink/abi.h>
#include "../exec/image.h"
#include "../mm/kheap.h"
#include "../mm/mmap.h"
#include "../mm/uaccess.h"
#include "../proc/proc.h"
#include "syscall.h"

/* Heap pieces are labelled with the image whose code made the call: the
 * program, or a library with its own copy of libc (and of sbrk). */
static const char *caller_image(void)
{
	struct image *img = image_at(current->mm, current->tf->eip);
	return img ? img->path : NULL;
}

SYSCALL(sys_sbrk)
{
	UNUSED_ARGS();
	return mm_sbrk(current->mm, (int32_t)a1, caller_image());
}

/* brk(0) reports the break; brk(addr) moves it there.  Either way the
 * result is the break afterwards, as Linux's brk does. */
SYSCALL(sys_brk)
{
	UNUSED_ARGS();
	struct mm_struct *mm = current->mm;
	if (a1 == 0)
		return mm->brk;
	int32_t r = mm_sbrk(mm, (int32_t)(a1 - mm->brk), caller_image());
	(void)r;
	return mm->brk;
}

SYSCALL(sys_mmap)
{
	UNUSED_ARGS();
	struct file *f = NULL;
	if (!(a4 & MAP_ANONYMOUS)) {
		if (a5 >= NOFILE || !(f = current->files[a5]))
			return -EBADF;
	}
	return mm_mmap(current->mm, a1, a2, a3, a4, f, a6);
}

SYSCALL(sys_munmap)
{
	UNUSED_ARGS();
	return mm_munmap(current->mm, a1, a2);
}

SYSCALL(sys_mprotect)
{
	UNUSED_ARGS();
	return mm_mprotect(current->mm, a1, a2, a3);
}

SYSCALL(sys_madvise)
{
	UNUSED_ARGS();
	return mm_madvise(current->mm, a1, a2, a3);
}

SYSCALL(sys_mlock)
{
	UNUSED_ARGS();
	return mm_mlock(current->mm, a1, a2, true);
}

SYSCALL(sys_munlock)
{
	UNUSED_ARGS();
	return mm_mlock(current->mm, a1, a2, false);
}

SYSCALL(sys_msync)
{
	UNUSED_ARGS();
	return mm_msync(current->mm, a1, a2, a3);
}

SYSCALL(sys_mincore)
{
	UNUSED_ARGS();
	if (a1 & (PAGE_SIZE - 1))
		return -EINVAL;
	uint32_t pages = ALIGN_UP(a2, PAGE_SIZE) / PAGE_SIZE;
	if (a2 > USER_END || a1 + a2 < a1 || a1 + a2 > USER_END)
		return -ENOMEM;
	if (!user_range_ok(a3, pages))
		return -EFAULT;
	/* A page of answers at a time. */
	unsigned char vec[256];
	for (uint32_t done = 0; done < pages; ) {
		uint32_t n = MIN(pages - done, sizeof(vec));
		int r = mm_mincore(current->mm, a1 + done * PAGE_SIZE, n * PAGE_SIZE, vec);
		if (r)
			return r;
		if (copy_to_user((unsigned char *)a3 + done, vec, n))
			return -EFAULT;
		done += n;
	}
	return 0;
}
