/*
 * process.c - user processes: spawn, exit, wait, kill, and death by fault.
 *
 * spawn builds a new address space from a flat image, puts argv and envp on
 * its stack the way the SysV i386 ABI does, and makes a trap frame that
 * "returns" to the entry point in ring 3.  A process dies by exit() or by a
 * signal (a fault, kill); its memory and files go at once, its wait status
 * waits in a zombie for the parent.  Orphans are reaped by the kernel.
 */
#include <kernel.h>
#include <brink/abi.h>
#include "../arch/x86.h"
#include "../lib/string.h"
#include "../mm/kheap.h"
#include "../mm/mm.h"
#include "../exec/image.h"
#include "../fs/vfs.h"
#include "proc.h"
#include "process.h"

extern void trapret(void);

/* The first thing a new user process runs, in the kernel: return through
 * the trap frame that spawn made (see the stack layout in setup_kstack). */
static void forkret(void)
{
}

static void setup_kstack(struct proc *p, uint32_t entry, uint32_t usp)
{
	uint8_t *sp = p->kstack + KSTACK_SIZE;
	sp -= sizeof(struct trapframe);
	p->tf = (struct trapframe *)sp;
	memset(p->tf, 0, sizeof(*p->tf));
	p->tf->cs = SEG_UCODE;
	p->tf->ds = p->tf->es = p->tf->fs = p->tf->gs = p->tf->ss = SEG_UDATA;
	p->tf->eflags = EFLAGS_IF;
	p->tf->eip = entry;
	p->tf->esp = usp;
	sp -= 4;
	*(uint32_t *)sp = (uint32_t)trapret;      /* forkret returns here */
	sp -= sizeof(struct context);
	p->context = (struct context *)sp;
	memset(p->context, 0, sizeof(*p->context));
	p->context->eip = (uint32_t)forkret;
}

/* Lay out argc, argv[], NULL, envp[], NULL and the strings below stack_top. */
static int setup_ustack(struct mm_struct *mm, char *const argv[], char *const envp[],
			uint32_t *usp)
{
	int argc = 0, envc = 0;
	uint32_t strbytes = 0;
	while (argv && argv[argc])
		strbytes += strlen(argv[argc++]) + 1;
	while (envp && envp[envc])
		strbytes += strlen(envp[envc++]) + 1;
	uint32_t ptrbytes = (1 + argc + 1 + envc + 1) * 4;
	uint32_t total = ALIGN_UP(strbytes, 16) + ALIGN_UP(ptrbytes, 16);
	if (total > SPAWN_ARG_MAX)
		return -E2BIG;
	uint32_t sp = mm->stack_top - total;
	/* The stack VMA starts out just big enough for this. */
	struct vm_area_struct *stack = find_vma(mm, mm->stack_top - 1);
	if (sp < stack->vm_start && vma_adjust(mm, stack, sp & PAGE_MASK, stack->vm_end))
		return -ENOMEM;

	uint32_t *vec = kmalloc(ptrbytes);
	if (!vec)
		return -ENOMEM;
	uint32_t str = sp + ALIGN_UP(ptrbytes, 16);
	int n = 0, r = 0;
	vec[n++] = argc;
	for (int i = 0; i < argc + envc && !r; i++) {
		const char *s = i < argc ? argv[i] : envp[i - argc];
		size_t len = strlen(s) + 1;
		if (i == argc)
			vec[n++] = 0;
		vec[n++] = str;
		r = copy_to_mm(mm, str, s, len);
		str += len;
	}
	if (envc == 0)
		vec[n++] = 0;                   /* argv's NULL (with an env, added above) */
	vec[n++] = 0;
	if (!r)
		r = copy_to_mm(mm, sp, vec, ptrbytes);
	kfree(vec);
	*usp = sp;
	return r;
}

/* The address space of a new process: image, heap start, stack, guard. */
static int setup_mm(struct mm_struct *mm, const char *path, struct image **img,
		    char *msg, size_t msglen)
{
	int r = image_map(mm, path, FLAT_KIND_EXEC, FLAT_EXEC_BASE, img, msg, msglen);
	if (r)
		return r;
	mm->start_brk = mm->brk = (*img)->end + aslr_pages(ASLR_BITS);
	mm->stack_top = USER_END - aslr_pages(ASLR_BITS);
	uint32_t guard = mm->stack_top - STACK_MAX - PAGE_SIZE;
	mm->mmap_base = guard - PAGE_SIZE - aslr_pages(ASLR_BITS + 2);

	struct vm_area_struct *g = vma_alloc(), *s = vma_alloc();
	if (!g || !s) {
		vma_free(g ? g : s);
		return -ENOMEM;
	}
	g->vm_start = guard;
	g->vm_end = guard + PAGE_SIZE;
	g->vm_flags = VM_GUARD;
	g->vm_name = "[guard]";
	s->vm_start = mm->stack_top - PAGE_SIZE;
	s->vm_end = mm->stack_top;
	s->vm_flags = VM_READ | VM_WRITE | VM_GROWSDOWN;
	s->vm_name = "[stack]";
	if (vma_insert(mm, g) || vma_insert(mm, s))
		panic("spawn: the stack's place is taken");
	return 0;
}

int proc_spawn(const char *path, char *const argv[], char *const envp[], struct proc *parent)
{
	struct proc *p = proc_alloc(path);
	if (!p)
		return -EAGAIN;
	p->mm = mm_create();
	if (!p->mm) {
		proc_free(p);
		return -ENOMEM;
	}
	char msg[128];
	struct image *img;
	uint32_t usp;
	int r = setup_mm(p->mm, path, &img, msg, sizeof(msg));
	if (r == -ENOEXEC)
		kprintf("spawn: %s (ENOEXEC)\n", msg);
	if (!r)
		r = setup_ustack(p->mm, argv, envp, &usp);
	if (r) {
		mm_destroy(p->mm);
		proc_free(p);
		return r;
	}
	setup_kstack(p, img->base + img->fi.entry, usp);
	struct file *con = vfs_open_console();
	for (int fd = 0; fd < 3 && con; fd++) {
		file_get(con);
		p->files[fd] = con;
	}
	if (con)
		file_put(con);
	p->parent = parent;
	make_runnable(p);
	return p->pid;
}

/* ---- death ---- */

void proc_exit(int wstatus)
{
	struct proc *p = current;
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->files[fd]) {
			file_put(p->files[fd]);
			p->files[fd] = NULL;
		}
	if (p->mm) {
		pgdir_switch(NULL);             /* we are about to free our page tables */
		mm_destroy(p->mm);
		p->mm = NULL;
	}
	uint32_t f = irq_save();
	for (int i = 0; i < NPROC; i++) {
		struct proc *c = proc_at(i);
		if (c && c->parent == p) {
			c->parent = NULL;       /* orphans go to the kernel */
			if (c->state == P_ZOMBIE)
				proc_free(c);
		}
	}
	p->status = wstatus;
	p->state = P_ZOMBIE;
	if (p->parent)
		wakeup(p->parent);
	sched();                                /* the scheduler frees us if orphaned */
	(void)f;
	panic("zombie %d ran again", p->pid);
}

int proc_wait(int pid, int *wstatus, int options)
{
	if (options & ~WNOHANG)
		return -EINVAL;
	uint32_t f = irq_save();
	for (;;) {
		bool have_child = false;
		for (int i = 0; i < NPROC; i++) {
			struct proc *c = proc_at(i);
			if (!c || c->parent != current || (pid > 0 && c->pid != pid))
				continue;
			have_child = true;
			if (c->state == P_ZOMBIE) {
				int cpid = c->pid;
				if (wstatus)
					*wstatus = c->status;
				proc_free(c);
				irq_restore(f);
				return cpid;
			}
		}
		if (!have_child) {
			irq_restore(f);
			return -ECHILD;
		}
		if ((options & WNOHANG) || current->killed) {
			irq_restore(f);
			return current->killed ? -EINTR : 0;
		}
		sleep_on(current);
	}
}

int proc_kill(int pid, int sig)
{
	if (sig < 0 || sig >= 32)
		return -EINVAL;
	struct proc *p = proc_find(pid);
	if (!p || p->state == P_ZOMBIE)
		return -ESRCH;
	if (!p->mm)
		return -EPERM;                  /* kernel threads cannot be killed */
	if (sig == 0)
		return 0;                       /* only asked whether it exists */
	uint32_t f = irq_save();
	if (!p->killed)
		p->killed = sig;
	if (p->state == P_SLEEPING)
		p->state = P_RUNNABLE;          /* its sleep loop sees killed and returns */
	irq_restore(f);
	return 0;
}

static int fault_signal(unsigned trapno)
{
	switch (trapno) {
	case 0:  return SIGFPE;                 /* divide error */
	case 7:  return SIGFPE;                 /* x87 with CR0.EM: Brink keeps no FPU state */
	case 16: return SIGFPE;                 /* x87 */
	case 19: return SIGFPE;                 /* SIMD */
	case 6:  return SIGILL;                 /* invalid opcode */
	case 3:  return 5;                      /* breakpoint: SIGTRAP */
	case 17: return 7;                      /* alignment: SIGBUS */
	default: return SIGSEGV;
	}
}

const char *trap_name(unsigned trapno);

/* A user-mode fault: say so on the console and mark the process to die. */
void proc_fault(struct trapframe *tf)
{
	struct proc *p = current;
	int sig = fault_signal(tf->trapno);
	if (tf->trapno == 14) {
		uint32_t addr = read_cr2();
		const char *what = "page fault";
		switch (p->fault_result) {
		case FAULT_STACK_OVERFLOW: what = "stack overflow (page fault)"; break;
		case FAULT_OOM:            what = "out of memory (page fault)"; sig = SIGKILL; break;
		default:                   break;
		}
		kprintf("killed: pid %d (%s): %s at 0x%08x (%s %s), eip 0x%08x, signal %d\n",
			p->pid, p->name, what, addr, tf->err & 2 ? "write" : "read",
			tf->err & 1 ? "against protection" : "of an unmapped page", tf->eip, sig);
	} else {
		kprintf("killed: pid %d (%s): %s at 0x%08x, signal %d\n",
			p->pid, p->name, trap_name(tf->trapno), tf->eip, sig);
	}
	p->fault_result = 0;
	p->killed = sig;
}
