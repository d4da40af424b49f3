/*
 * fs_fakes.c - the kernel services kernel/fs/ calls, for the host tests:
 * frame_alloc/get/put and kmap over an arena, kmalloc over malloc, kprintf
 * and the console into a capture buffer, panic as a test failure.  Plus a
 * USTAR writer.  See fs_fakes.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

#include "fs_fakes.h"

/* The kernel's prototypes, declared here rather than included: the kernel
 * headers pull in brink/abi.h, whose names clash with the host's. */
enum frame_use { FRAME_KERNEL = 1, FRAME_USER = 2 };
paddr_t frame_alloc(enum frame_use use);
void frame_get(paddr_t pa);
void frame_put(paddr_t pa);
void *kmap(paddr_t pa);
void kunmap(void *va);
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void kfree(void *p);
int kprintf(const char *fmt, ...);
void panic(const char *fmt, ...);
void console_write(const char *s, size_t n);
int console_read(char *buf, size_t n);

#define PG 4096u

/* ---- frames ---- */

static uint8_t *arena;
static uint32_t *refs;
static size_t nframes, used;
static long frame_budget = -1;
static int kmaps;

void fake_frames_reset(size_t n)
{
	if (used)
		fail_msg("%zu frames still held at reset", used);
	if (kmaps)
		fail_msg("%d kmaps still open at reset", kmaps);
	free(arena);
	free(refs);
	nframes = n;
	arena = aligned_alloc(PG, n * PG);
	refs = calloc(n, sizeof(*refs));
	assert_non_null(arena);
	assert_non_null(refs);
	memset(arena, 0xDD, n * PG);
	frame_budget = -1;
}

void fake_frames_budget(long n) { frame_budget = n; }
size_t fake_frames_used(void) { return used; }
int fake_kmaps_open(void) { return kmaps; }

static size_t frame_index(paddr_t pa, const char *who)
{
	if (pa == 0 || pa % PG || pa / PG > nframes) {
		fail_msg("%s: 0x%x is not a frame", who, pa);
		abort();
	}
	return pa / PG - 1;
}

uint32_t fake_frame_refs(paddr_t pa)
{
	return refs[frame_index(pa, "fake_frame_refs")];
}

void *fake_frame_ptr(paddr_t pa)
{
	return arena + frame_index(pa, "fake_frame_ptr") * PG;
}

paddr_t frame_alloc(enum frame_use use)
{
	if (use != FRAME_USER)
		fail_msg("kernel/fs allocated a frame for use %d, not FRAME_USER", use);
	if (frame_budget == 0)
		return 0;
	for (size_t i = 0; i < nframes; i++) {
		if (refs[i] == 0) {
			refs[i] = 1;
			used++;
			if (frame_budget > 0)
				frame_budget--;
			memset(arena + i * PG, 0xA5, PG);
			return (paddr_t)((i + 1) * PG);
		}
	}
	return 0;
}

void frame_get(paddr_t pa)
{
	size_t i = frame_index(pa, "frame_get");
	if (refs[i] == 0)
		fail_msg("frame_get on free frame 0x%x", pa);
	refs[i]++;
}

void frame_put(paddr_t pa)
{
	size_t i = frame_index(pa, "frame_put");
	if (refs[i] == 0)
		fail_msg("frame_put on free frame 0x%x", pa);
	if (--refs[i] == 0) {
		used--;
		memset(arena + i * PG, 0xDD, PG);
	}
}

void *kmap(paddr_t pa)
{
	size_t i = frame_index(pa, "kmap");
	if (refs[i] == 0)
		fail_msg("kmap of free frame 0x%x", pa);
	kmaps++;
	return arena + i * PG;
}

void kunmap(void *va)
{
	uint8_t *p = va;
	if (p < arena || p >= arena + nframes * PG || (size_t)(p - arena) % PG)
		fail_msg("kunmap of %p, not a kmap address", va);
	kmaps--;
}

/* ---- kmalloc ---- */

static long kmalloc_budget = -1, kmalloc_live;
static size_t kmalloc_bytes;

void fake_kmalloc_budget(long n) { kmalloc_budget = n; }
long fake_kmalloc_live(void) { return kmalloc_live; }
size_t fake_kmalloc_bytes(void) { return kmalloc_bytes; }

void *kmalloc(size_t n)
{
	if (n == 0 || kmalloc_budget == 0)
		return NULL;
	if (kmalloc_budget > 0)
		kmalloc_budget--;
	void *p = malloc(n);
	assert_non_null(p);
	memset(p, 0x5A, n);             /* not zeroed, like the real one */
	kmalloc_live++;
	kmalloc_bytes += malloc_usable_size(p);
	return p;
}

void *kzalloc(size_t n)
{
	void *p = kmalloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	kmalloc_live--;
	kmalloc_bytes -= malloc_usable_size(p);
	free(p);
}

/* ---- output and input ---- */

static char *out;
static size_t out_len, out_cap;

static void out_append(const char *s, size_t n)
{
	if (out_len + n + 1 > out_cap) {
		out_cap = (out_len + n + 1) * 2;
		out = realloc(out, out_cap);
		assert_non_null(out);
	}
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
}

const char *fake_output(void) { return out ? out : ""; }
void fake_output_clear(void) { out_len = 0; if (out) out[0] = '\0'; }

int kprintf(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(buf));
	out_append(buf, (size_t)n);
	return n;
}

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fail_msg("panic: %s", buf);
	abort();
}

void console_write(const char *s, size_t n)
{
	out_append(s, n);
}

static char in_buf[256];
static size_t in_len, in_pos;

void fake_console_input(const char *s)
{
	in_len = strlen(s);
	assert_true(in_len < sizeof(in_buf));
	memcpy(in_buf, s, in_len);
	in_pos = 0;
}

int console_read(char *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (in_pos == in_len) {
		fail_msg("console_read would block: no input queued");
		abort();
	}
	size_t got = 0;
	while (got < n && in_pos < in_len)
		buf[got++] = in_buf[in_pos++];
	return (int)got;
}

/* ---- USTAR ---- */

#define BLK 512u

static void tar_room(struct tarb *t, size_t more)
{
	if (t->len + more > t->cap) {
		t->cap = (t->len + more) * 2;
		t->buf = realloc(t->buf, t->cap);
		assert_non_null(t->buf);
	}
}

void tar_checksum(struct tarb *t, size_t hdr)
{
	uint8_t *h = t->buf + hdr;
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < BLK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);      /* "NNNNNN\0" then ' ' */
	h[155] = ' ';
}

size_t tar_add(struct tarb *t, const char *name, char type, unsigned mode,
	       const void *data, size_t size)
{
	size_t padded = (size + BLK - 1) / BLK * BLK;
	tar_room(t, BLK + padded);
	size_t hdr = t->len;
	uint8_t *h = t->buf + hdr;
	memset(h, 0, BLK + padded);
	size_t nlen = strlen(name);
	if (nlen <= 100) {
		memcpy(h, name, nlen);
	} else {                        /* split at a '/' so name gets <= 100 */
		const char *cut = name + nlen - 101;
		while (*cut && *cut != '/')
			cut++;
		assert_true(*cut == '/' && (size_t)(cut - name) <= 155);
		memcpy(h + 345, name, (size_t)(cut - name));
		memcpy(h, cut + 1, strlen(cut + 1));
	}
	snprintf((char *)h + 100, 8, "%07o", mode);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011zo", size);
	snprintf((char *)h + 136, 12, "%011o", 0);
	h[156] = (uint8_t)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	if (data && size)
		memcpy(h + BLK, data, size);
	t->len += BLK + padded;
	tar_checksum(t, hdr);
	return hdr;
}

size_t tar_file(struct tarb *t, const char *name, const char *text)
{
	return tar_add(t, name, '0', 0644, text, strlen(text));
}

size_t tar_dir(struct tarb *t, const char *name)
{
	return tar_add(t, name, '5', 0755, NULL, 0);
}

void tar_end(struct tarb *t)
{
	tar_room(t, 2 * BLK);
	memset(t->buf + t->len, 0, 2 * BLK);
	t->len += 2 * BLK;
}

void tar_free(struct tarb *t)
{
	free(t->buf);
	*t = (struct tarb){ 0 };
}

uint8_t *tar_from_shell(const char *script, size_t *len)
{
	char dir[] = "/tmp/fs_test.XXXXXX";
	if (!mkdtemp(dir))
		return NULL;
	char cmd[4096];
	snprintf(cmd, sizeof(cmd),
		 "set -e; cd %s && mkdir root && cd root && { %s ; } && "
		 "tar --format=ustar --owner=0 --group=0 --numeric-owner -C %s/root -cf %s/a.tar .",
		 dir, script, dir, dir);
	uint8_t *buf = NULL;
	if (system(cmd) == 0) {
		char path[64];
		snprintf(path, sizeof(path), "%s/a.tar", dir);
		FILE *f = fopen(path, "rb");
		if (f) {
			fseek(f, 0, SEEK_END);
			long n = ftell(f);
			fseek(f, 0, SEEK_SET);
			buf = malloc((size_t)n);
			if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
				*len = (size_t)n;
			else {
				free(buf);
				buf = NULL;
			}
			fclose(f);
		}
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return buf;
}
