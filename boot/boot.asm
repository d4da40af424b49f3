; boot/boot.asm - multiboot header and the first instructions of the kernel.
;
; GRUB (or QEMU's -kernel) enters _start in 32-bit protected mode, paging off,
; eax = multiboot magic, ebx = physical address of the multiboot info.
; The kernel is linked at 0xC0100000 but loaded at 0x00100000, so until paging
; is on every address used here must be converted with V2P.  We map the first
; 4 MiB twice with one 4 MiB (PSE) page - identity, so the instruction after
; "mov cr0" still runs, and at 0xC0000000 where the kernel is linked - jump
; up, and leave the identity entry for kmain to drop once it has its own
; page directory.

MB_MAGIC     equ 0x1BADB002
MB_FLAGS     equ (1 << 0) | (1 << 1)        ; page-align modules, give memory map
KERNEL_BASE  equ 0xC0000000
%define V2P(a) ((a) - KERNEL_BASE)

section .multiboot
align 4
	dd MB_MAGIC
	dd MB_FLAGS
	dd -(MB_MAGIC + MB_FLAGS)

section .bss
align 4096
global boot_pgdir
boot_pgdir:	resb 4096
global boot_stack_top
boot_stack:	resb 16384
boot_stack_top:

section .text
global _start
extern kmain
_start:
	cli
	mov ecx, eax                        ; keep the multiboot magic
	; PDE 0 and PDE 768: 4 MiB page at physical 0, present | writable | PS
	mov dword [V2P(boot_pgdir)], 0x83
	mov dword [V2P(boot_pgdir) + 768*4], 0x83
	mov eax, cr4
	or eax, 0x10                        ; CR4.PSE: 4 MiB pages
	mov cr4, eax
	mov eax, V2P(boot_pgdir)
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80010004                  ; CR0.PG | CR0.WP (ring 0 honours read-only) | CR0.EM:
	                                    ; no FPU (its state is not saved per process),
	                                    ; so x87 faults (#NM), MMX and SSE too (#UD)
	mov cr0, eax
	lea eax, [higher_half]
	jmp eax

higher_half:
	mov esp, boot_stack_top
	xor ebp, ebp                        ; end of the frame-pointer chain for gdb
	push ebx                            ; multiboot info (physical)
	push ecx                            ; multiboot magic
	call kmain
.hang:	cli
	hlt
	jmp .hang
