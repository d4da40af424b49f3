#ifndef BRINK_PROC_COMMANDS_H
#define BRINK_PROC_COMMANDS_H
int cmd_ps(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_vmas(int argc, char **argv);
int cmd_map(int argc, char **argv);
void shell_reap_background(void);
#endif
