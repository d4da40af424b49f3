/*
 * string/word.h - moving memory a machine word at a time, for mem*.
 *
 * On i386 the bulk goes through `rep movsl` / `rep stosl`: the processor's
 * fast-string microcode beats any general-register loop (no SSE here: the
 * kernel does not save FPU state), 7 to 8 times over for 4 KiB blocks.
 * Elsewhere (the x86-64 host tests, under ASan, which cannot see inside an
 * asm) a C loop does the same; the i386 build of the tests runs the asm.
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

/*
 * Copies n words from *s to *d in ascending order, advancing both; *d is
 * word-aligned.  Ascending word by word, so a destination below the source
 * may overlap it (memmove relies on this).
 */
static inline void copy_words_forward(unsigned char **d, const unsigned char **s, size_t n)
{
#ifdef __i386__
	__asm__ volatile("rep movsl" : "+D"(*d), "+S"(*s), "+c"(n) : : "memory");
#else
	word_t *dw = (word_t *)*d;
	const uword_t *sw = (const uword_t *)*s;

	for (; n >= 4; n -= 4, dw += 4, sw += 4) {
		dw[0] = sw[0];
		dw[1] = sw[1];
		dw[2] = sw[2];
		dw[3] = sw[3];
	}
	while (n--)
		*dw++ = *sw++;
	*d = (unsigned char *)dw;
	*s = (const unsigned char *)sw;
#endif
}

/* Stores n copies of w from *d on, advancing it; *d is word-aligned. */
static inline void fill_words(unsigned char **d, word_t w, size_t n)
{
#ifdef __i386__
	__asm__ volatile("rep stosl" : "+D"(*d), "+c"(n) : "a"(w) : "memory");
#else
	word_t *dw = (word_t *)*d;

	for (; n >= 4; n -= 4, dw += 4) {
		dw[0] = w;
		dw[1] = w;
		dw[2] = w;
		dw[3] = w;
	}
	while (n--)
		*dw++ = w;
	*d = (unsigned char *)dw;
#endif
}

#endif
