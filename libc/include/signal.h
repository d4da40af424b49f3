/*
 * signal.h - sending signals.  Brink has no signal handlers: a signal sent
 * with kill() ends the process, which its parent sees as WIFSIGNALED.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <brink/abi.h>  /* SIGILL, SIGABRT, SIGFPE, SIGKILL, SIGSEGV, SIGTERM */

int kill(pid_t pid, int sig);
int raise(int sig);

#endif
