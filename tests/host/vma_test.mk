HOST_TESTS += vma_test
vma_test_SRCS := tests/host/vma_test.c tests/host/vma_harness.c \
	kernel/mm/vma.c kernel/lib/rbtree.c
