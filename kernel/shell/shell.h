#ifndef BRINK_SHELL_H
#define BRINK_SHELL_H
void shell_main(void *arg);
#endif
