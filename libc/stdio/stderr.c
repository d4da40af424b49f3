#include "stdio_impl.h"

/* Unbuffered, as C asks; still, a printf of up to 256 bytes reaches fd 2
 * in one write() (vfprintf formats into a stack buffer first). */
FILE __stderr_FILE = {
	.fd = 2,
	.mode = _IONBF,
};
