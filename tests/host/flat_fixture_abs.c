/*
 * flat_fixture_abs.c - part of the elf2flat round-trip fixture: an absolute
 * symbol, defined apart from its user (flat_fixture.c) so the reference
 * there stays a relocation the linker keeps.  elf2flat must not relocate it
 * (its value is a number, not an address in the image) nor export it.
 */
__asm__(".globl fix_abs\n\t.set fix_abs, 0x1234");

/* A global object here too, to check that every --export-from counts. */
int fix_second_object = 42;
