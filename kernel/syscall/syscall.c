/*
 * syscall.c - the int 0x80 entry: number in eax, arguments in ebx, ecx,
 * edx, esi, edi, ebp, result (or -errno) back in eax.  One table.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../proc/proc.h"
#include "syscall.h"

static const syscall_fn table[NR_SYSCALLS] = {
	[SYS_exit]          = sys_exit,
	[SYS_read]          = sys_read,
	[SYS_write]         = sys_write,
	[SYS_open]          = sys_open,
	[SYS_close]         = sys_close,
	[SYS_lseek]         = sys_lseek,
	[SYS_fstat]         = sys_fstat,
	[SYS_stat]          = sys_stat,
	[SYS_ftruncate]     = sys_ftruncate,
	[SYS_unlink]        = sys_unlink,
	[SYS_getpid]        = sys_getpid,
	[SYS_spawn]         = sys_spawn,
	[SYS_waitpid]       = sys_waitpid,
	[SYS_nanosleep]     = sys_nanosleep,
	[SYS_clock_gettime] = sys_clock_gettime,
	[SYS_brk]           = sys_brk,
	[SYS_sbrk]          = sys_sbrk,
	[SYS_mmap]          = sys_mmap,
	[SYS_munmap]        = sys_munmap,
	[SYS_mprotect]      = sys_mprotect,
	[SYS_madvise]       = sys_madvise,
	[SYS_mlock]         = sys_mlock,
	[SYS_munlock]       = sys_munlock,
	[SYS_msync]         = sys_msync,
	[SYS_mincore]       = sys_mincore,
	[SYS_openlib]       = sys_openlib,
	[SYS_libsym]        = sys_libsym,
	[SYS_kill]          = sys_kill,
	[SYS_meminfo]       = sys_meminfo,
	[SYS_yield]         = sys_yield,
};

void syscall_dispatch(struct trapframe *tf)
{
	uint32_t n = tf->eax;
	if (n >= NR_SYSCALLS || !table[n]) {
		tf->eax = -ENOSYS;
		return;
	}
	tf->eax = table[n](tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp);
}
