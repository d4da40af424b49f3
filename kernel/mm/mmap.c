/*
 * mmap.c - the memory system calls: brk/sbrk, mmap, munmap, mprotect,
 * madvise, mlock/munlock, msync, mincore.
 *
 * Each works the same way: check the arguments as Linux does, make the
 * range a run of whole VMAs (vma_range_split), act on each VMA and its
 * resident pages, then let neighbours that became alike merge again.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../proc/proc.h"
#include "../exec/image.h"
#include "../fs/vfs.h"
#include "frame.h"
#include "mm.h"
#include "mmap.h"

const char heap_name[] = "[heap]";
const char anon_name[] = "[anon]";

static bool page_aligned(uint32_t a) { return (a & (PAGE_SIZE - 1)) == 0; }

/* Requests that could never be met: more pages than there is RAM. */
static bool more_than_ram(uint32_t len)
{
	struct frame_stats st;
	frame_stats(&st);
	return len / PAGE_SIZE > st.total;
}

/* [start, end) wholly covered by VMAs (a guard page counts as a hole)? */
static bool range_mapped(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	uint32_t at = start;
	for (struct vm_area_struct *v = find_vma(mm, start); v && at < end; v = vma_next(mm, v)) {
		if (v->vm_start > at || (v->vm_flags & VM_GUARD))
			return false;
		at = v->vm_end;
	}
	return at >= end;
}

/* Check addr/len for the calls that act on existing mappings; returns the
 * page-aligned end in *endp. */
static int check_range(uint32_t addr, uint32_t len, uint32_t *endp)
{
	if (!page_aligned(addr))
		return -EINVAL;
	uint32_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (len > USER_END || end < addr || end > USER_END)
		return -ENOMEM;
	*endp = end;
	return 0;
}

static void vma_destroy(struct mm_struct *mm, struct vm_area_struct *v)
{
	mm_unmap_range(mm, v->vm_start, v->vm_end);
	vma_remove(mm, v);
	vma_free(v);
}

/* Remove every VMA in [start, end) (already split at both ends). */
static void unmap_vmas(struct mm_struct *mm, uint32_t start, uint32_t end)
{
	struct vm_area_struct *v;
	while ((v = find_vma_intersection(mm, start, end)))
		vma_destroy(mm, v);
}

/* ---- the break ---- */

static bool is_heap(const struct vm_area_struct *v)
{
	return v->vm_name == heap_name;
}

/* Move the break by incr; the old break, or -errno with nothing changed. */
int32_t mm_sbrk(struct mm_struct *mm, int32_t incr, const char *owner)
{
	uint32_t old = mm->brk, new = old + (uint32_t)incr;
	if (incr == 0)
		return old;
	uint32_t old_end = ALIGN_UP(old, PAGE_SIZE);
	if (incr > 0) {
		if (new < old || new > USER_END || more_than_ram(incr))
			return -ENOMEM;
		uint32_t new_end = ALIGN_UP(new, PAGE_SIZE);
		if (new_end > old_end) {
			if (find_vma_intersection(mm, old_end, new_end))
				return -ENOMEM;         /* would run into a mapping */
			struct vm_area_struct *below = old_end > USER_MIN ? find_vma(mm, old_end - 1) : NULL;
			if (below && below->vm_end == old_end && is_heap(below) && below->vm_owner == owner) {
				if (vma_adjust(mm, below, below->vm_start, new_end))
					return -ENOMEM;
			} else {
				struct vm_area_struct *v = vma_alloc();
				if (!v)
					return -ENOMEM;
				v->vm_start = old_end;
				v->vm_end = new_end;
				v->vm_flags = VM_READ | VM_WRITE;
				v->vm_name = heap_name;
				v->vm_owner = owner;
				if (vma_insert(mm, v)) {
					vma_free(v);
					return -ENOMEM;
				}
			}
		}
	} else {
		if (new > old || new < mm->start_brk)
			return -EINVAL;
		uint32_t new_end = ALIGN_UP(new, PAGE_SIZE);
		/* Only heap may be given back: never a library image. */
		for (struct vm_area_struct *v = find_vma_intersection(mm, new & PAGE_MASK, old_end);
		     v && v->vm_start < old_end; v = vma_next(mm, v))
			if (!is_heap(v))
				return -EINVAL;
		if (new_end < old_end) {
			if (vma_range_split(mm, new_end, old_end))
				return -ENOMEM;
			unmap_vmas(mm, new_end, old_end);
		}
	}
	mm->brk = new;
	return old;
}

/* ---- mmap and munmap ---- */

int32_t mm_mmap(struct mm_struct *mm, uint32_t addr, uint32_t len, int prot, int flags,
		struct file *file, uint32_t off)
{
	int type = flags & (MAP_SHARED | MAP_PRIVATE);
	if (len == 0 || type == 0 || type == (MAP_SHARED | MAP_PRIVATE))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (!page_aligned(off) || ((flags & MAP_FIXED) && !page_aligned(addr)))
		return -EINVAL;
	if (len > USER_END - USER_MIN || more_than_ram(len))
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);

	uint32_t vm_flags = prot_to_vm_flags(prot) | (type == MAP_SHARED ? VM_SHARED : 0);
	struct inode *ino = NULL;
	if (!(flags & MAP_ANONYMOUS)) {
		if (!file)
			return -EBADF;
		ino = file->inode;
		struct stat st;
		if (vfs_fstat(file, &st) || (st.st_mode & S_IFMT) != S_IFREG)
			return -ENODEV;
		if ((file->flags & O_ACCMODE) == O_WRONLY)
			return -EACCES;
		if (off + len < off)
			return -EOVERFLOW;
		bool can_write = (file->flags & O_ACCMODE) == O_RDWR && inode_writable(ino);
		if (type == MAP_SHARED) {
			if ((prot & PROT_WRITE) && !can_write)
				return -EACCES;
			if (can_write)
				vm_flags |= VM_MAYWRITE;
		} else {
			vm_flags |= VM_MAYWRITE;
		}
	} else {
		vm_flags |= VM_MAYWRITE;
	}

	uint32_t start;
	if (flags & MAP_FIXED) {
		if (addr < USER_MIN)
			return -EPERM;
		if (addr + len > USER_END || addr + len < addr)
			return -ENOMEM;
		start = addr;
	} else {
		/* A free hint is taken, unless it lies in the room the stack
		 * grows into (down to STACK_MAX, and its guard page): there it
		 * would cut the stack short. */
		addr &= PAGE_MASK;
		uint32_t stack_room = mm->stack_top - STACK_MAX - PAGE_SIZE;
		if (addr >= USER_MIN && addr + len <= stack_room && addr + len > addr &&
		    !find_vma_intersection(mm, addr, addr + len))
			start = addr;
		else
			start = vma_find_gap_topdown(mm, len, USER_MIN, mm->mmap_base);
		if (!start)
			return -ENOMEM;
	}

	struct vm_area_struct *v = vma_alloc();
	if (!v)
		return -ENOMEM;
	if ((flags & MAP_FIXED) && find_vma_intersection(mm, start, start + len)) {
		if (vma_range_split(mm, start, start + len)) {
			vma_free(v);
			return -ENOMEM;
		}
		unmap_vmas(mm, start, start + len);      /* MAP_FIXED replaces */
	}
	v->vm_start = start;
	v->vm_end = start + len;
	v->vm_flags = vm_flags;
	if (ino) {
		v->vm_backing = VMA_FILE;
		v->vm_file = ino;
		v->vm_pgoff = off;
		inode_get(ino);
	} else {
		v->vm_name = anon_name;
	}
	if (vma_insert(mm, v)) {
		vma_free(v);
		return -ENOMEM;
	}
	vma_merge_around(mm, v);
	return start;
}

int mm_munmap(struct mm_struct *mm, uint32_t addr, uint32_t len)
{
	if (!page_aligned(addr) || len == 0)
		return -EINVAL;
	uint32_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (addr < USER_MIN || len > USER_END || end < addr || end > USER_END)
		return -EINVAL;
	if (!find_vma_intersection(mm, addr, end))
		return 0;
	if (vma_range_split(mm, addr, end))
		return -ENOMEM;
	unmap_vmas(mm, addr, end);
	return 0;
}

/* ---- calls that change the VMAs of a mapped range ---- */

/* Split so [start, end) is whole VMAs, apply fn to each, merge again. */
static int for_each_vma(struct mm_struct *mm, uint32_t start, uint32_t end,
			int (*fn)(struct mm_struct *, struct vm_area_struct *, uint32_t), uint32_t arg)
{
	if (!range_mapped(mm, start, end))
		return -ENOMEM;
	if (vma_range_split(mm, start, end))
		return -ENOMEM;
	int r = 0;
	struct vm_area_struct *v = find_vma(mm, start);
	while (v && v->vm_start < end && !r) {
		r = fn(mm, v, arg);
		v = vma_next(mm, v);
	}
	/* Let the changed areas rejoin their neighbours. */
	for (v = find_vma(mm, start ? start - 1 : 0); v && v->vm_start <= end; ) {
		struct vm_area_struct *m = vma_merge_around(mm, v);
		v = vma_next(mm, m);
	}
	return r;
}

static int protect_one(struct mm_struct *mm, struct vm_area_struct *v, uint32_t prot)
{
	v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | prot_to_vm_flags(prot);
	mm_protect_range(mm, v, v->vm_start, v->vm_end);
	return 0;
}

int mm_mprotect(struct mm_struct *mm, uint32_t addr, uint32_t len, int prot)
{
	uint32_t end;
	int r = check_range(addr, len, &end);
	if (r || addr == end)
		return r;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	/* Write permission on a shared file mapping needs a writable file;
	 * a private area (heap, stack, an image, a private mapping) may
	 * always be made writable again: its pages are its own copies. */
	if (prot & PROT_WRITE)
		for (struct vm_area_struct *v = find_vma(mm, addr); v && v->vm_start < end; v = vma_next(mm, v))
			if ((v->vm_flags & VM_SHARED) && !(v->vm_flags & VM_MAYWRITE))
				return -EACCES;
	return for_each_vma(mm, addr, end, protect_one, prot);
}

static int advise_one(struct mm_struct *mm, struct vm_area_struct *v, uint32_t advice)
{
	switch (advice) {
	case MADV_DONTNEED:
		mm_unmap_range(mm, v->vm_start, v->vm_end);
		return 0;
	case MADV_WILLNEED:
		if (vma_access_ok(v, false))
			mm_populate(mm, v->vm_start, v->vm_end - v->vm_start, false);
		return 0;
	default:
		v->vm_advice = advice;
		return 0;
	}
}

int mm_madvise(struct mm_struct *mm, uint32_t addr, uint32_t len, int advice)
{
	uint32_t end;
	int r = check_range(addr, len, &end);
	if (r)
		return r == -ENOMEM ? -EINVAL : r;
	if (advice < MADV_NORMAL || advice > MADV_DONTNEED)
		return -EINVAL;
	if (addr == end)
		return 0;
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	if (advice == MADV_DONTNEED)
		for (struct vm_area_struct *v = find_vma(mm, addr); v && v->vm_start < end; v = vma_next(mm, v))
			if (v->vm_flags & VM_LOCKED)
				return -EINVAL;         /* locked pages are never dropped */
	return for_each_vma(mm, addr, end, advise_one, advice);
}

static int lock_one(struct mm_struct *mm, struct vm_area_struct *v, uint32_t lock)
{
	if (!lock) {
		v->vm_flags &= ~VM_LOCKED;
		return 0;
	}
	v->vm_flags |= VM_LOCKED;
	if (!vma_access_ok(v, false))
		return 0;
	/* Fault every page in, writable ones for writing so no copy-on-write
	 * is left to happen later. */
	if (mm_populate(mm, v->vm_start, v->vm_end - v->vm_start, vma_access_ok(v, true)))
		return -ENOMEM;
	return 0;
}

int mm_mlock(struct mm_struct *mm, uint32_t addr, uint32_t len, bool lock)
{
	uint32_t start = addr & PAGE_MASK, end;
	if (len > USER_END)
		return -ENOMEM;                 /* (and len + the offset cannot wrap) */
	int r = check_range(start, len + (addr - start), &end);
	if (r || start == end)
		return r;
	if (lock && more_than_ram(end - start))
		return -ENOMEM;
	return for_each_vma(mm, start, end, lock_one, lock);
}

int mm_msync(struct mm_struct *mm, uint32_t addr, uint32_t len, int flags)
{
	uint32_t end;
	if (!page_aligned(addr))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -EINVAL;
	int r = check_range(addr, len, &end);
	if (r || addr == end)
		return r;
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	for (struct vm_area_struct *v = find_vma(mm, addr); v && v->vm_start < end; v = vma_next(mm, v))
		if ((flags & MS_INVALIDATE) && (v->vm_flags & VM_LOCKED))
			return -EBUSY;
	/* A shared file mapping maps the file's own frames (the tmpfs storage,
	 * or the initrd page cache), so its stores are in the file the moment
	 * they are made: there is nothing to write back, and nothing stale to
	 * invalidate.  See docs/mm.md. */
	return 0;
}

/*
 * A file shrank: the pages past its new end are no longer the file's, so
 * every mapping of it, shared or private, drops them (a copy-on-write
 * copy too, as Linux's truncate does), and an access there faults past
 * the end of the file, or, once the file has grown again, maps its new
 * page.  Left mapped, a shared mapping would have gone on with a page
 * the file had let go: stores through it never seen by read, writes to
 * the file never seen through it.
 */
void mm_file_shrunk(struct inode *ino, uint32_t size)
{
	uint32_t keep = ALIGN_UP(size, PAGE_SIZE);      /* file bytes that stay mapped */
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_at(i);
		if (!p || !p->mm)
			continue;
		for (struct vm_area_struct *v = find_vma(p->mm, 0); v; v = vma_next(p->mm, v)) {
			if (v->vm_backing != VMA_FILE || v->vm_file != ino ||
			    v->vm_pgoff + (v->vm_end - v->vm_start) <= keep)
				continue;
			uint32_t from = v->vm_pgoff >= keep ? v->vm_start : v->vm_start + (keep - v->vm_pgoff);
			mm_unmap_range(p->mm, from, v->vm_end);
		}
	}
}

/* Resident pages in [addr, end) into vec (kernel buffer of (end-addr)/4096). */
int mm_mincore(struct mm_struct *mm, uint32_t addr, uint32_t len, unsigned char *vec)
{
	uint32_t end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (!range_mapped(mm, addr, end))
		return -ENOMEM;
	for (uint32_t va = addr; va < end; va += PAGE_SIZE) {
		pte_t *pte = mm_pte(mm, va, false);
		*vec++ = pte && (*pte & (PTE_P | PTE_PROTNONE)) ? 1 : 0;
	}
	return 0;
}
