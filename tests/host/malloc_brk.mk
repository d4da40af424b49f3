# The allocator beside other users of the break (sbrk, raw brk, a second copy).
HOST_TESTS += malloc_brk
malloc_brk_SRCS := tests/host/malloc_brk.c tests/host/malloc_inst2.c $(MALLOC_HOST_SRCS)
malloc_brk_CFLAGS := $(MALLOC_HOST_CFLAGS)
$(BUILD)/host/malloc_brk: $(MALLOC_HOST_DEPS)
