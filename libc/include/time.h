/* time.h - clocks and sleeping.  struct timespec is the kernel's. */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include <brink/abi.h>  /* struct timespec, CLOCK_MONOTONIC, CLOCK_REALTIME */

#ifndef NULL
#define NULL ((void *)0)
#endif

int clock_gettime(clockid_t clk, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
