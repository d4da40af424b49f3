HOST_TESTS += vma_scale
vma_scale_SRCS := tests/host/vma_scale.c tests/host/vma_harness.c \
	kernel/mm/vma.c kernel/lib/rbtree.c
# The HOST_rule depends on the sources only; rebuild when the headers change.
$(BUILD)/host/vma_scale: kernel/mm/vma.h kernel/lib/rbtree.h kernel/mm/kheap.h \
	tests/host/vma_harness.h
