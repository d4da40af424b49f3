/* console.h - one console over two devices: VGA + keyboard, and COM1. */
#ifndef BRINK_CONSOLE_H
#define BRINK_CONSOLE_H

#include <kernel.h>

void vga_clear(void);
void vga_write(const char *s, size_t n);
void serial_init(void);
void serial_write(const char *s, size_t n);
void serial_irq(void);
void kbd_init(void);
void kbd_irq(void);

void console_init(void);
void console_write(const char *s, size_t n);    /* to both devices */
void console_input(unsigned char c);            /* from an IRQ handler */
int  console_getc(void);                        /* blocks; the next input byte, -1 if killed */
int  console_read(char *buf, size_t n);         /* blocks for at least one byte */

#endif
