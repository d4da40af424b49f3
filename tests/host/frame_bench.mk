# `make bench`: ns per frame_alloc / frame_put, built -O2 without sanitizers.
.PHONY: bench-frame
BENCH_TARGETS += bench-frame
bench-frame: $(BUILD)/bench/frame_bench
	$(BUILD)/bench/frame_bench

$(BUILD)/bench/frame_bench: tests/host/frame_bench.c kernel/mm/frame.c kernel/mm/frame.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -DHOST_TEST -Ikernel/include -Ikernel/include/uapi \
		-o $@ $(filter %.c,$^)
