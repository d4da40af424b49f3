HOST_TESTS += vma_scale
vma_scale_SRCS := tests/host/vma_scale.c tests/host/vma_harness.c \
	kernel/mm/vma.c kernel/lib/rbtree.c
