# Host test: elf2flat round trip.  A small freestanding i686 fixture is built
# with the cross toolchain, linked as a program (user/user.ld) and as a
# library (user/lib.ld), and converted with build/tools/elf2flat; the test
# checks the images against the ELFs.  Also a PIC build and a default-script
# link, which elf2flat must refuse.
HOST_TESTS += flat_roundtrip
flat_roundtrip_SRCS := tests/host/flat_roundtrip.c kernel/exec/flat.c

FLATFIX := $(BUILD)/flatfix
FLATFIX_FILES := $(FLATFIX)/fixture.o $(FLATFIX)/fixture_abs.o $(FLATFIX)/prog.elf $(FLATFIX)/prog.flat \
	$(FLATFIX)/lib.elf $(FLATFIX)/lib.flat $(FLATFIX)/pic.elf $(FLATFIX)/default.elf
flat_roundtrip_CFLAGS := -DFLATFIX_DIR='"$(abspath $(FLATFIX))"' \
	-DELF2FLAT_PATH='"$(abspath $(ELF2FLAT))"'

$(BUILD)/host/flat_roundtrip: $(FLATFIX_FILES) $(ELF2FLAT)

$(FLATFIX)/fixture.o: tests/host/flat_fixture.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(COMMON_CFLAGS) -c $< -o $@
$(FLATFIX)/fixture_abs.o: tests/host/flat_fixture_abs.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(COMMON_CFLAGS) -c $< -o $@
$(FLATFIX)/pic.o: tests/host/flat_fixture.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(filter-out -fno-pic,$(COMMON_CFLAGS)) -fpic -c $< -o $@
$(FLATFIX)/prog.elf: $(FLATFIX)/fixture.o $(FLATFIX)/fixture_abs.o user/user.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(USER_LDFLAGS) -T user/user.ld -o $@ $(filter %.o,$^) $(LIBGCC)
$(FLATFIX)/lib.elf: $(FLATFIX)/fixture.o $(FLATFIX)/fixture_abs.o user/lib.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(USER_LDFLAGS) -T user/lib.ld -o $@ $(filter %.o,$^) $(LIBGCC)
$(FLATFIX)/pic.elf: $(FLATFIX)/pic.o $(FLATFIX)/fixture_abs.o user/lib.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(USER_LDFLAGS) -T user/lib.ld -o $@ $(filter %.o,$^) $(LIBGCC)
$(FLATFIX)/default.elf: $(FLATFIX)/fixture.o $(FLATFIX)/fixture_abs.o
	@echo "  LD      $@"
	$(Q)$(LD) $(USER_LDFLAGS) -o $@ $^ $(LIBGCC)
$(FLATFIX)/prog.flat: $(FLATFIX)/prog.elf $(ELF2FLAT)
	@echo "  FLAT    $@"
	$(Q)$(ELF2FLAT) --stack 64K $< $@
$(FLATFIX)/lib.flat: $(FLATFIX)/lib.elf $(FLATFIX)/fixture.o $(FLATFIX)/fixture_abs.o $(ELF2FLAT)
	@echo "  FLAT    $@"
	$(Q)$(ELF2FLAT) --library --export-from $(FLATFIX)/fixture.o \
		--export-from $(FLATFIX)/fixture_abs.o $< $@
