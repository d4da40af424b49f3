/* multiboot.h - the parts of the Multiboot 1 boot information Brink reads. */
#ifndef BRINK_MULTIBOOT_H
#define BRINK_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MB_INFO_MEMORY   (1u << 0)
#define MB_INFO_CMDLINE  (1u << 2)
#define MB_INFO_MODS     (1u << 3)
#define MB_INFO_MMAP     (1u << 6)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	/* drives, config table, boot loader name, apm, vbe, framebuffer: unused */
} __attribute__((packed));

struct multiboot_mod {
	uint32_t mod_start, mod_end;
	uint32_t string;
	uint32_t reserved;
} __attribute__((packed));

/* Each entry is preceded by its size, which does not count itself. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

#endif
