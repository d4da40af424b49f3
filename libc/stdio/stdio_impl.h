/* stdio/stdio_impl.h - the FILE structure and stdio's internal calls. */
#ifndef _LIBC_STDIO_IMPL_H
#define _LIBC_STDIO_IMPL_H

#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>

/* f->mode before the first output decides it (stdout only) */
#define MODE_UNDECIDED (-1)

struct __FILE {
	int fd;
	int mode;               /* _IOFBF, _IOLBF, _IONBF or MODE_UNDECIDED */
	int error;              /* a write failed: ferror() */
	unsigned char *buf;     /* NULL when unbuffered */
	size_t size;            /* of buf */
	size_t len;             /* bytes in buf not yet written */
	unsigned char *own_buf; /* the static buffer setvbuf(f, NULL, ...) uses */
	size_t own_size;
};

/* Flushes stdout; called by exit() (weakly: see libc/stdlib/exit.c). */
void __stdio_exit(void);

/* The buffering mode of f, deciding stdout's on first use. */
int __stdio_mode(FILE *f);

/* Appends n bytes to f's stream as its mode says; 0, or EOF on error. */
int __fwritex(FILE *f, const void *s, size_t n);

/*
 * The printf engine.  Formats fmt with ap and passes the output, piece by
 * piece, to out(ctx, s, n); once out returns nonzero it is not called
 * again but the length is still counted.  Returns the length of the whole
 * output, or -1 with errno EOVERFLOW if it would exceed INT_MAX.
 */
typedef int (*__fmt_out)(void *ctx, const char *s, size_t n);
int __vformat(__fmt_out out, void *ctx, const char *fmt, va_list ap);

#endif
