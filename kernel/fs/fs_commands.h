/* fs_commands.h - the shell's file commands (the shell registers them). */
#ifndef BRINK_FS_COMMANDS_H
#define BRINK_FS_COMMANDS_H

/* ls [DIR|FILE]...: one line per entry, "d          -  bin/" or
 * "-      12345  hello"; default "/".  0, or 1 if any argument failed. */
int cmd_ls(int argc, char **argv);
/* cat FILE...: the files' bytes to the console.  0, or 1 if any failed. */
int cmd_cat(int argc, char **argv);

#endif
