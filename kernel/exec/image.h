/*
 * image.h - a flat program or library image mapped into an address space.
 *
 * The image's bytes stay where they are (the initrd); its VMAs are backed
 * by the image, and each page is read and relocated only when first touched
 * (image_fill_page).  Programs load at 0x08048000, libraries at the break.
 */
#ifndef BRINK_IMAGE_H
#define BRINK_IMAGE_H

#include <kernel.h>
#include "flat.h"

struct mm_struct;
struct inode;

struct image {
	int refcount;                   /* the mm's list + one per VMA */
	char path[64];
	struct inode *inode;            /* keeps the bytes alive */
	struct flat_image fi;           /* validated view of the file */
	uint32_t base, end;             /* [base, end) in the address space */
	uint32_t delta;                 /* base - link_base, added at relocation */
	struct image *next;             /* mm->images: program first */
};

/* Validate the image at path and map it at base (page aligned) in mm.  On
 * error nothing is left mapped and msg (if not NULL) says why:
 * -ENOENT, -ENOEXEC (bad image), -ENOMEM (no room or no memory). */
int  image_map(struct mm_struct *mm, const char *path, unsigned kind, uint32_t base,
	       struct image **out, char *msg, size_t msglen);
/* The size a valid image at path would take, for placing it first. */
void image_fill_page(struct image *img, uint32_t offset, uint8_t *page);
void image_get(struct image *img);
void image_put(struct image *img);
void images_release(struct mm_struct *mm);
/* The image of mm whose [base, end) holds addr, or NULL. */
struct image *image_at(struct mm_struct *mm, uint32_t addr);

#endif
