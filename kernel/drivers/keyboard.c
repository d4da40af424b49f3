/*
 * keyboard.c - the PS/2 keyboard, scancode set 1, US layout.
 *
 * Keys become the bytes a terminal would send over the serial line (arrows
 * as ESC [ A..D, Delete as ESC [ 3 ~, Ctrl-letter as 1..26), so the shell's
 * line editor sees one kind of input whichever device it came from.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "console.h"

static const char normal[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\b',
	'\t', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\n',
	0, 'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`',
	0, '\\', 'z', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '/', 0,
	'*', 0, ' ',
};

static const char shifted[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\b',
	'\t', 'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n',
	0, 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~',
	0, '|', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', 0,
	'*', 0, ' ',
};

#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_CTRL   0x1D
#define SC_CAPS   0x3A

static bool shift, ctrl, caps, extended;

static void send(const char *s)
{
	while (*s)
		console_input((unsigned char)*s++);
}

static void extended_key(uint8_t sc)
{
	switch (sc) {
	case 0x48: send("\x1b[A"); break;    /* up */
	case 0x50: send("\x1b[B"); break;    /* down */
	case 0x4D: send("\x1b[C"); break;    /* right */
	case 0x4B: send("\x1b[D"); break;    /* left */
	case 0x47: send("\x1b[H"); break;    /* home */
	case 0x4F: send("\x1b[F"); break;    /* end */
	case 0x53: send("\x1b[3~"); break;   /* delete */
	case 0x1C: console_input('\n'); break; /* keypad enter */
	}
}

void kbd_irq(void)
{
	while (inb(0x64) & 1) {
		uint8_t sc = inb(0x60);
		if (sc == 0xE0) {
			extended = true;
			continue;
		}
		bool release = sc & 0x80;
		sc &= 0x7f;
		if (extended) {
			extended = false;
			if (sc == SC_CTRL)
				ctrl = !release;
			else if (!release)
				extended_key(sc);
			continue;
		}
		if (sc == SC_LSHIFT || sc == SC_RSHIFT) { shift = !release; continue; }
		if (sc == SC_CTRL) { ctrl = !release; continue; }
		if (release)
			continue;
		if (sc == SC_CAPS) { caps = !caps; continue; }
		char c = shift ? shifted[sc] : normal[sc];
		if (!c)
			continue;
		if (caps && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			c ^= 0x20;
		if (ctrl && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			c = (c | 0x20) - 'a' + 1;
		if (c == '\b')
			c = 0x7f;                 /* what a terminal sends for Backspace */
		console_input((unsigned char)c);
	}
}

void kbd_init(void)
{
	while (inb(0x64) & 1)          /* drain whatever the BIOS left */
		inb(0x60);
	pic_unmask(IRQ_KBD);
}
