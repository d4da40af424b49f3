# Replays the allocator fuzzer's corpus (tests/fuzz/malloc_corpus) in make test.
HOST_TESTS += malloc_replay
malloc_replay_SRCS := tests/host/malloc_replay.c tests/fuzz/malloc_fuzz.c $(MALLOC_HOST_SRCS)
malloc_replay_CFLAGS := $(MALLOC_HOST_CFLAGS) -DMALLOC_CORPUS='"$(CURDIR)/$(MALLOC_FUZZ_CORPUS)"'
$(BUILD)/host/malloc_replay: $(MALLOC_HOST_DEPS) $(wildcard $(MALLOC_FUZZ_CORPUS)/*)
