# Runs the i386 builds of the libc tests (see libc_common.mk).
LIBC_I386_TESTS := libc_printf libc_string libc_stdlib libc_stdio
HOST_TESTS += libc_i386
libc_i386_SRCS := tests/host/libc_i386.c
libc_i386_CFLAGS := -DI386_DIR='"$(BUILD)/host/i386"' -DI386_TESTS='"$(LIBC_I386_TESTS)"'
$(BUILD)/host/libc_i386: $(LIBC_I386_TESTS:%=$(BUILD)/host/i386/%)
