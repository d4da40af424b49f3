HOST_TESTS += vma_test
vma_test_SRCS := tests/host/vma_test.c tests/host/vma_harness.c \
	kernel/mm/vma.c kernel/lib/rbtree.c
# The HOST_rule depends on the sources only; rebuild when the headers change.
$(BUILD)/host/vma_test: kernel/mm/vma.h kernel/lib/rbtree.h kernel/mm/kheap.h \
	tests/host/vma_harness.h
