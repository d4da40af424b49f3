/*
 * gdbtestlib - the library the gdb tests (tests/qemu/test_gdb.py) and the
 * debugging guide (docs/debugging.md) set breakpoints in, after
 * openLibrary has placed it at the break.
 *
 * gdbtestlib_sum allocates with the library's own copy of malloc, so the
 * process gets a heap piece owned by the library ("[heap] /lib/gdbtestlib.lib"
 * in `vmas`), and keeps it, so the piece is still there when someone looks.
 */
#include <stdlib.h>

int *gdbtestlib_kept;           /* the last table, kept on purpose */
int gdbtestlib_calls;

/* scale * (1 + 2 + ... + n), computed through a table of n ints; -1 if n
 * is out of range or there is no memory. */
long gdbtestlib_sum(int n, int scale)
{
	if (n < 1 || n > 100000)
		return -1;
	int *table = malloc((size_t)n * sizeof(int));
	if (!table)
		return -1;
	long sum = 0;
	for (int i = 0; i < n; i++) {
		table[i] = (i + 1) * scale;
		sum += table[i];
	}
	free(gdbtestlib_kept);
	gdbtestlib_kept = table;
	gdbtestlib_calls++;
	return sum;
}
