include tests/host/libc_common.mk
HOST_TESTS += libc_string
libc_string_LIBC := $(patsubst libc/%.c,%.o,$(wildcard libc/string/*.c)) \
	ctype/ctype.o errno/errno.o
libc_string_SRCS := tests/host/libc_string.c $(call libc_host_objs,$(libc_string_LIBC))
libc_string_CFLAGS := -D_GNU_SOURCE -Wno-stringop-truncation
$(eval $(call libc_i386_test,libc_string))
