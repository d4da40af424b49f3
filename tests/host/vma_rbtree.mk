HOST_TESTS += vma_rbtree
vma_rbtree_SRCS := tests/host/vma_rbtree.c kernel/lib/rbtree.c
# The HOST_rule depends on the sources only; rebuild when the header changes.
$(BUILD)/host/vma_rbtree: kernel/lib/rbtree.h
