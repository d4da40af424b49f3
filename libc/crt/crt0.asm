; crt0.asm - a program's first instructions, linked first into every program.
;
; The kernel enters _start with the System V i386 initial stack:
;
;     esp ->  argc
;             argv[0] ... argv[argc-1], NULL
;             envp[0] ... , NULL
;
; We hand argc, argv and envp to __libc_start (libc/start/), which never
; returns.  ebp = 0 ends the frame-pointer chain for gdb's backtraces.

bits 32
section .text
global _start
extern __libc_start

_start:
	xor ebp, ebp
	mov eax, esp
	mov ecx, [eax]                  ; argc
	lea edx, [eax + 4]              ; argv
	lea eax, [edx + ecx * 4 + 4]    ; envp: just past argv's NULL
	and esp, -16                    ; the i386 ABI: 16-byte aligned at each call
	sub esp, 4
	push eax
	push edx
	push ecx
	call __libc_start
	ud2                             ; not reached

section .note.GNU-stack noalloc noexec nowrite progbits
