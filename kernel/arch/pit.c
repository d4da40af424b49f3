/* pit.c - the 8253/8254 timer, channel 0 in rate-generator mode: the clock tick. */
#include <kernel.h>
#include "x86.h"

#define PIT_HZ 1193182u

void pit_init(unsigned hz)
{
	uint32_t div = PIT_HZ / hz;
	outb(0x43, 0x34);              /* channel 0, lo/hi byte, mode 2 */
	outb(0x40, div & 0xff);
	outb(0x40, div >> 8);
	pic_unmask(IRQ_TIMER);
}
