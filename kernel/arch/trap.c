/*
 * trap.c - where every exception, interrupt and system call arrives.
 *
 * User faults kill the process (kernel/proc/exit.c explains how); a fault in
 * the kernel is a bug, except a page fault inside copy_to/from_user, which
 * the exception table turns into EFAULT; anything else is a panic that
 * prints the registers and halts.
 */
#include <kernel.h>
#include "x86.h"
#include "../drivers/console.h"
#include "../proc/proc.h"
#include "../mm/fault.h"
#include "../syscall/syscall.h"
#include "../proc/process.h"

static const char *const exc_names[32] = {
	"divide error", "debug", "non-maskable interrupt", "breakpoint",
	"overflow", "bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack-segment fault", "general protection fault", "page fault", "reserved (15)",
	"x87 floating-point error", "alignment check", "machine check", "SIMD floating-point error",
	"virtualization exception", "control protection exception", "reserved (22)", "reserved (23)",
	"reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
	"hypervisor injection", "VMM communication", "security exception", "reserved (31)",
};

const char *trap_name(unsigned trapno)
{
	return trapno < 32 ? exc_names[trapno] : "interrupt";
}

struct extable_entry { uint32_t insn, fixup; };
extern struct extable_entry __extable_start[], __extable_end[];

static bool fixup_exception(struct trapframe *tf)
{
	for (struct extable_entry *e = __extable_start; e < __extable_end; e++)
		if (e->insn == tf->eip) {
			tf->eip = e->fixup;
			return true;
		}
	return false;
}

void dump_trapframe(const struct trapframe *tf)
{
	kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
	kprintf("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", tf->esi, tf->edi, tf->ebp,
		tf_from_user(tf) ? tf->esp : (uint32_t)&tf->esp);
	kprintf("  eip=%08x cs=%04x eflags=%08x err=%08x\n", tf->eip, tf->cs & 0xffff, tf->eflags, tf->err);
	kprintf("  cr0=%08x cr2=%08x cr3=%08x cr4=%08x\n", read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static void kernel_fault(struct trapframe *tf)
{
	cli();
	kprintf("\nKERNEL PANIC: %s (exception %u) in kernel mode", trap_name(tf->trapno), tf->trapno);
	if (tf->trapno == 14)
		kprintf(" at CR2=0x%08x", read_cr2());
	kprintf("\n");
	dump_trapframe(tf);
	if (current)
		kprintf("  current: pid %d (%s)\n", current->pid, current->name);
	kprintf("System halted.\n");
	halt_forever();
}

static void irq(struct trapframe *tf)
{
	int n = tf->trapno - IRQ_BASE;
	pic_eoi(n);                     /* before the handler: it may switch away */
	switch (n) {
	case IRQ_TIMER: timer_tick(); break;
	case IRQ_KBD:   kbd_irq(); break;
	case IRQ_COM1:  serial_irq(); break;
	default:        break;          /* spurious (7, 15) or unused */
	}
}

void trap(struct trapframe *tf)
{
	if (tf->trapno == T_SYSCALL) {
		sti();                  /* system calls run with interrupts on */
		syscall_dispatch(tf);
		cli();
	} else if (tf->trapno >= IRQ_BASE && tf->trapno < IRQ_BASE + 16) {
		irq(tf);
	} else if (tf->trapno == 14 && do_page_fault(tf, read_cr2()) == 0) {
		/* resolved: a page was faulted in */
	} else if (tf_from_user(tf)) {
		proc_fault(tf);         /* marks the process killed, with the message */
	} else if (!fixup_exception(tf)) {
		kernel_fault(tf);
	}

	if (current && tf_from_user(tf)) {
		if (current->killed)
			proc_exit(W_SIGNALED(current->killed));
		if (need_resched)
			yield();
	}
}

void panic(const char *fmt, ...)
{
	cli();
	kprintf("\nKERNEL PANIC: ");
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\nSystem halted.\n");
	halt_forever();
}
