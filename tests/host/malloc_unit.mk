# The allocator's unit tests (libc/malloc/), on the host under ASan+UBSan.
MALLOC_HOST_SRCS := $(sort $(wildcard libc/malloc/*.c))
MALLOC_HOST_DEPS := $(wildcard libc/malloc/*.h) libc/include/malloc.h libc/include/alloca.h \
	tests/host/malloc_test.h
MALLOC_HOST_CFLAGS := -DMALLOC_HOST -DMALLOC_PREFIX=bk_

HOST_TESTS += malloc_unit
malloc_unit_SRCS := tests/host/malloc_unit.c tests/host/malloc_inst2.c $(MALLOC_HOST_SRCS)
malloc_unit_CFLAGS := $(MALLOC_HOST_CFLAGS)
$(BUILD)/host/malloc_unit: $(MALLOC_HOST_DEPS)
