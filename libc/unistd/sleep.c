#include <unistd.h>
#include <time.h>
#include <limits.h>

unsigned int sleep(unsigned int seconds)
{
	struct timespec req, rem;

	/* tv_sec is a long; longer sleeps are cut to LONG_MAX seconds */
	req.tv_sec = seconds > LONG_MAX ? LONG_MAX : (long)seconds;
	req.tv_nsec = 0;
	rem = req;      /* a failure that is not an interruption slept nothing */
	if (nanosleep(&req, &rem) == 0)
		return 0;
	/* the seconds left, rounded up as POSIX asks */
	return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
}
