include tests/host/libc_common.mk
HOST_TESTS += libc_stdlib
libc_stdlib_LIBC := stdlib/strtox.o stdlib/strtol.o stdlib/strtoll.o \
	stdlib/strtoul.o stdlib/strtoull.o stdlib/atoi.o stdlib/atol.o \
	stdlib/atoll.o stdlib/qsort.o stdlib/bsearch.o stdlib/rand.o \
	stdlib/abs.o stdlib/div.o env/getenv.o env/environ.o ctype/ctype.o \
	string/memcpy.o string/strlen.o string/strncmp.o string/strchr.o \
	errno/errno.o
libc_stdlib_SRCS := tests/host/libc_stdlib.c $(call libc_host_objs,$(libc_stdlib_LIBC))
libc_stdlib_LIBS := -lm
$(eval $(call libc_i386_test,libc_stdlib))
