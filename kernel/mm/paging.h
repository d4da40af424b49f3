/*
 * paging.h - the kernel half of every address space, and the tools to map
 * frames into it.
 *
 *   0xC0000000 .. +lowmem   physical [0, lowmem) mapped 1:1 with 4 MiB pages
 *   0xF0000000 .. 0xF4000000  vmalloc: large virtually contiguous buffers
 *   0xFFC00000 .. 0xFFFFFFFF  kmap slots: a temporary window onto any frame
 *
 * Frames above lowmem ("highmem", only with more than 768 MiB of RAM) hold
 * user pages only; the kernel reaches them through kmap().
 */
#ifndef BRINK_PAGING_H
#define BRINK_PAGING_H

#include <kernel.h>

#define KERNEL_BASE    0xC0000000u
#define LOWMEM_MAX     0x30000000u          /* 768 MiB direct map */
#define VMALLOC_START  0xF0000000u
#define VMALLOC_END    0xF4000000u
#define KMAP_BASE      0xFFC00000u
#define KMAP_SLOTS     16

#define P2V(pa)  ((void *)((uint32_t)(pa) + KERNEL_BASE))
#define V2P(va)  ((paddr_t)((uint32_t)(va) - KERNEL_BASE))

/* Page-table entry bits. */
#define PTE_P    0x001      /* present */
#define PTE_W    0x002      /* writable */
#define PTE_U    0x004      /* user */
#define PTE_A    0x020      /* accessed */
#define PTE_D    0x040      /* dirty */
#define PTE_PS   0x080      /* 4 MiB page (in a PDE) */
#define PTE_ADDR(e)  ((e) & ~0xfffu)

#define PDX(va)  ((uint32_t)(va) >> 22)
#define PTX(va)  (((uint32_t)(va) >> 12) & 0x3ff)

typedef uint32_t pte_t;
typedef uint32_t pde_t;

extern paddr_t lowmem_limit;        /* the direct map ends here */

void  paging_init(paddr_t lowmem_top);   /* before frame_init */
void  paging_init_vmalloc(void);         /* after frame_init */
pde_t *pgdir_create(void);              /* a new address space: kernel half shared */
void  pgdir_free(pde_t *pgdir);         /* frees its page tables (not the pages they map) */
void  pgdir_switch(pde_t *pgdir);       /* NULL: the kernel's own */
pde_t *kernel_pgdir(void);

void *kmap(paddr_t pa);                 /* a kernel address for any frame, until kunmap */
void  kunmap(void *va);

void *vmalloc(size_t size);             /* page-granular, zeroed */
void  vfree(void *va);

#endif
