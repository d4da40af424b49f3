/*
 * proc.h - processes and kernel threads, and the scheduler that runs them.
 *
 * A kernel thread (the shell) is a process without an mm.  A user process
 * has an mm (its address space, kernel/mm/mm.h), a trap frame at the top of
 * its kernel stack, and open files.
 */
#ifndef BRINK_PROC_H
#define BRINK_PROC_H

#include <kernel.h>
#include "../arch/x86.h"

#define NPROC        64
#define NOFILE       16
#define KSTACK_SIZE  8192
#define HZ           100            /* timer ticks per second */

enum proc_state { P_UNUSED, P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct context {                    /* what swtch() saves */
	uint32_t edi, esi, ebx, ebp, eip;
};

struct mm_struct;
struct file;

struct proc {
	int pid;
	enum proc_state state;
	char name[32];                  /* the program's path, or the thread's name */
	struct proc *parent;
	struct mm_struct *mm;           /* NULL for kernel threads */
	uint8_t *kstack;
	struct context *context;
	struct trapframe *tf;           /* user processes: the frame to return through */
	const void *chan;               /* sleeping on this */
	uint64_t wake_tick;             /* sleeping until then (0: no deadline) */
	int status;                     /* wait status once a zombie */
	int killed;                     /* signal to die of at the next return to user */
	int fault_result;               /* why the last page fault failed (mm.h) */
	struct file *files[NOFILE];
	uint64_t cpu_ticks;
};

extern struct proc *current;
extern volatile uint64_t ticks;

void proc_init(void);
struct proc *proc_alloc(const char *name);
void proc_free(struct proc *p);
struct proc *proc_find(int pid);
struct proc *proc_at(int slot);             /* for ps: slot 0..NPROC-1, or NULL */
struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg);
void scheduler(void) __attribute__((noreturn));
void sched(void);                           /* switch away; state already set */
void yield(void);
void make_runnable(struct proc *p);

/* Sleep on chan until wakeup(chan).  Call with interrupts off, in a loop
 * that re-checks the condition: the classic uniprocessor protocol. */
void sleep_on(const void *chan);
void wakeup(const void *chan);
int  sleep_ticks(uint64_t n);               /* 0, or -EINTR if killed meanwhile */
void timer_tick(void);

extern volatile bool need_resched;

#endif
