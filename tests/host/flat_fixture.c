/*
 * flat_fixture.c - a freestanding i686 program/library for the elf2flat
 * round-trip test (tests/host/flat_roundtrip.c).  Built by
 * tests/host/flat_roundtrip.mk with the cross compiler, linked once with
 * user/user.ld and once with user/lib.ld, never run: the test only looks at
 * its bytes.  It holds every kind of absolute address the converter must
 * find: pointers to functions and strings in data, tables of them in data
 * and rodata, a pointer into the middle of an object (addend), a switch
 * jump table, absolute addresses in instructions, a word straddling a page
 * boundary, and two words that must NOT be relocated: a missing weak symbol
 * and an absolute symbol.
 */
#include <stdint.h>

/* An absolute symbol (defined in flat_fixture_abs.c, so the assembler here
 * cannot fold it): its value is a number, not an address in the image. */
extern char fix_abs[];

extern int fix_missing(int) __attribute__((weak));

static int counter = 3;
static const char greeting[] = "hello from the fixture";

static int add(int x) { return x + counter; }
int fix_twice(int x) { return 2 * x; }
int fix_square(int x) { return x * x; }
__attribute__((visibility("hidden"))) int fix_hidden(int x) { return x - 1; }

/* Data: pointers to functions and strings, an array of them, an addend. */
int (*fix_fns[])(int) = { add, fix_twice, fix_square, 0 };
const char *fix_strings[] = { "zero", "one", greeting, greeting + 6 };
int fix_array[64] = { 1, 2, 3 };
int *fix_middle = &fix_array[10];
void *fix_abs_ptr = fix_abs;
int (*fix_weak_ptr)(int) = fix_missing;
int fix_bss[1000];

/* Rodata: a constant table of pointers. */
const char *const fix_const_strings[] = { "alpha", "beta", "gamma" };

/* A 32-bit word straddling a page boundary: an aligned page of rodata
 * whose last two bytes start the word. */
__asm__(".section .rodata.fix_straddle,\"a\"\n\t"
        ".p2align 12\n\t"
        ".globl fix_straddle_page\n\t"
        ".type fix_straddle_page, @object\n\t"
        "fix_straddle_page:\n\t"
        ".fill 4094, 1, 0xcc\n\t"
        ".long fix_array + 8\n\t"
        ".size fix_straddle_page, 4098\n\t"
        ".previous");

int fix_switch(int x)
{
	switch (x) {        /* dense enough for a jump table in rodata */
	case 0: return fix_array[3] + 11;
	case 1: return fix_fns[1](x) + 22;
	case 2: return fix_bss[x] * 3;
	case 3: return fix_strings[x][0];
	case 4: return counter * 51;
	case 5: return fix_array[x] - 69;
	case 6: return fix_const_strings[1][1];
	case 7: return 77;
	default: return -1;
	}
}

/* 64-bit division pulls a libgcc helper in, as in real programs. */
int64_t fix_divide(int64_t a, int64_t b)
{
	return a / b;
}

void _start(void)
{
	int sum = 0;
	for (int i = 0; fix_fns[i]; i++)
		sum += fix_fns[i](i) + fix_switch(i) + fix_hidden(i);
	if (fix_weak_ptr)
		sum += fix_weak_ptr(sum);
	fix_bss[0] = sum + (int)fix_divide(sum, 7);
	for (;;)
		;
}
