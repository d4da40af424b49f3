/*
 * library.h - Brink's run-time libraries (SPEC.md section 5).
 *
 * openLibrary("NAME") loads /lib/NAME.lib (or an absolute path) above the
 * current break and returns a handle, or NULL with errno ENOENT, ENOEXEC or
 * ENOMEM; opening an open library again returns the same handle.
 * librarySymbol() gives the address of a global function or object
 * defined in the library's own sources, or NULL (errno set).
 */
#ifndef _LIBRARY_H
#define _LIBRARY_H

void *openLibrary(const char *name);
void *librarySymbol(void *library, const char *name);

#endif
