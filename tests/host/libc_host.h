/*
 * tests/host/libc_host.h - Brink's libc as the host tests see it: every
 * public function under its brink_ name (see libc_rename.h), declared with
 * the host's types, which match libc's on the host.
 */
#ifndef LIBC_HOST_H
#define LIBC_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* string.h */
void  *brink_memcpy(void *restrict dst, const void *restrict src, size_t n);
void  *brink_memmove(void *dst, const void *src, size_t n);
void  *brink_memset(void *dst, int c, size_t n);
int    brink_memcmp(const void *a, const void *b, size_t n);
void  *brink_memchr(const void *s, int c, size_t n);
void  *brink_memrchr(const void *s, int c, size_t n);
size_t brink_strlen(const char *s);
size_t brink_strnlen(const char *s, size_t maxlen);
int    brink_strcmp(const char *a, const char *b);
int    brink_strncmp(const char *a, const char *b, size_t n);
int    brink_strcasecmp(const char *a, const char *b);
int    brink_strncasecmp(const char *a, const char *b, size_t n);
char  *brink_strcpy(char *restrict dst, const char *restrict src);
char  *brink_strncpy(char *restrict dst, const char *restrict src, size_t n);
char  *brink_strcat(char *restrict dst, const char *restrict src);
char  *brink_strncat(char *restrict dst, const char *restrict src, size_t n);
char  *brink_strchr(const char *s, int c);
char  *brink_strrchr(const char *s, int c);
char  *brink_strstr(const char *haystack, const char *needle);
size_t brink_strspn(const char *s, const char *accept);
size_t brink_strcspn(const char *s, const char *reject);
char  *brink_strpbrk(const char *s, const char *accept);
char  *brink_strtok(char *restrict s, const char *restrict delim);
char  *brink_strtok_r(char *restrict s, const char *restrict delim, char **restrict save);
char  *brink_strdup(const char *s);
char  *brink_strndup(const char *s, size_t n);
char  *brink_strerror(int errnum);

/* ctype.h */
int brink_isalnum(int c);
int brink_isalpha(int c);
int brink_isascii(int c);
int brink_isblank(int c);
int brink_iscntrl(int c);
int brink_isdigit(int c);
int brink_isgraph(int c);
int brink_islower(int c);
int brink_isprint(int c);
int brink_ispunct(int c);
int brink_isspace(int c);
int brink_isupper(int c);
int brink_isxdigit(int c);
int brink_tolower(int c);
int brink_toupper(int c);

/* stdlib.h */
typedef struct { int quot, rem; } brink_div_t;
typedef struct { long quot, rem; } brink_ldiv_t;
typedef struct { long long quot, rem; } brink_lldiv_t;
int                brink_atoi(const char *s);
long               brink_atol(const char *s);
long long          brink_atoll(const char *s);
long               brink_strtol(const char *restrict s, char **restrict end, int base);
unsigned long      brink_strtoul(const char *restrict s, char **restrict end, int base);
long long          brink_strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long brink_strtoull(const char *restrict s, char **restrict end, int base);
void  brink_qsort(void *base, size_t nmemb, size_t size,
                  int (*compar)(const void *, const void *));
void *brink_bsearch(const void *key, const void *base, size_t nmemb, size_t size,
                    int (*compar)(const void *, const void *));
int   brink_rand(void);
void  brink_srand(unsigned int seed);
int   brink_abs(int j);
long  brink_labs(long j);
long long brink_llabs(long long j);
brink_div_t   brink_div(int num, int den);
brink_ldiv_t  brink_ldiv(long num, long den);
brink_lldiv_t brink_lldiv(long long num, long long den);
_Noreturn void brink_exit(int status);
int   brink_atexit(void (*fn)(void));
char *brink_getenv(const char *name);
extern char **brink_environ;

/* stdio.h */
typedef struct __FILE BRINK_FILE;
extern BRINK_FILE __stdout_FILE, __stderr_FILE;
#define brink_stdout (&__stdout_FILE)
#define brink_stderr (&__stderr_FILE)
#define BRINK_IOFBF 0
#define BRINK_IOLBF 1
#define BRINK_IONBF 2
#define BRINK_BUFSIZ 1024
int brink_printf(const char *restrict fmt, ...);
int brink_fprintf(BRINK_FILE *restrict f, const char *restrict fmt, ...);
int brink_sprintf(char *restrict buf, const char *restrict fmt, ...);
int brink_snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...);
int brink_vprintf(const char *restrict fmt, va_list ap);
int brink_vfprintf(BRINK_FILE *restrict f, const char *restrict fmt, va_list ap);
int brink_vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int brink_vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);
int    brink_puts(const char *s);
int    brink_putchar(int c);
int    brink_fputs(const char *restrict s, BRINK_FILE *restrict f);
int    brink_fputc(int c, BRINK_FILE *f);
int    brink_putc(int c, BRINK_FILE *f);
size_t brink_fwrite(const void *restrict p, size_t size, size_t nmemb, BRINK_FILE *restrict f);
void   brink_perror(const char *s);
int    brink_fflush(BRINK_FILE *f);
int    brink_setvbuf(BRINK_FILE *restrict f, char *restrict buf, int mode, size_t size);
int    brink_ferror(BRINK_FILE *f);
void   brink_clearerr(BRINK_FILE *f);

/* errno.h (values are Linux's, as glibc's on the host) */
extern int brink_errno;

/* libc internals a test may set */
extern int __libc_started;

#endif
