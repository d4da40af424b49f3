HOST_TESTS += libc_stdio
libc_stdio_SRCS := tests/host/libc_stdio.c tests/host/libc_stdio_fakes.c \
	$(patsubst libc/%.c,$(BUILD)/host/libc/%.o,$(wildcard libc/stdio/*.c)) \
	$(addprefix $(BUILD)/host/libc/, stdlib/exit.o stdlib/atexit.o \
	start/started.o errno/errno.o string/memcpy.o string/memchr.o \
	string/strlen.o string/strnlen.o string/strcpy.o string/strerror.o)
