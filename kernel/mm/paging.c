/*
 * paging.c - the kernel's page directory, shared into every address space,
 * plus kmap (any frame, briefly) and vmalloc (long buffers).
 *
 * Every page table of the kernel half is created here at boot and never
 * freed, so a process's page directory can simply copy PDEs 768..1023 and
 * stay in sync forever: no kernel mapping ever needs to be propagated.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "../lib/string.h"
#include "paging.h"
#include "frame.h"
#include "kheap.h"

#define KERNEL_PDE0  PDX(KERNEL_BASE)
#define VM_PAGES     ((VMALLOC_END - VMALLOC_START) / PAGE_SIZE)

paddr_t lowmem_limit;
static pde_t kpgdir[1024] __attribute__((aligned(4096)));
static pte_t *vm_pt[(VMALLOC_END - VMALLOC_START) >> 22];   /* the tables under vmalloc */
static pte_t kmap_pt[1024] __attribute__((aligned(4096)));
static uint16_t kmap_used;                      /* one bit per slot */
static uint32_t vm_used[VM_PAGES / 32];         /* vmalloc page in use */
static uint32_t vm_cont[VM_PAGES / 32];         /* page continues the previous one's buffer */

void *phys_to_virt(paddr_t pa)
{
	return P2V(pa);
}

pde_t *kernel_pgdir(void)
{
	return kpgdir;
}

static paddr_t alloc_kernel_table(void)
{
	paddr_t pa = frame_alloc(FRAME_KERNEL);
	if (!pa)
		panic("paging: out of memory for kernel page tables");
	memset(P2V(pa), 0, PAGE_SIZE);
	return pa;
}

/* Step 1, before the frame allocator exists: the direct map (4 MiB pages,
 * global) in a static directory.  Loading it drops the boot identity map. */
void paging_init(paddr_t lowmem_top)
{
	lowmem_limit = MIN(lowmem_top, LOWMEM_MAX);
	for (uint32_t pa = 0; pa < lowmem_limit; pa += 0x400000)
		kpgdir[PDX(KERNEL_BASE + pa)] = pa | PTE_P | PTE_W | PTE_PS | 0x100;
	kpgdir[PDX(KMAP_BASE)] = V2P(kmap_pt) | PTE_P | PTE_W;
	write_cr3(V2P(kpgdir));
	write_cr4(read_cr4() | 0x80);      /* CR4.PGE: kernel TLB entries survive CR3 loads */
}

/* Step 2, once frames can be allocated: the vmalloc page tables.  After
 * this, no PDE of the kernel half ever changes again. */
void paging_init_vmalloc(void)
{
	for (unsigned t = 0; t < ARRAY_SIZE(vm_pt); t++) {
		paddr_t pt = alloc_kernel_table();
		vm_pt[t] = P2V(pt);
		kpgdir[PDX(VMALLOC_START) + t] = pt | PTE_P | PTE_W;
	}
	write_cr3(V2P(kpgdir));
}

static pte_t *vm_pte(unsigned page)
{
	return &vm_pt[page / 1024][page % 1024];
}

pde_t *pgdir_create(void)
{
	paddr_t pa = frame_alloc(FRAME_KERNEL);
	if (!pa)
		return NULL;
	pde_t *pd = P2V(pa);
	memset(pd, 0, KERNEL_PDE0 * sizeof(pde_t));
	memcpy(pd + KERNEL_PDE0, kpgdir + KERNEL_PDE0, (1024 - KERNEL_PDE0) * sizeof(pde_t));
	return pd;
}

void pgdir_free(pde_t *pd)
{
	for (unsigned i = 0; i < KERNEL_PDE0; i++)
		if (pd[i] & PTE_P)
			frame_put(PTE_ADDR(pd[i]));
	frame_put(V2P(pd));
}

void pgdir_switch(pde_t *pd)
{
	write_cr3(V2P(pd ? pd : kpgdir));
}

void *kmap(paddr_t pa)
{
	if (pa < lowmem_limit)
		return P2V(pa);
	uint32_t f = irq_save();
	int slot = 0;
	while (slot < KMAP_SLOTS && (kmap_used & (1u << slot)))
		slot++;
	if (slot == KMAP_SLOTS)
		panic("kmap: all %d slots in use", KMAP_SLOTS);
	kmap_used |= 1u << slot;
	uint32_t va = KMAP_BASE + slot * PAGE_SIZE;
	kmap_pt[slot] = pa | PTE_P | PTE_W;
	invlpg(va);
	irq_restore(f);
	return (void *)va;
}

void kunmap(void *va)
{
	uint32_t a = (uint32_t)va;
	if (a < KMAP_BASE)
		return;                        /* a direct-map address: nothing to undo */
	unsigned slot = (a - KMAP_BASE) / PAGE_SIZE;
	uint32_t f = irq_save();
	kmap_pt[slot] = 0;
	invlpg(a);
	kmap_used &= ~(1u << slot);
	irq_restore(f);
}

/* ---- vmalloc: first fit over a bitmap of the 64 MiB window ---- */

static bool bit(const uint32_t *map, unsigned i) { return map[i / 32] & (1u << (i % 32)); }
static void set(uint32_t *map, unsigned i, bool v)
{
	if (v) map[i / 32] |= 1u << (i % 32);
	else   map[i / 32] &= ~(1u << (i % 32));
}

static void vm_release(unsigned first, unsigned n)
{
	for (unsigned i = first; i < first + n; i++) {
		if (*vm_pte(i) & PTE_P)
			frame_put(PTE_ADDR(*vm_pte(i)));
		*vm_pte(i) = 0;
		invlpg(VMALLOC_START + i * PAGE_SIZE);
		set(vm_used, i, false);
		set(vm_cont, i, false);
	}
}

void *vmalloc(size_t size)
{
	if (size == 0 || size > VMALLOC_END - VMALLOC_START)
		return NULL;
	unsigned n = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE, run = 0, first = 0;
	for (unsigned i = 0; i < VM_PAGES && run < n; i++) {
		if (bit(vm_used, i)) {
			run = 0;
			continue;
		}
		if (run++ == 0)
			first = i;
	}
	if (run < n)
		return NULL;
	for (unsigned i = first; i < first + n; i++) {
		set(vm_used, i, true);
		set(vm_cont, i, i != first);
		paddr_t pa = frame_alloc(FRAME_KERNEL);
		if (!pa) {
			vm_release(first, i - first + 1);
			return NULL;
		}
		memset(P2V(pa), 0, PAGE_SIZE);
		*vm_pte(i) = pa | PTE_P | PTE_W;
	}
	return (void *)(VMALLOC_START + first * PAGE_SIZE);
}

void vfree(void *va)
{
	if (!va)
		return;
	uint32_t a = (uint32_t)va;
	if (a < VMALLOC_START || a >= VMALLOC_END || (a & (PAGE_SIZE - 1)))
		panic("vfree: %p is not a vmalloc address", va);
	unsigned first = (a - VMALLOC_START) / PAGE_SIZE, n = 1;
	if (!bit(vm_used, first) || bit(vm_cont, first))
		panic("vfree: %p was not returned by vmalloc", va);
	while (first + n < VM_PAGES && bit(vm_cont, first + n))
		n++;
	vm_release(first, n);
}

/* The kernel heap takes its pages from here. */
void *kheap_page_alloc(void)
{
	paddr_t pa = frame_alloc(FRAME_KERNEL);
	return pa ? P2V(pa) : NULL;
}

void kheap_page_free(void *page)
{
	frame_put(V2P(page));
}

void *kheap_large_alloc(size_t npages)
{
	return vmalloc(npages * PAGE_SIZE);
}

void kheap_large_free(void *p, size_t npages)
{
	(void)npages;
	vfree(p);
}
