/*
 * serial.c - COM1 at 115200 8N1.  Output is polled (the UART is fast under
 * QEMU and kprintf must work with interrupts off); input is interrupt-driven
 * and goes into the console's input queue, the same one the keyboard feeds.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "console.h"

#define COM1 0x3F8

static bool present;

void serial_init(void)
{
	outb(COM1 + 1, 0x00);          /* interrupts off while configuring */
	outb(COM1 + 3, 0x80);          /* DLAB on */
	outb(COM1 + 0, 0x01);          /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);          /* 8N1, DLAB off */
	outb(COM1 + 2, 0xC7);          /* FIFO on, cleared, 14-byte threshold */
	outb(COM1 + 4, 0x0B);          /* DTR, RTS, OUT2 (needed for the IRQ) */
	if (inb(COM1 + 5) == 0xff)     /* no UART here */
		return;
	present = true;
	outb(COM1 + 1, 0x01);          /* interrupt on received data */
	pic_unmask(IRQ_COM1);
}

static void serial_putc(char c)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, c);
}

void serial_write(const char *s, size_t n)
{
	if (!present)
		return;
	static char last;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && last != '\r')
			serial_putc('\r');       /* a terminal wants CR LF */
		serial_putc(s[i]);
		last = s[i];
	}
}

void serial_irq(void)
{
	while (inb(COM1 + 5) & 0x01)
		console_input(inb(COM1));
}
