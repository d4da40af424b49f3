/*
 * mm.c - address spaces: page tables under the VMAs, and demand paging.
 *
 * The VMAs say what an address should hold; the page tables say what it
 * holds now.  A page gets a frame only when first touched, by
 * handle_mm_fault(); unmapping puts the frames back.  Frames are reference
 * counted, so a file page mapped privately (copy-on-write) or shared is
 * freed only when its last user lets go.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../arch/x86.h"
#include "../lib/string.h"
#include "../proc/proc.h"
#include "../exec/image.h"
#include "../fs/vfs.h"
#include "frame.h"
#include "kheap.h"
#include "mm.h"

/* ---- randomization ---- */

static uint32_t rng_state;

static uint32_t rng_next(void)
{
	if (!rng_state)
		rng_state = (uint32_t)rdtsc() | 1;
	/* xorshift32: plenty for layout offsets, which only need to be unguessable
	 * in practice by a program that cannot read the TSC of its own spawn. */
	uint32_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x ^ (uint32_t)rdtsc();
	return x;
}

uint32_t aslr_pages(unsigned bits)
{
	if (opt_noaslr)
		return 0;
	return (rng_next() & ((1u << bits) - 1)) * PAGE_SIZE;
}

/* ---- the hooks vma.c calls when a VMA is copied or freed ---- */

void vma_file_get(struct vm_area_struct *vma)
{
	if (vma->vm_backing == VMA_FILE)
		inode_get(vma->vm_file);
	else if (vma->vm_backing == VMA_IMAGE)
		image_get(vma->vm_file);
}

void vma_file_put(struct vm_area_struct *vma)
{
	if (vma->vm_backing == VMA_FILE)
		inode_put(vma->vm_file);
	else if (vma->vm_backing == VMA_IMAGE)
		image_put(vma->vm_file);
}

/* ---- address spaces ---- */

struct mm_struct *mm_create(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	mm->pgdir = pgdir_create();
	if (!mm->pgdir) {
		kfree(mm);
		return NULL;
	}
	mm_vma_init(mm);
	return mm;
}

void mm_destroy(struct mm_struct *mm)
{
	for (struct vm_area_struct *v = vma_first(mm); v; v = vma_next(mm, v))
		mm_unmap_range(mm, v->vm_start, v->vm_end);
	mm_vma_destroy(mm);
	images_release(mm);
	pgdir_free(mm->pgdir);
	kfree(mm);
}

struct mm_struct *mm_current(void)
{
	return current ? current->mm : NULL;
}

static bool mm_is_active(struct mm_struct *mm)
{
	return read_cr3() == V2P(mm->pgdir);
}

pte_t *mm_pte(struct mm_struct *mm, uint32_t va, bool create)
{
	pde_t *pde = &mm->pgdir[PDX(va)];
	if (!(*pde & PTE_P)) {
		if (!create)
			return NULL;
		paddr_t pt = frame_alloc(FRAME_KERNEL);
		if (!pt)
			return NULL;
		memset(P2V(pt), 0, PAGE_SIZE);
		/* User and writable at this level: the PTE decides. */
		*pde = pt | PTE_P | PTE_W | PTE_U;
	}
	pte_t *pt = P2V(PTE_ADDR(*pde));
	return &pt[PTX(va)];
}

static bool pte_has_frame(pte_t e)
{
	return (e & PTE_P) || (e & PTE_PROTNONE);
}

void mm_unmap_range(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	bool active = mm_is_active(mm);
	uint32_t va = start;
	while (va < end) {
		/* One page table at a time; user addresses never reach the last
		 * table, so table_end cannot wrap. */
		uint32_t table_end = MIN((va | 0x3fffffu) + 1, end);
		pde_t pde = mm->pgdir[PDX(va)];
		if (pde & PTE_P) {
			pte_t *pt = P2V(PTE_ADDR(pde));
			for (; va < table_end; va += PAGE_SIZE) {
				pte_t e = pt[PTX(va)];
				if (!pte_has_frame(e))
					continue;
				pt[PTX(va)] = 0;
				if (active)
					invlpg(va);
				frame_put(PTE_ADDR(e));
				mm->rss--;
			}
		}
		va = table_end;
	}
}

/* The hardware bits for a resident page of vma.  A page that is not the
 * VMA's own yet (a private mapping still sharing a file page) stays
 * read-only so the first write copies it. */
static pte_t pte_bits(const struct vm_area_struct *vma, bool exclusive)
{
	if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return PTE_PROTNONE;
	pte_t bits = PTE_P | PTE_U;
	if ((vma->vm_flags & VM_WRITE) && (exclusive || (vma->vm_flags & VM_SHARED)))
		bits |= PTE_W;
	return bits;
}

/* A private page is exclusively ours when nobody else holds its frame. */
static bool page_exclusive(const struct vm_area_struct *vma, paddr_t pa)
{
	return (vma->vm_flags & VM_SHARED) || frame_refcount(pa) == 1;
}

void mm_protect_range(struct mm_struct *mm, struct vm_area_struct *vma,
		      uint32_t start, uint32_t end)
{
	bool active = mm_is_active(mm);
	for (uint32_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = mm_pte(mm, va, false);
		if (!pte || !pte_has_frame(*pte))
			continue;
		paddr_t pa = PTE_ADDR(*pte);
		*pte = pa | pte_bits(vma, page_exclusive(vma, pa));
		if (active)
			invlpg(va);
	}
}

bool vma_access_ok(const struct vm_area_struct *vma, bool write)
{
	if (vma->vm_flags & VM_GUARD)
		return false;
	if (write)
		return vma->vm_flags & VM_WRITE;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/* A fresh frame holding what vma says the page at addr starts as. */
static paddr_t fill_new_page(struct vm_area_struct *vma, uint32_t addr)
{
	paddr_t pa = frame_alloc(FRAME_USER);
	if (!pa)
		return 0;
	uint8_t *page = kmap(pa);
	uint32_t off = vma->vm_pgoff + (addr - vma->vm_start);
	if (vma->vm_backing == VMA_IMAGE)
		image_fill_page(vma->vm_file, off, page);
	else
		memset(page, 0, PAGE_SIZE);
	kunmap(page);
	return pa;
}

static paddr_t copy_page(paddr_t src)
{
	paddr_t pa = frame_alloc(FRAME_USER);
	if (!pa)
		return 0;
	uint8_t *d = kmap(pa), *s = kmap(src);
	memcpy(d, s, PAGE_SIZE);
	kunmap(s);
	kunmap(d);
	return pa;
}

enum fault_result handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
				  uint32_t addr, bool write)
{
	addr &= PAGE_MASK;
	pte_t *pte = mm_pte(mm, addr, true);
	if (!pte)
		return FAULT_OOM;
	pte_t e = *pte;
	paddr_t pa;

	if (e & PTE_P) {
		if (!write || (e & PTE_W))
			return FAULT_OK;                /* already resolved */
		/* Write to a read-only page of a writable private VMA: copy on write. */
		pa = PTE_ADDR(e);
		if (frame_refcount(pa) > 1) {
			paddr_t copy = copy_page(pa);
			if (!copy)
				return FAULT_OOM;
			frame_put(pa);
			pa = copy;
		}
		*pte = pa | pte_bits(vma, true);
	} else if (e & PTE_PROTNONE) {
		return FAULT_SEGV;                      /* the caller checked; be safe */
	} else if (vma->vm_backing == VMA_FILE) {
		uint32_t pgoff = (vma->vm_pgoff + (addr - vma->vm_start)) / PAGE_SIZE;
		if (pgoff >= ALIGN_UP(inode_size(vma->vm_file), PAGE_SIZE) / PAGE_SIZE)
			return FAULT_SEGV;              /* past end of file: SIGBUS on Linux */
		pa = inode_get_page(vma->vm_file, pgoff);
		if (!pa)
			return FAULT_OOM;
		if (write && !(vma->vm_flags & VM_SHARED)) {
			paddr_t copy = copy_page(pa);
			frame_put(pa);
			if (!copy)
				return FAULT_OOM;
			pa = copy;
		}
		*pte = pa | pte_bits(vma, page_exclusive(vma, pa));
		mm->rss++;
	} else {
		pa = fill_new_page(vma, addr);
		if (!pa)
			return FAULT_OOM;
		*pte = pa | pte_bits(vma, true);
		mm->rss++;
	}
	if (mm_is_active(mm))
		invlpg(addr);
	return FAULT_OK;
}

/* Grow the stack VMA down to cover addr, if the limit allows. */
static enum fault_result expand_stack(struct mm_struct *mm, struct vm_area_struct *vma,
				      uint32_t addr)
{
	addr &= PAGE_MASK;
	if (addr < mm->stack_top - STACK_MAX)
		return FAULT_STACK_OVERFLOW;
	struct vm_area_struct *prev = vma_prev(mm, vma);
	if (prev && prev->vm_end > addr)
		return FAULT_STACK_OVERFLOW;
	return vma_adjust(mm, vma, addr, vma->vm_end) ? FAULT_STACK_OVERFLOW : FAULT_OK;
}

/* Resolve a fault at addr in mm: find the VMA, check the access, fault the
 * page in.  Shared by the page-fault handler and mm_populate. */
static enum fault_result mm_fault(struct mm_struct *mm, uint32_t addr, bool write)
{
	if (addr < USER_MIN || addr >= USER_END)
		return FAULT_SEGV;
	struct vm_area_struct *vma = find_vma(mm, addr);
	if (!vma)
		return FAULT_SEGV;
	if (vma->vm_start > addr) {
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return FAULT_SEGV;
		/* Just below the stack: grow, one fault at a time. */
		enum fault_result r = expand_stack(mm, vma, addr);
		if (r)
			return r;
	}
	if (vma->vm_flags & VM_GUARD)
		return FAULT_STACK_OVERFLOW;
	if (!vma_access_ok(vma, write))
		return FAULT_SEGV;
	return handle_mm_fault(mm, vma, addr, write);
}

enum fault_result mm_populate(struct mm_struct *mm, uint32_t addr, uint32_t len, bool write)
{
	for (uint32_t va = addr & PAGE_MASK; va < addr + len; va += PAGE_SIZE) {
		enum fault_result r = mm_fault(mm, va, write);
		if (r)
			return r;
	}
	return FAULT_OK;
}

int copy_to_mm(struct mm_struct *mm, uint32_t uaddr, const void *src, size_t n)
{
	const uint8_t *s = src;
	while (n) {
		if (mm_fault(mm, uaddr, true))
			return -EFAULT;
		pte_t *pte = mm_pte(mm, uaddr, false);
		uint32_t off = uaddr & (PAGE_SIZE - 1), chunk = MIN(n, PAGE_SIZE - off);
		uint8_t *page = kmap(PTE_ADDR(*pte));
		memcpy(page + off, s, chunk);
		kunmap(page);
		s += chunk;
		uaddr += chunk;
		n -= chunk;
	}
	return 0;
}

uint32_t prot_to_vm_flags(int prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0)
	     | (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* ---- the page-fault handler ---- */

#include "fault.h"

int do_page_fault(struct trapframe *tf, uint32_t addr)
{
	struct mm_struct *mm = mm_current();
	if (!mm)
		return FAULT_SEGV;
	bool write = tf->err & 2;
	enum fault_result r = mm_fault(mm, addr, write);
	if (r && current)
		current->fault_result = r;
	return r;
}
