# /tmp: tmpfs semantics, running out, the MAP_SHARED page interface (docs/fs.md).
HOST_TESTS += fs_tmpfs_test
fs_tmpfs_test_SRCS := tests/host/fs_tmpfs_test.c kernel/fs/vfs.c kernel/fs/dir.c \
	kernel/fs/initrd.c kernel/fs/tmpfs.c kernel/fs/console_file.c tests/host/fs_fakes.c
