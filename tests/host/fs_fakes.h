/*
 * fs_fakes.h - what kernel/fs/ needs from the rest of the kernel, faked for
 * the host tests, with counters so a test can see every frame, kmap and
 * kmalloc come back; and a USTAR writer to make archives (good and bad).
 *
 * Frames are pages of a host arena; "physical" address (i + 1) * 4096 is
 * arena page i, so 0 stays "no frame".  kmap is a lookup into the arena.
 * New frames are filled with 0xA5 (the real allocator does not zero), freed
 * ones with 0xDD, so a missing memset shows up as garbage.
 *
 * Do not include <sys/stat.h> or <fcntl.h> in a test: brink/abi.h defines
 * its own struct stat and O_ flags.
 */
#ifndef FS_FAKES_H
#define FS_FAKES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef uint32_t paddr_t;

/* ---- frames ---- */
void     fake_frames_reset(size_t nframes);  /* fails the test if frames are still held */
void     fake_frames_budget(long n);         /* n more frame_alloc succeed; -1: no limit */
size_t   fake_frames_used(void);
uint32_t fake_frame_refs(paddr_t pa);
void    *fake_frame_ptr(paddr_t pa);         /* the arena page (no kmap accounting) */
int      fake_kmaps_open(void);              /* kmap minus kunmap */

/* ---- kmalloc ---- */
void   fake_kmalloc_budget(long n);          /* n more allocations succeed; -1: no limit */
long   fake_kmalloc_live(void);              /* allocations not freed */
size_t fake_kmalloc_bytes(void);             /* their bytes (malloc_usable_size) */

/* ---- kprintf and the console ---- */
const char *fake_output(void);               /* everything printed since the last clear */
void        fake_output_clear(void);
void        fake_console_input(const char *s);

/* ---- USTAR archives ---- */
struct tarb {
	uint8_t *buf;
	size_t len, cap;
};
/* Append an entry; returns the header's offset.  name goes into the name
 * field, or is split into prefix/name when longer than 100 bytes.
 * Regular files ('0') carry size bytes of data; other types carry none
 * unless size is given with data. */
size_t tar_add(struct tarb *t, const char *name, char type, unsigned mode,
	       const void *data, size_t size);
size_t tar_file(struct tarb *t, const char *name, const char *text);
size_t tar_dir(struct tarb *t, const char *name);
void   tar_end(struct tarb *t);              /* two zero blocks */
void   tar_checksum(struct tarb *t, size_t hdr);   /* recompute after editing */
void   tar_free(struct tarb *t);

/* Run a shell script in a fresh temporary directory, then archive that
 * directory with the system's tar exactly as the Makefile does.  Returns a
 * malloc'd buffer (and its length), or NULL when tar is unavailable. */
uint8_t *tar_from_shell(const char *script, size_t *len);

#endif
