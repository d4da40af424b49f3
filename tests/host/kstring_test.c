/*
 * kstring_test.c - kernel/lib/string.c against the host C library.
 *
 * The .mk files compile string.c with its functions renamed (memcpy ->
 * k_memcpy, ...), so here k_NAME is the kernel's function and
 * __builtin_NAME the host's.  kstring_test runs the x86 "rep movs/stos"
 * code the kernel uses; kstring_c_test the portable C loops under ASan.
 * Buffers are compared whole, guard bytes included, so a write outside
 * [dst, dst + n) is caught even inside asm that ASan cannot see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "../../kernel/lib/string.h"

#define BUF 4200

static uint32_t rng = 12345;

static unsigned rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void fill_random(unsigned char *p, size_t n)
{
    while (n--)
        *p++ = (unsigned char)rnd();
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static const size_t sizes[] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 15, 16, 17, 31, 32, 33, 63, 64, 65,
    100, 127, 128, 255, 256, 257, 1000, 1023, 4096, 4097, 4099,
};

static void test_memset(void **state)
{
    static unsigned char got[BUF + 16], want[BUF + 16];
    static const int values[] = { 0, 0x5a, 0xff, -1, 0x1ab, -255 };
    (void)state;

    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
        for (size_t off = 0; off < 8; off++)
            for (size_t vi = 0; vi < sizeof values / sizeof *values; vi++) {
                size_t n = sizes[si];
                fill_random(got, sizeof got);
                __builtin_memcpy(want, got, sizeof got);
                __builtin_memset(want + off, values[vi], n);
                assert_ptr_equal(k_memset(got + off, values[vi], n), got + off);
                assert_memory_equal(got, want, sizeof got);
            }
}

static void test_memcpy(void **state)
{
    static unsigned char src[BUF + 16], got[BUF + 16], want[BUF + 16];
    (void)state;

    fill_random(src, sizeof src);
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++)
        for (size_t so = 0; so < 8; so++)
            for (size_t d = 0; d < 8; d++) {
                size_t n = sizes[si];
                fill_random(got, sizeof got);
                __builtin_memcpy(want, got, sizeof got);
                __builtin_memcpy(want + d, src + so, n);
                assert_ptr_equal(k_memcpy(got + d, src + so, n), got + d);
                assert_memory_equal(got, want, sizeof got);
            }

    /* Exactly-sized heap blocks: ASan sees any overrun (in the C build). */
    for (size_t n = 1; n < 70; n++) {
        unsigned char *a = malloc(n), *b = malloc(n);
        fill_random(a, n);
        k_memcpy(b, a, n);
        assert_memory_equal(a, b, n);
        free(a);
        free(b);
    }
}

/* Every overlap: source and destination inside one buffer, both directions. */
static void test_memmove(void **state)
{
    static unsigned char got[300], want[300];
    (void)state;

    for (size_t s = 0; s < 40; s++)
        for (size_t d = 0; d < 40; d++)
            for (size_t n = 0; n <= 70; n++) {
                fill_random(got, sizeof got);
                __builtin_memcpy(want, got, sizeof got);
                __builtin_memmove(want + d, want + s, n);
                assert_ptr_equal(k_memmove(got + d, got + s, n), got + d);
                assert_memory_equal(got, want, sizeof got);
            }

    /* Large overlapping moves, a few bytes apart and far apart. */
    static unsigned char big[3 * BUF], bigw[3 * BUF];
    static const size_t shifts[] = { 1, 3, 4, 5, 8, 1000, 4096 };
    for (size_t si = 0; si < sizeof shifts / sizeof *shifts; si++)
        for (int up = 0; up < 2; up++) {
            size_t base = 100, n = 2 * BUF - 7;
            size_t s = up ? base : base + shifts[si];
            size_t d = up ? base + shifts[si] : base;
            fill_random(big, sizeof big);
            __builtin_memcpy(bigw, big, sizeof big);
            __builtin_memmove(bigw + d, bigw + s, n);
            k_memmove(big + d, big + s, n);
            assert_memory_equal(big, bigw, sizeof big);
        }
}

static void test_memcmp(void **state)
{
    static unsigned char a[600], b[600];
    (void)state;

    for (size_t n = 0; n < 520; n += 1 + n / 8)
        for (size_t pos = 0; pos <= n; pos++) {
            fill_random(a, sizeof a);
            __builtin_memcpy(b, a, sizeof a);
            if (pos < n) {
                /* Differ at pos, often with bytes >= 0x80 (unsigned compare). */
                b[pos] = (unsigned char)(a[pos] ^ (1u << (rnd() % 8)));
            }
            assert_int_equal(sign(k_memcmp(a, b, n)), sign(__builtin_memcmp(a, b, n)));
            assert_int_equal(sign(k_memcmp(b, a, n)), sign(__builtin_memcmp(b, a, n)));
            assert_int_equal(k_memcmp(a + 1, a + 1, n), 0);
        }
    assert_true(k_memcmp("\x80", "\x7f", 1) > 0);
    assert_true(k_memcmp("abc", "abd", 2) == 0);
}

static const char *const strs[] = {
    "", "a", "ab", "abc", "abcd", "hello", "hello world", "hello worle",
    "\x80", "\xff", "\x7f", "a\xff", "a\x01", "kernel/lib/string.c",
    "0123456789abcdef0123456789abcdef0123456789",
};
#define NSTRS (sizeof strs / sizeof *strs)

static void test_strlen(void **state)
{
    char buf[80];
    (void)state;

    for (size_t i = 0; i < NSTRS; i++)
        for (size_t off = 0; off < 8; off++) {
            __builtin_strcpy(buf + off, strs[i]);
            size_t len = __builtin_strlen(strs[i]);
            assert_int_equal(k_strlen(buf + off), len);
            for (size_t max = 0; max < len + 3; max++)
                assert_int_equal(k_strnlen(buf + off, max), max < len ? max : len);
        }

    /* strnlen never reads past maxlen: an unterminated, exactly-sized block. */
    char *raw = malloc(5);
    __builtin_memcpy(raw, "12345", 5);
    assert_int_equal(k_strnlen(raw, 5), 5);
    assert_int_equal(k_strnlen(raw, 3), 3);
    free(raw);
}

static void test_strcmp(void **state)
{
    (void)state;

    for (size_t i = 0; i < NSTRS; i++)
        for (size_t j = 0; j < NSTRS; j++) {
            const char *a = strs[i], *b = strs[j];
            assert_int_equal(sign(k_strcmp(a, b)), sign(__builtin_strcmp(a, b)));
            for (size_t n = 0; n < 14; n++)
                assert_int_equal(sign(k_strncmp(a, b, n)),
                                 sign(__builtin_strncmp(a, b, n)));
            assert_int_equal(sign(k_strncmp(a, b, (size_t)-1)),
                             sign(__builtin_strcmp(a, b)));
        }
}

static void test_strchr(void **state)
{
    static const int chars[] = { 'a', 'b', 'l', 'o', 'z', '\0', 0xff, -1, 0x80, 0x161, ' ' };
    (void)state;

    for (size_t i = 0; i < NSTRS; i++)
        for (size_t c = 0; c < sizeof chars / sizeof *chars; c++) {
            assert_ptr_equal(k_strchr(strs[i], chars[c]), __builtin_strchr(strs[i], chars[c]));
            assert_ptr_equal(k_strrchr(strs[i], chars[c]), __builtin_strrchr(strs[i], chars[c]));
        }
}

static void test_strlcpy(void **state)
{
    (void)state;

    for (size_t i = 0; i < NSTRS; i++) {
        size_t len = __builtin_strlen(strs[i]);
        for (size_t size = 0; size <= len + 2; size++) {
            char *dst = size ? malloc(size) : NULL;   /* exact: ASan checks */
            if (size)
                __builtin_memset(dst, '#', size);
            assert_int_equal(k_strlcpy(dst, strs[i], size), len);
            if (size) {
                size_t n = len < size - 1 ? len : size - 1;
                assert_memory_equal(dst, strs[i], n);
                assert_int_equal(dst[n], '\0');
            }
            free(dst);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memset),
        cmocka_unit_test(test_memcpy),
        cmocka_unit_test(test_memmove),
        cmocka_unit_test(test_memcmp),
        cmocka_unit_test(test_strlen),
        cmocka_unit_test(test_strcmp),
        cmocka_unit_test(test_strchr),
        cmocka_unit_test(test_strlcpy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
