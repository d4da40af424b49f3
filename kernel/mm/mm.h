/*
 * mm.h - a process's address space: its page directory and its VMAs, and
 * the operations on them that the page-fault handler and the memory system
 * calls share.
 *
 * Layout (SPEC.md section 4), randomized unless `noaslr`:
 *
 *   0xC0000000  kernel
 *   stack_top   [stack]   grows down on demand, at most STACK_MAX
 *   ...         [guard]   one page at stack_top - STACK_MAX - PAGE_SIZE
 *   mmap_base   mmap area, allocated top-down
 *   ...         library images and heap pieces, upward from start_brk
 *   start_brk   [heap]
 *   0x08048000  the program: text, data, bss
 *   0x00010000  lowest address anything may be mapped at
 */
#ifndef BRINK_MM_H
#define BRINK_MM_H

#include <kernel.h>
#include "paging.h"
#include "vma.h"

#define USER_MIN       0x00010000u
#define USER_END       0xC0000000u
#define STACK_MAX      (8u << 20)
#define ASLR_BITS      10            /* page-granular offsets: 4 MiB of spread */

/* A page-table entry that is not present but still owns its frame: the
 * page of a PROT_NONE area.  Bits 1-31 of a non-present PTE are free. */
#define PTE_PROTNONE   0x200

/* vm_flags beyond vma.h's: a shared mapping may be made writable
 * (mprotect) - its file is open for writing.  Only VM_SHARED areas are
 * asked: a private one may always be made writable. */
#define VM_MAYWRITE    0x0020

struct image;

/* Why a fault could not be resolved (0 = resolved). */
enum fault_result {
	FAULT_OK = 0,
	FAULT_SEGV,            /* no VMA, or against its protection */
	FAULT_STACK_OVERFLOW,  /* into the guard page, or the stack at its limit */
	FAULT_OOM,             /* no frame left */
};

extern bool opt_noaslr;

struct mm_struct *mm_create(void);
void mm_destroy(struct mm_struct *mm);
struct mm_struct *mm_current(void);        /* current process's mm, or NULL */

/* The PTE for va, creating its page table if create (NULL if that fails,
 * or if !create and there is none). */
pte_t *mm_pte(struct mm_struct *mm, uint32_t va, bool create);
/* Drop every page in [start, end): frames put, PTEs cleared. */
void mm_unmap_range(struct mm_struct *mm, uint32_t start, uint32_t end);
/* Re-derive the hardware protection of resident pages in [start, end)
 * from vma's flags (mprotect). */
void mm_protect_range(struct mm_struct *mm, struct vm_area_struct *vma,
		      uint32_t start, uint32_t end);
/* Make the page at addr resident in vma for an access (write or not);
 * the caller has checked the access is allowed. */
enum fault_result handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
				  uint32_t addr, bool write);
/* Is vma's protection enough for this access? */
bool vma_access_ok(const struct vm_area_struct *vma, bool write);
/* Fault in [addr, addr+len) of mm as for an access (used by spawn to write
 * argv, by mlock and MADV_WILLNEED).  0 or a fault_result. */
enum fault_result mm_populate(struct mm_struct *mm, uint32_t addr, uint32_t len, bool write);
/* Copy into another address space (spawn's argv), faulting pages in. */
int copy_to_mm(struct mm_struct *mm, uint32_t uaddr, const void *src, size_t n);

/* A random page-granular offset of `bits` bits (0 under noaslr). */
uint32_t aslr_pages(unsigned bits);

/* The prot bits of abi.h <-> vm_flags. */
uint32_t prot_to_vm_flags(int prot);

#endif
