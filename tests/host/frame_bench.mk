# `make bench`: ns per frame_alloc / frame_put, built -O2 without sanitizers.
BENCH_DEPS += $(BUILD)/bench/frame_bench
BENCH_CMDS += $(BUILD)/bench/frame_bench

$(BUILD)/bench/frame_bench: tests/host/frame_bench.c kernel/mm/frame.c kernel/mm/frame.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -DHOST_TEST -Ikernel/include -Ikernel/include/uapi \
		-o $@ $(filter %.c,$^)
