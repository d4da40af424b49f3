/*
 * string.h - the kernel's memory and string functions.
 *
 * Standard names and semantics, because gcc itself emits calls to memcpy,
 * memset, memmove and memcmp (struct copies, large initialisers) even with
 * -ffreestanding, so those four symbols must exist in the kernel anyway.
 * strlcpy (BSD) is provided instead of strcpy/strncpy: it always
 * terminates and tells the caller whether the copy was truncated.
 *
 * Host unit tests that link string.c rename the functions on the command
 * line (-Dmemcpy=k_memcpy ...) so they do not collide with the host libc;
 * see tests/host/kstring_test.mk.
 */
#ifndef BRINK_LIB_STRING_H
#define BRINK_LIB_STRING_H

#include <stddef.h>

void  *memset(void *dst, int c, size_t n);
void  *memcpy(void *restrict dst, const void *restrict src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
int    memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strchr(const char *s, int c);
char  *strrchr(const char *s, int c);

/*
 * Copy src into dst (of size bytes), always NUL-terminated when size > 0.
 * Returns strlen(src): the copy was truncated iff the result is >= size.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

#endif
