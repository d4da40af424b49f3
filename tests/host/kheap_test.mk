# kmalloc/kfree: sizes, a random workload against a model, slab release,
# out of memory, double free, bad pointers, use after free.
HOST_TESTS += kheap_test
kheap_test_SRCS := tests/host/kheap_test.c kernel/mm/kheap.c
