# The allocator's unit tests (libc/malloc/), on the host under ASan+UBSan.

HOST_TESTS += malloc_unit
malloc_unit_SRCS := tests/host/malloc_unit.c tests/host/malloc_inst2.c $(MALLOC_HOST_SRCS)
malloc_unit_CFLAGS := $(MALLOC_HOST_CFLAGS)
$(BUILD)/host/malloc_unit: $(MALLOC_HOST_DEPS)
