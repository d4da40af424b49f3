/*
 * malloc_fuzz.c - libFuzzer target: the allocator driven by a byte stream.
 *
 * Each input is a program: one byte picks the operation (malloc, calloc,
 * realloc, free, the memalign family, mallopt, a second party moving the
 * break up or down, a heap check, usable-size writes), the next a slot of
 * 64, then its arguments.  Every block carries a pattern checked when it
 * is freed or resized; calloc's memory must be zero; the second party's
 * regions must never change; after freeing everything, every invariant
 * must hold and nothing may remain in use.  Any failure traps.
 *
 * Built with clang -fsanitize=fuzzer,address for `make fuzz`, and with cc
 * (tests/host/malloc_replay.c supplies main) to replay the committed
 * corpus in `make test`.
 */
#include <stdint.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "../../libc/malloc/malloc_impl.h"

#define REQUIRE(x) do { if (!(x)) __builtin_trap(); } while (0)

enum { NSLOT = 64, NFOREIGN = 8 };

struct blk {
	unsigned char *p;
	size_t n;
	unsigned char seed;
};

struct region {
	char *p;
	size_t n;
	unsigned char seed;
};

static struct blk slots[NSLOT];
/* The second party's regions outlive an input when someone sits above them. */
static struct region foreign[NFOREIGN];
static int nforeign;

struct input {
	const uint8_t *d;
	size_t n, i;
};

static unsigned get8(struct input *in)
{
	return in->i < in->n ? in->d[in->i++] : 0;
}

/* Sizes: mostly small, some up to 16 KiB, some up to 1 MiB (mapped or
 * not), some absurd. */
static size_t get_size(struct input *in)
{
	unsigned k = get8(in);
	switch (k >> 6) {
	case 0:
		return k & 63;
	case 1:
		return (size_t)(k & 63) << 8 | get8(in);
	case 2:
		return ((size_t)(k & 63) << 14 | (size_t)get8(in) << 6);
	default:
		switch (k & 3) {
		case 0: return SIZE_MAX - (k >> 2 & 15);
		case 1: return MAX_REQUEST + 1 + get8(in);
		case 2: return SIZE_MAX / 2 + get8(in);
		default: return 1000 + (size_t)get8(in) * 8;
		}
	}
}

/* Byte i of a block with seed s is tmpl[(i + s) % 251]: filled and
 * checked with memcpy/memcmp, which the coverage instrumentation leaves
 * alone (byte loops made the fuzzer crawl). */
#define TMPL 251
static unsigned char tmpl[2 * TMPL + 512];

static void init_tmpl(void)
{
	if (tmpl[1])
		return;
	for (size_t i = 0; i < sizeof(tmpl); i++)
		tmpl[i] = (unsigned char)((i % TMPL) * 97 + 13);
}

static void fill(unsigned char *p, size_t n, unsigned char seed)
{
	size_t i = 0, off = seed % TMPL;
	while (i < n) {
		size_t k = n - i < TMPL ? n - i : TMPL;
		memcpy(p + i, tmpl + off, k);
		i += k;
	}
}

static void verify(const unsigned char *p, size_t n, unsigned char seed)
{
	size_t i = 0, off = seed % TMPL;
	while (i < n) {
		size_t k = n - i < TMPL ? n - i : TMPL;
		REQUIRE(memcmp(p + i, tmpl + off, k) == 0);
		i += k;
	}
}

static bool all_zero(const unsigned char *p, size_t n)
{
	static const unsigned char zero[512];
	while (n) {
		size_t k = n < sizeof(zero) ? n : sizeof(zero);
		if (memcmp(p, zero, k))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

static void check_new(struct blk *b, unsigned char *p, size_t n, size_t align, unsigned char seed)
{
	REQUIRE(((uintptr_t)p & (align - 1)) == 0);
	REQUIRE(malloc_usable_size(p) >= n);
	b->p = p;
	b->n = n;
	b->seed = seed;
	fill(p, n, seed);
}

static void drop(struct blk *b)
{
	if (!b->p)
		return;
	verify(b->p, b->n, b->seed);
	free(b->p);
	b->p = NULL;
}

static char *brk_now(void)
{
	return (char *)syscall(SYS_brk, 0);
}

static void foreign_check(void)
{
	for (int i = 0; i < nforeign; i++) {
		REQUIRE(brk_now() >= foreign[i].p + foreign[i].n);
		verify((unsigned char *)foreign[i].p, foreign[i].n, foreign[i].seed);
		for (int s = 0; s < NSLOT; s++)
			if (slots[s].p)
				REQUIRE((char *)slots[s].p + slots[s].n <= foreign[i].p ||
					(char *)slots[s].p >= foreign[i].p + foreign[i].n);
	}
}

static void foreign_release_top(void)
{
	while (nforeign && brk_now() == foreign[nforeign - 1].p + foreign[nforeign - 1].n) {
		struct region *r = &foreign[--nforeign];
		verify((unsigned char *)r->p, r->n, r->seed);
		REQUIRE((char *)syscall(SYS_brk, r->p) == r->p);
	}
}

static void op(struct input *in)
{
	unsigned code = get8(in) % 13;
	struct blk *b = &slots[get8(in) % NSLOT];
	unsigned char seed = (unsigned char)get8(in);
	size_t n;
	unsigned char *p;

	switch (code) {
	case 0:
	case 1:
		drop(b);
		n = get_size(in);
		p = malloc(n);
		if (p)
			check_new(b, p, n, MALLOC_ALIGN, seed);
		else
			REQUIRE(n > ((size_t)64 << 20));
		break;
	case 2: {
		drop(b);
		size_t a = get_size(in), c = get8(in) % 8;
		p = calloc(a, c);
		if (!p) {
			REQUIRE(c && a > ((size_t)64 << 20) / c);
			break;
		}
		REQUIRE(all_zero(p, a * c));
		check_new(b, p, a * c, MALLOC_ALIGN, seed);
		break;
	}
	case 3:
		n = get_size(in);
		if (!b->p)
			break;
		verify(b->p, b->n, b->seed);
		p = realloc(b->p, n);
		if (n == 0) {
			b->p = NULL;
		} else if (!p) {
			REQUIRE(n > ((size_t)64 << 20));
			verify(b->p, b->n, b->seed);
		} else {
			verify(p, n < b->n ? n : b->n, b->seed);
			b->p = NULL;
			check_new(b, p, n, MALLOC_ALIGN, seed);
		}
		break;
	case 4:
		drop(b);
		break;
	case 5: {
		drop(b);
		unsigned k = get8(in);
		size_t a = (size_t)1 << (k % 20);
		n = get_size(in);
		void *q = NULL;
		if (k & 0x40) {
			int rc = posix_memalign(&q, a < sizeof(void *) ? sizeof(void *) : a, n);
			REQUIRE(rc == 0 || (rc == ENOMEM && !q));
		} else if (k & 0x80) {
			q = aligned_alloc(a, n);
		} else {
			q = memalign(a, n);
		}
		if (q)
			check_new(b, q, n, a < MALLOC_ALIGN ? MALLOC_ALIGN : a, seed);
		else
			REQUIRE(n > ((size_t)64 << 20));
		break;
	}
	case 6: {
		static const int params[] = { M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, M_TOP_PAD, M_FIT_POLICY,
					      M_CACHE_COUNT };
		int param = params[seed % 5];
		int value = param == M_FIT_POLICY ? (int)(get8(in) % 4) :
			    param == M_CACHE_COUNT ? (int)(get8(in) % 8) - 1 : (int)get_size(in);
		mallopt(param, value);
		break;
	}
	case 7:
		if (nforeign < NFOREIGN) {
			struct region *r = &foreign[nforeign];
			r->n = 1 + (size_t)get8(in) * 61;
			r->p = brk_now();
			if ((char *)syscall(SYS_brk, r->p + r->n) != r->p + r->n)
				break;
			r->seed = seed;
			fill((unsigned char *)r->p, r->n, seed);
			nforeign++;
		}
		break;
	case 8:
		foreign_release_top();
		break;
	case 9:
		REQUIRE(MI(check)() == NULL);
		foreign_check();
		break;
	case 10:
		/* all of the usable size is the caller's */
		if (b->p) {
			verify(b->p, b->n, b->seed);
			b->n = malloc_usable_size(b->p);
			fill(b->p, b->n, b->seed);
		}
		break;
	default:
		n = get_size(in);
		drop(b);
		p = malloc(n);
		if (p) {
			check_new(b, p, n, MALLOC_ALIGN, seed);
			drop(b);
		}
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size, 0 };
	init_tmpl();
	MI(reset_params)();
	while (in.i < in.n)
		op(&in);
	foreign_check();
	for (int s = 0; s < NSLOT; s++)
		drop(&slots[s]);
	REQUIRE(MI(check)() == NULL);
	struct mallinfo2 mi = mallinfo2();
	REQUIRE(mi.uordblks == 0 && mi.hblks == 0);
	foreign_release_top();
	foreign_check();
	REQUIRE(MI(check)() == NULL);
	return 0;
}
