/*
 * malloc_stats.c - mallinfo2 (walks every piece) and malloc_stats (the
 * same figures on stderr, in glibc's layout, plus Brink's own lines).
 */
#include "malloc_impl.h"

MALLOC_API COLD struct mallinfo2 mallinfo2(void)
{
	struct mstate *m = &MI(state);
	struct mallinfo2 mi;
	memset(&mi, 0, sizeof(mi));
	for (struct piece *pc = m->pieces; pc; pc = pc->next) {
		for (struct mchunk *c = pc->first; c < pc->fence; c = chunk_plus(c, csize(c))) {
			size_t sz = csize(c);
			if (sz == 0)
				break;
			if ((c->head & (TAG_MASK | CINUSE)) == (tag_for(m, c, sz, KIND_CACHED) | CINUSE)) {
				mi.smblks++;
				mi.fsmblks += sz;
				mi.fordblks += sz;
			} else if (c->head & CINUSE) {
				mi.uordblks += sz;
			} else {
				mi.fordblks += sz;
				mi.ordblks++;
			}
		}
	}
	mi.arena = m->heap_bytes;
	mi.hblks = m->mmap_count;
	mi.hblkhd = m->mmap_bytes;
	mi.keepcost = m->top ? csize(m->top) : 0;
	return mi;
}

static COLD void line(const char *label, size_t v)
{
	char buf[64], digits[24];
	size_t n = 0, nd = 0;
	while (*label && n < 20)
		buf[n++] = *label++;
	while (n < 17)
		buf[n++] = ' ';
	buf[n++] = '=';
	buf[n++] = ' ';
	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t pad = nd; pad < 10; pad++)
		buf[n++] = ' ';
	while (nd)
		buf[n++] = digits[--nd];
	buf[n++] = '\n';
	MI(os_write_err)(buf, n);
}

/* A string literal's bytes (no strlen: this object calls nothing of the
 * host's libc it can do without, see malloc_os.c). */
#define TEXT(s) MI(os_write_err)((s), sizeof(s) - 1)

MALLOC_API COLD void malloc_stats(void)
{
	struct mstate *m = &MI(state);
	MI(init)(m);
	struct mallinfo2 mi = mallinfo2();
	TEXT("Arena 0:\n");
	line("system bytes", mi.arena);
	line("in use bytes", mi.uordblks);
	TEXT("Total (incl. mmap):\n");
	line("system bytes", mi.arena + mi.hblkhd);
	line("in use bytes", mi.uordblks + mi.hblkhd);
	line("max mmap regions", m->max_mmap_count);
	line("max mmap bytes", m->max_mmap_bytes);
	line("heap pieces", m->npieces);
	line("free chunks", mi.ordblks);
	line("cached chunks", mi.smblks);
	line("cached bytes", mi.fsmblks);
	line("mmap threshold", m->mmap_threshold);
	line("trim threshold", m->trim_threshold);
	if (m->policy == MALLOC_FIRST_FIT)
		TEXT("fit policy       = first\n");
	else
		TEXT("fit policy       = best\n");
}
