/*
 * kernel.h - what every kernel file needs: fixed-size types, kprintf, panic,
 * and a few small helpers.  Kept tiny on purpose.
 */
#ifndef BRINK_KERNEL_H
#define BRINK_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

#define PAGE_SIZE   4096u
#define PAGE_SHIFT  12
#define PAGE_MASK   (~(PAGE_SIZE - 1))

#define ALIGN_DOWN(x, a)  ((x) & ~((a) - 1))
#define ALIGN_UP(x, a)    (((x) + (a) - 1) & ~((a) - 1))
#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)         ((a) < (b) ? (a) : (b))
#define MAX(a, b)         ((a) > (b) ? (a) : (b))

typedef uint32_t paddr_t;   /* a physical address */

/* The kernel's console output (VGA and serial together). */
int  kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int  kvprintf(const char *fmt, va_list ap);

/* Print the message (and the registers, when called from a trap) and halt. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
