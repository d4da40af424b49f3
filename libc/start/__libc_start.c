#include <stdlib.h>
#include <unistd.h>
#include "../internal/libc.h"

int main(int argc, char **argv, char **envp);

/*
 * Called by crt0 (only programs have one; a library's libc copy never runs
 * this, which is why nothing else in libc may need initialising).
 */
_Noreturn void __libc_start(int argc, char **argv, char **envp)
{
	environ = envp;
	__libc_started = 1;
	exit(main(argc, argv, envp));
}
