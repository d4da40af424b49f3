/*
 * console.c - the kernel console: output goes to the VGA screen and COM1
 * alike; input from the keyboard and COM1 lands in one queue that the shell
 * (and user programs reading fd 0) drain.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../arch/x86.h"
#include "../lib/format.h"
#include "../proc/proc.h"
#include "console.h"

#define INBUF 256

static unsigned char inbuf[INBUF];
static volatile unsigned in_head, in_tail;     /* head: next write; tail: next read */

void console_init(void)
{
	vga_clear();
	serial_init();
	kbd_init();
}

void console_write(const char *s, size_t n)
{
	uint32_t f = irq_save();                /* keep lines from two writers apart */
	vga_write(s, n);
	serial_write(s, n);
	irq_restore(f);
}

/* Called from the keyboard and serial interrupt handlers. */
void console_input(unsigned char c)
{
	if (in_head - in_tail >= INBUF)
		return;                         /* full: drop, as a terminal would */
	inbuf[in_head++ % INBUF] = c;
	wakeup(inbuf);
}

/* The next input byte, or -1 if the process waiting for it was killed:
 * it must go, and not take a byte typed for the shell first. */
int console_getc(void)
{
	uint32_t f = irq_save();
	while (in_head == in_tail) {
		if (current && current->killed) {
			irq_restore(f);
			return -1;
		}
		sleep_on(inbuf);
	}
	int c = inbuf[in_tail++ % INBUF];
	irq_restore(f);
	return c;
}

int console_read(char *buf, size_t n)
{
	if (n == 0)
		return 0;
	int c = console_getc();
	if (c < 0)
		return -EINTR;
	buf[0] = (char)c;
	size_t got = 1;
	uint32_t f = irq_save();
	while (got < n && in_head != in_tail)
		buf[got++] = inbuf[in_tail++ % INBUF];
	irq_restore(f);
	return got;
}

/* ---- kprintf: format into a small buffer, flush to both devices ---- */

struct kbuf {
	char buf[128];
	size_t len;
	int total;
};

static void kbuf_put(char c, void *ctx)
{
	struct kbuf *b = ctx;
	b->buf[b->len++] = c;
	b->total++;
	if (b->len == sizeof(b->buf)) {
		console_write(b->buf, b->len);
		b->len = 0;
	}
}

int kvprintf(const char *fmt, va_list ap)
{
	struct kbuf b = { .len = 0, .total = 0 };
	kvformat(kbuf_put, &b, fmt, ap);
	if (b.len)
		console_write(b.buf, b.len);
	return b.total;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
