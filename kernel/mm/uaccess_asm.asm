; uaccess_asm.asm - byte copies that may fault.  Each instruction that
; touches user memory has an entry in .extable (faulting eip -> fixup); the
; trap handler jumps to the fixup, which returns -EFAULT (14).

section .text

; int __copy_user(void *dst, const void *src, size_t n)  -> 0 or -14
global __copy_user
__copy_user:
	push esi
	push edi
	mov edi, [esp + 12]
	mov esi, [esp + 16]
	mov ecx, [esp + 20]
	cld
.copy:	rep movsb
	xor eax, eax
	pop edi
	pop esi
	ret
.fault:	mov eax, -14
	pop edi
	pop esi
	ret

; int __strncpy_user(char *dst, const char *usrc, size_t max)
;   -> length (not counting NUL), -14 on a fault, -36 when no NUL in max bytes
global __strncpy_user
__strncpy_user:
	push esi
	push edi
	mov edi, [esp + 12]
	mov esi, [esp + 16]
	mov ecx, [esp + 20]
	xor edx, edx
.loop:	cmp edx, ecx
	jae .toolong
.load:	mov al, [esi + edx]
	mov [edi + edx], al
	test al, al
	jz .done
	inc edx
	jmp .loop
.done:	mov eax, edx
	pop edi
	pop esi
	ret
.toolong:
	mov eax, -36
	pop edi
	pop esi
	ret
.fault:	mov eax, -14
	pop edi
	pop esi
	ret

section .extable
	dd __copy_user.copy, __copy_user.fault
	dd __strncpy_user.load, __strncpy_user.fault
