/*
 * main.c - from the boot stub to the shell.
 *
 * The order matters: the direct map first (everything else reads physical
 * memory through it), then the frame allocator built from the multiboot
 * memory map, then the rest of paging, the CPU tables, the devices, the
 * files, and finally the shell as the first kernel thread.
 */
#include <kernel.h>
#include <multiboot.h>
#include "arch/x86.h"
#include "drivers/console.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/mmap.h"
#include "proc/proc.h"
#include "fs/vfs.h"
#include "shell/shell.h"

extern char __kernel_start[], __kernel_end[];

#define MAX_REGIONS  64
#define MAX_RESERVED (8 + 2 * 16)

static struct phys_region regions[MAX_REGIONS];
static struct phys_range reserved[MAX_RESERVED];
static size_t nregions, nreserved;
static char cmdline[256];
bool opt_noaslr;

static void reserve(paddr_t start, paddr_t end)
{
	if (nreserved < MAX_RESERVED && end > start)
		reserved[nreserved++] = (struct phys_range){ start, end };
}

/* Read the memory map; return the top of usable RAM below 4 GiB. */
static paddr_t read_memory_map(const struct multiboot_info *mbi)
{
	uint64_t top = 0;
	if (!(mbi->flags & MB_INFO_MMAP))
		panic("boot: the boot loader gave no memory map");
	reserve(mbi->mmap_addr, mbi->mmap_addr + mbi->mmap_length);
	uint32_t off = 0;
	while (off + sizeof(struct multiboot_mmap_entry) <= mbi->mmap_length && nregions < MAX_REGIONS) {
		const struct multiboot_mmap_entry *e = P2V(mbi->mmap_addr + off);
		regions[nregions++] = (struct phys_region){ e->addr, e->len, e->type };
		if (e->type == 1 && e->addr + e->len > top)
			top = e->addr + e->len;
		off += e->size + 4;
	}
	return top > 0xFFFFF000ull ? 0xFFFFF000u : (paddr_t)top;
}

static void read_modules(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MB_INFO_MODS) || mbi->mods_count == 0)
		return;
	const struct multiboot_mod *m = P2V(mbi->mods_addr);
	reserve(mbi->mods_addr, mbi->mods_addr + mbi->mods_count * sizeof(*m));
	for (uint32_t i = 0; i < mbi->mods_count && i < 16; i++) {
		reserve(m[i].mod_start, m[i].mod_end);
		if (m[i].mod_end > lowmem_limit)
			panic("boot: module %u lies above the direct map", i);
		/* The first module is the initrd. */
		if (i == 0)
			initrd_set(P2V(m[i].mod_start), m[i].mod_end - m[i].mod_start);
	}
}

static void parse_cmdline(const struct multiboot_info *mbi)
{
	if (mbi->flags & MB_INFO_CMDLINE) {
		strlcpy(cmdline, P2V(mbi->cmdline), sizeof(cmdline));
		reserve(mbi->cmdline, mbi->cmdline + strlen(cmdline) + 1);
	}
	/* Words separated by spaces; the first is the kernel's path. */
	for (char *w = cmdline; *w; ) {
		char *end = w;
		while (*end && *end != ' ')
			end++;
		if (end - w == 6 && !strncmp(w, "noaslr", 6))
			opt_noaslr = true;
		w = *end ? end + 1 : end;
	}
}

void kmain(uint32_t magic, paddr_t mbi_pa)
{
	paging_init(LOWMEM_MAX);        /* map all of lowmem that may exist */
	console_init();
	kprintf("Brink booting\n");
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("boot: not started by a multiboot loader (magic %08x)", magic);
	const struct multiboot_info *mbi = P2V(mbi_pa);

	paddr_t top = read_memory_map(mbi);
	lowmem_limit = MIN(top, LOWMEM_MAX);
	reserve(mbi_pa, mbi_pa + sizeof(*mbi));
	reserve(V2P(__kernel_start), V2P(__kernel_end));
	parse_cmdline(mbi);
	read_modules(mbi);
	if (frame_init(regions, nregions, reserved, nreserved, lowmem_limit) != 0)
		panic("boot: no usable memory");
	paging_init_vmalloc();

	gdt_init();
	idt_init();
	pic_init();
	pit_init(HZ);
	proc_init();
	vfs_init();
	vfs_file_shrunk = mm_file_shrunk;       /* mappings drop what truncation frees */

	struct frame_stats st;
	frame_stats(&st);
	kprintf("Brink: %u KiB RAM, kernel %u KiB, cmdline \"%s\"%s\n",
		st.total * 4, (unsigned)(__kernel_end - __kernel_start) / 1024, cmdline,
		opt_noaslr ? " (address-space randomization off)" : "");
	if (!kthread_create("shell", shell_main, NULL))
		panic("boot: cannot start the shell");
	scheduler();
}
