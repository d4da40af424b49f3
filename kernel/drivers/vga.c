/*
 * vga.c - the 80x25 colour text console at physical 0xB8000.
 *
 * It understands just what the kernel and the line editor print: printable
 * characters, \n, \r, \t, \b (cursor left, not destructive) and ESC [ K
 * (erase to end of line); other escape sequences are swallowed.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "../mm/paging.h"
#include "console.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x07                       /* light grey on black */

static uint16_t *const vram = (uint16_t *)P2V(0xB8000);
static int row, col;
static int esc;                         /* 0: normal, 1: after ESC, 2: in CSI */

static void vga_move_cursor(void)
{
	uint16_t pos = row * COLS + col;
	outb(0x3D4, 14); outb(0x3D5, pos >> 8);
	outb(0x3D4, 15); outb(0x3D5, pos & 0xff);
}

static void vga_scroll(void)
{
	for (int i = 0; i < (ROWS - 1) * COLS; i++)
		vram[i] = vram[i + COLS];
	for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
		vram[i] = ATTR << 8 | ' ';
	row = ROWS - 1;
}

void vga_clear(void)
{
	for (int i = 0; i < ROWS * COLS; i++)
		vram[i] = ATTR << 8 | ' ';
	row = col = 0;
	vga_move_cursor();
}

static void vga_putc_raw(char c)
{
	if (esc == 1) {
		esc = (c == '[') ? 2 : 0;
		return;
	}
	if (esc == 2) {
		if (c >= 0x40 && c <= 0x7e) {          /* final byte of the sequence */
			esc = 0;
			if (c == 'K')
				for (int i = col; i < COLS; i++)
					vram[row * COLS + i] = ATTR << 8 | ' ';
			else if (c == 'J')
				vga_clear();
		}
		return;
	}
	switch (c) {
	case 0x1b: esc = 1; return;
	case '\n': col = 0; row++; break;
	case '\r': col = 0; break;
	case '\b': if (col > 0) col--; break;
	case '\t': col = (col + 8) & ~7; break;
	case '\a': break;
	default:
		vram[row * COLS + col] = ATTR << 8 | (uint8_t)c;
		col++;
	}
	if (col >= COLS) {
		col = 0;
		row++;
	}
	if (row >= ROWS)
		vga_scroll();
}

void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc_raw(s[i]);
	vga_move_cursor();
}
