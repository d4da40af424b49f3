# tests/host/libc_common.mk - how the libc host tests compile libc itself.
#
# The real libc sources are compiled for the host against libc's own headers
# (-nostdinc -Ilibc/include: the headers are written with the compiler's
# type macros, so they are right on x86-64 too), with every public name
# renamed to brink_NAME by libc_rename.h so the objects link next to glibc,
# and with the sanitizers of HOST_CFLAGS.  A libc_*.mk test lists the
# objects it needs as $(BUILD)/host/libc/DIR/FILE.o.

LIBC_HOST_CFLAGS := -nostdinc -Ilibc/include -ffreestanding -fno-builtin \
	-include tests/host/libc_rename.h

$(BUILD)/host/libc/%.o: libc/%.c tests/host/libc_rename.h
	@mkdir -p $(@D)
	$(HOSTCC) $(LIBC_HOST_CFLAGS) $(HOST_CFLAGS) -MMD -MP -c $< -o $@
