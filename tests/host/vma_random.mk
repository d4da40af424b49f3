HOST_TESTS += vma_random
vma_random_SRCS := tests/host/vma_random.c tests/host/vma_harness.c \
	kernel/mm/vma.c kernel/lib/rbtree.c
# The HOST_rule depends on the sources only; rebuild when the headers change.
$(BUILD)/host/vma_random: kernel/mm/vma.h kernel/lib/rbtree.h kernel/mm/kheap.h \
	tests/host/vma_harness.h
