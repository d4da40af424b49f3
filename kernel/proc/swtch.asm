; swtch.asm - switch kernel stacks.
;   void swtch(struct context **old, struct context *new);
; Saves the callee-saved registers on the current stack, stores the stack
; pointer in *old, loads new and pops its registers.  eip is the return
; address already on each stack.
global swtch
swtch:
	mov eax, [esp + 4]
	mov edx, [esp + 8]
	push ebp
	push ebx
	push esi
	push edi
	mov [eax], esp
	mov esp, edx
	pop edi
	pop esi
	pop ebx
	pop ebp
	ret
