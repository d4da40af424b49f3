#ifndef BRINK_PROCESS_H
#define BRINK_PROCESS_H

#include "proc.h"

#define SPAWN_ARG_MAX  (64 * 1024)      /* argv + envp, strings and pointers */

/* wait status, as Linux encodes it */
#define W_EXITED(code)    (((code) & 0xff) << 8)
#define W_SIGNALED(sig)   ((sig) & 0x7f)

int  proc_spawn(const char *path, char *const argv[], char *const envp[], struct proc *parent);
void proc_exit(int wstatus) __attribute__((noreturn));
int  proc_wait(int pid, int *wstatus, int options);
int  proc_kill(int pid, int sig);
void proc_fault(struct trapframe *tf);

#endif
