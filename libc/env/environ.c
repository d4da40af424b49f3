#include <unistd.h>

/* NULL (no environment) until __libc_start sets it, and forever in a
 * library's copy of libc. */
char **environ;
