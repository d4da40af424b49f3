#include <unistd.h>
#include <time.h>

int usleep(useconds_t usec)
{
	struct timespec req;

	req.tv_sec = usec / 1000000;
	req.tv_nsec = (long)(usec % 1000000) * 1000;
	return nanosleep(&req, NULL);
}
