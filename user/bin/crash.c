/*
 * crash MODE - a program that misbehaves on purpose, one way per mode, for
 * the tests of SPEC.md section 8: each mode must get the process killed
 * with a message, never hurt the kernel.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#pragma GCC diagnostic ignored "-Winfinite-recursion"

__attribute__((noinline)) static int depth(int n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	return depth(n + 1) + pad[0];
}


int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: crash null|writetext|readkernel|writekernel|jumpkernel|cli|hlt|in|out|div0|ud2|recurse|int3|gpf|x87|sse\n");
		return 2;
	}
	const char *m = argv[1];
	printf("crash: %s\n", m);
	fflush(stdout);
	volatile int zero = 0;
	if (!strcmp(m, "null"))
		return *(volatile int *)0;
	if (!strcmp(m, "writetext"))
		*(volatile unsigned char *)(void *)main = 0xc3;
	else if (!strcmp(m, "readkernel"))
		return *(volatile int *)0xC0100000;
	else if (!strcmp(m, "writekernel"))
		*(volatile int *)0xC0100000 = 1;
	else if (!strcmp(m, "jumpkernel"))
		((void (*)(void))0xC0100000)();
	else if (!strcmp(m, "cli"))
		__asm__ volatile("cli");
	else if (!strcmp(m, "hlt"))
		__asm__ volatile("hlt");
	else if (!strcmp(m, "in"))
		__asm__ volatile("inb $0x60, %%al" ::: "eax");
	else if (!strcmp(m, "out"))
		__asm__ volatile("outb %%al, $0x80" :: "a"(0));
	else if (!strcmp(m, "div0"))
		return 10 / zero;
	else if (!strcmp(m, "ud2"))
		__asm__ volatile("ud2");
	else if (!strcmp(m, "recurse"))
		return depth(0);
	else if (!strcmp(m, "int3"))
		__asm__ volatile("int3");
	else if (!strcmp(m, "x87"))             /* no FPU: its state would be shared */
		__asm__ volatile("fld1");
	else if (!strcmp(m, "sse"))
		__asm__ volatile("xorps %xmm0, %xmm0");       /* (-mgeneral-regs-only: no clobber) */
	else if (!strcmp(m, "gpf"))
		__asm__ volatile("mov %0, %%ds" :: "r"(0x28));   /* the TSS selector */
	else {
		fprintf(stderr, "crash: unknown mode %s\n", m);
		return 2;
	}
	printf("crash: %s did not crash\n", m);
	return 0;
}
