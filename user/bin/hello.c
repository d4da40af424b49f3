/* hello - the first program: greets, and says who it is. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("Hello, world! I am pid %d.\n", getpid());
	return 0;
}
