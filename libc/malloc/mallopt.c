/*
 * mallopt.c - tuning.  M_MMAP_THRESHOLD and M_TRIM_THRESHOLD pin their
 * value (no more adapting, as in glibc); M_TOP_PAD sets what each heap
 * growth adds beyond the request; M_FIT_POLICY picks first or best fit;
 * M_CACHE_COUNT sets how many freed chunks of each size below 1 KiB the
 * front cache keeps, at most 64 (0 turns it off; the cache is emptied
 * first).
 * Returns 1 on success, 0 for an unknown parameter or a bad value.
 */
#include "malloc_impl.h"

MALLOC_API COLD int mallopt(int param, int value)
{
	struct mstate *m = &MI(state);
	MI(init)(m);
	switch (param) {
	case M_MMAP_THRESHOLD:
		if (value < 0 || (size_t)value > MMAP_THRESHOLD_MAX)
			return 0;
		m->mmap_threshold = (size_t)value;
		m->mmap_pinned = true;
		return 1;
	case M_TRIM_THRESHOLD:
		if (value < 0)
			return 0;
		m->trim_threshold = (size_t)value;
		m->trim_pinned = true;
		return 1;
	case M_TOP_PAD:
		if (value < 0)
			return 0;
		m->top_pad = (size_t)value;
		return 1;
	case M_CACHE_COUNT:
		if (value < 0 || value > (int)CACHE_COUNT_MAX)
			return 0;
		MI(cache_setup)(m, (unsigned)value);
		return 1;
	case M_FIT_POLICY:
		if (value != MALLOC_FIRST_FIT && value != MALLOC_BEST_FIT)
			return 0;
		MI(set_policy)(m, value);
		return 1;
	}
	return 0;
}

void MI(reset_params)(void)
{
	struct mstate *m = &MI(state);
	MI(init)(m);
	MI(set_policy)(m, DEFAULT_POLICY);
	m->mmap_threshold = DEFAULT_MMAP_THRESHOLD;
	m->trim_threshold = DEFAULT_TRIM_THRESHOLD;
	m->top_pad = DEFAULT_TOP_PAD;
	MI(cache_setup)(m, DEFAULT_CACHE_COUNT);
	m->mmap_pinned = m->trim_pinned = false;
	m->trimmed = 0;
}
