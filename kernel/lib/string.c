/*
 * string.c - memory and string functions for the kernel.
 *
 * On x86 the bulk functions use the string instructions: "rep movsl" and
 * "rep stosl" move four bytes per iteration and are what CPUs since the
 * Pentium Pro optimise ("fast strings"), with "rep movsb/stosb" for the last
 * 0-3 bytes.  The System V ABI guarantees the direction flag is clear on
 * function entry (the trap entry code must "cld" before calling C), and
 * memmove's backward copy puts it back with "cld" before returning.
 *
 * The same asm also assembles for x86-64, so the host unit tests run the
 * very instructions the kernel runs; STRING_PORTABLE selects plain C loops
 * instead (tested too, under AddressSanitizer, which cannot see into asm).
 */
#include "string.h"

#include <stdint.h>

#if (defined(__i386__) || defined(__x86_64__)) && !defined(STRING_PORTABLE)
#define STRING_X86 1
#endif

void *memset(void *dst, int c, size_t n)
{
#ifdef STRING_X86
    uint32_t pattern = (uint8_t)c * 0x01010101u;
    void *d = dst;
    size_t words = n / 4;

    asm volatile("rep stosl\n\t"
                 "movl %[tail], %%ecx\n\t"
                 "rep stosb"
                 : "+D"(d), "+c"(words)
                 : "a"(pattern), [tail] "rm"((unsigned)(n % 4))
                 : "memory");
#else
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
#endif
    return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
#ifdef STRING_X86
    void *d = dst;
    const void *s = src;
    size_t words = n / 4;

    asm volatile("rep movsl\n\t"
                 "movl %[tail], %%ecx\n\t"
                 "rep movsb"
                 : "+D"(d), "+S"(s), "+c"(words)
                 : [tail] "rm"((unsigned)(n % 4))
                 : "memory");
#else
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
#endif
    return dst;
}

/*
 * A forward copy is safe unless dst starts inside [src, src + n); only then
 * must the copy run from the end down.
 */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (n == 0 || d == s)
        return dst;
    if ((uintptr_t)d - (uintptr_t)s >= n) {
        /* Forward.  rep movs copies in ascending order one element at a
         * time, so it is correct for overlap with d < s as well. */
#ifdef STRING_X86
        size_t words = n / 4;
        asm volatile("rep movsl\n\t"
                     "movl %[tail], %%ecx\n\t"
                     "rep movsb"
                     : "+D"(d), "+S"(s), "+c"(words)
                     : [tail] "rm"((unsigned)(n % 4))
                     : "memory");
#else
        while (n--)
            *d++ = *s++;
#endif
        return dst;
    }

    /* Backward: s < d < s + n. */
#ifdef STRING_X86
    size_t words = n / 4;
    for (size_t i = n; i > words * 4; i--)     /* the 0-3 trailing bytes */
        d[i - 1] = s[i - 1];
    if (words) {
        unsigned char *dl = d + (words - 1) * 4;
        const unsigned char *sl = s + (words - 1) * 4;
        asm volatile("std\n\t"
                     "rep movsl\n\t"
                     "cld"
                     : "+D"(dl), "+S"(sl), "+c"(words)
                     :
                     : "memory");
    }
#else
    while (n) {
        n--;
        d[n] = s[n];
    }
#endif
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

/* Never reads s[maxlen] or beyond: s need not be terminated. */
size_t strnlen(const char *s, size_t maxlen)
{
    size_t n = 0;

    while (n < maxlen && s[n])
        n++;
    return n;
}

/* Characters compare as unsigned char, as the C standard requires. */
int strcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    while (*p && *p == *q) {
        p++;
        q++;
    }
    return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    for (; n; n--, p++, q++) {
        if (*p != *q)
            return *p - *q;
        if (*p == '\0')
            break;
    }
    return 0;
}

/* As in C, the terminator is part of the string: strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
    char ch = (char)c;

    for (;; s++) {
        if (*s == ch)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    char ch = (char)c;
    const char *last = NULL;

    for (;; s++) {
        if (*s == ch)
            last = s;
        if (*s == '\0')
            return (char *)last;
    }
}

size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
