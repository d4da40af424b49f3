# The LD_PRELOAD object (tests/malloc.mk) serving whole programs.
HOST_TESTS += malloc_preload
malloc_preload_SRCS := tests/host/malloc_preload.c
malloc_preload_CFLAGS := -DPRELOAD_SO='"$(abspath $(BUILD))/host/libbrinkmalloc.so"' \
	-DPRELOAD_PROG='"$(abspath $(BUILD))/host/malloc_preload_prog"'
$(BUILD)/host/malloc_preload: $(BUILD)/host/libbrinkmalloc.so $(BUILD)/host/malloc_preload_prog

# Plain (no sanitizer: ASan replaces malloc and must be loaded first).
$(BUILD)/host/malloc_preload_prog: tests/host/malloc_preload_prog.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O1 -g -Wall -Wextra -o $@ $<
