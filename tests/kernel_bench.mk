# Kernel figures (boot time, size, memory, cycles per system call and fault).
.PHONY: bench-kernel
BENCH_TARGETS += bench-kernel
bench-kernel: all
	$(PYTHON) tools/bench/kernel_bench.py $(BUILD)
