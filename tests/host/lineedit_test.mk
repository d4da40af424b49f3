# The shell's line editor, driven byte by byte against a model terminal.
# string.c is linked with its functions renamed, as in kstring_test.mk.
HOST_TESTS += lineedit_test
lineedit_test_SRCS := tests/host/lineedit_test.c kernel/shell/lineedit.c kernel/lib/string.c
lineedit_test_CFLAGS := -Dmemset=k_memset -Dmemcpy=k_memcpy -Dmemmove=k_memmove \
	-Dmemcmp=k_memcmp -Dstrlen=k_strlen -Dstrnlen=k_strnlen -Dstrcmp=k_strcmp \
	-Dstrncmp=k_strncmp -Dstrchr=k_strchr -Dstrrchr=k_strrchr -Dstrlcpy=k_strlcpy \
	-DSTRING_PORTABLE
