# tests/malloc.mk - the allocator's (libc/malloc/) host builds beyond the
# unit tests: the variables the tests/host/malloc_*.mk fragments share, the
# LD_PRELOAD shared object, the libFuzzer target (make fuzz) and the
# benchmarks (make bench).  See docs/malloc.md.

MALLOC_HOST_SRCS := $(sort $(wildcard libc/malloc/*.c))
MALLOC_HOST_DEPS := $(wildcard libc/malloc/*.h) libc/include/malloc.h libc/include/alloca.h \
	tests/host/malloc_test.h
# bk_malloc, bk_free, ...: beside the host libc's allocator (ASan's).
MALLOC_HOST_CFLAGS := -DMALLOC_HOST -DMALLOC_PREFIX=bk_

# The standard names, for LD_PRELOAD.  --gc-sections drops what nothing in
# the object calls (the tests' heap checker, malloc_check.c): 30 -> 25 KiB
# of text, resident in every process that preloads it.
$(BUILD)/host/libbrinkmalloc.so: $(MALLOC_HOST_SRCS) $(MALLOC_HOST_DEPS)
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -fPIC -shared -fvisibility=hidden \
		-ffunction-sections -fdata-sections -Wl,--gc-sections \
		-fno-builtin-malloc -fno-builtin-calloc -fno-builtin-free \
		-DMALLOC_HOST -DMALLOC_SHARED -Ikernel/include/uapi -o $@ $(MALLOC_HOST_SRCS)

# ------------------------------------------------------------------ fuzz --
MALLOC_FUZZ_SECONDS ?= 60
MALLOC_FUZZ_CORPUS  := tests/fuzz/malloc_corpus

$(BUILD)/host/malloc_fuzz: tests/fuzz/malloc_fuzz.c $(MALLOC_HOST_SRCS) $(MALLOC_HOST_DEPS)
	@mkdir -p $(@D)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-Ikernel/include/uapi $(MALLOC_HOST_CFLAGS) -o $@ tests/fuzz/malloc_fuzz.c $(MALLOC_HOST_SRCS)

.PHONY: malloc-fuzz
fuzz: malloc-fuzz
# New inputs go to build/, the committed corpus only seeds the run.
malloc-fuzz: $(BUILD)/host/malloc_fuzz
	@mkdir -p $(BUILD)/fuzz/malloc_corpus
	$(BUILD)/host/malloc_fuzz -max_total_time=$(MALLOC_FUZZ_SECONDS) -max_len=1024 \
		-print_final_stats=1 $(BUILD)/fuzz/malloc_corpus $(MALLOC_FUZZ_CORPUS)

# ----------------------------------------------------------------- bench --
$(BUILD)/host/malloc_bench: tests/bench/malloc/bench.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -o $@ $<

.PHONY: bench-malloc
BENCH_TARGETS += bench-malloc
bench-malloc: $(BUILD)/host/libbrinkmalloc.so $(BUILD)/host/malloc_bench
	$(PYTHON) tests/bench/malloc/run.py --build $(BUILD)
