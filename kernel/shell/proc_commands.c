/*
 * proc_commands.c - the shell's view of processes: running programs, ps,
 * kill, and the two pictures of an address space, vmas and map.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../lib/format.h"
#include "../lib/string.h"
#include "../mm/mm.h"
#include "../mm/mmap.h"
#include "../fs/vfs.h"
#include "../exec/image.h"
#include "../proc/process.h"
#include "commands.h"
#include "proc_commands.h"

static int wait_status_to_shell(int ws)
{
	return (ws & 0x7f) ? 128 + (ws & 0x7f) : (ws >> 8) & 0xff;
}

/* Reap finished background jobs, saying so, before the next prompt. */
void shell_reap_background(void)
{
	int ws, pid;
	while ((pid = proc_wait(-1, &ws, WNOHANG)) > 0)
		kprintf("[%d] done, status %d\n", pid, wait_status_to_shell(ws));
}

void shell_run_program(int argc, char **argv, bool background)
{
	(void)argc;
	/* room for any line (LE_LINE_MAX); a path cut short would run
	 * another program */
	char path[FS_PATH_MAX];
	size_t n = argv[0][0] == '/' ? strlcpy(path, argv[0], sizeof(path))
				     : (size_t)ksnprintf(path, sizeof(path), "/bin/%s", argv[0]);
	if (n >= sizeof(path)) {
		kprintf("%s: name too long\n", argv[0]);
		shell_last_status = 126;
		return;
	}
	static char *const envp[] = { "PATH=/bin", "HOME=/", NULL };
	int pid = proc_spawn(path, argv, envp, current);
	if (pid < 0) {
		if (pid == -ENOENT) {
			kprintf("%s: command not found\n", argv[0]);
			shell_last_status = 127;
		} else {
			kprintf("%s: cannot run: error %d\n", argv[0], -pid);
			shell_last_status = 126;
		}
		return;
	}
	if (background) {
		kprintf("[%d] %s\n", pid, path);
		shell_last_status = 0;
		return;
	}
	int ws = 0;
	if (proc_wait(pid, &ws, 0) == pid)
		shell_last_status = wait_status_to_shell(ws);
}

static uint32_t vsize_kib(struct mm_struct *mm)
{
	uint32_t pages = 0;
	for (struct vm_area_struct *v = vma_first(mm); v; v = vma_next(mm, v))
		if (!(v->vm_flags & VM_GUARD))
			pages += (v->vm_end - v->vm_start) / PAGE_SIZE;
	return pages * 4;
}

static const char *state_name(enum proc_state s)
{
	static const char *const names[] = { "unused", "embryo", "runnable", "running", "sleeping", "zombie" };
	return names[s];
}

int cmd_ps(int argc, char **argv)
{
	(void)argc; (void)argv;
	kprintf("  PID STATE     RSS(pages)  VSZ(KiB) NAME\n");
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_at(i);
		if (!p || p->state == P_UNUSED)
			continue;
		uint32_t rss = p->mm ? p->mm->rss : 0, vsz = p->mm ? vsize_kib(p->mm) : 0;
		kprintf("%5d %-9s %10u %9u %s%s\n", p->pid, state_name(p->state), rss, vsz,
			p->name, p->tf ? "" : " [kernel]");
	}
	return 0;
}

static struct proc *arg_proc(int argc, char **argv, const char *usage)
{
	if (argc != 2) {
		kprintf("usage: %s\n", usage);
		return NULL;
	}
	int pid = 0;
	if (!argv[1][0]) {
		kprintf("%s: not a pid: \"\"\n", argv[0]);
		return NULL;
	}
	for (const char *s = argv[1]; *s; s++) {
		if (*s < '0' || *s > '9' || pid > 100000000) {
			kprintf("%s: not a pid: %s\n", argv[0], argv[1]);
			return NULL;
		}
		pid = pid * 10 + (*s - '0');
	}
	struct proc *p = proc_find(pid);
	if (!p || p->state == P_ZOMBIE)
		kprintf("%s: no process %s\n", argv[0], argv[1]);
	else if (!p->mm)
		kprintf("%s: %d is a kernel thread\n", argv[0], pid);
	else
		return p;
	return NULL;
}

int cmd_kill(int argc, char **argv)
{
	struct proc *p = arg_proc(argc, argv, "kill PID");
	if (!p)
		return 1;
	int pid = p->pid;
	proc_kill(pid, SIGTERM);
	kprintf("killed: pid %d (%s) by signal %d\n", pid, p->name, SIGTERM);
	return 0;
}

/* What `vmas` calls a VMA: a file's path, a fixed name, or [heap] with the
 * image that owns it. */
static void vma_label(struct vm_area_struct *v, char *buf, size_t len)
{
	if (v->vm_backing == VMA_FILE)
		inode_path(v->vm_file, buf, len);
	else if (v->vm_name == heap_name)
		ksnprintf(buf, len, "[heap] %s", v->vm_owner ? v->vm_owner : "(unknown)");
	else
		strlcpy(buf, v->vm_name ? v->vm_name : "[anon]", len);
}

int cmd_vmas(int argc, char **argv)
{
	struct proc *p = arg_proc(argc, argv, "vmas PID");
	if (!p)
		return 1;
	char name[96];
	for (struct vm_area_struct *v = vma_first(p->mm); v; v = vma_next(p->mm, v)) {
		vma_label(v, name, sizeof(name));
		kprintf("%08x-%08x %c%c%c %08x %s\n", v->vm_start, v->vm_end,
			v->vm_flags & VM_READ ? 'r' : '-', v->vm_flags & VM_WRITE ? 'w' : '-',
			v->vm_flags & VM_EXEC ? 'x' : '-',
			v->vm_backing == VMA_ANON ? 0 : v->vm_pgoff, name);
	}
	return 0;
}

/* The role of a VMA in the seed's figure: text, data, bss, heap... */
static const char *vma_role(struct mm_struct *mm, struct vm_area_struct *v)
{
	if (v->vm_flags & VM_GUARD)
		return "guard";
	if (v->vm_flags & VM_GROWSDOWN)
		return "stack";
	if (v->vm_name == heap_name)
		return "heap";
	if (v->vm_backing == VMA_FILE)
		return "file mapping";
	struct image *img = image_at(mm, v->vm_start);
	if (img) {
		const char *kind = img->fi.kind == FLAT_KIND_LIB ? "library " : "";
		static char role[24];
		ksnprintf(role, sizeof(role), "%s%s", kind,
			  v->vm_flags & VM_EXEC ? "text" : v->vm_backing == VMA_IMAGE ? "data" : "bss");
		return role;
	}
	return "mapping";
}

int cmd_map(int argc, char **argv)
{
	struct proc *p = arg_proc(argc, argv, "map PID");
	if (!p)
		return 1;
	struct mm_struct *mm = p->mm;
	char name[96];
	kprintf("address space of pid %d (%s), high addresses on top:\n\n", p->pid, p->name);
	kprintf("  0xc0000000 +---------------------------------------------+ kernel above\n");
	uint32_t above = USER_END;
	bool brk_drawn = false;
	for (struct vm_area_struct *v = vma_last(mm); v; v = vma_prev(mm, v)) {
		if (v->vm_end < above)
			kprintf("             :                 (unmapped)                  :\n"
				"  0x%08x +---------------------------------------------+\n", v->vm_end);
		if (!brk_drawn && mm->brk >= v->vm_start && mm->brk <= v->vm_end && v->vm_end <= above) {
			kprintf("             |   <- break 0x%08x                        |\n", mm->brk);
			brk_drawn = true;
		}
		vma_label(v, name, sizeof(name));
		kprintf("             | %-13s %-29.29s | %c%c%c %u KiB\n", vma_role(mm, v), name,
			v->vm_flags & VM_READ ? 'r' : '-', v->vm_flags & VM_WRITE ? 'w' : '-',
			v->vm_flags & VM_EXEC ? 'x' : '-', (v->vm_end - v->vm_start) / 1024);
		kprintf("  0x%08x +---------------------------------------------+\n", v->vm_start);
		above = v->vm_start;
	}
	if (!brk_drawn)
		kprintf("  break: 0x%08x (heap start 0x%08x)\n", mm->brk, mm->start_brk);
	kprintf("  resident: %u pages\n", mm->rss);
	return 0;
}
