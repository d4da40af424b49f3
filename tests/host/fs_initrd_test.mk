# The initrd: USTAR parsing, malformed archives, the page cache (docs/fs.md).
HOST_TESTS += fs_initrd_test
fs_initrd_test_SRCS := tests/host/fs_initrd_test.c kernel/fs/vfs.c kernel/fs/dir.c \
	kernel/fs/initrd.c kernel/fs/tmpfs.c kernel/fs/console_file.c tests/host/fs_fakes.c

# make fuzz: libFuzzer on the USTAR parser and everything that reads the
# tree, for FS_FUZZ_SECONDS, seeded with a small archive made by tar.
FS_FUZZ_SECONDS ?= 60
FS_FUZZ_SRCS := tests/host/fs_fuzz.c tests/host/fs_fakes.c kernel/fs/vfs.c kernel/fs/dir.c \
	kernel/fs/initrd.c kernel/fs/tmpfs.c kernel/fs/console_file.c
$(BUILD)/fuzz/fs_fuzz: $(FS_FUZZ_SRCS) $(wildcard kernel/fs/*.h) tests/host/fs_fakes.h
	@mkdir -p $(@D)
	@echo "  CLANG   $@"
	$(Q)clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
		-Ikernel/include -Ikernel/include/uapi -DHOST_TEST -o $@ $(FS_FUZZ_SRCS) -lcmocka
.PHONY: fuzz-fs
fuzz-fs: $(BUILD)/fuzz/fs_fuzz
	@rm -rf $(BUILD)/fuzz/fs_seed && mkdir -p $(BUILD)/fuzz/fs_seed/bin $(BUILD)/fuzz/fs_seed/etc $(BUILD)/fuzz/fs_corpus
	@printf 'hello' > $(BUILD)/fuzz/fs_seed/bin/hello && printf 'x=1\n' > $(BUILD)/fuzz/fs_seed/etc/conf
	@ln -f $(BUILD)/fuzz/fs_seed/bin/hello $(BUILD)/fuzz/fs_seed/bin/again
	@tar --format=ustar -b1 --owner=0 --group=0 --numeric-owner -C $(BUILD)/fuzz/fs_seed \
		-cf $(BUILD)/fuzz/fs_corpus/seed.tar .
	$(BUILD)/fuzz/fs_fuzz -max_total_time=$(FS_FUZZ_SECONDS) $(BUILD)/fuzz/fs_corpus
fuzz: fuzz-fs
