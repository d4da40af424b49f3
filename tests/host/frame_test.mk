# The physical frame allocator over fake memory maps (QEMU's 16 MiB, 128 MiB
# and 3 GiB maps, messy and >4 GiB maps, misuse).
HOST_TESTS += frame_test
frame_test_SRCS := tests/host/frame_test.c kernel/mm/frame.c
