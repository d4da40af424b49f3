# tests/host/libc_common.mk - how the libc host tests build libc itself.
#
# Each libc_NAME test is built twice from the same sources:
#  - build/host/libc_NAME: x86-64, cmocka, ASan+UBSan (the usual host test);
#  - build/host/i386/libc_NAME: i386, exactly the target's compiler and
#    flags for libc (UCFLAGS), linked -static with Debian's i386 glibc, so
#    that the code is also checked where long and pointers are 32 bits.
#    libc_i386 (a host test) runs these binaries and reports their results.
# The real libc sources are compiled against libc's own headers
# (-nostdinc -Ilibc/include: they use the compiler's type macros, so they
# are right on both), with each public name renamed to brink_NAME by
# libc_rename.h so that they link next to glibc and can be compared to it.
#
# A test's fragment sets NAME_LIBC (the libc objects it needs, relative to
# libc/, as DIR/FILE.o) and NAME_EXTRA (other test sources), and adds its
# i386 binary with $(call libc_i386_test,NAME).

# It is included by each libc_*.mk first (and again by the Makefile's
# wildcard, which the guard makes harmless), so the order does not matter.
ifndef LIBC_COMMON_MK
LIBC_COMMON_MK := 1

LIBC_HOST_CFLAGS := -nostdinc -Ilibc/include -ffreestanding -fno-builtin \
	-include tests/host/libc_rename.h

$(BUILD)/host/libc/%.o: libc/%.c tests/host/libc_rename.h
	@mkdir -p $(@D)
	$(HOSTCC) $(LIBC_HOST_CFLAGS) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/host/i386/libc/%.o: libc/%.c tests/host/libc_rename.h
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -include tests/host/libc_rename.h -MMD -MP -c $< -o $@

LIBC_I386_CC := $(CC) -std=gnu11 -O1 -g -Wall -Wextra -Wno-type-limits -static -D_GNU_SOURCE \
	-DLIBC_I386 -Ikernel/include/uapi

libc_host_objs = $(addprefix $(BUILD)/host/libc/,$(1))

define libc_i386_test
$(BUILD)/host/i386/$(1): tests/host/$(1).c $($(1)_EXTRA) \
		tests/host/libc_host.h tests/host/libc_i386_cmocka.h \
		$(addprefix $(BUILD)/host/i386/libc/,$($(1)_LIBC))
	@mkdir -p $$(@D)
	$(LIBC_I386_CC) $$($(1)_CFLAGS) -o $$@ $$(filter %.c %.o,$$^) $$($(1)_LIBS)
endef

endif
