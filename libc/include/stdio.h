/*
 * stdio.h - formatted and buffered output.
 *
 * Only the two output streams exist: stdout (fd 1) is line-buffered when
 * it is a character device (the console) and fully buffered otherwise;
 * stderr (fd 2) is unbuffered.  exit() flushes stdout.  See docs/libc.md.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef struct __FILE FILE;

#define EOF     (-1)
#define BUFSIZ  1024

#define _IOFBF  0       /* fully buffered */
#define _IOLBF  1       /* line buffered */
#define _IONBF  2       /* unbuffered */

extern FILE __stdout_FILE, __stderr_FILE;
#define stdout (&__stdout_FILE)
#define stderr (&__stderr_FILE)

#define __printf_like(f, a) __attribute__((__format__(__printf__, f, a)))

int printf(const char *restrict fmt, ...) __printf_like(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) __printf_like(2, 3);
int sprintf(char *restrict buf, const char *restrict fmt, ...) __printf_like(2, 3);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__printf_like(3, 4);
int vprintf(const char *restrict fmt, va_list ap) __printf_like(1, 0);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) __printf_like(2, 0);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap) __printf_like(2, 0);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
	__printf_like(3, 0);

int    puts(const char *s);
int    putchar(int c);
int    fputs(const char *restrict s, FILE *restrict f);
int    fputc(int c, FILE *f);
int    putc(int c, FILE *f);
size_t fwrite(const void *restrict p, size_t size, size_t nmemb, FILE *restrict f);
void   perror(const char *s);
int    fflush(FILE *f);
int    setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size);
int    ferror(FILE *f);
void   clearerr(FILE *f);

#undef __printf_like

#endif
