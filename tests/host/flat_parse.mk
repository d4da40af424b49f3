# Host test: the flat-image validator, page relocation and export lookup.
HOST_TESTS += flat_parse
flat_parse_SRCS := tests/host/flat_parse.c kernel/exec/flat.c
