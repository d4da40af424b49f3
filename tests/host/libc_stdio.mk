include tests/host/libc_common.mk
HOST_TESTS += libc_stdio
libc_stdio_LIBC := $(patsubst libc/%.c,%.o,$(wildcard libc/stdio/*.c)) \
	stdlib/exit.o stdlib/atexit.o start/started.o errno/errno.o \
	string/memcpy.o string/memchr.o string/strlen.o string/strnlen.o \
	string/strcpy.o string/strerror.o
libc_stdio_EXTRA := tests/host/libc_stdio_fakes.c
libc_stdio_SRCS := tests/host/libc_stdio.c $(libc_stdio_EXTRA) \
	$(call libc_host_objs,$(libc_stdio_LIBC))
$(eval $(call libc_i386_test,libc_stdio))
