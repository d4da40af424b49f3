# kernel/lib/string.c against the host libc.  Its functions are renamed
# (memcpy -> k_memcpy, ...) so they do not replace the host's own.
# kstring_test runs the x86 rep-movs/stos code the kernel uses;
# kstring_c_test the portable C loops, where ASan sees every access.
KSTRING_RENAMES := -Dmemset=k_memset -Dmemcpy=k_memcpy -Dmemmove=k_memmove \
	-Dmemcmp=k_memcmp -Dstrlen=k_strlen -Dstrnlen=k_strnlen -Dstrcmp=k_strcmp \
	-Dstrncmp=k_strncmp -Dstrchr=k_strchr -Dstrrchr=k_strrchr -Dstrlcpy=k_strlcpy

HOST_TESTS += kstring_test kstring_c_test
kstring_test_SRCS := tests/host/kstring_test.c kernel/lib/string.c
kstring_test_CFLAGS := $(KSTRING_RENAMES)
kstring_c_test_SRCS := tests/host/kstring_test.c kernel/lib/string.c
kstring_c_test_CFLAGS := $(KSTRING_RENAMES) -DSTRING_PORTABLE
