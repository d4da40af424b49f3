#ifndef BRINK_FAULT_H
#define BRINK_FAULT_H
#include "../arch/x86.h"
/* Resolve a page fault at addr for the current process: 0 when the page is
 * now there, else an enum fault_result (mm.h) saying why not. */
int do_page_fault(struct trapframe *tf, uint32_t addr);
#endif
