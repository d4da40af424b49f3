; vectors.asm - trap entry points.  Every vector pushes an error code (a
; dummy 0 where the CPU pushes none) and its number, so trap() always sees
; the same struct trapframe (x86.h).

extern trap

%macro VEC_NOERR 1
global vector%1
vector%1:
	push dword 0
	push dword %1
	jmp alltraps
%endmacro

%macro VEC_ERR 1
global vector%1
vector%1:
	push dword %1
	jmp alltraps
%endmacro

section .text
; CPU exceptions: 8, 10-14, 17, 21, 29, 30 push an error code.
VEC_NOERR 0
VEC_NOERR 1
VEC_NOERR 2
VEC_NOERR 3
VEC_NOERR 4
VEC_NOERR 5
VEC_NOERR 6
VEC_NOERR 7
VEC_ERR   8
VEC_NOERR 9
VEC_ERR   10
VEC_ERR   11
VEC_ERR   12
VEC_ERR   13
VEC_ERR   14
VEC_NOERR 15
VEC_NOERR 16
VEC_ERR   17
VEC_NOERR 18
VEC_NOERR 19
VEC_NOERR 20
VEC_ERR   21
VEC_NOERR 22
VEC_NOERR 23
VEC_NOERR 24
VEC_NOERR 25
VEC_NOERR 26
VEC_NOERR 27
VEC_NOERR 28
VEC_ERR   29
VEC_ERR   30
VEC_NOERR 31
%assign i 32
%rep 16
VEC_NOERR i
%assign i i+1
%endrep
VEC_NOERR 128

alltraps:
	push ds
	push es
	push fs
	push gs
	pusha
	mov ax, 0x10                ; kernel data segment
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	cld                         ; the C ABI wants DF clear on entry
	push esp                    ; struct trapframe *
	call trap
	add esp, 4
global trapret
trapret:
	popa
	pop gs
	pop fs
	pop es
	pop ds
	add esp, 8                  ; trapno, err
	iret

section .rodata
global vectors
vectors:
%assign i 0
%rep 48
	dd vector %+ i
%assign i i+1
%endrep
	dd vector128
