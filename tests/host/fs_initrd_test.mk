# The initrd: USTAR parsing, malformed archives, the page cache (docs/fs.md).
HOST_TESTS += fs_initrd_test
fs_initrd_test_SRCS := tests/host/fs_initrd_test.c kernel/fs/vfs.c kernel/fs/dir.c \
	kernel/fs/initrd.c kernel/fs/tmpfs.c kernel/fs/console_file.c tests/host/fs_fakes.c
