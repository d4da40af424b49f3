/*
 * tests/host/libc_rename.h - forced (-include) into every libc source the
 * host tests compile.  Brink's libc defines the same names as the host's
 * glibc; renaming each public one to brink_NAME lets the real libc files be
 * linked into a host test next to glibc and compared with it.  Internal
 * names (__vformat, __fwritex, ...) do not clash and keep their names.
 */
#ifndef LIBC_RENAME_H
#define LIBC_RENAME_H

#define memcpy       brink_memcpy
#define memmove      brink_memmove
#define memset       brink_memset
#define memcmp       brink_memcmp
#define memchr       brink_memchr
#define memrchr      brink_memrchr
#define strlen       brink_strlen
#define strnlen      brink_strnlen
#define strcmp       brink_strcmp
#define strncmp      brink_strncmp
#define strcasecmp   brink_strcasecmp
#define strncasecmp  brink_strncasecmp
#define strcpy       brink_strcpy
#define strncpy      brink_strncpy
#define strcat       brink_strcat
#define strncat      brink_strncat
#define strchr       brink_strchr
#define strrchr      brink_strrchr
#define strstr       brink_strstr
#define strspn       brink_strspn
#define strcspn      brink_strcspn
#define strpbrk      brink_strpbrk
#define strtok       brink_strtok
#define strtok_r     brink_strtok_r
#define strdup       brink_strdup
#define strndup      brink_strndup
#define strerror     brink_strerror
#define isalnum      brink_isalnum
#define isalpha      brink_isalpha
#define isascii      brink_isascii
#define isblank      brink_isblank
#define iscntrl      brink_iscntrl
#define isdigit      brink_isdigit
#define isgraph      brink_isgraph
#define islower      brink_islower
#define isprint      brink_isprint
#define ispunct      brink_ispunct
#define isspace      brink_isspace
#define isupper      brink_isupper
#define isxdigit     brink_isxdigit
#define tolower      brink_tolower
#define toupper      brink_toupper
#define atoi         brink_atoi
#define atol         brink_atol
#define atoll        brink_atoll
#define strtol       brink_strtol
#define strtoul      brink_strtoul
#define strtoll      brink_strtoll
#define strtoull     brink_strtoull
#define qsort        brink_qsort
#define bsearch      brink_bsearch
#define rand         brink_rand
#define srand        brink_srand
#define abs          brink_abs
#define labs         brink_labs
#define llabs        brink_llabs
#define div          brink_div
#define ldiv         brink_ldiv
#define lldiv        brink_lldiv
#define exit         brink_exit
#define _Exit        brink__Exit
#define abort        brink_abort
#define atexit       brink_atexit
#define getenv       brink_getenv
#define environ      brink_environ
#define printf       brink_printf
#define fprintf      brink_fprintf
#define sprintf      brink_sprintf
#define snprintf     brink_snprintf
#define vprintf      brink_vprintf
#define vfprintf     brink_vfprintf
#define vsprintf     brink_vsprintf
#define vsnprintf    brink_vsnprintf
#define puts         brink_puts
#define putchar      brink_putchar
#define fputs        brink_fputs
#define fputc        brink_fputc
#define putc         brink_putc
#define fwrite       brink_fwrite
#define perror       brink_perror
#define fflush       brink_fflush
#define setvbuf      brink_setvbuf
#define ferror       brink_ferror
#define clearerr     brink_clearerr
#define errno        brink_errno
#define write        brink_write
#define fstat        brink_fstat
#define _exit        brink__exit
#define malloc       brink_malloc
#define free         brink_free
#define kill         brink_kill
#define getpid       brink_getpid

#endif
