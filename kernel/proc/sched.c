/*
 * sched.c - the process table and a round-robin scheduler.
 *
 * One CPU.  The scheduler loop runs on the boot stack and switches to each
 * runnable process in turn (xv6's design); a process gives the CPU back by
 * sched(), either because it sleeps, exits, or its time slice ran out
 * (need_resched, set by the timer, honoured on the way back to user mode).
 * With nothing to run the loop halts until the next interrupt.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "../lib/string.h"
#include "../mm/paging.h"
#include "../mm/kheap.h"
#include "../mm/mm.h"
#include "proc.h"

extern void swtch(struct context **old, struct context *new);
extern void trapret(void);

struct proc *current;
volatile uint64_t ticks;
volatile bool need_resched;

static struct proc *ptable[NPROC];
static struct context *sched_context;
static int next_pid = 1;
static int rr_cursor;

void proc_init(void)
{
	memset(ptable, 0, sizeof(ptable));
}

struct proc *proc_at(int slot)
{
	return (slot >= 0 && slot < NPROC) ? ptable[slot] : NULL;
}

struct proc *proc_find(int pid)
{
	for (int i = 0; i < NPROC; i++)
		if (ptable[i] && ptable[i]->pid == pid && ptable[i]->state != P_UNUSED)
			return ptable[i];
	return NULL;
}

/* A new process in EMBRYO state with a kernel stack, not yet runnable. */
struct proc *proc_alloc(const char *name)
{
	int slot = -1;
	for (int i = 0; i < NPROC; i++)
		if (!ptable[i]) {
			slot = i;
			break;
		}
	if (slot < 0)
		return NULL;
	struct proc *p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->kstack = vmalloc(KSTACK_SIZE);
	if (!p->kstack) {
		kfree(p);
		return NULL;
	}
	p->state = P_EMBRYO;
	p->pid = next_pid++;
	strlcpy(p->name, name, sizeof(p->name));
	ptable[slot] = p;
	return p;
}

/* Release what proc_alloc gave; the mm and files are gone already. */
void proc_free(struct proc *p)
{
	for (int i = 0; i < NPROC; i++)
		if (ptable[i] == p)
			ptable[i] = NULL;
	vfree(p->kstack);
	kfree(p);
}

/* swtch() "returns" here, with the scheduler's interrupt state (off), as if
 * called with (fn, arg): kthread_create laid the stack out that way. */
static void kthread_start(void (*fn)(void *), void *arg)
{
	sti();
	fn(arg);
	panic("kernel thread %s returned", current->name);
}

struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct proc *p = proc_alloc(name);
	if (!p)
		return NULL;
	uint32_t *sp = (uint32_t *)(p->kstack + KSTACK_SIZE);
	*--sp = (uint32_t)arg;
	*--sp = (uint32_t)fn;
	*--sp = 0;                     /* kthread_start's return address: none */
	struct context *c = (struct context *)sp - 1;
	memset(c, 0, sizeof(*c));
	c->eip = (uint32_t)kthread_start;
	p->context = c;
	make_runnable(p);
	return p;
}

void make_runnable(struct proc *p)
{
	p->state = P_RUNNABLE;
}

static struct proc *pick_next(void)
{
	for (int n = 0; n < NPROC; n++) {
		int i = (rr_cursor + n) % NPROC;
		if (ptable[i] && ptable[i]->state == P_RUNNABLE) {
			rr_cursor = i + 1;
			return ptable[i];
		}
	}
	return NULL;
}

void scheduler(void)
{
	for (;;) {
		cli();
		struct proc *p = pick_next();
		if (!p) {
			sti();          /* sti; hlt is atomic: no wakeup is lost */
			hlt();
			continue;
		}
		current = p;
		p->state = P_RUNNING;
		need_resched = false;
		tss_set_kernel_stack((uint32_t)p->kstack + KSTACK_SIZE);
		pgdir_switch(p->mm ? p->mm->pgdir : NULL);
		swtch(&sched_context, p->context);
		current = NULL;
		pgdir_switch(NULL);
		if (p->state == P_ZOMBIE && !p->parent)
			proc_free(p);           /* an orphan: nobody will wait for it */
	}
}

/* Give the CPU to the scheduler.  Interrupts must be off; they come back
 * as they were when this process is next switched in. */
void sched(void)
{
	uint32_t f = read_eflags();
	if (f & EFLAGS_IF)
		panic("sched: interrupts on");
	swtch(&current->context, sched_context);
}

void yield(void)
{
	uint32_t f = irq_save();
	current->state = P_RUNNABLE;
	sched();
	irq_restore(f);
}

void sleep_on(const void *chan)
{
	current->chan = chan;
	current->state = P_SLEEPING;
	sched();
	current->chan = NULL;
}

void wakeup(const void *chan)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = ptable[i];
		if (p && p->state == P_SLEEPING && p->chan == chan)
			p->state = P_RUNNABLE;
	}
}

/* Sleepers with a deadline wait on this; the timer wakes them each tick. */
static const char tick_chan;

int sleep_ticks(uint64_t n)
{
	uint32_t f = irq_save();
	current->wake_tick = ticks + n;
	while (ticks < current->wake_tick && !current->killed)
		sleep_on(&tick_chan);
	current->wake_tick = 0;
	irq_restore(f);
	return current->killed ? -4 /* EINTR */ : 0;
}

/* The slice is over whether the tick caught the process in user mode or in
 * a system call (a program calling clock_gettime in a loop is mostly the
 * latter); it gives the CPU up on its next return to user mode. */
void timer_tick(void)
{
	ticks++;
	wakeup(&tick_chan);
	if (current) {
		current->cpu_ticks++;
		need_resched = true;
	}
}
