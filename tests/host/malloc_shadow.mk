# Random operation sequences against a shadow model, both fit policies.
HOST_TESTS += malloc_shadow
malloc_shadow_SRCS := tests/host/malloc_shadow.c tests/host/malloc_inst2.c $(MALLOC_HOST_SRCS)
malloc_shadow_CFLAGS := $(MALLOC_HOST_CFLAGS)
$(BUILD)/host/malloc_shadow: $(MALLOC_HOST_DEPS)
