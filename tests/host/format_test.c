/*
 * format_test.c - kernel/lib/format.c against the host C library.
 *
 * Every defined combination of conversion, flags, width, precision and
 * length modifier over a table of edge values is formatted by both
 * kvsnprintf and the host's vsnprintf and must agree exactly.  The parts
 * where the kernel deliberately differs (%p, unknown conversions) have
 * their own expectations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/lib/format.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static unsigned long checks;

/* Format with both; on a mismatch report the format and the two results. */
static void check(const char *fmt, ...)
{
    char want[1024], got[1024];
    va_list a, b;

    va_start(a, fmt);
    va_copy(b, a);
    int wn = vsnprintf(want, sizeof want, fmt, a);
    int gn = kvsnprintf(got, sizeof got, fmt, b);
    va_end(b);
    va_end(a);
    checks++;
    if (wn != gn || strcmp(want, got) != 0) {
        print_error("format \"%s\": host %d \"%s\", kernel %d \"%s\"\n",
                    fmt, wn, want, gn, got);
        fail();
    }
}

static const long long values[] = {
    0, 1, -1, 7, 8, 9, 10, -10, 15, 16, 99, 100, 127, 128, -128, -129, 255, 256,
    32767, 32768, -32768, 65535, 65536, 999999, 1000000, 123456789,
    INT_MAX, INT_MIN, (long long)INT_MAX + 1, UINT_MAX, (long long)UINT_MAX + 1,
    4294967296000LL, -4294967296000LL, 0x123456789abcdefLL, 999999999999999999LL,
    1000000000000000000LL, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1,
    (long long)ULLONG_MAX,  /* == -1, but as unsigned ULLONG_MAX */
    (long long)0x8000000000000000ULL, (long long)0xfedcba9876543210ULL,
};

static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z", "j", "t" };
static const char *const widths[] = { "", "1", "5", "23", "*" };
static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".21", ".*" };
static const int star_widths[] = { 0, 3, 30, -1, -12 };
static const int star_precs[] = { 0, 2, 25, -1, -7 };

/* Pass v with the type the length modifier names. */
static void check_value(const char *fmt, const char *len, bool is_signed,
                        bool star_w, int w, bool star_p, int p, long long v)
{
#define CALL(T)                                                              \
    do {                                                                     \
        T x = (T)v;                                                          \
        if (star_w && star_p) check(fmt, w, p, x);                           \
        else if (star_w) check(fmt, w, x);                                   \
        else if (star_p) check(fmt, p, x);                                   \
        else check(fmt, x);                                                  \
    } while (0)

    if (len[0] == '\0' || len[0] == 'h') {
        if (is_signed) CALL(int); else CALL(unsigned);
    } else if (!strcmp(len, "l")) {
        if (is_signed) CALL(long); else CALL(unsigned long);
    } else if (!strcmp(len, "ll")) {
        if (is_signed) CALL(long long); else CALL(unsigned long long);
    } else if (!strcmp(len, "z")) {
        if (is_signed) CALL(ptrdiff_t); else CALL(size_t);
    } else if (!strcmp(len, "j")) {
        if (is_signed) CALL(intmax_t); else CALL(uintmax_t);
    } else {
        if (is_signed) CALL(ptrdiff_t); else CALL(size_t);
    }
#undef CALL
}

static void test_integers(void **state)
{
    static const char convs[] = "diuxXo";
    (void)state;

    for (const char *c = convs; *c; c++) {
        bool is_signed = *c == 'd' || *c == 'i';
        for (unsigned flags = 0; flags < 32; flags++) {
            /* '#' is undefined for d, i and u. */
            if ((flags & 16) && (is_signed || *c == 'u'))
                continue;
            char fl[8], *f = fl;
            if (flags & 1) *f++ = '-';
            if (flags & 2) *f++ = '+';
            if (flags & 4) *f++ = ' ';
            if (flags & 8) *f++ = '0';
            if (flags & 16) *f++ = '#';
            *f = '\0';
            for (size_t wi = 0; wi < ARRAY_SIZE(widths); wi++)
            for (size_t pi = 0; pi < ARRAY_SIZE(precs); pi++)
            for (size_t li = 0; li < ARRAY_SIZE(lengths); li++) {
                char fmt[64];
                bool sw = widths[wi][0] == '*', sp = strchr(precs[pi], '*') != NULL;
                snprintf(fmt, sizeof fmt, "<%%%s%s%s%s%c>", fl, widths[wi], precs[pi],
                         lengths[li], *c);
                for (size_t sws = 0; sws < (sw ? ARRAY_SIZE(star_widths) : 1); sws++)
                for (size_t sps = 0; sps < (sp ? ARRAY_SIZE(star_precs) : 1); sps++)
                for (size_t vi = 0; vi < ARRAY_SIZE(values); vi++)
                    check_value(fmt, lengths[li], is_signed, sw, star_widths[sws],
                                sp, star_precs[sps], values[vi]);
            }
        }
    }
    print_message("# %lu integer formats compared with the host\n", checks);
}

static void test_integer_edges(void **state)
{
    (void)state;
    check("%d %d", INT_MIN, INT_MAX);
    check("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    check("%llx %llo %llX", ULLONG_MAX, ULLONG_MAX, 0x8000000000000000ULL);
    check("[%.0d] [%.0u] [%.0x] [%.0o] [%5.0d] [%-5.0x]", 0, 0u, 0u, 0u, 0, 0u);
    check("[%#o] [%#x] [%#X] [%#.0o] [%#.0x] [%#5o] [%#05x]", 0u, 0u, 0u, 0u, 0u, 0u, 0u);
    check("[%#o] [%#.3o] [%#.4o] [%#x] [%#.8X] [%#012x]", 8u, 8u, 8u, 255u, 255u, 255u);
    check("[%+d] [% d] [%+ d] [% +d] [%+.0d] [% .0d]", 0, 0, 5, -5, 0, 0);
    check("[%05d] [%-05d] [%05.2d] [%0*d] [%-*d]", -42, -42, -42, 7, -3, 4, 9);
    check("[%hhd] [%hhu] [%hd] [%hu] [%hhx]", 300, 300u, 70000, 70000u, -1);
    check("[%zu] [%zd] [%zx] [%td] [%tu] [%jd] [%ju]", (size_t)-1, (ptrdiff_t)-1,
          (size_t)1 << 20, (ptrdiff_t)-5, (ptrdiff_t)-5, INTMAX_MIN, UINTMAX_MAX);
    check("[%*.*d] [%-*.*d] [%.*d]", -8, -1, 12, 8, 3, -1, INT_MIN, 3);
    check("[%10.*d]", -1, -77);
    check("[%d%%] [%i] [%3d%-3d|]", 100, 077, 1, 2);
}

static void test_chars_and_strings(void **state)
{
    static const char *const strs[] = { "", "a", "hello", "hello, kernel world!" };
    static const char *const sfmts[] = {
        "[%s]", "[%10s]", "[%-10s]", "[%.0s]", "[%.3s]", "[%.30s]", "[%8.2s]",
        "[%-8.2s]", "[%1s]", "[%-1.1s]",
    };
    (void)state;

    for (size_t i = 0; i < ARRAY_SIZE(sfmts); i++)
        for (size_t j = 0; j < ARRAY_SIZE(strs); j++)
            check(sfmts[i], strs[j]);
    check("[%*s] [%-*s] [%.*s] [%*.*s]", 6, "ab", -6, "ab", 1, "ab", -4, -1, "xyz");
    check("[%c] [%5c] [%-5c] [%c%c%c]", 'a', 'b', 'c', 'x', 'y', 'z');
    check("[%c]", 0x141);   /* converted to unsigned char */

    /* With a precision the string need not be terminated (ASan checks). */
    char *raw = malloc(3);
    memcpy(raw, "abc", 3);
    check("[%.3s] [%.2s] [%5.3s]", raw, raw, raw);
    free(raw);

    /* NULL: "(null)", or nothing when a precision cannot hold it (as glibc). */
    check("[%s] [%10s] [%-8s] [%.6s] [%.5s] [%.0s]", (char *)NULL, (char *)NULL,
          (char *)NULL, (char *)NULL, (char *)NULL, (char *)NULL);
}

static void check_kernel(const char *want, const char *fmt, ...)
{
    char got[256];
    va_list ap;

    va_start(ap, fmt);
    int n = kvsnprintf(got, sizeof got, fmt, ap);
    va_end(ap);
    if (strcmp(got, want) != 0 || n != (int)strlen(want)) {
        print_error("format \"%s\": want \"%s\", got %d \"%s\"\n", fmt, want, n, got);
        fail();
    }
}

static void test_pointer(void **state)
{
    (void)state;
    check_kernel("0x00000000", "%p", (void *)0);
    check_kernel("0x00001234", "%p", (void *)0x1234);
    check_kernel("0xdeadbeef", "%p", (void *)0xdeadbeefu);
    check_kernel("0xc0100000 0x00000001", "%p %p", (void *)0xc0100000u, (void *)1);
    check_kernel("[  0x000000ff]", "[%12p]", (void *)0xff);
    check_kernel("[0x000000ff  ]", "[%-12p]", (void *)0xff);
    check_kernel("[0x000000ff]", "[%3p]", (void *)0xff);
    check_kernel("[0x000000ff]", "[%+#0 p]", (void *)0xff);   /* other flags ignored */
    check_kernel("[  0x0000abcd]", "[%*p]", 12, (void *)0xabcd);
    if (sizeof(void *) > 4)   /* a 64-bit host pointer keeps all its digits */
        check_kernel("0x123456789", "%p", (void *)(uintptr_t)0x123456789ULL);
}

static void test_unknown(void **state)
{
    (void)state;
    check_kernel("%y", "%y");
    check_kernel("[%5.3y]", "[%5.3y]");
    check_kernel("%f 5", "%f %d", 5);            /* no argument consumed */
    check_kernel("%n|%lc|%ls|%hp", "%n|%lc|%ls|%hp");
    check_kernel("abc%", "abc%");                /* lone % at the end */
    check_kernel("x%-08", "x%-08");              /* truncated spec */
    check_kernel("x%ll", "x%ll");
    check_kernel("% %", "%5% %-%");              /* %% ignores flags */
    check_kernel("", "");
}

/* Truncation: every buffer size, exactly-sized heap buffers for ASan. */
static void check_sizes(const char *fmt, ...)
{
    char want[512];
    va_list ap, aq;

    va_start(ap, fmt);
    va_copy(aq, ap);
    int full = vsnprintf(want, sizeof want, fmt, aq);
    va_end(aq);
    assert_true(full >= 0 && full < (int)sizeof want);

    for (size_t size = 0; size <= (size_t)full + 2; size++) {
        char *buf = size ? malloc(size) : NULL;
        char *exp = size ? malloc(size) : NULL;
        if (size) {
            memset(buf, 0x5a, size);
            memset(exp, 0x5a, size);
        }
        va_copy(aq, ap);
        int n = kvsnprintf(buf, size, fmt, aq);
        va_end(aq);
        va_copy(aq, ap);
        int en = vsnprintf(exp, size, fmt, aq);
        va_end(aq);
        assert_int_equal(n, full);
        assert_int_equal(en, full);
        if (size) {
            assert_memory_equal(buf, exp, size);
            assert_int_equal(buf[(size_t)full < size ? (size_t)full : size - 1], '\0');
        }
        free(buf);
        free(exp);
    }
    va_end(ap);
}

static void test_truncation(void **state)
{
    (void)state;
    check_sizes("");
    check_sizes("x");
    check_sizes("hello %s, %d%% done", "world", 42);
    check_sizes("%-20s|%#10x|%+.5d|%c", "pad", 0xbeefu, -7, 'q');
    check_sizes("%lld %llu %llo", LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
    check_sizes("%c%c%c", 'a', 0, 'b');          /* an embedded NUL counts */
    check_sizes("%50d", 1);
}

struct counter {
    unsigned long n;
    char last;
};

static void count_put(char c, void *ctx)
{
    struct counter *k = ctx;
    k->n++;
    k->last = c;
}

static int count_format(struct counter *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvformat(count_put, k, fmt, ap);
    va_end(ap);
    return n;
}

static void test_kvformat_callback(void **state)
{
    struct counter k = { 0, 0 };
    (void)state;

    assert_int_equal(count_format(&k, "%s=%08x\n", "eax", 0x1234u), 13);
    assert_int_equal(k.n, 13);
    assert_int_equal(k.last, '\n');
    k.n = 0;
    assert_int_equal(count_format(&k, "%1000d", 5), 1000);
    assert_int_equal(k.n, 1000);
    assert_int_equal(k.last, '5');
}

/*
 * A width or precision too large to represent saturates instead of
 * overflowing (UBSan would stop on signed overflow).  The output would be
 * INT_MAX characters, so the callback stops it after a few.
 */
static jmp_buf stop;

static void stop_put(char c, void *ctx)
{
    unsigned *n = ctx;
    assert_true(c == ' ' || c == '0');
    if (++*n == 100)
        longjmp(stop, 1);
}

static void run_until_stopped(const char *fmt, ...)
{
    unsigned n = 0;
    va_list ap;

    va_start(ap, fmt);
    if (setjmp(stop) == 0) {
        kvformat(stop_put, &n, fmt, ap);
        fail_msg("\"%s\" ended after %u characters", fmt, n);
    }
    va_end(ap);
    assert_int_equal(n, 100);
}

static void test_huge_width(void **state)
{
    (void)state;
    run_until_stopped("%99999999999999999999d", 1);
    run_until_stopped("%.99999999999999999999d", 1);
    run_until_stopped("%*s", INT_MIN, "");
    run_until_stopped("%2147483647s", "x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_integer_edges),
        cmocka_unit_test(test_chars_and_strings),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_kvformat_callback),
        cmocka_unit_test(test_huge_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
