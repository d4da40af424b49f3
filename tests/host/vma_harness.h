/*
 * vma_harness.h - what the VMA host tests put in place of the kernel:
 * kmalloc/kfree over malloc/free (counted, and able to fail on demand),
 * panic (fails the test, or jumps back to a test expecting it), and the
 * vma_file_get/put hooks over fake files that count their references.
 */
#ifndef VMA_HARNESS_H
#define VMA_HARNESS_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

/* kmalloc calls left before one fails (-1: never fail). */
extern long harness_kmalloc_fail_after;
/* kmalloc calls so far, and blocks not yet freed. */
extern long harness_kmalloc_calls, harness_live_blocks;

/* When set, panic longjmps here (with 1) instead of failing the test. */
extern jmp_buf *harness_panic_jmp;
extern char harness_panic_msg[256];

/* A stand-in for a file or image: vm_file points at one. */
struct fake_file {
	long refs;
};

#endif
