/*
 * vma_harness.c - kernel stand-ins for the VMA host tests (vma_harness.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vma_harness.h"
#include "../../kernel/mm/vma.h"
#include "../../kernel/mm/kheap.h"

long harness_kmalloc_fail_after = -1;
long harness_kmalloc_calls, harness_live_blocks;
jmp_buf *harness_panic_jmp;
char harness_panic_msg[256];

void *kmalloc(size_t n)
{
	void *p;

	harness_kmalloc_calls++;
	if (harness_kmalloc_fail_after == 0)
		return NULL;
	if (harness_kmalloc_fail_after > 0)
		harness_kmalloc_fail_after--;
	if (n == 0)
		return NULL;
	/* Garbage, not zeros, so a missed initialisation shows. */
	p = malloc(n);
	if (p) {
		memset(p, 0xa5, n);
		harness_live_blocks++;
	}
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	harness_live_blocks--;
	free(p);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(harness_panic_msg, sizeof(harness_panic_msg), fmt, ap);
	va_end(ap);
	if (harness_panic_jmp)
		longjmp(*harness_panic_jmp, 1);
	fail_msg("panic: %s", harness_panic_msg);
	abort();
}

void vma_file_get(struct vm_area_struct *vma)
{
	struct fake_file *f = vma->vm_file;

	assert_non_null(f);
	f->refs++;
}

void vma_file_put(struct vm_area_struct *vma)
{
	struct fake_file *f = vma->vm_file;

	assert_non_null(f);
	assert_true(f->refs > 0);
	f->refs--;
}
