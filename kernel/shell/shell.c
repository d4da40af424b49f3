/*
 * shell.c - the kernel shell: a kernel thread reading lines from the console
 * (keyboard and serial alike), running built-in commands and programs.
 */
#include <kernel.h>
#include "../arch/x86.h"
#include "../drivers/console.h"
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../proc/proc.h"
#include "lineedit.h"
#include "shell.h"
#include "commands.h"
#include "proc_commands.h"

#define MAX_ARGS 32

static struct line_editor le;
int shell_last_status;

static void le_write(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	console_write(s, n);
}

/*
 * Split in place on blanks; "double quotes" group words.  Returns argc,
 * or -1 if there are more than max - 1 words (nothing is run then: a word
 * dropped could be the program's, or the '&').  *background says whether
 * the line ends in an unquoted '&', a word of its own or the last word's
 * last character ("hello&"), which is taken off; a quoted "&" is a word.
 */
static int tokenize(char *line, char **argv, int max, bool *background)
{
	int argc = 0;
	char *p = line, *amp = NULL;    /* the last word's unquoted final '&' */
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (argc == max - 1)
			return -1;
		char *out = p;
		argv[argc++] = out;
		bool quoted = false;
		amp = NULL;
		while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
			if (*p == '"') {
				quoted = !quoted;
			} else {
				amp = *p == '&' && !quoted ? out : NULL;
				*out++ = *p;
			}
			p++;
		}
		if (*p)
			p++;
		*out = '\0';
	}
	*background = amp != NULL;
	if (amp) {
		*amp = '\0';
		if (amp == argv[argc - 1])
			argc--;                 /* the '&' was a word of its own */
	}
	argv[argc] = NULL;
	return argc;
}

static void run_line(char *line)
{
	char *argv[MAX_ARGS];
	bool background;
	int argc = tokenize(line, argv, MAX_ARGS, &background);
	if (argc < 0) {
		kprintf("too many arguments: at most %d words\n", MAX_ARGS - 1);
		shell_last_status = 126;
		return;
	}
	if (argc == 0)
		return;
	const struct shell_command *cmd = shell_find_command(argv[0]);
	if (cmd) {
		shell_last_status = cmd->fn(argc, argv);
		return;
	}
	shell_run_program(argc, argv, background);
}

void shell_main(void *arg)
{
	(void)arg;
	static char line[LE_LINE_MAX + 1];
	le_init(&le, le_write, NULL);
	kprintf("Type 'help' for the commands.\n");
	for (;;) {
		shell_reap_background();
		kprintf("brink$ ");
		le_begin(&le);
		int r;
		while ((r = le_feed(&le, console_getc())) == 0)
			;
		if (r < 0)
			continue;
		strlcpy(line, le_line(&le), sizeof(line));
		run_line(line);
	}
}
