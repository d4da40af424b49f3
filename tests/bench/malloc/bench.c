/*
 * bench.c - allocator workloads for `make bench` (tests/bench/malloc/run.py
 * runs this one binary under each allocator with LD_PRELOAD).
 *
 *   bench WORKLOAD [--policy first|best] [--seed N] [--sliced [--slice-ticks N]]
 *
 * --seed N (0 by default) varies the fixed seeds, to see how far a figure
 * depends on one trace.
 *
 * Workloads (fixed seeds; the checksum depends only on the data written,
 * never on addresses, so it must be the same under every allocator):
 *
 *   churn    small-object churn: 50k live objects of 16-512 bytes, each
 *            step frees a random one and allocates a new one
 *   mixed    a mixed trace: small objects with some 64 KiB - 1 MiB
 *            buffers (in phases, as a program reading files or images)
 *   realloc  growth by realloc: strings appended to a few bytes at a time
 *            and vectors doubling, then freed
 *   frag     a fragmentation pattern: generations of objects whose sizes
 *            shift between phases, with a tenth of each kept long-lived
 *   small    churn with a small live set (100 objects of 16-512 bytes),
 *            as in most programs' inner loops: a temporary string, a node
 *   regrow   buffers grown by realloc to 16-64 KiB, written and freed in
 *            turn, twelve at a time
 *
 * Prints one line: name=value pairs, the figures run.py reads:
 * time_ms (wall, the workload only), peak_kb (VmHWM), kept_kb (resident
 * after everything was freed, over the resident size before starting),
 * minflt (page faults), ticks (loop steps), checksum.  Before the
 * workload, the pages of the program, libc and ld.so are all made
 * resident (populate_common), so that the peak does not depend on where
 * ASLR put them.
 *
 * Sliced mode (--sliced), for timing on a machine whose speed varies from
 * one second to the next: run.py starts one process per allocator, all on
 * one CPU, and lets them take turns.  Every loop of the workloads (setup
 * and teardown too) calls tick() once per step, a counter decrement and
 * compare (in both modes, so the work is the same).  After "ready\n" the
 * process waits for a byte on stdin; then it runs W untimed ticks (the
 * warm-up, --warm-ticks, by default as many as a slice's), starts the
 * clock (CLOCK_MONOTONIC), and after N more ticks (a slice, N from the
 * table in main(), or --slice-ticks; about 10-30 ms under glibc) stops
 * it, writes the slice's nanoseconds as a line to stdout and blocks
 * reading the next byte.  The warm-up is there because the other
 * processes ran in between: caches and TLB hold their data, and
 * refilling them cost glibc's churn ~3.5 ms a slice (768 ms with no
 * warm-up, ~600 with it), a cost no program running alone pays, which
 * pulled every allocator's ratio towards 1.  At the end it prints the
 * final line prefixed with "done last_ns=<the last, partial slice>
 * slices=<count, the partial one included> ", time_ms being the slices'
 * time scaled to all the steps (times all ticks over the timed ones):
 * the waits are never counted.  The allocators see their clocks stopped
 * during the waits too (clock_gettime below).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stdbool.h>
#include <time.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <ctype.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

/* Brink's mallopt parameter (libc/include/malloc.h), only passed when the
 * Brink allocator is preloaded. */
#define M_FIT_POLICY     (-64)
#define MALLOC_FIRST_FIT 1
#define MALLOC_BEST_FIT  2
int mallopt(int param, int value);

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t checksum;

/* ------------------------------------------------------------ slicing -- */
/* Every workload loop calls tick() once per step.  Unsliced, the counter
 * starts at LONG_MAX and never runs out; sliced, it runs out every
 * slice_ticks steps, and slice_end() reports the slice and waits.  The
 * same decrement and compare either way, under every allocator. */
static long tick_left = LONG_MAX;
static long slice_ticks;                /* 0: not sliced */
static long warm_ticks;                 /* untimed steps before each slice */
static bool warming;                    /* in those steps now */
static long ticks_base;                 /* ticks of the phases before this one */
static long nslices;                    /* slices reported */
static uint64_t sliced_ns;              /* their total time */
static uint64_t slice_start;            /* real_ns() when this slice started */

/* The clocks the allocators read stop while the process waits for its
 * turn: this clock_gettime, exported by the executable, comes before
 * libc's for every library, and subtracts the time spent waiting.
 * Allocators that return memory on a timer (jemalloc's decay, mimalloc's
 * decommit delays) would otherwise take each wait (the other allocators'
 * slices) for idle time and purge more than when running alone.  The
 * figures themselves use the real clock. */
static int (*libc_clock_gettime)(clockid_t, struct timespec *);
static int64_t waited_ns;               /* time spent waiting between slices */

/* After the preloaded allocators' constructors, which may already read
 * the clock (by the system call until then). */
__attribute__((constructor)) static void find_libc_clock(void)
{
	libc_clock_gettime = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
}

static int real_clock_gettime(clockid_t id, struct timespec *ts)
{
	if (libc_clock_gettime)
		return libc_clock_gettime(id, ts);
	return (int)syscall(SYS_clock_gettime, id, ts);
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	int r = real_clock_gettime(id, ts);
	/* not the CPU-time clocks (2, 3, and the negative per-thread ones) */
	if (r == 0 && waited_ns && id >= 0 && id != CLOCK_PROCESS_CPUTIME_ID &&
	    id != CLOCK_THREAD_CPUTIME_ID) {
		int64_t ns = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec - waited_ns;
		ts->tv_sec = ns / 1000000000;
		ts->tv_nsec = ns % 1000000000;
	}
	return r;
}

static uint64_t real_ns(void)
{
	struct timespec t;
	real_clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Raw read/write, not stdio: stdio would allocate its buffers (with the
 * allocator under test) in the middle of the workload. */
static void put_str(const char *s, size_t n)
{
	while (n) {
		ssize_t r = write(1, s, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			_exit(3);
		s += r;
		n -= (size_t)r;
	}
}

static void put_ns_line(uint64_t ns)
{
	char buf[24], *p = buf + sizeof(buf);
	*--p = '\n';
	do
		*--p = (char)('0' + ns % 10);
	while (ns /= 10);
	put_str(p, (size_t)(buf + sizeof(buf) - p));
}

/* Block until the driver sends a byte, then start the next slice.
 * stopped: real_ns() when the last slice (or the setup) ended. */
static void slice_wait(uint64_t stopped)
{
	char c;
	ssize_t r;
	do
		r = read(0, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		_exit(3);               /* the driver went away */
	slice_start = real_ns();
	waited_ns += (int64_t)(slice_start - stopped);
}

/* The length of the phase now running: warm-up or timed slice. */
static long phase_ticks(void)
{
	return warming ? warm_ticks : slice_ticks ? slice_ticks : LONG_MAX;
}

/* After the wait: the warm-up steps first, if any, untimed. */
static void slice_begin(void)
{
	warming = warm_ticks > 0;
	tick_left = phase_ticks();
}

__attribute__((noinline, cold)) static void slice_end(void)
{
	ticks_base += phase_ticks();
	if (warming) {
		warming = false;
		tick_left = slice_ticks;
		slice_start = real_ns();
		return;
	}
	uint64_t now = real_ns(), ns = now - slice_start;
	sliced_ns += ns;
	nslices++;
	put_ns_line(ns);
	slice_wait(now);
	slice_begin();
}

static inline void tick(void)
{
	if (__builtin_expect(--tick_left == 0, 0))
		slice_end();
}

static long ticks_total(void)
{
	return ticks_base + phase_ticks() - tick_left;
}

/* Write what a program would: a header, and one byte per page. */
static void touch(unsigned char *p, size_t n, uint64_t v)
{
	size_t h = n < 16 ? n : 16;
	memset(p, (int)(v & 0xff), h);
	for (size_t i = 4096; i < n; i += 4096)
		p[i] = (unsigned char)v;
	if (n)
		p[n - 1] = (unsigned char)(v >> 8);
}

static void consume(const unsigned char *p, size_t n)
{
	if (!n)
		return;
	checksum = checksum * 31 + p[0] + p[n - 1] * 7u;
	for (size_t i = 4096; i < n; i += 4096)
		checksum += p[i];
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

/* ------------------------------------------------------- churn, small -- */
/* live objects of 16-512 bytes; each step reads one at random, frees it
 * and allocates a new one. */
static void replace_random(unsigned char **obj, size_t *len, size_t live, long steps)
{
	for (size_t i = 0; i < live; i++) {
		tick();
		len[i] = 16 + rnd() % 497;
		obj[i] = xmalloc(len[i]);
		touch(obj[i], len[i], (uint64_t)i);
	}
	for (long s = 0; s < steps; s++) {
		tick();
		size_t i = rnd() % live;
		consume(obj[i], len[i]);
		free(obj[i]);
		len[i] = 16 + rnd() % 497;
		obj[i] = xmalloc(len[i]);
		touch(obj[i], len[i], (uint64_t)s);
	}
	for (size_t i = 0; i < live; i++) {
		tick();
		consume(obj[i], len[i]);
		free(obj[i]);
	}
}

static void churn(void)
{
	enum { LIVE = 50000, STEPS = 12000000 };
	unsigned char **obj = xmalloc(LIVE * sizeof(*obj));
	size_t *len = xmalloc(LIVE * sizeof(*len));
	replace_random(obj, len, LIVE, STEPS);
	free(obj);
	free(len);
}

/* The same with a small live set, as in most programs' inner loops. */
static void small(void)
{
	enum { LIVE = 100, STEPS = 30000000 };
	unsigned char *obj[LIVE];
	size_t len[LIVE];
	replace_random(obj, len, LIVE, STEPS);
}

/* ------------------------------------------------------------- mixed -- */
static void mixed(void)
{
	enum { SMALL = 20000, BIG = 48, STEPS = 3000000 };
	unsigned char **s = xmalloc(SMALL * sizeof(*s)), **b = xmalloc(BIG * sizeof(*b));
	size_t *sl = xmalloc(SMALL * sizeof(*sl)), *bl = xmalloc(BIG * sizeof(*bl));
	memset(b, 0, BIG * sizeof(*b));
	memset(bl, 0, BIG * sizeof(*bl));
	for (int i = 0; i < SMALL; i++) {
		tick();
		sl[i] = 16 + rnd() % 1009;
		s[i] = xmalloc(sl[i]);
		touch(s[i], sl[i], (uint64_t)i);
	}
	for (long step = 0; step < STEPS; step++) {
		tick();
		size_t i = rnd() % SMALL;
		consume(s[i], sl[i]);
		free(s[i]);
		sl[i] = rnd() % 8 ? 16 + rnd() % 1009 : 1024 + rnd() % 15000;
		s[i] = xmalloc(sl[i]);
		touch(s[i], sl[i], (uint64_t)step);
		if (step % 300 == 0) {
			/* phases: how many big buffers are live, and how big */
			long phase = step / 200000;
			int live = 8 + (int)(phase * 13 % (BIG - 8));
			size_t cap = phase % 3 == 0 ? (1 << 20) : phase % 3 == 1 ? (256 << 10) : (640 << 10);
			size_t j = rnd() % BIG;
			if (b[j]) {
				consume(b[j], bl[j]);
				free(b[j]);
				b[j] = NULL;
			}
			if ((int)j < live) {
				bl[j] = (64 << 10) + rnd() % (cap - (64 << 10) + 1);
				b[j] = xmalloc(bl[j]);
				touch(b[j], bl[j], (uint64_t)step);
			}
		}
	}
	for (int i = 0; i < SMALL; i++) {
		tick();
		consume(s[i], sl[i]);
		free(s[i]);
	}
	for (int j = 0; j < BIG; j++) {
		tick();
		if (b[j]) {
			consume(b[j], bl[j]);
			free(b[j]);
		}
	}
	free(s);
	free(b);
	free(sl);
	free(bl);
}

/* ----------------------------------------------------------- realloc -- */
static void realloc_growth(void)
{
	enum { STR = 3000, VEC = 300, STEPS = 6000000 };
	unsigned char **str = xmalloc(STR * sizeof(*str));
	size_t *slen = xmalloc(STR * sizeof(*slen)), *starget = xmalloc(STR * sizeof(*starget));
	unsigned char **vec = xmalloc(VEC * sizeof(*vec));
	size_t *vlen = xmalloc(VEC * sizeof(*vlen)), *vcap = xmalloc(VEC * sizeof(*vcap));
	memset(str, 0, STR * sizeof(*str));
	memset(slen, 0, STR * sizeof(*slen));
	memset(starget, 0, STR * sizeof(*starget));
	memset(vec, 0, VEC * sizeof(*vec));
	memset(vlen, 0, VEC * sizeof(*vlen));
	memset(vcap, 0, VEC * sizeof(*vcap));
	for (long step = 0; step < STEPS; step++) {
		tick();
		if (step % 16) {
			/* a string grows by a few bytes at a time */
			size_t i = rnd() % STR;
			if (!starget[i])
				starget[i] = (size_t)64 << (rnd() % 10);        /* 64 B .. 32 KiB */
			size_t add = 1 + rnd() % 48;
			unsigned char *q = realloc(str[i], slen[i] + add);
			if (!q)
				exit(1);
			memset(q + slen[i], (int)(step & 0x7f), add);
			str[i] = q;
			slen[i] += add;
			if (slen[i] >= starget[i]) {
				/* done: shrink to fit, use, free */
				str[i] = realloc(str[i], slen[i]);
				consume(str[i], slen[i]);
				free(str[i]);
				str[i] = NULL;
				slen[i] = starget[i] = 0;
			}
		} else {
			/* a vector doubles its capacity */
			size_t i = rnd() % VEC;
			if (vlen[i] == vcap[i]) {
				size_t cap = vcap[i] ? vcap[i] * 2 : 16;
				if (cap > ((size_t)1 << 20) || rnd() % 64 == 0) {
					consume(vec[i], vlen[i]);
					free(vec[i]);
					vec[i] = NULL;
					vlen[i] = vcap[i] = 0;
					continue;
				}
				unsigned char *q = realloc(vec[i], cap);
				if (!q)
					exit(1);
				vec[i] = q;
				vcap[i] = cap;
			}
			size_t add = vcap[i] - vlen[i] < 64 ? vcap[i] - vlen[i] : 64;
			memset(vec[i] + vlen[i], (int)(step & 0x3f), add);
			vlen[i] += add;
		}
	}
	for (int i = 0; i < STR; i++) {
		tick();
		consume(str[i], slen[i]);
		free(str[i]);
	}
	for (int i = 0; i < VEC; i++) {
		tick();
		consume(vec[i], vlen[i]);
		free(vec[i]);
	}
	free(str);
	free(slen);
	free(starget);
	free(vec);
	free(vlen);
	free(vcap);
}

/* -------------------------------------------------------------- frag -- */
static void frag(void)
{
	enum { GEN = 40, PER = 120000, KEEP_MAX = 200000 };
	unsigned char **keep = xmalloc(KEEP_MAX * sizeof(*keep));
	size_t *klen = xmalloc(KEEP_MAX * sizeof(*klen));
	unsigned char **cur = xmalloc(PER * sizeof(*cur));
	size_t *clen = xmalloc(PER * sizeof(*clen));
	size_t nkeep = 0;
	for (int g = 0; g < GEN; g++) {
		/* sizes shift with the phase: small, medium, mixed */
		int phase = g % 4;
		for (int i = 0; i < PER; i++) {
			tick();
			size_t n;
			switch (phase) {
			case 0: n = 16 + rnd() % 112; break;
			case 1: n = 128 + rnd() % 900; break;
			case 2: n = 16 + (rnd() % 100 < 90 ? rnd() % 200 : rnd() % 8000); break;
			default: n = 1024 + rnd() % 3072; break;
			}
			clen[i] = n;
			cur[i] = xmalloc(n);
			touch(cur[i], n, (uint64_t)(g * PER + i));
		}
		/* a tenth survives; the oldest survivors die when space runs out */
		for (int i = 0; i < PER; i++) {
			tick();
			if (rnd() % 10 == 0) {
				if (nkeep == KEEP_MAX) {
					size_t k = rnd() % nkeep;
					consume(keep[k], klen[k]);
					free(keep[k]);
					keep[k] = keep[--nkeep];
					klen[k] = klen[nkeep];
				}
				keep[nkeep] = cur[i];
				klen[nkeep++] = clen[i];
			} else {
				consume(cur[i], clen[i]);
				free(cur[i]);
			}
		}
		/* some of the long-lived die too */
		for (size_t k = 0; k < nkeep; ) {
			tick();
			if (rnd() % 5 == 0) {
				consume(keep[k], klen[k]);
				free(keep[k]);
				keep[k] = keep[--nkeep];
				klen[k] = klen[nkeep];
			} else {
				k++;
			}
		}
	}
	for (size_t k = 0; k < nkeep; k++) {
		tick();
		consume(keep[k], klen[k]);
		free(keep[k]);
	}
	free(keep);
	free(klen);
	free(cur);
	free(clen);
}

/* ------------------------------------------------------------- regrow -- */
/* Buffers grown by realloc, in turn: a record's buffer starts small, is
 * grown to 16-64 KiB and written, and is freed when its slot comes round
 * again, twelve at a time.  Each buffer moves into the hole another just
 * left: memory reused at once, which realloc must not give back to the
 * kernel every round (docs/malloc.md). */
static void regrow(void)
{
	enum { BUFS = 12, ROUNDS = 400000 };
	unsigned char *buf[BUFS] = { 0 }, *guard[BUFS] = { 0 };
	size_t len[BUFS] = { 0 };
	for (long r = 0; r < ROUNDS; r++) {
		tick();
		int i = (int)(r % BUFS);
		if (buf[i]) {
			consume(buf[i], len[i]);
			free(buf[i]);
			free(guard[i]);
		}
		unsigned char *p = xmalloc(4000);
		touch(p, 4000, (uint64_t)r);
		guard[i] = xmalloc(16);         /* so the buffer cannot grow in place */
		len[i] = 16384 + rnd() % 49153;
		if (!(buf[i] = realloc(p, len[i])))
			exit(1);
		touch(buf[i], len[i], (uint64_t)r);
	}
	for (int i = 0; i < BUFS; i++) {
		tick();
		if (buf[i]) {
			consume(buf[i], len[i]);
			free(buf[i]);
			free(guard[i]);
		}
	}
}

/* ------------------------------------------------------------ harness -- */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t fl = strlen(field);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, field, fl) && line[fl] == ':')
			v = atol(line + fl + 1);
	if (f)
		fclose(f);
	return v;
}

/*
 * Make the pages of the files every run maps (this program, libc, ld.so)
 * resident before the workload, so that they weigh the same in every
 * run.  A read fault in a file mapping maps up to 16 cached pages around
 * it (fault-around, in a 64 KiB window aligned on the virtual address),
 * so which of libc's pages a process holds depends on where ASLR put
 * libc: 700-990 KiB of its text from run to run under any allocator, a
 * spread larger than the allocators' differences on small, and as large
 * as them on mixed.  The preloaded allocator's own object is left alone:
 * its pages count as it uses them.
 */
static void populate_common(void)
{
	char exe[PATH_MAX], line[PATH_MAX + 128];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perm[8], path[PATH_MAX] = "";
		_Static_assert(PATH_MAX == 4096, "the %4095s below");
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %4095s", &lo, &hi, perm, path) < 3 ||
		    perm[0] != 'r' || perm[1] == 'w')
			continue;
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		if (strcmp(path, exe) && strcmp(base, "libc.so.6") && strncmp(base, "ld-linux", 8))
			continue;
		for (unsigned long a = lo; a < hi; a += 4096)
			(void)*(volatile const char *)a;
	}
	if (f)
		fclose(f);
}

static double now_ms(void)
{
	return real_ns() / 1e6;
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s churn|mixed|realloc|frag|small|regrow [--policy first|best] "
	        "[--seed N] [--sliced [--slice-ticks N] [--warm-ticks N]]\n", argv0);
	exit(2);
}

int main(int argc, char **argv)
{
	/* slice: ticks (loop steps) per slice in sliced mode; under glibc on
	 * the x86-64 VM about 20, 13, 20 and 28 ms, for 49, 31, 101 and 60
	 * slices */
	static const struct {
		const char *name;
		void (*fn)(void);
		long slice;
	} w[] = {
		{ "churn", churn, 250000 },
		{ "mixed", mixed, 100000 },
		{ "realloc", realloc_growth, 60000 },
		{ "frag", frag, 200000 },
		{ "small", small, 2000000 },
		{ "regrow", regrow, 30000 },
	};
	int sliced = 0;
	long ticks_arg = 0;
	warm_ticks = -1;                /* not given: as many as a slice's */
	uint64_t seed = 0;
	if (argc < 2)
		usage(argv[0]);
	for (int a = 2; a < argc; a++) {
		if (!strcmp(argv[a], "--policy") && a + 1 < argc) {
			a++;
			if (mallopt(M_FIT_POLICY, !strcmp(argv[a], "first") ? MALLOC_FIRST_FIT : MALLOC_BEST_FIT) != 1)
				fprintf(stderr, "warning: M_FIT_POLICY not accepted\n");
		} else if (!strcmp(argv[a], "--seed") && a + 1 < argc) {
			seed = strtoull(argv[++a], NULL, 0);
		} else if (!strcmp(argv[a], "--sliced")) {
			sliced = 1;
		} else if (!strcmp(argv[a], "--slice-ticks") && a + 1 < argc) {
			ticks_arg = atol(argv[++a]);
			if (ticks_arg <= 0)
				usage(argv[0]);
		} else if (!strcmp(argv[a], "--warm-ticks") && a + 1 < argc) {
			warm_ticks = atol(argv[++a]);
			if (warm_ticks < 0 || !isdigit((unsigned char)argv[a][0]))
				usage(argv[0]);
		} else {
			usage(argv[0]);
		}
	}
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (strcmp(argv[1], w[i].name))
			continue;
		rng = 0x9e3779b97f4a7c15ull ^ (i + 1) ^ (seed << 8);
		populate_common();
		long base = status_kb("VmRSS");
		struct rusage r0, r1;
		double time_ms;
		uint64_t last = 0;
		if (sliced) {
			slice_ticks = ticks_arg ? ticks_arg : w[i].slice;
			if (warm_ticks < 0)
				warm_ticks = slice_ticks;
			getrusage(RUSAGE_SELF, &r0);
			put_str("ready\n", 6);
			slice_wait(real_ns());
			slice_begin();
			w[i].fn();
			last = warming ? 0 : real_ns() - slice_start;
			getrusage(RUSAGE_SELF, &r1);
			/* the timed steps' time, scaled to all the steps */
			long timed = nslices * slice_ticks + (warming ? 0 : slice_ticks - tick_left);
			time_ms = timed ? (sliced_ns + last) / 1e6 * ((double)ticks_total() / timed) : 0;
		} else {
			getrusage(RUSAGE_SELF, &r0);
			double t0 = now_ms();
			w[i].fn();
			double t1 = now_ms();
			getrusage(RUSAGE_SELF, &r1);
			time_ms = t1 - t0;
		}
		long kept = status_kb("VmRSS") - base;
		if (sliced)
			printf("done last_ns=%llu slices=%ld ", (unsigned long long)last, nslices + 1);
		printf("workload=%s time_ms=%.1f peak_kb=%ld kept_kb=%ld base_kb=%ld minflt=%ld ticks=%ld "
		       "checksum=%016llx\n",
		       w[i].name, time_ms, status_kb("VmHWM"), kept < 0 ? 0 : kept, base,
		       r1.ru_minflt - r0.ru_minflt, ticks_total(), (unsigned long long)checksum);
		return 0;
	}
	fprintf(stderr, "unknown workload %s\n", argv[1]);
	return 2;
}
