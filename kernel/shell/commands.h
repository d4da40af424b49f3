#ifndef BRINK_COMMANDS_H
#define BRINK_COMMANDS_H

struct shell_command {
	const char *name;
	const char *usage;
	const char *help;             /* NULL: hidden from `help` */
	int (*fn)(int argc, char **argv);
};

const struct shell_command *shell_find_command(const char *name);
void shell_run_program(int argc, char **argv, bool background);
extern int shell_last_status;

#endif
