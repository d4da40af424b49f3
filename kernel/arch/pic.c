/*
 * pic.c - the two 8259 PICs, remapped so IRQ 0-15 arrive as vectors 32-47
 * instead of colliding with the CPU exceptions 8-15.
 */
#include <kernel.h>
#include "x86.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1

static uint16_t irq_mask = 0xffff & ~(1 << 2);   /* cascade line always open */

static void pic_write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, 0x11);          /* ICW1: init, expect ICW4 */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_BASE);     /* ICW2: vector offsets */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << 2);       /* ICW3: slave on IRQ2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 0x01);         /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	pic_write_mask();
}

void pic_unmask(int irq)
{
	irq_mask &= ~(1u << irq);
	pic_write_mask();
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, 0x20);
	outb(PIC1_CMD, 0x20);
}
