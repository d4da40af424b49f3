/*
 * internal.h - what the maths library's files share and do not export.
 * elf2flat exports every global defined in the library's own objects
 * except hidden ones, so everything here is hidden.
 */
#ifndef MATHS_INTERNAL_H
#define MATHS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "maths.h"

#define HIDDEN __attribute__((visibility("hidden")))

/* A new tracked result of size bytes (uninitialised, not yet finished), or
 * NULL.  The caller fills it and then calls track_seal(). */
HIDDEN void *track_alloc(size_t size);
/* Grow or shrink an unfinished result (it may move); NULL leaves it as it
 * was, still tracked. */
HIDDEN void *track_resize(void *p, size_t size);
/* The result is finished: record the checksum of its contents. */
HIDDEN void track_seal(void *p);
/* Give back an unfinished result (on a failure half-way). */
HIDDEN void track_discard(void *p);

/* Counts a call into the library (maths_calls). */
HIDDEN void maths_enter(void);

/* Allocation of a bignum with room for len limbs (len >= 1). */
HIDDEN struct maths_bignum *bn_alloc(uint32_t len);
/* Drop leading zero limbs, shrink, seal. */
HIDDEN const struct maths_bignum *bn_finish(struct maths_bignum *a);

#endif
