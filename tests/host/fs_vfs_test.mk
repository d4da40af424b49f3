# The VFS: paths, errno cases, the console file, ls/cat (see docs/fs.md).
HOST_TESTS += fs_vfs_test
fs_vfs_test_SRCS := tests/host/fs_vfs_test.c kernel/fs/vfs.c kernel/fs/dir.c \
	kernel/fs/initrd.c kernel/fs/tmpfs.c kernel/fs/console_file.c \
	kernel/fs/fs_commands.c tests/host/fs_fakes.c
