# Double frees, foreign pointers and overruns must abort with a message.
HOST_TESTS += malloc_misuse
malloc_misuse_SRCS := tests/host/malloc_misuse.c tests/host/malloc_inst2.c $(MALLOC_HOST_SRCS)
malloc_misuse_CFLAGS := $(MALLOC_HOST_CFLAGS)
$(BUILD)/host/malloc_misuse: $(MALLOC_HOST_DEPS)
