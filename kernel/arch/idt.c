/*
 * idt.c - the interrupt descriptor table: the 32 CPU exceptions, the 16 PIC
 * IRQs and the system-call gate (0x80), the only one ring 3 may invoke.
 */
#include <kernel.h>
#include "x86.h"

extern uint32_t vectors[];      /* vectors.asm: 0..47, then 0x80 */

static uint64_t idt[256];

static uint64_t gate(uint32_t handler, uint8_t dpl, bool trapgate)
{
	uint8_t type = trapgate ? 0xf : 0xe;   /* trap gate keeps IF, interrupt gate clears it */
	return (uint64_t)(handler & 0xffff)
	     | (uint64_t)SEG_KCODE << 16
	     | (uint64_t)(0x80 | dpl << 5 | type) << 40
	     | (uint64_t)(handler >> 16) << 48;
}

void idt_init(void)
{
	/* Interrupt gates everywhere: the kernel is entered with interrupts off
	 * and decides itself when to turn them back on. */
	for (int i = 0; i < 48; i++)
		idt[i] = gate(vectors[i], 0, false);
	idt[T_SYSCALL] = gate(vectors[48], 3, false);

	struct { uint16_t limit; uint32_t base; } __attribute__((packed))
		idtr = { sizeof(idt) - 1, (uint32_t)idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
