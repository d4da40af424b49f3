/*
 * commands.c - the shell's built-in commands.  Each is a function taking
 * argc/argv and returning an exit status, listed in one table.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "../drivers/console.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../proc/proc.h"
#include "../fs/fs_commands.h"
#include "commands.h"
#include "proc_commands.h"

static int cmd_help(int argc, char **argv);

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "$?"))
			kprintf("%s%d", i > 1 ? " " : "", shell_last_status);
		else
			kprintf("%s%s", i > 1 ? " " : "", argv[i]);
	}
	kprintf("\n");
	return 0;
}

static int cmd_mem(int argc, char **argv)
{
	(void)argc; (void)argv;
	struct frame_stats st;
	frame_stats(&st);
	kprintf("          frames        KiB\n");
	kprintf("total  %10u %10u\n", st.total, st.total * 4);
	kprintf("free   %10u %10u\n", st.free, st.free * 4);
	kprintf("kernel %10u %10u\n", st.kernel, st.kernel * 4);
	kprintf("user   %10u %10u\n", st.user, st.user * 4);
	return 0;
}

static int cmd_clear(int argc, char **argv)
{
	(void)argc; (void)argv;
	vga_clear();
	serial_write("\x1b[H\x1b[2J", 7);
	return 0;
}

static int cmd_uptime(int argc, char **argv)
{
	(void)argc; (void)argv;
	uint64_t t = ticks;
	unsigned sec = (unsigned)(t / HZ), cs = (unsigned)(t % HZ) * 100 / HZ;
	kprintf("up %u.%02u s (%u:%02u:%02u)\n", sec, cs, sec / 3600, sec / 60 % 60, sec % 60);
	return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc; (void)argv;
	kprintf("Powering off.\n");
	outw(0x604, 0x2000);            /* QEMU's PIIX4 ACPI: S5; QEMU exits with 0 */
	outw(0xB004, 0x2000);           /* older QEMU and Bochs */
	sleep_ticks(HZ / 2);            /* the emulator takes a moment to act on it */
	kprintf("poweroff: no ACPI power-off here; halted.\n");
	halt_forever();
}

static int cmd_reboot(int argc, char **argv)
{
	(void)argc; (void)argv;
	kprintf("Rebooting.\n");
	cli();
	while (inb(0x64) & 2)
		;
	outb(0x64, 0xFE);               /* the keyboard controller pulses the reset line */
	/* Still here: load an empty IDT and fault - a triple fault resets. */
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) none = { 0, 0 };
	__asm__ volatile("lidt %0; int $3" : : "m"(none));
	halt_forever();
}

/* Hidden: a deliberate kernel fault, for the tests of the panic path. */
static int cmd_panic_test(int argc, char **argv)
{
	(void)argc; (void)argv;
	static volatile uintptr_t target = 0x10;      /* never mapped */
	kprintf("panic-test: writing to address 0x%08x from ring 0\n", (unsigned)target);
	*(volatile uint32_t *)target = 0xdead;
	return 1;
}

static const struct shell_command commands[] = {
	{ "help",       "help",          "list the commands", cmd_help },
	{ "echo",       "echo [ARG]...", "print the arguments ($? is the last exit status)", cmd_echo },
	{ "mem",        "mem",           "physical memory: total, free, kernel and user", cmd_mem },
	{ "uptime",     "uptime",        "time since boot", cmd_uptime },
	{ "clear",      "clear",         "clear the screen", cmd_clear },
	{ "ls",         "ls [DIR]",      "list a directory", cmd_ls },
	{ "cat",        "cat FILE...",   "print files", cmd_cat },
	{ "ps",         "ps",            "processes: pid, state, resident pages, virtual size, name", cmd_ps },
	{ "kill",       "kill PID",      "end a process (signal 15)", cmd_kill },
	{ "vmas",       "vmas PID",      "a process's memory areas, like /proc/PID/maps", cmd_vmas },
	{ "map",        "map PID",       "a process's address space as a diagram", cmd_map },
	{ "poweroff",   "poweroff",      "turn the machine off", cmd_poweroff },
	{ "reboot",     "reboot",        "restart the machine", cmd_reboot },
	{ "panic-test", "panic-test",    NULL, cmd_panic_test },
};

static int cmd_help(int argc, char **argv)
{
	(void)argc; (void)argv;
	kprintf("Built-in commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].help)
			kprintf("  %-16s %s\n", commands[i].usage, commands[i].help);
	kprintf("Anything else runs /bin/NAME; a trailing & runs it in the background.\n");
	return 0;
}

const struct shell_command *shell_find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}
