/*
 * format.h - the printf-style formatter behind kprintf and ksnprintf.
 *
 * kvformat hands each output character to a callback, so one formatter
 * serves the consoles (kprintf), fixed buffers (ksnprintf) and anything
 * else.  It understands the C99 integer, character, string and pointer
 * conversions; there is no floating point in the kernel.
 *
 *   conversions  %d %i %u %x %X %o %c %s %p %%
 *   flags        - + space 0 #
 *   width        digits or *  (a negative * width means '-' and its magnitude)
 *   precision    .digits or .*  (a negative * precision counts as absent)
 *   length       hh h l ll z j t
 *
 * Differences from the C library worth knowing:
 *   %p      "0x" and at least 8 lowercase hex digits, zero-filled: kernel
 *           addresses are 32-bit, so in the kernel it is always exactly
 *           "0x" + 8 digits (NULL is "0x00000000").  Width and '-' apply.
 *   %s      a NULL pointer prints "(null)" (nothing at all when a precision
 *           below 6 is given, as glibc does).
 *   unknown a conversion the formatter does not know (%f, %n, %ls, %q, ...)
 *           is printed verbatim, from the '%' to the offending character,
 *           and consumes no argument.  A lone '%' at the end prints itself.
 *   errors  the result is -1 if the output would exceed INT_MAX characters.
 */
#ifndef BRINK_LIB_FORMAT_H
#define BRINK_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*format_put_fn)(char c, void *ctx);

/* Format into put(c, ctx); returns the number of characters produced. */
int kvformat(format_put_fn put, void *ctx, const char *fmt, va_list ap);

/*
 * C99 vsnprintf: writes at most size - 1 characters and a NUL (when
 * size > 0; buf may be NULL when size is 0), and returns the length the
 * whole output would have had, so "result >= size" means truncated.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
