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

/* Split in place on blanks; "double quotes" group words. Returns argc. */
static int tokenize(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;
	while (*p && argc < max - 1) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		char *out = p;
		argv[argc++] = out;
		bool quoted = false;
		while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
			if (*p == '"')
				quoted = !quoted;
			else
				*out++ = *p;
			p++;
		}
		if (*p)
			p++;
		*out = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static void run_line(char *line)
{
	char *argv[MAX_ARGS];
	int argc = tokenize(line, argv, MAX_ARGS);
	if (argc == 0)
		return;
	bool background = false;
	if (!strcmp(argv[argc - 1], "&")) {
		background = true;
		argv[--argc] = NULL;
		if (argc == 0)
			return;
	}
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
