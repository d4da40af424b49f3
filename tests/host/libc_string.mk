HOST_TESTS += libc_string
libc_string_SRCS := tests/host/libc_string.c \
	$(patsubst libc/%.c,$(BUILD)/host/libc/%.o,$(wildcard libc/string/*.c)) \
	$(BUILD)/host/libc/ctype/ctype.o $(BUILD)/host/libc/errno/errno.o
libc_string_CFLAGS := -D_GNU_SOURCE
