# `make bench`: ns per kmalloc / kfree, built -O2 without sanitizers.
.PHONY: bench-kheap
BENCH_TARGETS += bench-kheap
bench-kheap: $(BUILD)/bench/kheap_bench
	$(BUILD)/bench/kheap_bench

$(BUILD)/bench/kheap_bench: tests/host/kheap_bench.c kernel/mm/kheap.c kernel/mm/kheap.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -DHOST_TEST -Ikernel/include -Ikernel/include/uapi \
		-o $@ $(filter %.c,$^)
