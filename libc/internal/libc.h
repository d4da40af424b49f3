/* internal/libc.h - state shared between libc's own files. */
#ifndef _LIBC_INTERNAL_LIBC_H
#define _LIBC_INTERNAL_LIBC_H

/*
 * Set by __libc_start.  It stays 0 in a library's private copy of libc,
 * which crt0 never enters and whose exit() never runs: stdio uses it to
 * keep such a copy's stdout unbuffered, as nobody would flush it.
 */
extern int __libc_started;

#endif
