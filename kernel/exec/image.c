/*
 * image.c - mapping validated flat images (kernel/exec/flat.c) into an
 * address space as VMAs: text r-x, data rw-, bss rw- (anonymous zeros).
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../lib/string.h"
#include "../lib/format.h"
#include "../mm/kheap.h"
#include "../mm/mm.h"
#include "../fs/vfs.h"
#include "image.h"

void image_get(struct image *img)
{
	img->refcount++;
}

void image_put(struct image *img)
{
	if (--img->refcount > 0)
		return;
	inode_put(img->inode);
	kfree(img);
}

void images_release(struct mm_struct *mm)
{
	struct image *img = mm->images;
	mm->images = NULL;
	while (img) {
		struct image *next = img->next;
		image_put(img);
		img = next;
	}
}

struct image *image_at(struct mm_struct *mm, uint32_t addr)
{
	for (struct image *img = mm->images; img; img = img->next)
		if (addr >= img->base && addr < img->end)
			return img;
	return NULL;
}

void image_fill_page(struct image *img, uint32_t offset, uint8_t *page)
{
	flat_read_page(&img->fi, offset, page);
	flat_relocate_page(&img->fi, offset, page, img->delta);
}

/* Add one VMA of the image; it holds a reference when image-backed. */
static int add_vma(struct mm_struct *mm, struct image *img, uint32_t start, uint32_t end,
		   uint32_t flags, bool backed)
{
	if (start >= end)
		return 0;
	struct vm_area_struct *v = vma_alloc();
	if (!v)
		return -ENOMEM;
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = flags;
	v->vm_name = img->path;
	if (backed) {
		v->vm_backing = VMA_IMAGE;
		v->vm_file = img;
		v->vm_pgoff = start - img->base;
		image_get(img);
	}
	int r = vma_insert(mm, v);
	if (r)
		vma_free(v);
	return r;
}

static int fail(char *msg, size_t msglen, int err, const char *path, const char *why)
{
	if (msg)
		ksnprintf(msg, msglen, "%s: %s", path, why);
	return err;
}

int image_map(struct mm_struct *mm, const char *path, unsigned kind, uint32_t base,
	      struct image **out, char *msg, size_t msglen)
{
	struct file *f;
	int r = vfs_open(path, O_RDONLY, &f);
	if (r)
		return fail(msg, msglen, r, path, r == -ENOENT ? "no such file" : "cannot open");
	struct inode *ino = f->inode;
	inode_get(ino);
	file_put(f);

	const void *data = inode_contiguous_data(ino);
	if (!data) {
		inode_put(ino);
		return fail(msg, msglen, -ENOEXEC, path, "not an image file (not on the initrd)");
	}
	struct image *img = kzalloc(sizeof(*img));
	if (!img) {
		inode_put(ino);
		return -ENOMEM;
	}
	img->refcount = 1;
	img->inode = ino;
	strlcpy(img->path, path, sizeof(img->path));
	const char *why;
	if (flat_parse(data, inode_size(ino), kind, &img->fi, &why)) {
		char line[96];
		flat_describe(line, sizeof(line), why, img->fi.bad_index);
		image_put(img);
		return fail(msg, msglen, -ENOEXEC, path, line);
	}
	const struct flat_image *fi = &img->fi;
	if (base < USER_MIN || base > USER_END || fi->image_size > USER_END - base) {
		image_put(img);
		return fail(msg, msglen, -ENOMEM, path, "no room in the address space");
	}
	img->base = base;
	img->end = base + fi->image_size;
	img->delta = base - fi->link_base;
	if (find_vma_intersection(mm, img->base, img->end)) {
		image_put(img);
		return fail(msg, msglen, -ENOMEM, path, "its place is taken");
	}
	uint32_t text_end = base + ALIGN_UP(fi->text_size, PAGE_SIZE);
	uint32_t data_start = base + fi->data_vaddr;
	uint32_t data_end = base + ALIGN_UP(fi->data_vaddr + fi->data_size, PAGE_SIZE);
	if ((r = add_vma(mm, img, base, text_end, VM_READ | VM_EXEC, true)) ||
	    (r = add_vma(mm, img, data_start, data_end, VM_READ | VM_WRITE, true)) ||
	    (r = add_vma(mm, img, MAX(data_end, data_start), img->end, VM_READ | VM_WRITE, false))) {
		/* Undo: whatever of ours got in. */
		struct vm_area_struct *v;
		while ((v = find_vma_intersection(mm, img->base, img->end))) {
			vma_remove(mm, v);
			vma_free(v);
		}
		image_put(img);
		return fail(msg, msglen, r, path, "out of memory");
	}
	/* Append: the program stays first. */
	struct image **pp = &mm->images;
	while (*pp)
		pp = &(*pp)->next;
	*pp = img;
	*out = img;
	return 0;
}
