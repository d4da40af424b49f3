# The formatter behind kprintf, compared with the host's snprintf.
HOST_TESTS += format_test
format_test_SRCS := tests/host/format_test.c kernel/lib/format.c
