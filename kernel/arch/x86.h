/* x86.h - the handful of privileged instructions the kernel uses, as inline functions. */
#ifndef BRINK_X86_H
#define BRINK_X86_H

#include <kernel.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }

/* Interrupts off, the CPU stopped for good. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" ::: "memory");
}

static inline uint32_t read_eflags(void)
{
	uint32_t f;
	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return f;
}
#define EFLAGS_IF 0x200

/* Interrupt-disable sections that nest: save the old state, restore it. */
static inline uint32_t irq_save(void)
{
	uint32_t f = read_eflags();
	cli();
	return f;
}
static inline void irq_restore(uint32_t f)
{
	if (f & EFLAGS_IF)
		sti();
}

static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }

static inline void invlpg(uint32_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Segment selectors (see gdt.c). */
#define SEG_KCODE  0x08
#define SEG_KDATA  0x10
#define SEG_UCODE  (0x18 | 3)
#define SEG_UDATA  (0x20 | 3)
#define SEG_TSS    0x28

/* What the trap entry stubs push, lowest address first (see vectors.asm). */
struct trapframe {
	uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;   /* pusha */
	uint32_t gs, fs, es, ds;
	uint32_t trapno, err;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;             /* only when the trap came from ring 3 */
};

static inline bool tf_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

void gdt_init(void);
void tss_set_kernel_stack(uint32_t esp0);
void idt_init(void);
void pic_init(void);
void pic_unmask(int irq);
void pic_eoi(int irq);
void pit_init(unsigned hz);

#define IRQ_BASE   32
#define IRQ_TIMER  0
#define IRQ_KBD    1
#define IRQ_COM1   4
#define T_SYSCALL  0x80

#endif
