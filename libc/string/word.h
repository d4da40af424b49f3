/*
 * string/word.h - the machine word the mem* functions move at a time.
 *
 * may_alias: a word access may touch bytes of any type.  aligned(1): a word
 * read from an unaligned source is legal C (x86 does it at full speed), so
 * only the destination needs aligning.
 */
#ifndef _LIBC_STRING_WORD_H
#define _LIBC_STRING_WORD_H

#include <stddef.h>
#include <stdint.h>

typedef size_t __attribute__((__may_alias__)) word_t;
typedef size_t __attribute__((__may_alias__, __aligned__(1))) uword_t;

#define WS sizeof(word_t)

/* a word with every byte equal to c */
#define WORD_OF(c) ((word_t)-1 / 0xff * (unsigned char)(c))

#endif
