# Brink - top-level Makefile.
#
#   make          kernel, libc, user programs and libraries, initrd, ISO
#   make run      boot the ISO in QEMU, serial console on this terminal
#   make test     host unit tests + QEMU tests; last line "N passed, N failed"
#   make debug    QEMU paused with its gdb stub, gdb attached
#   make bench    benchmarks (figures, never pass/fail)
#   make fuzz     the libFuzzer targets, for a bounded time
#
# Everything is built under build/.  Missing Debian packages are installed
# by tools/deps.sh the first time (it says what it installs).

# tools/deps.sh runs once per make invocation, before anything else: the
# flags below ask the cross compiler for its paths, so it must be there
# (on a new machine, the first make installs it).
# `make bench` also needs the allocators it compares with, `make fuzz`
# clang's libFuzzer runtime.
# (Make 4.3 does not pass exported variables to $(shell): they go on the
# command line.)
DEPS_ENV :=
ifneq ($(filter bench bench-%,$(MAKECMDGOALS)),)
DEPS_ENV += BRINK_BENCH_DEPS=1
endif
ifneq ($(filter fuzz malloc-fuzz,$(MAKECMDGOALS)),)
DEPS_ENV += BRINK_FUZZ_DEPS=1
endif
ifeq ($(filter clean,$(MAKECMDGOALS)),)
DEPS_OK := $(shell $(DEPS_ENV) sh tools/deps.sh >&2 && echo ok)
ifneq ($(DEPS_OK),ok)
$(error the build's Debian packages could not be installed (see above))
endif
endif

BUILD   := build
# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif
CROSS   := i686-linux-gnu-
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
AR      := $(CROSS)ar
OBJCOPY := $(CROSS)objcopy
NASM    := nasm
HOSTCC  := cc
PYTHON  := /usr/bin/python3
QEMU    := qemu-system-i386

# Flags shared by kernel, libc and user code: freestanding i686, no FPU/SSE
# state (the kernel does not save it), frame pointers kept for gdb.
COMMON_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
	-ffreestanding -nostdlib -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-fno-builtin -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-common

KCFLAGS := $(COMMON_CFLAGS) -Ikernel/include -Ikernel/include/uapi -DKERNEL
UCFLAGS := $(COMMON_CFLAGS) -nostdinc -Ilibc/include -Ikernel/include/uapi \
	-isystem $(shell $(CC) -print-file-name=include 2>/dev/null)
LIBGCC   = $(shell $(CC) -print-libgcc-file-name)

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-Ikernel/include -Ikernel/include/uapi -DHOST_TEST
HOST_LIBS   := -lcmocka

.DEFAULT_GOAL := all
.PHONY: all deps run test test-host test-qemu debug debug-qemu bench fuzz clean
.SECONDARY:

# ---------------------------------------------------------------- kernel --
KERNEL_C   := $(shell find kernel -name '*.c' | sort)
KERNEL_ASM := $(shell find boot kernel -name '*.asm' | sort)
KERNEL_OBJ := $(KERNEL_C:%.c=$(BUILD)/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/%.o)

$(BUILD)/kernel/%.o: kernel/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.asm
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(NASM) -f elf32 -g -F dwarf $< -o $@

$(BUILD)/brink.elf: $(KERNEL_OBJ) linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -z noexecstack -T linker.ld -o $@ $(KERNEL_OBJ) $(LIBGCC)

# ------------------------------------------------------------------ libc --
LIBC_C   := $(shell find libc -name '*.c' ! -path 'libc/crt/*' | sort)
LIBC_ASM := $(shell find libc -name '*.asm' ! -path 'libc/crt/*' | sort)
LIBC_OBJ := $(LIBC_C:%.c=$(BUILD)/%.o) $(LIBC_ASM:%.asm=$(BUILD)/%.o)
CRT0     := $(BUILD)/libc/crt/crt0.o

$(BUILD)/libc/%.o: libc/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libc/libc.a: $(LIBC_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)$(AR) rcs $@ $^

# ------------------------------------------------- user programs and libs --
# user/bin/NAME.c or user/bin/NAME/*.c  ->  /bin/NAME
# user/lib/NAME/*.c                     ->  /lib/NAME.lib
# Each keeps its ELF with debug info in build/user/ for gdb.
PROGS := $(sort $(basename $(notdir $(wildcard user/bin/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard user/bin/*/*.c)))))
LIBS  := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard user/lib/*/*.c)))))

prog_srcs = $(wildcard user/bin/$(1).c user/bin/$(1)/*.c)
lib_srcs  = $(wildcard user/lib/$(1)/*.c)

$(BUILD)/user/%.o: user/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@

ELF2FLAT := $(BUILD)/tools/elf2flat
USER_LDFLAGS := -m elf_i386 -z noexecstack --emit-relocs -nostdlib

define PROG_rule
$(BUILD)/user/bin/$(1).elf: $(patsubst %.c,$(BUILD)/%.o,$(call prog_srcs,$(1))) $(CRT0) $(BUILD)/libc/libc.a user/user.ld
	@echo "  LD      $$@"
	$(Q)$(LD) $(USER_LDFLAGS) -T user/user.ld -o $$@ $(CRT0) $(patsubst %.c,$(BUILD)/%.o,$(call prog_srcs,$(1))) $(BUILD)/libc/libc.a $(LIBGCC)
$(BUILD)/initrd/bin/$(1): $(BUILD)/user/bin/$(1).elf $(ELF2FLAT)
	@mkdir -p $$(@D)
	@echo "  FLAT    $$@"
	$(Q)$(ELF2FLAT) $$< $$@
endef
$(foreach p,$(PROGS),$(eval $(call PROG_rule,$(p))))

# A library's own sources are listed to elf2flat so that exactly the globals
# they define are exported (not its private copy of libc).
define LIB_rule
$(BUILD)/user/lib/$(1).elf: $(patsubst %.c,$(BUILD)/%.o,$(call lib_srcs,$(1))) $(BUILD)/libc/libc.a user/lib.ld
	@echo "  LD      $$@"
	$(Q)$(LD) $(USER_LDFLAGS) -T user/lib.ld -o $$@ $(patsubst %.c,$(BUILD)/%.o,$(call lib_srcs,$(1))) $(BUILD)/libc/libc.a $(LIBGCC)
$(BUILD)/initrd/lib/$(1).lib: $(BUILD)/user/lib/$(1).elf $(ELF2FLAT)
	@mkdir -p $$(@D)
	@echo "  FLAT    $$@"
	$(Q)$(ELF2FLAT) --library $$(foreach o,$(patsubst %.c,$(BUILD)/%.o,$(call lib_srcs,$(1))),--export-from $$(o)) $$< $$@
endef
$(foreach l,$(LIBS),$(eval $(call LIB_rule,$(l))))

INITRD_FILES := $(PROGS:%=$(BUILD)/initrd/bin/%) $(LIBS:%=$(BUILD)/initrd/lib/%.lib)

# Fragments in tests/*.mk add extra initrd content (INITRD_EXTRA: bad images
# for the loader tests, data files), benchmarks and fuzzers.  A benchmark
# is a phony target named in BENCH_TARGETS; `make bench` runs them one
# after the other (never in parallel: they measure).
INITRD_EXTRA :=
BENCH_TARGETS :=
EXTRA_TEST_DEPS :=
include $(wildcard tests/*.mk)

# ------------------------------------------------------------ initrd, ISO --
$(BUILD)/initrd.tar: $(INITRD_FILES) $(INITRD_EXTRA) $(shell find initrd -type f 2>/dev/null)
	@mkdir -p $(BUILD)/initrd
	@if [ -d initrd ]; then cp -r initrd/. $(BUILD)/initrd/; fi
	@echo "  TAR     $@"
	$(Q)tar --format=ustar --owner=0 --group=0 --numeric-owner -C $(BUILD)/initrd -cf $@ .

$(BUILD)/brink.iso: $(BUILD)/brink.elf $(BUILD)/initrd.tar iso/grub.cfg
	@mkdir -p $(BUILD)/iso/boot/grub
	$(Q)cp $(BUILD)/brink.elf $(BUILD)/initrd.tar $(BUILD)/iso/boot/
	$(Q)cp iso/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	@echo "  ISO     $@"
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso 2>$(BUILD)/grub-mkrescue.log || { cat $(BUILD)/grub-mkrescue.log; exit 1; }

all: $(BUILD)/brink.iso

# ----------------------------------------------------------- host tools --
$(BUILD)/tools/%: tools/%.c kernel/exec/flat.c kernel/exec/flat.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Ikernel/include -Ikernel/include/uapi -o $@ $(filter %.c,$^)

# ---------------------------------------------------------- host tests --
# Each tests/host/NAME.mk says:  HOST_TESTS += NAME  and  NAME_SRCS := files
HOST_TESTS :=
include $(wildcard tests/host/*.mk)

define HOST_rule
$(BUILD)/host/$(1): $$($(1)_SRCS)
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$($(1)_SRCS) $(HOST_LIBS) $$($(1)_LIBS)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call HOST_rule,$(t))))
HOST_BINS := $(HOST_TESTS:%=$(BUILD)/host/%)

# ---------------------------------------------------------------- run, test --
# The serial console on this terminal (Ctrl-A X quits QEMU, Ctrl-C goes to
# the guest); the VGA window as well when there is a display.
QEMU_FLAGS := -m 128M -serial mon:stdio

run: $(BUILD)/brink.iso
	@if [ -n "$$DISPLAY" ]; then disp=""; else disp="-display none"; fi; \
	$(QEMU) $(QEMU_FLAGS) $$disp -cdrom $<

test: all $(HOST_BINS) $(EXTRA_TEST_DEPS)
	@$(PYTHON) tools/test/run.py --build $(BUILD) $(HOST_BINS)

test-host: $(HOST_BINS)
	@$(PYTHON) tools/test/run.py --build $(BUILD) --no-qemu $(HOST_BINS)

test-qemu: all
	@$(PYTHON) tools/test/run.py --build $(BUILD) --no-host

debug: all
	@sh tools/debug.sh $(BUILD)

debug-qemu: all
	@sh tools/debug.sh --qemu-only $(BUILD)

bench: all
	@$(foreach t,$(BENCH_TARGETS),$(MAKE) --no-print-directory -j1 $(t) &&) true

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
