/*
 * gdt.c - segmentation, set up once and then forgotten: flat 4 GiB code and
 * data segments for ring 0 and ring 3, and one TSS whose only job is to tell
 * the CPU which kernel stack to switch to on a trap from user mode.
 */
#include <kernel.h>
#include "x86.h"

struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));

static struct tss tss;
static uint64_t gdt[6];

static uint64_t seg(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	return (uint64_t)(limit & 0xffff)
	     | (uint64_t)(base & 0xffffff) << 16
	     | (uint64_t)access << 40
	     | (uint64_t)((limit >> 16) & 0xf) << 48
	     | (uint64_t)(flags & 0xf) << 52
	     | (uint64_t)(base >> 24) << 56;
}

void gdt_init(void)
{
	gdt[0] = 0;
	gdt[1] = seg(0, 0xfffff, 0x9a, 0xc);   /* kernel code: present, ring 0, exec/read */
	gdt[2] = seg(0, 0xfffff, 0x92, 0xc);   /* kernel data */
	gdt[3] = seg(0, 0xfffff, 0xfa, 0xc);   /* user code: ring 3 */
	gdt[4] = seg(0, 0xfffff, 0xf2, 0xc);   /* user data */
	tss.ss0 = SEG_KDATA;
	tss.iomap_base = sizeof(tss);          /* no I/O bitmap: in/out from ring 3 fault */
	gdt[5] = seg((uint32_t)&tss, sizeof(tss) - 1, 0x89, 0x0);

	struct { uint16_t limit; uint32_t base; } __attribute__((packed))
		gdtr = { sizeof(gdt) - 1, (uint32_t)gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"mov %1, %%ds\n\tmov %1, %%es\n\tmov %1, %%fs\n\tmov %1, %%gs\n\tmov %1, %%ss\n\t"
		"ljmp %2, $1f\n1:\n\t"
		"ltr %w3"
		: : "m"(gdtr), "r"(SEG_KDATA), "i"(SEG_KCODE), "r"(SEG_TSS) : "memory");
}

void tss_set_kernel_stack(uint32_t esp0)
{
	tss.esp0 = esp0;
}
