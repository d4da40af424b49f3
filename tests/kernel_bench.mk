# Kernel figures (boot time, size, memory, cycles per system call and fault).
BENCH_CMDS += /usr/bin/python3 tools/bench/kernel_bench.py $(BUILD)
