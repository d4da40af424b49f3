HOST_TESTS += vma_random
vma_random_SRCS := tests/host/vma_random.c tests/host/vma_harness.c \
	kernel/mm/vma.c kernel/lib/rbtree.c
