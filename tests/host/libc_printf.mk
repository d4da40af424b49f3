include tests/host/libc_common.mk
HOST_TESTS += libc_printf
libc_printf_LIBC := stdio/vformat.o stdio/vsnprintf.o stdio/snprintf.o \
	stdio/sprintf.o stdio/vsprintf.o string/strlen.o string/strnlen.o \
	errno/errno.o
libc_printf_SRCS := tests/host/libc_printf.c $(call libc_host_objs,$(libc_printf_LIBC))
libc_printf_CFLAGS := -Wno-format
$(eval $(call libc_i386_test,libc_printf))
