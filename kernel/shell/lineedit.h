/*
 * lineedit.h - the shell's line editor.
 *
 * Bytes from the serial port and from the keyboard driver (which sends the
 * same bytes a terminal would: ESC [ A for up, ...) are fed one at a time;
 * the editor keeps the line, echoes and redraws it through an output
 * callback, and says when Enter completed a line.  It is pure logic with no
 * hardware access, so it is unit-tested on the host.
 *
 * Keys
 *   printable ASCII          insert at the cursor (ignored when the line is full)
 *   Backspace (0x7f, ^H)     delete left of the cursor
 *   ESC [ 3 ~                delete under the cursor
 *   ESC [ D / C, ^B / ^F     cursor left / right
 *   ESC [ H / F, ^A / ^E     home / end   (also ESC O H/F, ESC [ 1~ 7~ / 4~ 8~)
 *   ESC [ A / B, ^P / ^N     history up / down
 *   ^U / ^K                  kill to the start / to the end of the line
 *   CR or LF                 complete the line (CR LF counts as one Enter)
 *   ^C                       print "^C", cancel the line, start a new one
 * Other control bytes, bytes >= 0x80 and unknown escape sequences are
 * ignored.  Modifier parameters (ESC [ 1 ; 5 C) are accepted and ignored.
 *
 * Output uses only printable characters, "\r\n" (end of a line), "\b"
 * (cursor one left, not erasing) and "\x1b[K" (erase from the cursor to the
 * end of the line), so a console needs to understand just those.  The
 * editor assumes prompt and line fit on one terminal row; a console that
 * wants longer lines must let "\b" move back over its own line wrap.
 *
 * History keeps the last LE_HISTORY distinct non-empty lines.  Up from the
 * line being typed saves it; down past the newest entry brings it back.
 * A recalled entry may be edited and entered; the edit does not change the
 * stored entry, and moving on to another entry discards it.
 */
#ifndef BRINK_SHELL_LINEEDIT_H
#define BRINK_SHELL_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LE_LINE_MAX 256     /* buffer size: at most LE_LINE_MAX - 1 characters */
#define LE_HISTORY  32
#define LE_OUT_MAX  128     /* output is batched in chunks of this size */

typedef void (*le_out_fn)(const char *s, size_t n, void *ctx);

struct line_editor {
    le_out_fn out;
    void *ctx;

    char buf[LE_LINE_MAX];      /* the line, NUL-terminated */
    size_t len;                 /* characters in buf */
    size_t cur;                 /* cursor, 0..len */
    bool done;                  /* Enter completed buf; le_begin clears it */
    bool after_cr;              /* the last byte was CR: an LF now is no Enter */

    int esc;                    /* escape-sequence parser state (lineedit.c) */
    unsigned esc_param;         /* first numeric parameter of a CSI sequence */
    unsigned esc_nparam;        /* parameters seen (only the first is used) */

    char hist[LE_HISTORY][LE_LINE_MAX];
    size_t hist_count;          /* entries stored, <= LE_HISTORY */
    size_t hist_next;           /* ring slot the next entry goes in */
    size_t browse;              /* 0: the typed line; k: k-th newest entry */
    char saved[LE_LINE_MAX];    /* the typed line while browsing */

    char outbuf[LE_OUT_MAX];    /* pending echo, flushed at the end of le_feed */
    size_t outlen;
};

void le_init(struct line_editor *le, le_out_fn out, void *ctx);

/* Start a new line (the caller has printed the prompt). */
void le_begin(struct line_editor *le);

/*
 * Feed one byte.  Returns 1 when Enter completed a line (read it with
 * le_line, then le_begin the next), -1 when Ctrl-C cancelled the line (a
 * new empty line has begun), 0 otherwise.  Feeding after a completed line
 * without le_begin begins the next line implicitly.
 */
int le_feed(struct line_editor *le, unsigned char c);

/* The completed line, NUL-terminated, valid until the next le_begin. */
const char *le_line(const struct line_editor *le);

/* The cursor position within the line being edited (for tests). */
size_t le_cursor(const struct line_editor *le);

#endif
