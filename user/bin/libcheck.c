/*
 * libcheck [MODE] - openLibrary and librarySymbol at their edges.
 *
 *   errors  missing libraries, bad names and pointers, non-libraries, the
 *           placement at the page-aligned break, the same handle twice,
 *           librarySymbol of unknown names, private libc names, hidden
 *           names and non-handles, the break refusing to move down into
 *           or across a library
 *   bad     every library in /bad/MANIFEST: ENOEXEC, the break where it
 *           was, nothing mapped there, no frame kept
 *   big     a valid library with 768 MiB of bss: placed, costs no frame
 *           until touched; the bss-overflow images refused
 *   full    libraries and heap until the address space is full: ENOMEM
 *           with nothing changed, and the program still works
 *   aliases the same library under other spellings of its path: the
 *           same handle
 *   cost    figures: cycles (rdtsc) for openLibrary of the 64 KiB
 *           reloctest.lib the first time and again, for librarySymbol, for
 *           first use, and the frames a loaded library costs
 *
 * Each mode ends with "libcheck MODE: N checks, PASS" (or FAIL lines).
 * Without an argument errors, bad, big and full run, each in a process of
 * its own (a process cannot unload a library), then "libcheck: PASS".
 */
#include <brink.h>
#include <errno.h>
#include <fcntl.h>
#include <library.h>
#include <malloc.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../lib/counter/counter.h"

#define PG 4096u

static int checks, fails;
static const char *mode;

#define CHECK(cond, ...) do { checks++; if (!(cond)) { fails++; \
	printf("FAIL %s:%d: %s: ", mode, __LINE__, #cond); printf(__VA_ARGS__); printf("\n"); } } while (0)

static char *page_up(char *p)
{
	return (char *)(((uintptr_t)p + PG - 1) & ~(uintptr_t)(PG - 1));
}

static unsigned free_frames(void)
{
	struct brink_meminfo mi;
	return brink_meminfo(&mi) ? 0 : mi.free_frames;
}

/* Is any page of [p, p + len) mapped?  mincore fails with ENOMEM on a
 * range with a hole, so probe page by page. */
static int any_mapped(char *p, size_t len)
{
	unsigned char v;
	for (size_t off = 0; off < len; off += PG)
		if (mincore(p + off, PG, &v) == 0)
			return 1;
	return 0;
}

static int resident(char *p, size_t len)
{
	unsigned char vec[256];
	size_t pages = (len + PG - 1) / PG;
	if (pages > sizeof(vec) || mincore(p, len, vec))
		return -1;
	int n = 0;
	for (size_t i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

/* openLibrary(name) must fail with err and change nothing: not the break,
 * not the pages above it. */
static void refused(const char *name, int err)
{
	char *b0 = sbrk(0);
	errno = 0;
	void *h = openLibrary(name);
	int e = errno;
	CHECK(h == NULL && e == err, "openLibrary(\"%.40s\") gave %p errno %d, want errno %d",
	      name ? name : "(null)", h, e, err);
	CHECK(sbrk(0) == b0, "openLibrary(\"%.40s\") moved the break %p -> %p", name ? name : "(null)",
	      (void *)b0, sbrk(0));
	CHECK(!any_mapped(page_up(b0), 16 * PG), "openLibrary(\"%.40s\") left something mapped at %p",
	      name ? name : "(null)", (void *)page_up(b0));
}

static void no_symbol(void *lib, const char *name, int err)
{
	errno = 0;
	void *p = librarySymbol(lib, name);
	CHECK(p == NULL && errno == err, "librarySymbol(%p, \"%.40s\") gave %p errno %d, want errno %d",
	      lib, name ? name : "(null)", p, errno, err);
}

/* A good library: placed at the page-aligned break, which moves past it,
 * and mapped.  The handle, and (in *end) the break after it. */
static void *placed(const char *name, char **end)
{
	char *b0 = sbrk(0);
	void *h = openLibrary(name);
	char *b1 = sbrk(0);
	*end = b1;
	CHECK(h != NULL, "openLibrary(\"%s\"): errno %d", name, errno);
	if (!h)
		return NULL;
	CHECK((char *)h == page_up(b0), "%s at %p, the break was %p", name, h, (void *)b0);
	CHECK(b1 > (char *)h && b1 == page_up(b1), "%s: the break %p after it", name, (void *)b1);
	unsigned char v;
	CHECK(mincore(h, PG, &v) == 0 && mincore(b1 - PG, PG, &v) == 0, "%s not mapped", name);
	return h;
}

/* ---- errors ---- */

static void t_errors(void)
{
	refused("nosuch", ENOENT);
	refused("/lib/nosuch.lib", ENOENT);
	refused("", ENOENT);
	refused("lib/maths", ENOENT);
	refused("../lib/maths", ENOENT);
	refused("a-name-much-longer-than-any-library-name-could-be-in-this-system-at-all-0123456789", ENOENT);
	refused("/bin/hello", ENOEXEC);                 /* a program, not a library */
	refused(NULL, EFAULT);
	refused((const char *)0xc0000000, EFAULT);
	refused((const char *)0x10, EFAULT);

	char *end;
	char *b0 = sbrk(0);
	struct counter_api c;
	void *h = placed("counter", &end);
	if (!h)
		return;
	printf("libcheck errors: counter.lib at %p-%p, the break was %p\n", h, (void *)end, (void *)b0);
	const char *missing = NULL;
	CHECK(counter_bind(h, &c, &missing) == 0, "librarySymbol(\"%s\")", missing);
	if (missing)
		return;
	CHECK((char *)c.next >= (char *)h && (char *)c.next < end, "counter_next at %p", (void *)c.next);
	CHECK((char *)c.calls >= (char *)h && (char *)c.calls < end, "counter_calls at %p", (void *)c.calls);
	CHECK(c.next() == 1 && c.next() == 2 && c.value() == 2 && *c.calls == 3, "counter state");

	/* The same library again, by name or path: the same handle, nothing moves. */
	CHECK(openLibrary("counter") == h, "second open");
	CHECK(openLibrary("/lib/counter.lib") == h, "open by path");
	CHECK(sbrk(0) == end, "a second open moved the break");
	CHECK(c.value() == 2, "a second open reset the library's state");

	/* Names that are not exports: unknown, the library's private libc,
	 * static and hidden functions. */
	no_symbol(h, "nosuch", ENOENT);
	no_symbol(h, "", ENOENT);
	no_symbol(h, "malloc", ENOENT);
	no_symbol(h, "sbrk", ENOENT);
	no_symbol(h, "printf", ENOENT);
	no_symbol(h, "fill", ENOENT);           /* static in counter.c */
	no_symbol(h, "counter_next ", ENOENT);
	no_symbol(h, "counter_nex", ENOENT);
	char longname[300];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	no_symbol(h, longname, ENOENT);
	no_symbol(h, NULL, EFAULT);
	no_symbol(h, (const char *)0xc0001000, EFAULT);
	/* Handles that are not open libraries. */
	no_symbol(NULL, "counter_next", EINVAL);
	no_symbol((void *)0x12345000, "counter_next", EINVAL);
	no_symbol((char *)h + PG, "counter_next", EINVAL);
	no_symbol((char *)h + 1, "counter_next", EINVAL);
	no_symbol((void *)0x08048000, "main", EINVAL);  /* the program is not a library */

	/* The break never moves down into or across a library. */
	errno = 0;
	CHECK(sbrk(-(intptr_t)(end - (char *)h) - (intptr_t)PG) == (void *)-1 && errno == EINVAL,
	      "sbrk down across the library: errno %d", errno);
	CHECK(sbrk(0) == end, "the break moved to %p", sbrk(0));
	errno = 0;
	CHECK(sbrk(-16) == (void *)-1 && errno == EINVAL,
	      "sbrk(-16) into the library's last page: errno %d, break %p", errno, sbrk(0));
	if (sbrk(0) != end)
		sbrk(end - (char *)sbrk(0));    /* put it back for what follows */
	CHECK(brk(h) == -1 && sbrk(0) == end, "brk(handle) moved the break to %p", sbrk(0));
	CHECK(brk(b0) == -1 && sbrk(0) == end, "brk(below the library) moved the break to %p", sbrk(0));

	/* The heap above it, then a second library above that. */
	char *heap = sbrk(3 * PG);
	CHECK(heap == end, "sbrk after the library gave %p, want %p", (void *)heap, (void *)end);
	memset(heap, 0x5a, 3 * PG);
	char *mend;
	void *mh = placed("maths", &mend);
	CHECK(mh == heap + 3 * PG, "maths at %p, want %p", mh, (void *)(heap + 3 * PG));
	if (mh) {
		no_symbol(mh, "track_alloc", ENOENT);   /* hidden in maths.lib */
		no_symbol(mh, "counter_next", ENOENT);  /* another library's */
		CHECK(librarySymbol(mh, "maths_factorial") != librarySymbol(h, "counter_next"), "symbols");
	}
	/* The break is above maths.lib now: the heap piece between the two
	 * libraries can no longer be given back. */
	errno = 0;
	CHECK(sbrk(-(intptr_t)PG) == (void *)-1 && errno == EINVAL, "sbrk down into maths.lib");
	CHECK(heap[0] == 0x5a && heap[3 * PG - 1] == 0x5a, "heap between the libraries changed");
	CHECK(c.next() == 3, "counter.lib's state after all that");
}

/* ---- aliases ---- */

/* One library, whatever spelling of its path: one handle (SPEC.md 5). */
static void t_aliases(void)
{
	char *end;
	void *h = placed("counter", &end);
	static const char *const spellings[] = {
		"/lib/counter.lib", "/lib//counter.lib", "/lib/./counter.lib", "/lib/../lib/counter.lib",
	};
	for (unsigned i = 0; h && i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		void *again = openLibrary(spellings[i]);
		CHECK(again == h, "openLibrary(\"%s\") gave %p, counter.lib is at %p", spellings[i], again, h);
	}
	CHECK(sbrk(0) == end, "the break moved from %p to %p: another copy was loaded", (void *)end, sbrk(0));
}

/* ---- bad ---- */

static char manifest[16384];

/* "PATH KIND EXPECTED-MESSAGE": the first two words; 0 if both fit. */
static int manifest_fields(const char *line, char *path, size_t plen, char *kind, size_t klen)
{
	const char *sp = strchr(line, ' ');
	const char *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
	if (!sp || !sp2 || (size_t)(sp - line) >= plen || (size_t)(sp2 - sp - 1) >= klen)
		return -1;
	memcpy(path, line, (size_t)(sp - line));
	path[sp - line] = 0;
	memcpy(kind, sp + 1, (size_t)(sp2 - sp - 1));
	kind[sp2 - sp - 1] = 0;
	return 0;
}

static void t_bad(void)
{
	int fd = open("/bad/MANIFEST", O_RDONLY);
	CHECK(fd >= 0, "open /bad/MANIFEST: errno %d", errno);
	if (fd < 0)
		return;
	ssize_t n = read(fd, manifest, sizeof(manifest) - 1);
	close(fd);
	CHECK(n > 0 && n < (ssize_t)sizeof(manifest) - 1, "read MANIFEST: %d", (int)n);
	if (n <= 0)
		return;
	manifest[n] = 0;
	refused("/bad/lib-magic.lib", ENOEXEC);         /* warm the kernel's caches */
	/* Frames are counted around each refusal only: between them this
	 * program's own printf may touch a new page of its stack or data. */
	int libs = 0, kept = 0;
	for (char *line = manifest, *next; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? (*next = 0, next + 1) : line + strlen(line);
		char path[128], kind[8];
		if (line[0] == '#' || manifest_fields(line, path, sizeof(path), kind, sizeof(kind)))
			continue;
		if (strcmp(kind, "lib"))
			continue;
		unsigned f0 = free_frames();
		refused(path, ENOEXEC);
		kept += (int)(f0 - free_frames());
		CHECK(free_frames() == f0, "%s: %u frames kept", path, f0 - free_frames());
		printf("libcheck bad: %s refused\n", path);
		libs++;
	}
	CHECK(libs >= 15, "only %d bad libraries in the manifest", libs);
	CHECK(kept == 0, "%d frames kept by the refusals", kept);
	char *end;
	CHECK(placed("counter", &end) != NULL, "a good library after the bad ones");
	printf("libcheck bad: %d bad libraries refused with ENOEXEC\n", libs);
}

/* ---- big ---- */

static void t_big(void)
{
	/* Larger than the format allows, or than 32 bits can hold: refused by
	 * the validator before any room is looked for. */
	refused("/bad/lib-bss-huge.lib", ENOEXEC);
	refused("/bad/lib-bss-overflow.lib", ENOEXEC);

	unsigned f0 = free_frames();
	char *end;
	char *h = placed("bigbss", &end);
	unsigned f1 = free_frames();
	if (!h)
		return;
	uint32_t (*size)(void) = (uint32_t (*)(void))librarySymbol(h, "bigbss_size");
	int (*touch)(uint32_t, int) = (int (*)(uint32_t, int))librarySymbol(h, "bigbss_touch");
	char *area = librarySymbol(h, "bigbss_area");
	CHECK(size && touch && area, "symbols");
	if (!size || !touch || !area)
		return;
	CHECK((uint32_t)(end - h) >= size() && end - h < (ptrdiff_t)(size() + 64 * PG),
	      "image %p-%p for %u bytes of bss", (void *)h, (void *)end, (unsigned)size());
	CHECK(area + size() <= end, "bss %p + %u past the image end %p", (void *)area, (unsigned)size(),
	      (void *)end);
	CHECK(f0 - f1 <= 2, "opening it took %u frames", f0 - f1);
	CHECK(resident(area, 64 * PG) == 0 && resident(end - 64 * PG, 64 * PG) == 0,
	      "bss resident before use");
	CHECK(touch(size() - 1, 42) == 42 && area[size() - 1] == 42, "the last byte");
	CHECK(touch(0, 7) == 7 && area[0] == 7 && area[1] == 0, "the first bytes");
	CHECK(resident(end - 64 * PG, 64 * PG) == 1, "touching the last byte made %d pages resident",
	      resident(end - 64 * PG, 64 * PG));
	printf("libcheck big: bigbss.lib at %p-%p (%u MiB), %u frames to open, %u after two touches\n",
	       (void *)h, (void *)end, (unsigned)((end - h) >> 20), f0 - f1, f0 - free_frames());
}

/* ---- full ---- */

/* Move the break up in steps of step until it fails; bytes taken. */
static size_t fill(size_t step)
{
	size_t got = 0;
	while (sbrk((intptr_t)step) != (void *)-1)
		got += step;
	CHECK(errno == ENOMEM, "sbrk(%u) failed with errno %d", (unsigned)step, errno);
	return got;
}

static void t_full(void)
{
	char *end;
	void *lc = placed("counter", &end);
	void *lm = placed("maths", &end);
	void *lb = placed("bigbss", &end);
	CHECK(lc && lm && lb, "three libraries");
	struct counter_api c;
	if (!lc || counter_bind(lc, &c, NULL))
		return;
	CHECK(c.put(0, 1000, 1) == 0, "counter.lib allocates");

	char *b0 = sbrk(0);
	size_t got = fill(64u << 20);
	got += fill(1u << 20);
	got += fill(PG);
	char *top = sbrk(0);
	printf("libcheck full: heap and libraries fill %p-%p (%u MiB taken by sbrk)\n",
	       (void *)b0, (void *)top, (unsigned)(got >> 20));
	CHECK(got > (1u << 30), "only %u MiB of address space to fill", (unsigned)(got >> 20));

	/* No room: ENOMEM and nothing changed. */
	refused("reloctest", ENOMEM);
	/* mmap still finds room: below the program, never above the break. */
	char *mm = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mm == MAP_FAILED || mm + PG <= b0 || mm >= top, "mmap at %p, inside the heap", (void *)mm);
	if (mm != MAP_FAILED)
		munmap(mm, PG);

	/* Give back 128 KiB of the program's own heap: room for reloctest.lib
	 * (64 KiB) and a little heap, but never for bigbss.lib's 768 MiB. */
	CHECK(sbrk(-(intptr_t)(128u << 10)) == top, "giving heap back");
	void *lr = openLibrary("reloctest");
	CHECK(lr == top - (128u << 10), "reloctest.lib at %p, want %p", lr, (void *)(top - (128u << 10)));
	/* bigbss is open already: the same handle, even now. */
	CHECK(openLibrary("bigbss") == lb, "bigbss again");

	/* The program and its libraries still work. */
	CHECK(c.put(1, 2000, 2) == 0 && c.check() == 2, "counter.lib after the fill");
	CHECK(c.drop(0) == 0 && c.drop(1) == 0, "counter.lib frees");
	uint32_t (*digest)(void) = lr ? (uint32_t (*)(void))librarySymbol(lr, "reloc_digest") : NULL;
	CHECK(digest && digest() != 0, "reloctest.lib works");
	char *p = malloc(100);
	if (p) {
		memset(p, 1, 100);
		free(p);
	}
	char line[64];
	snprintf(line, sizeof(line), "%d %s %p", 42, "still", (void *)top);
	CHECK(!strncmp(line, "42 still 0x", 11), "printf");
	printf("libcheck full: ENOMEM when full; after giving 128 KiB back reloctest.lib fits at %p, "
	       "malloc %s\n", lr, p ? "works" : "says no memory");
}

/* ---- cost ---- */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median_of(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp64);
	return v[n / 2];
}

static void t_cost(void)
{
	struct brink_meminfo m0, m1, m2;
	char *b0 = sbrk(0);
	brink_meminfo(&m0);
	uint64_t t0 = rdtsc();
	void *h = openLibrary("reloctest");
	uint64_t t1 = rdtsc();
	brink_meminfo(&m1);
	CHECK(h != NULL, "openLibrary: errno %d", errno);
	if (!h)
		return;
	char *end = sbrk(0);
	uint64_t v[101];
	for (int i = 0; i < 101; i++) {
		uint64_t t = rdtsc();
		void *again = openLibrary("reloctest");
		v[i] = rdtsc() - t;
		CHECK(again == h, "again");
	}
	uint64_t again = median_of(v, 101);
	for (int i = 0; i < 101; i++) {
		uint64_t t = rdtsc();
		void *p = librarySymbol(h, "reloc_digest");
		v[i] = rdtsc() - t;
		CHECK(p != NULL, "librarySymbol");
	}
	uint64_t lookup = median_of(v, 101);
	for (int i = 0; i < 101; i++) {
		uint64_t t = rdtsc();
		void *p = librarySymbol(h, "reloc_nosuch");
		v[i] = rdtsc() - t;
		CHECK(p == NULL, "librarySymbol of a missing name");
	}
	uint64_t miss = median_of(v, 101);
	uint32_t (*digest)(void) = (uint32_t (*)(void))librarySymbol(h, "reloc_digest");
	int res0 = resident(h, (size_t)(end - (char *)h));
	uint64_t t2 = rdtsc();
	uint32_t d1 = digest();
	uint64_t t3 = rdtsc();
	uint32_t d2 = digest();
	uint64_t t4 = rdtsc();
	brink_meminfo(&m2);
	CHECK(d1 == d2, "digest");
	int res1 = resident(h, (size_t)(end - (char *)h));
	printf("libcheck cost: reloctest.lib, %u KiB image at %p (break was %p)\n",
	       (unsigned)((end - (char *)h) / 1024), h, (void *)b0);
	printf("libcheck cost: openLibrary, first time      %10llu cycles\n", (unsigned long long)(t1 - t0));
	printf("libcheck cost: openLibrary, again (open)    %10llu cycles\n", (unsigned long long)again);
	printf("libcheck cost: librarySymbol, found         %10llu cycles\n", (unsigned long long)lookup);
	printf("libcheck cost: librarySymbol, not found     %10llu cycles\n", (unsigned long long)miss);
	printf("libcheck cost: first call touching all pages %9llu cycles (faults, relocation)\n",
	       (unsigned long long)(t3 - t2));
	printf("libcheck cost: the same call again          %10llu cycles\n", (unsigned long long)(t4 - t3));
	printf("libcheck cost: frames to open it            %10d (kernel %+d), %d pages resident\n",
	       (int)(m0.free_frames - m1.free_frames), (int)(m1.kernel_frames - m0.kernel_frames), res0);
	printf("libcheck cost: frames after using all of it %10d, %d pages resident\n",
	       (int)(m0.free_frames - m2.free_frames), res1);
	/* For scale: a smaller library with far fewer relocations. */
	char *s0 = sbrk(0);
	uint64_t t5 = rdtsc();
	void *small = openLibrary("counter");
	uint64_t t6 = rdtsc();
	CHECK(small != NULL, "counter.lib");
	printf("libcheck cost: openLibrary of counter.lib (%u KiB) %6llu cycles\n",
	       (unsigned)(((char *)sbrk(0) - page_up(s0)) / 1024), (unsigned long long)(t6 - t5));
}

/* ---- driver ---- */

static const struct {
	const char *name;
	void (*fn)(void);
	int in_all;
} modes[] = {
	{ "errors", t_errors, 1 },
	{ "bad", t_bad, 1 },
	{ "big", t_big, 1 },
	{ "full", t_full, 1 },
	{ "aliases", t_aliases, 0 },     /* fails until the kernel compares files, not paths */
	{ "cost", t_cost, 0 },
};
#define NMODES (int)(sizeof(modes) / sizeof(modes[0]))

static int run_mode(const char *name)
{
	for (int i = 0; i < NMODES; i++)
		if (!strcmp(modes[i].name, name)) {
			mode = name;
			checks = fails = 0;
			modes[i].fn();
			printf("libcheck %s: %d checks, %s\n", name, checks, fails ? "FAIL" : "PASS");
			return fails != 0;
		}
	printf("libcheck: no mode %s\n", name);
	return 2;
}

extern char **environ;

int main(int argc, char **argv)
{
	if (argc == 2)
		return run_mode(argv[1]);
	if (argc > 2) {
		fprintf(stderr, "usage: libcheck [errors|bad|big|full|aliases|cost]\n");
		return 2;
	}
	int bad = 0;
	fflush(stdout);
	for (int i = 0; i < NMODES; i++) {
		if (!modes[i].in_all)
			continue;
		char *args[] = { "/bin/libcheck", (char *)modes[i].name, NULL };
		pid_t pid;
		int st = 0;
		if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) || waitpid(pid, &st, 0) != pid ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			printf("libcheck: %s failed (status %#x)\n", modes[i].name, st);
			bad++;
		}
	}
	printf("libcheck: %s\n", bad ? "FAIL" : "PASS");
	return bad != 0;
}
