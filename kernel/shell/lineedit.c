/*
 * lineedit.c - the shell's line editor (see lineedit.h for the keys).
 *
 * Every edit changes the buffer and then redraws only what moved: the
 * characters from the cursor to the end of the line, an erase-to-end when
 * the line got shorter, and "\b"s to put the terminal's cursor back where
 * the editor's cursor is.  The terminal is assumed to show exactly the
 * buffer after the prompt, with its cursor at le->cur, after every byte.
 */
#include "lineedit.h"

#include "../lib/string.h"

enum {
    ESC_NONE,       /* not in a sequence */
    ESC_ESC,        /* after ESC */
    ESC_CSI,        /* after ESC [, reading parameters */
    ESC_CSI_SKIP,   /* a CSI sequence we don't handle: skip to its end */
    ESC_SS3,        /* after ESC O */
};

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b

/* ---- output ----------------------------------------------------------- */

static void flush(struct line_editor *le)
{
    if (le->outlen) {
        le->out(le->outbuf, le->outlen, le->ctx);
        le->outlen = 0;
    }
}

static void put_n(struct line_editor *le, const char *s, size_t n)
{
    while (n) {
        if (le->outlen == sizeof le->outbuf)
            flush(le);
        size_t room = sizeof le->outbuf - le->outlen;
        size_t k = n < room ? n : room;
        memcpy(le->outbuf + le->outlen, s, k);
        le->outlen += k;
        s += k;
        n -= k;
    }
}

static void put_str(struct line_editor *le, const char *s)
{
    put_n(le, s, strlen(s));
}

static void put_backs(struct line_editor *le, size_t n)
{
    while (n--)
        put_n(le, "\b", 1);
}

/* Redraw from the cursor to the end, erase what the line used to cover
 * beyond it, and return the terminal's cursor to le->cur. */
static void redraw_tail(struct line_editor *le)
{
    put_n(le, le->buf + le->cur, le->len - le->cur);
    put_str(le, "\x1b[K");
    put_backs(le, le->len - le->cur);
}

/* ---- editing ---------------------------------------------------------- */

static void set_len(struct line_editor *le, size_t len)
{
    le->len = len;
    le->buf[len] = '\0';
}

static void insert(struct line_editor *le, char c)
{
    if (le->len >= LE_LINE_MAX - 1)
        return;     /* full: ignore the character */
    memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur);
    le->buf[le->cur] = c;
    set_len(le, le->len + 1);
    /* Nothing to erase: the line only grew. */
    put_n(le, le->buf + le->cur, le->len - le->cur);
    le->cur++;
    put_backs(le, le->len - le->cur);
}

static void delete_at_cursor(struct line_editor *le)
{
    if (le->cur == le->len)
        return;
    memmove(le->buf + le->cur, le->buf + le->cur + 1, le->len - le->cur - 1);
    set_len(le, le->len - 1);
    redraw_tail(le);
}

static void backspace(struct line_editor *le)
{
    if (le->cur == 0)
        return;
    le->cur--;
    put_n(le, "\b", 1);
    delete_at_cursor(le);
}

static void move_left(struct line_editor *le)
{
    if (le->cur > 0) {
        le->cur--;
        put_n(le, "\b", 1);
    }
}

/* Moving right re-prints the character under the cursor. */
static void move_right(struct line_editor *le)
{
    if (le->cur < le->len) {
        put_n(le, le->buf + le->cur, 1);
        le->cur++;
    }
}

static void move_home(struct line_editor *le)
{
    put_backs(le, le->cur);
    le->cur = 0;
}

static void move_end(struct line_editor *le)
{
    put_n(le, le->buf + le->cur, le->len - le->cur);
    le->cur = le->len;
}

static void kill_to_start(struct line_editor *le)
{
    size_t n = le->cur;

    if (n == 0)
        return;
    memmove(le->buf, le->buf + n, le->len - n);
    set_len(le, le->len - n);
    put_backs(le, n);
    le->cur = 0;
    redraw_tail(le);
}

static void kill_to_end(struct line_editor *le)
{
    if (le->cur == le->len)
        return;
    set_len(le, le->cur);
    put_str(le, "\x1b[K");
}

/* Show s instead of the current line, cursor at its end. */
static void replace_line(struct line_editor *le, const char *s)
{
    move_home(le);
    size_t n = strlcpy(le->buf, s, sizeof le->buf);
    set_len(le, n < sizeof le->buf ? n : sizeof le->buf - 1);
    le->cur = le->len;
    put_n(le, le->buf, le->len);
    put_str(le, "\x1b[K");
}

/* ---- history ---------------------------------------------------------- */

/* The k-th newest entry, 1 <= k <= hist_count. */
static const char *hist_entry(const struct line_editor *le, size_t k)
{
    return le->hist[(le->hist_next + LE_HISTORY - k) % LE_HISTORY];
}

static void hist_add(struct line_editor *le)
{
    if (le->len == 0)
        return;
    if (le->hist_count > 0 && strcmp(hist_entry(le, 1), le->buf) == 0)
        return;
    strlcpy(le->hist[le->hist_next], le->buf, LE_LINE_MAX);
    le->hist_next = (le->hist_next + 1) % LE_HISTORY;
    if (le->hist_count < LE_HISTORY)
        le->hist_count++;
}

static void hist_up(struct line_editor *le)
{
    if (le->browse == le->hist_count)
        return;
    if (le->browse == 0)
        strlcpy(le->saved, le->buf, sizeof le->saved);
    le->browse++;
    replace_line(le, hist_entry(le, le->browse));
}

static void hist_down(struct line_editor *le)
{
    if (le->browse == 0)
        return;
    le->browse--;
    replace_line(le, le->browse == 0 ? le->saved : hist_entry(le, le->browse));
}

/* ---- input ------------------------------------------------------------ */

static int enter(struct line_editor *le)
{
    put_str(le, "\r\n");
    hist_add(le);
    le->browse = 0;
    le->done = true;
    return 1;
}

/* "^C" goes after the whole line, so the cancelled line stays readable. */
static int cancel(struct line_editor *le)
{
    move_end(le);
    put_str(le, "^C\r\n");
    le_begin(le);
    return -1;
}

/* A complete CSI (ESC [ param final) or SS3 (ESC O final) sequence. */
static void do_sequence(struct line_editor *le, unsigned char final, unsigned param)
{
    switch (final) {
    case 'A': hist_up(le); break;
    case 'B': hist_down(le); break;
    case 'C': move_right(le); break;
    case 'D': move_left(le); break;
    case 'H': move_home(le); break;
    case 'F': move_end(le); break;
    case '~':
        if (param == 1 || param == 7)
            move_home(le);
        else if (param == 4 || param == 8)
            move_end(le);
        else if (param == 3)
            delete_at_cursor(le);
        break;
    }
}

/*
 * Advance the escape-sequence parser by c.  Returns true when c was used;
 * false when c ended the sequence without belonging to it (a control byte
 * such as Enter or ^C interrupts a sequence and then acts normally).
 */
static bool escape_byte(struct line_editor *le, unsigned char c)
{
    if (c >= 0x80) {            /* not ASCII: drop it and the sequence */
        le->esc = ESC_NONE;
        return true;
    }
    if (c < 0x20 || c == 0x7f) {
        le->esc = ESC_NONE;
        return false;
    }
    switch (le->esc) {
    case ESC_ESC:
        if (c == '[') {
            le->esc = ESC_CSI;
            le->esc_param = 0;
            le->esc_nparam = 0;
        } else if (c == 'O') {
            le->esc = ESC_SS3;
        } else {
            le->esc = ESC_NONE;     /* Alt+key and the like: ignored */
        }
        return true;
    case ESC_CSI:
        if (c >= '0' && c <= '9') {
            if (le->esc_nparam == 0 && le->esc_param < 10000)
                le->esc_param = le->esc_param * 10 + (unsigned)(c - '0');
            return true;
        }
        if (c == ';') {
            le->esc_nparam++;
            return true;
        }
        if (c >= 0x40) {
            le->esc = ESC_NONE;
            do_sequence(le, c, le->esc_param);
            return true;
        }
        le->esc = ESC_CSI_SKIP;     /* private or intermediate bytes */
        return true;
    case ESC_CSI_SKIP:
        if (c >= 0x40)
            le->esc = ESC_NONE;
        return true;
    case ESC_SS3:
        le->esc = ESC_NONE;
        do_sequence(le, c, 0);
        return true;
    }
    le->esc = ESC_NONE;
    return false;
}

static int key(struct line_editor *le, unsigned char c)
{
    switch (c) {
    case '\r':
    case '\n':
        return enter(le);
    case CTRL('C'):
        return cancel(le);
    case ESC:
        le->esc = ESC_ESC;
        break;
    case 0x7f:
    case CTRL('H'):
        backspace(le);
        break;
    case CTRL('A'): move_home(le); break;
    case CTRL('E'): move_end(le); break;
    case CTRL('B'): move_left(le); break;
    case CTRL('F'): move_right(le); break;
    case CTRL('P'): hist_up(le); break;
    case CTRL('N'): hist_down(le); break;
    case CTRL('U'): kill_to_start(le); break;
    case CTRL('K'): kill_to_end(le); break;
    default:
        if (c >= 0x20 && c < 0x7f)
            insert(le, (char)c);
        break;
    }
    return 0;
}

int le_feed(struct line_editor *le, unsigned char c)
{
    bool after_cr = le->after_cr;
    int r = 0;

    le->after_cr = c == '\r';
    if (c == '\n' && after_cr)
        return 0;           /* the LF of CR LF: Enter was already seen */
    if (le->done)
        le_begin(le);
    if (le->esc == ESC_NONE || !escape_byte(le, c))
        r = key(le, c);
    flush(le);
    return r;
}

void le_begin(struct line_editor *le)
{
    set_len(le, 0);
    le->cur = 0;
    le->done = false;
    le->esc = ESC_NONE;
    le->browse = 0;
}

void le_init(struct line_editor *le, le_out_fn out, void *ctx)
{
    memset(le, 0, sizeof *le);
    le->out = out;
    le->ctx = ctx;
    le_begin(le);
}

const char *le_line(const struct line_editor *le)
{
    return le->buf;
}

size_t le_cursor(const struct line_editor *le)
{
    return le->cur;
}
