/*
 * lineedit_test.c - the shell's line editor, driven like a terminal user.
 *
 * The editor's output goes into a model terminal that understands only the
 * four things the editor may send (printable characters, "\r\n", "\b",
 * "\x1b[K") and fails on anything else.  After every keystroke the row on
 * the model screen must show the prompt and exactly the editor's line, with
 * the terminal cursor at the editor's cursor.  A reference model of the
 * editing rules checks the line itself, over many random keystrokes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../kernel/shell/lineedit.h"

/* The test may use the host's string functions: lineedit.c's are renamed. */
#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strlcpy
#include <string.h>

#define PROMPT "$ "
#define PLEN 2
#define COLS 600

/* ---- the model terminal ------------------------------------------------ */

struct term {
    char row[COLS];         /* '\0' = an empty cell */
    size_t col;
    char last_row[COLS];    /* the row completed by the last "\r\n" */
    int state;              /* 0, or after '\r', ESC, ESC '[' */
    char raw[8192];         /* everything sent since the last term_mark */
    size_t rawlen;
};

static void term_byte(struct term *t, char c)
{
    if (t->rawlen < sizeof t->raw - 1)
        t->raw[t->rawlen++] = c;
    t->raw[t->rawlen] = '\0';

    switch (t->state) {
    case '\r':
        if (c != '\n')
            fail_msg("\\r not followed by \\n");
        memcpy(t->last_row, t->row, COLS);
        memset(t->row, 0, COLS);
        t->col = 0;
        t->state = 0;
        return;
    case 0x1b:
        if (c != '[')
            fail_msg("ESC followed by 0x%02x", (unsigned char)c);
        t->state = '[';
        return;
    case '[':
        if (c != 'K')
            fail_msg("ESC [ followed by 0x%02x", (unsigned char)c);
        memset(t->row + t->col, 0, COLS - t->col);
        t->state = 0;
        return;
    }
    if (c == '\r' || c == 0x1b) {
        t->state = c;
    } else if (c == '\b') {
        /* Never back into the prompt. */
        if (t->col <= PLEN)
            fail_msg("\\b at column %zu would move into the prompt", t->col);
        t->col--;
    } else if (c >= 0x20 && c < 0x7f) {
        if (t->col >= COLS - 1)
            fail_msg("ran off the model screen");
        t->row[t->col++] = c;
    } else {
        fail_msg("the editor sent byte 0x%02x", (unsigned char)c);
    }
}

static void term_out(const char *s, size_t n, void *ctx)
{
    struct term *t = ctx;

    assert_true(n > 0 && n <= LE_OUT_MAX);
    for (size_t i = 0; i < n; i++)
        term_byte(t, s[i]);
}

static void term_prompt(struct term *t)
{
    assert_int_equal(t->col, 0);
    for (const char *p = PROMPT; *p; p++)
        term_byte(t, *p);
}

static void term_mark(struct term *t)
{
    t->rawlen = 0;
    t->raw[0] = '\0';
}

/* The screen shows the prompt, exactly the line, and the cursor where it is. */
static void check_screen(const struct term *t, const struct line_editor *le)
{
    const char *line = le_line(le);
    size_t len = strlen(line);

    assert_int_equal(t->state, 0);
    assert_memory_equal(t->row, PROMPT, PLEN);
    if (memcmp(t->row + PLEN, line, len) != 0)
        fail_msg("screen \"%.*s\" but line \"%s\"", (int)len, t->row + PLEN, line);
    for (size_t i = PLEN + len; i < COLS; i++)
        if (t->row[i] != '\0')
            fail_msg("stale '%c' on screen at column %zu after \"%s\"", t->row[i], i, line);
    assert_int_equal(t->col, PLEN + le_cursor(le));
}

/* ---- helpers ------------------------------------------------------------ */

struct fixture {
    struct line_editor le;
    struct term term;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    le_init(&f->le, term_out, &f->term);
    term_prompt(&f->term);
    term_mark(&f->term);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

/* Feed bytes; return the last nonzero le_feed result (0 if none). */
static int feed(struct fixture *f, const char *s)
{
    int r = 0;

    for (; *s; s++) {
        int k = le_feed(&f->le, (unsigned char)*s);
        if (k)
            r = k;      /* the caller prints the prompt: nothing to check yet */
        else if (!f->le.done)
            check_screen(&f->term, &f->le);
    }
    return r;
}

/* Enter a whole line; checks it completed as typed. */
static void enter_line(struct fixture *f, const char *s)
{
    assert_int_equal(feed(f, s), 0);
    assert_int_equal(feed(f, "\r"), 1);
    assert_string_equal(le_line(&f->le), s);
    term_prompt(&f->term);
    le_begin(&f->le);
}

/* Feed bytes and check exactly what the editor printed. */
static void expect_out(struct fixture *f, const char *in, const char *out)
{
    term_mark(&f->term);
    feed(f, in);
    assert_string_equal(f->term.raw, out);
}

/* ---- direct tests -------------------------------------------------------- */

static void test_typing_and_enter(void **state)
{
    struct fixture *f = *state;

    expect_out(f, "hello", "hello");
    assert_int_equal(le_cursor(&f->le), 5);
    term_mark(&f->term);
    assert_int_equal(le_feed(&f->le, '\r'), 1);
    assert_string_equal(f->term.raw, "\r\n");
    assert_string_equal(le_line(&f->le), "hello");
    assert_string_equal(f->term.last_row, PROMPT "hello");
}

static void test_redraw_is_minimal(void **state)
{
    struct fixture *f = *state;

    expect_out(f, "ac", "ac");
    expect_out(f, "\x1b[D", "\b");
    expect_out(f, "b", "bc\b");                       /* insert in the middle */
    assert_string_equal(le_line(&f->le), "abc");
    expect_out(f, "\x7f", "\bc\x1b[K\b");              /* backspace in the middle */
    expect_out(f, "\x1b[C", "c");                     /* right re-prints */
    expect_out(f, "\b", "\b\x1b[K");                  /* ^H at the end */
    assert_string_equal(le_line(&f->le), "a");
    expect_out(f, "xyz\x01", "xyz\b\b\b\b");          /* ^A */
    expect_out(f, "\x1b[3~", "xyz\x1b[K\b\b\b");       /* delete under the cursor */
    expect_out(f, "\x05", "xyz");                     /* ^E */
    expect_out(f, "\x1b[D\x1b[D\x0b", "\b\b\x1b[K");   /* ^K */
    assert_string_equal(le_line(&f->le), "x");
    expect_out(f, "\x15", "\b\x1b[K");                 /* ^U */
    assert_string_equal(le_line(&f->le), "");
    expect_out(f, "\x7f\x1b[D\x1b[3~\x15\x0b", "");    /* nothing to do: silent */
}

static void test_keys(void **state)
{
    struct fixture *f = *state;

    feed(f, "world");
    feed(f, "\x1b[H");
    assert_int_equal(le_cursor(&f->le), 0);
    feed(f, "hello ");
    assert_string_equal(le_line(&f->le), "hello world");
    assert_int_equal(le_cursor(&f->le), 6);
    feed(f, "\x1b[F");
    assert_int_equal(le_cursor(&f->le), 11);
    feed(f, "\x1bOH");
    assert_int_equal(le_cursor(&f->le), 0);
    feed(f, "\x1bOF\x1b[1~");
    assert_int_equal(le_cursor(&f->le), 0);
    feed(f, "\x1b[4~\x1b[7~\x02\x02\x06");
    assert_int_equal(le_cursor(&f->le), 1);
    feed(f, "\x1b[8~\x1b[1;5D\x1b[1;5D");            /* modifiers ignored */
    assert_int_equal(le_cursor(&f->le), 9);
    feed(f, "\x15");
    assert_string_equal(le_line(&f->le), "ld");
    assert_int_equal(le_cursor(&f->le), 0);

    /* Ignored: unknown and private sequences, Alt+key, other controls, non-ASCII. */
    term_mark(&f->term);
    feed(f, "\x1b[2~\x1b[?25h\x1b[>0;1c\x1bx\x1b[99Z\t\x07\x80\xe9\xff");
    assert_string_equal(f->term.raw, "");
    assert_string_equal(le_line(&f->le), "ld");
    feed(f, "\x1b[5~\x1b[6~\x1b[24~\x1bOP");   /* PgUp, PgDn, F12, F1 */
    assert_string_equal(le_line(&f->le), "ld");
    assert_int_equal(le_cursor(&f->le), 0);
}

static void test_escape_split_across_calls(void **state)
{
    struct fixture *f = *state;

    feed(f, "abc");
    term_mark(&f->term);
    assert_int_equal(le_feed(&f->le, 0x1b), 0);
    assert_int_equal(le_feed(&f->le, '['), 0);
    assert_string_equal(f->term.raw, "");           /* nothing until it is complete */
    assert_int_equal(le_feed(&f->le, 'D'), 0);
    assert_string_equal(f->term.raw, "\b");
    assert_int_equal(le_cursor(&f->le), 2);
    le_feed(&f->le, 0x1b);
    le_feed(&f->le, '[');
    le_feed(&f->le, '3');
    assert_string_equal(le_line(&f->le), "abc");
    le_feed(&f->le, '~');
    assert_string_equal(le_line(&f->le), "ab");
    check_screen(&f->term, &f->le);

    /* A control byte interrupts a sequence and acts normally. */
    feed(f, "\x1b[\x7f");
    assert_string_equal(le_line(&f->le), "a");
    feed(f, "\x1b[1\x1b[C");
    assert_int_equal(le_cursor(&f->le), 1);
    assert_int_equal(feed(f, "\x1b[\r"), 1);
    assert_string_equal(le_line(&f->le), "a");
}

static void test_cr_lf(void **state)
{
    struct fixture *f = *state;

    /* CR LF is one Enter, even across le_begin. */
    feed(f, "ab");
    assert_int_equal(le_feed(&f->le, '\r'), 1);
    assert_string_equal(le_line(&f->le), "ab");
    term_prompt(&f->term);
    le_begin(&f->le);
    assert_int_equal(le_feed(&f->le, '\n'), 0);
    assert_string_equal(f->term.row, PROMPT);
    /* LF alone is Enter. */
    feed(f, "cd");
    assert_int_equal(le_feed(&f->le, '\n'), 1);
    assert_string_equal(le_line(&f->le), "cd");
    term_prompt(&f->term);
    le_begin(&f->le);
    /* LF LF and CR CR are two Enters each; LF CR too. */
    assert_int_equal(le_feed(&f->le, '\n'), 1);
    assert_string_equal(le_line(&f->le), "");
    term_prompt(&f->term);
    le_begin(&f->le);
    assert_int_equal(le_feed(&f->le, '\r'), 1);
    term_prompt(&f->term);
    le_begin(&f->le);
    assert_int_equal(le_feed(&f->le, '\r'), 1);
    term_prompt(&f->term);
    le_begin(&f->le);
    /* The swallowed LF leaves the completed line readable. */
    feed(f, "xy");
    assert_int_equal(le_feed(&f->le, '\r'), 1);
    assert_int_equal(le_feed(&f->le, '\n'), 0);
    assert_string_equal(le_line(&f->le), "xy");
    /* Feeding on without le_begin starts the next line. */
    term_prompt(&f->term);
    assert_int_equal(le_feed(&f->le, 'z'), 0);
    assert_string_equal(le_line(&f->le), "z");
    check_screen(&f->term, &f->le);
}

static void test_ctrl_c(void **state)
{
    struct fixture *f = *state;

    feed(f, "abc\x1b[D\x1b[D");
    term_mark(&f->term);
    assert_int_equal(le_feed(&f->le, 0x03), -1);
    assert_string_equal(f->term.raw, "bc^C\r\n");      /* at the end of the line */
    assert_string_equal(f->term.last_row, PROMPT "abc^C");
    assert_string_equal(le_line(&f->le), "");
    assert_int_equal(le_cursor(&f->le), 0);
    term_prompt(&f->term);
    /* A new line has begun; le_begin is not needed (but harmless). */
    feed(f, "x");
    check_screen(&f->term, &f->le);
    assert_int_equal(feed(f, "\x1b[\x03"), -1);        /* inside a sequence too */
    term_prompt(&f->term);
    /* Cancelled lines are not history. */
    feed(f, "\x1b[A");
    assert_string_equal(le_line(&f->le), "");
}

static void test_line_full(void **state)
{
    struct fixture *f = *state;
    char want[LE_LINE_MAX];

    term_mark(&f->term);
    for (int i = 0; i < 300; i++)
        le_feed(&f->le, (unsigned char)('a' + i % 26));
    for (int i = 0; i < LE_LINE_MAX - 1; i++)
        want[i] = (char)('a' + i % 26);
    want[LE_LINE_MAX - 1] = '\0';
    assert_string_equal(le_line(&f->le), want);
    assert_string_equal(f->term.raw, want);        /* extra characters: no output */
    check_screen(&f->term, &f->le);
    /* Full in the middle too. */
    feed(f, "\x1b[H#\x1b[C#");
    assert_string_equal(le_line(&f->le), want);
    assert_int_equal(le_cursor(&f->le), 1);
    feed(f, "\x1b[3~#");
    want[1] = '#';
    assert_string_equal(le_line(&f->le), want);
    assert_int_equal(feed(f, "\r"), 1);
    assert_string_equal(le_line(&f->le), want);
}

static void test_history(void **state)
{
    struct fixture *f = *state;

    enter_line(f, "one");
    enter_line(f, "two");
    enter_line(f, "three");
    feed(f, "fre");
    feed(f, "\x1b[A");
    assert_string_equal(le_line(&f->le), "three");
    assert_int_equal(le_cursor(&f->le), 5);
    feed(f, "\x1b[A");
    assert_string_equal(le_line(&f->le), "two");
    feed(f, "\x10");                                   /* ^P */
    assert_string_equal(le_line(&f->le), "one");
    feed(f, "\x1b[A");                                 /* oldest: stays */
    assert_string_equal(le_line(&f->le), "one");
    feed(f, "\x1b[B");
    assert_string_equal(le_line(&f->le), "two");
    feed(f, "\x0e");                                   /* ^N */
    assert_string_equal(le_line(&f->le), "three");
    feed(f, "\x1b[B");                                 /* past the newest: restored */
    assert_string_equal(le_line(&f->le), "fre");
    assert_int_equal(le_cursor(&f->le), 3);
    feed(f, "\x1b[B");
    assert_string_equal(le_line(&f->le), "fre");

    /* Edit a recalled entry and enter it: the entry itself is unchanged. */
    feed(f, "\x15\x1b[A\x1b[A!");
    assert_string_equal(le_line(&f->le), "two!");
    assert_int_equal(feed(f, "\r"), 1);
    assert_string_equal(le_line(&f->le), "two!");
    term_prompt(&f->term);
    le_begin(&f->le);
    feed(f, "\x1b[A\x1b[A\x1b[A");
    assert_string_equal(le_line(&f->le), "two");
    feed(f, "\x1b[B\x1b[B\x1b[B");
    assert_string_equal(le_line(&f->le), "");

    /* Empty lines and repeats of the newest entry are not added. */
    feed(f, "\r");
    term_prompt(&f->term);
    le_begin(&f->le);
    enter_line(f, "two!");
    enter_line(f, "one");
    enter_line(f, "one");
    feed(f, "\x1b[A");
    assert_string_equal(le_line(&f->le), "one");
    feed(f, "\x1b[A");
    assert_string_equal(le_line(&f->le), "two!");
    feed(f, "\x1b[A");
    assert_string_equal(le_line(&f->le), "three");
}

static void test_history_ring(void **state)
{
    struct fixture *f = *state;
    char line[16];

    for (int i = 0; i < LE_HISTORY + 10; i++) {
        snprintf(line, sizeof line, "cmd %d", i);
        enter_line(f, line);
    }
    for (int i = 0; i < LE_HISTORY + 5; i++)
        feed(f, "\x1b[A");
    snprintf(line, sizeof line, "cmd %d", 10);          /* the oldest kept */
    assert_string_equal(le_line(&f->le), line);
    feed(f, "\x1b[B");
    snprintf(line, sizeof line, "cmd %d", 11);
    assert_string_equal(le_line(&f->le), line);
    for (int i = 0; i < LE_HISTORY + 5; i++)
        feed(f, "\x1b[B");
    assert_string_equal(le_line(&f->le), "");

    /* A full-length entry comes back whole. */
    char longline[LE_LINE_MAX];
    memset(longline, 'q', LE_LINE_MAX - 1);
    longline[LE_LINE_MAX - 1] = '\0';
    enter_line(f, longline);
    feed(f, "abc\x1b[A");
    assert_string_equal(le_line(&f->le), longline);
    feed(f, "\x1b[B");
    assert_string_equal(le_line(&f->le), "abc");
}

/* ---- randomized: a reference model of the rules ------------------------- */

struct model {
    char buf[LE_LINE_MAX];
    size_t len, cur;
    char hist[LE_HISTORY][LE_LINE_MAX];    /* oldest first */
    size_t nhist;
    size_t browse;
    char saved[LE_LINE_MAX];
};

static void m_set(struct model *m, const char *s)
{
    strcpy(m->buf, s);
    m->len = m->cur = strlen(s);
}

static void m_insert(struct model *m, char c)
{
    if (m->len == LE_LINE_MAX - 1)
        return;
    memmove(m->buf + m->cur + 1, m->buf + m->cur, m->len - m->cur + 1);
    m->buf[m->cur++] = c;
    m->len++;
}

static void m_delete(struct model *m)
{
    if (m->cur < m->len) {
        memmove(m->buf + m->cur, m->buf + m->cur + 1, m->len - m->cur);
        m->len--;
    }
}

static void m_up(struct model *m)
{
    if (m->browse == m->nhist)
        return;
    if (m->browse == 0)
        strcpy(m->saved, m->buf);
    m->browse++;
    m_set(m, m->hist[m->nhist - m->browse]);
}

static void m_down(struct model *m)
{
    if (m->browse == 0)
        return;
    m->browse--;
    m_set(m, m->browse ? m->hist[m->nhist - m->browse] : m->saved);
}

static void m_enter(struct model *m)
{
    if (m->len && (m->nhist == 0 || strcmp(m->hist[m->nhist - 1], m->buf) != 0)) {
        if (m->nhist == LE_HISTORY) {
            memmove(m->hist[0], m->hist[1], sizeof m->hist[0] * (LE_HISTORY - 1));
            m->nhist--;
        }
        strcpy(m->hist[m->nhist++], m->buf);
    }
}

static void m_clear(struct model *m)
{
    m_set(m, "");
    m->browse = 0;
}

enum action { A_NONE, A_INSERT, A_BACKSPACE, A_DELETE, A_LEFT, A_RIGHT, A_HOME,
              A_END, A_KILL_START, A_KILL_END, A_UP, A_DOWN, A_ENTER, A_CANCEL };

static const struct { const char *bytes; enum action act; unsigned weight; } keys[] = {
    { "\x7f", A_BACKSPACE, 6 },  { "\b", A_BACKSPACE, 2 },
    { "\x1b[3~", A_DELETE, 4 },
    { "\x1b[D", A_LEFT, 8 },     { "\x02", A_LEFT, 1 },   { "\x1b[1;2D", A_LEFT, 1 },
    { "\x1b[C", A_RIGHT, 6 },    { "\x06", A_RIGHT, 1 },  { "\x1bOC", A_RIGHT, 1 },
    { "\x1b[H", A_HOME, 2 },     { "\x01", A_HOME, 2 },   { "\x1bOH", A_HOME, 1 },
    { "\x1b[1~", A_HOME, 1 },    { "\x1b[7~", A_HOME, 1 },
    { "\x1b[F", A_END, 2 },      { "\x05", A_END, 2 },    { "\x1bOF", A_END, 1 },
    { "\x1b[4~", A_END, 1 },     { "\x1b[8~", A_END, 1 },
    { "\x15", A_KILL_START, 2 }, { "\x0b", A_KILL_END, 2 },
    { "\x1b[A", A_UP, 5 },       { "\x10", A_UP, 1 },
    { "\x1b[B", A_DOWN, 5 },     { "\x0e", A_DOWN, 1 },
    { "\r", A_ENTER, 2 },        { "\n", A_ENTER, 1 },    { "\r\n", A_ENTER, 2 },
    { "\x03", A_CANCEL, 1 },
    { "\x1b[2~", A_NONE, 1 },    { "\x1b[?1h", A_NONE, 1 }, { "\x1bx", A_NONE, 1 },
    { "\t", A_NONE, 1 },         { "\xc3\xa9", A_NONE, 1 }, { "\x1b[15~", A_NONE, 1 },
};

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static void random_run(struct fixture *f, uint64_t seed, int steps)
{
    static struct model m;
    unsigned total = 0;
    bool last_cr = false;
    int lines = 0;

    memset(&m, 0, sizeof m);
    rng_state = seed;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        total += keys[i].weight;

    for (int step = 0; step < steps; step++) {
        char bytes[8];
        enum action act;
        unsigned pick = rnd(total + 60);
        int burst = 1;

        if (pick >= total) {
            /* Mostly typing; sometimes a burst long enough to fill the line. */
            bytes[0] = (char)(0x20 + rnd(95));
            bytes[1] = '\0';
            act = A_INSERT;
            if (rnd(200) == 0)
                burst = 100 + (int)rnd(200);
        } else {
            size_t k = 0;
            while (pick >= keys[k].weight)
                pick -= keys[k++].weight;
            strcpy(bytes, keys[k].bytes);
            act = keys[k].act;
            /* An LF right after a CR is part of that Enter. */
            if (!strcmp(bytes, "\n") && last_cr)
                act = A_NONE;
        }

        for (int b = 0; b < burst; b++) {
            int r = 0;
            for (const char *p = bytes; *p; p++) {
                int k = le_feed(&f->le, (unsigned char)*p);
                if (k) {
                    assert_int_equal(r, 0);      /* at most one result per key */
                    r = k;
                }
            }
            last_cr = bytes[strlen(bytes) - 1] == '\r';

            switch (act) {
            case A_NONE: break;
            case A_INSERT: m_insert(&m, bytes[0]); break;
            case A_BACKSPACE:
                if (m.cur) { m.cur--; m_delete(&m); }
                break;
            case A_DELETE: m_delete(&m); break;
            case A_LEFT: if (m.cur) m.cur--; break;
            case A_RIGHT: if (m.cur < m.len) m.cur++; break;
            case A_HOME: m.cur = 0; break;
            case A_END: m.cur = m.len; break;
            case A_KILL_START:
                memmove(m.buf, m.buf + m.cur, m.len - m.cur + 1);
                m.len -= m.cur;
                m.cur = 0;
                break;
            case A_KILL_END: m.buf[m.len = m.cur] = '\0'; break;
            case A_UP: m_up(&m); break;
            case A_DOWN: m_down(&m); break;
            case A_ENTER: case A_CANCEL: break;
            }

            if (act == A_ENTER) {
                assert_int_equal(r, 1);
                assert_string_equal(le_line(&f->le), m.buf);
                if (strncmp(f->term.last_row, PROMPT, PLEN) != 0 ||
                    strcmp(f->term.last_row + PLEN, m.buf) != 0)
                    fail_msg("entered row \"%s\", line \"%s\"", f->term.last_row, m.buf);
                m_enter(&m);
                m_clear(&m);
                lines++;
                term_prompt(&f->term);
                if (rnd(4))     /* the shell calls le_begin; feeding on also works */
                    le_begin(&f->le);
                continue;
            }
            if (act == A_CANCEL) {
                assert_int_equal(r, -1);
                assert_int_equal(strlen(f->term.last_row), PLEN + m.len + 2);
                m_clear(&m);
                term_prompt(&f->term);
                if (rnd(2))
                    le_begin(&f->le);
            } else {
                assert_int_equal(r, 0);
            }
            if (f->le.done)
                continue;   /* only the LF of a CR LF since Enter, no le_begin */
            if (strcmp(le_line(&f->le), m.buf) != 0 || le_cursor(&f->le) != m.cur)
                fail_msg("seed %llu step %d: line \"%s\" cursor %zu, model \"%s\" cursor %zu",
                         (unsigned long long)seed, step, le_line(&f->le),
                         le_cursor(&f->le), m.buf, m.cur);
            check_screen(&f->term, &f->le);
        }
    }
    assert_true(lines > steps / 100);
}

static void test_random(void **state)
{
    struct fixture *f = *state;
    static const uint64_t seeds[] = { 1, 2, 3, 0x9e3779b97f4a7c15ULL, 20240601 };

    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        memset(&f->term, 0, sizeof f->term);
        le_init(&f->le, term_out, &f->term);
        term_prompt(&f->term);
        random_run(f, seeds[i], 40000);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_typing_and_enter),
        T(test_redraw_is_minimal),
        T(test_keys),
        T(test_escape_split_across_calls),
        T(test_cr_lf),
        T(test_ctrl_c),
        T(test_line_full),
        T(test_history),
        T(test_history_ring),
        T(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
