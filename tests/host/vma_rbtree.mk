HOST_TESTS += vma_rbtree
vma_rbtree_SRCS := tests/host/vma_rbtree.c kernel/lib/rbtree.c
