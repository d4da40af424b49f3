# Bad flat images for the in-kernel loader tests (issues 3 and 5).
#
# tools/mkbadflat takes a good program and a good library and writes one
# corrupted copy per check into $(BUILD)/initrd/bad/, plus bad/MANIFEST
# ("PATH KIND EXPECTED-MESSAGE" per line).  It runs the kernel's own
# validator on each file and fails the build unless the file is refused with
# that message, so the manifest cannot drift from kernel/exec/flat.c.
#
# The good images are /bin/hello and /lib/maths.lib when the tree has them,
# else the round-trip fixture of tests/host/flat_roundtrip.mk.

# The flat tools link only the pure kernel/exec/flat.c: the other files in
# kernel/exec are kernel code.  (A static pattern rule is explicit, so it
# wins over the Makefile's generic $(BUILD)/tools/% rule.)
FLAT_TOOLS := $(BUILD)/tools/elf2flat $(BUILD)/tools/mkbadflat
$(FLAT_TOOLS): $(BUILD)/tools/%: tools/%.c kernel/exec/flat.c kernel/exec/flat.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Ikernel/include -Ikernel/include/uapi -o $@ $(filter %.c,$^)

FLATBAD_PROG := $(if $(filter hello,$(PROGS)),$(BUILD)/initrd/bin/hello,$(BUILD)/flatfix/prog.flat)
FLATBAD_LIB  := $(if $(filter maths,$(LIBS)),$(BUILD)/initrd/lib/maths.lib,$(if $(LIBS),$(BUILD)/initrd/lib/$(firstword $(LIBS)).lib,$(BUILD)/flatfix/lib.flat))

$(BUILD)/initrd/bad/MANIFEST: $(BUILD)/tools/mkbadflat $(FLATBAD_PROG) $(FLATBAD_LIB)
	@echo "  BADFLAT $(@D)"
	$(Q)$(BUILD)/tools/mkbadflat $(FLATBAD_PROG) $(FLATBAD_LIB) $(@D)

INITRD_EXTRA += $(BUILD)/initrd/bad/MANIFEST

# make fuzz: libFuzzer on the validator for FLAT_FUZZ_SECONDS, seeded with
# the fixture's images and /bin/hello (clang's fuzzer runtime: tools/deps.sh
# installs it when BRINK_FUZZ_DEPS is set).
FLAT_FUZZ_SECONDS ?= 60
$(BUILD)/fuzz/flat_fuzz: tests/host/flat_fuzz.c kernel/exec/flat.c kernel/exec/flat.h
	@mkdir -p $(@D)
	@echo "  CLANG   $@"
	$(Q)clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
		-Ikernel/include -Ikernel/include/uapi -o $@ $(filter %.c,$^)
.PHONY: fuzz-flat
fuzz-flat: $(BUILD)/fuzz/flat_fuzz $(BUILD)/flatfix/prog.flat $(BUILD)/flatfix/lib.flat $(FLATBAD_PROG)
	@mkdir -p $(BUILD)/fuzz/flat_corpus
	@cp $(BUILD)/flatfix/prog.flat $(BUILD)/flatfix/lib.flat $(FLATBAD_PROG) $(BUILD)/fuzz/flat_corpus/
	$(BUILD)/fuzz/flat_fuzz -max_total_time=$(FLAT_FUZZ_SECONDS) $(BUILD)/fuzz/flat_corpus
fuzz: fuzz-flat
