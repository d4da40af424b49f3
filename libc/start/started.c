#include "../internal/libc.h"

int __libc_started;
