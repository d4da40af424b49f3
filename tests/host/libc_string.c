/*
 * libc_string - Brink's <string.h> and <ctype.h> (libc/string/, libc/ctype/)
 * against the host's, over every alignment of source and destination, many
 * lengths (zero included), overlapping moves both ways, bytes above 0x7f
 * and random strings.  Guard bytes around every destination must survive,
 * and ASan checks that nothing reads outside its object.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#ifdef LIBC_I386
#include "libc_i386_cmocka.h"     /* the i386 build: see libc_common.mk */
#else
#include <cmocka.h>
#endif
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libc_host.h"

/* strdup/strndup call malloc: here, the host's */
void *brink_malloc(size_t n);
void *brink_malloc(size_t n)
{
	return malloc(n);
}

static uint32_t rng = 12345;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)next();
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

#define MAXLEN 300
#define SLACK 64

/* ------------------------------------------------------------ mem* -- */

static void test_memcpy(void **state)
{
	static unsigned char src[MAXLEN + SLACK], dst[MAXLEN + SLACK], ref[MAXLEN + SLACK];
	static const size_t big[] = { 1000, 4099 };
	(void)state;

	for (size_t so = 0; so < 16; so++)
	for (size_t dof = 0; dof < 16; dof++)
	for (size_t n = 0; n <= 200; n += (n < 70 ? 1 : 13)) {
		fill_random(src, sizeof(src));
		fill_random(dst, sizeof(dst));
		memcpy(ref, dst, sizeof(dst));
		memcpy(ref + dof, src + so, n);
		assert_ptr_equal(brink_memcpy(dst + dof, src + so, n), dst + dof);
		assert_memory_equal(dst, ref, sizeof(dst));
	}
	for (size_t i = 0; i < 2; i++) {
		unsigned char *a = malloc(big[i] + 3), *b = malloc(big[i] + 3);
		fill_random(a, big[i] + 3);
		brink_memcpy(b + 3, a + 1, big[i]);
		assert_memory_equal(b + 3, a + 1, big[i]);
		free(a);
		free(b);
	}
	/* a zero-length copy touches nothing, whatever the pointers */
	assert_ptr_equal(brink_memcpy(dst, src, 0), dst);
}

static void test_memmove(void **state)
{
	static unsigned char buf[MAXLEN + SLACK], ref[MAXLEN + SLACK];
	(void)state;

	/* every overlap, both directions, every relative alignment */
	for (size_t so = 0; so < 40; so++)
	for (size_t dof = 0; dof < 40; dof++)
	for (size_t n = 0; n <= 150; n += (n < 40 ? 1 : 11)) {
		fill_random(buf, sizeof(buf));
		memcpy(ref, buf, sizeof(buf));
		memmove(ref + dof, ref + so, n);
		assert_ptr_equal(brink_memmove(buf + dof, buf + so, n), buf + dof);
		assert_memory_equal(buf, ref, sizeof(buf));
	}
	/* far apart */
	fill_random(buf, sizeof(buf));
	memcpy(ref, buf, sizeof(buf));
	memmove(ref + 200, ref + 3, 90);
	brink_memmove(buf + 200, buf + 3, 90);
	assert_memory_equal(buf, ref, sizeof(buf));
}

static void test_memset(void **state)
{
	static unsigned char buf[MAXLEN + SLACK], ref[MAXLEN + SLACK];
	static const int values[] = { 0, 1, 0x7f, 0x80, 0xff, -1, 0x1ab, -200 };
	(void)state;

	for (size_t off = 0; off < 16; off++)
	for (size_t n = 0; n <= 260; n += (n < 70 ? 1 : 7))
	for (size_t v = 0; v < sizeof(values) / sizeof(*values); v++) {
		fill_random(buf, sizeof(buf));
		memcpy(ref, buf, sizeof(buf));
		memset(ref + off, values[v], n);
		assert_ptr_equal(brink_memset(buf + off, values[v], n), buf + off);
		assert_memory_equal(buf, ref, sizeof(buf));
	}
}

static void test_memcmp(void **state)
{
	static unsigned char a[MAXLEN], b[MAXLEN];
	(void)state;

	for (size_t ao = 0; ao < 8; ao++)
	for (size_t bo = 0; bo < 8; bo++)
	for (size_t n = 0; n <= 80; n++) {
		fill_random(a, sizeof(a));
		memcpy(b + bo, a + ao, n);
		assert_int_equal(brink_memcmp(a + ao, b + bo, n), 0);
		if (n == 0)
			continue;
		/* a difference at each position, either way, high bytes too */
		size_t at = next() % n;
		b[bo + at] = (unsigned char)(a[ao + at] ^ (1u << (next() % 8)));
		assert_int_equal(sign(brink_memcmp(a + ao, b + bo, n)),
				 sign(memcmp(a + ao, b + bo, n)));
		assert_int_equal(sign(brink_memcmp(b + bo, a + ao, n)),
				 sign(memcmp(b + bo, a + ao, n)));
		/* bytes after the difference do not matter */
		assert_int_equal(brink_memcmp(a + ao, b + bo, at), 0);
	}
	assert_true(brink_memcmp("\x80", "\x7f", 1) > 0);     /* unsigned bytes */
}

static void test_memchr_memrchr(void **state)
{
	static unsigned char buf[128];
	(void)state;

	for (size_t off = 0; off < 8; off++)
	for (size_t n = 0; n <= 100; n++) {
		brink_memset(buf, 'a', sizeof(buf));
		for (size_t k = 0; k < 3; k++) {
			int c = k == 0 ? 'a' : k == 1 ? 0xe9 : 0x100 + 'z';
			if (n)
				buf[off + next() % n] = (unsigned char)c;
			assert_ptr_equal(brink_memchr(buf + off, c, n), memchr(buf + off, c, n));
			assert_ptr_equal(brink_memrchr(buf + off, c, n), memrchr(buf + off, c, n));
		}
	}
	assert_null(brink_memchr(NULL, 'x', 0));
	assert_null(brink_memrchr(NULL, 'x', 0));
}

/* ------------------------------------------------------------ str* -- */

/* a random string of length n over a small alphabet (so matches happen) */
static void random_string(char *s, size_t n, const char *alphabet)
{
	size_t k = strlen(alphabet);

	for (size_t i = 0; i < n; i++)
		s[i] = alphabet[next() % k];
	s[n] = '\0';
}

static void test_strlen_strnlen(void **state)
{
	char buf[200];
	(void)state;

	for (size_t off = 0; off < 16; off++)
	for (size_t n = 0; n < 150; n++) {
		memset(buf, 'x', sizeof(buf));
		buf[off + n] = '\0';
		assert_int_equal(brink_strlen(buf + off), n);
		for (size_t max = 0; max < n + 3; max += 1 + max / 4)
			assert_int_equal(brink_strnlen(buf + off, max), strnlen(buf + off, max));
	}
	/* strnlen stops at max: the bytes need not be terminated */
	char *raw = malloc(5);
	memcpy(raw, "abcde", 5);
	assert_int_equal(brink_strnlen(raw, 5), 5);
	assert_int_equal(brink_strnlen(raw, 3), 3);
	free(raw);
}

static void test_strcmp_family(void **state)
{
	static const char *const pairs[][2] = {
		{ "", "" }, { "a", "" }, { "", "a" }, { "abc", "abc" }, { "abc", "abd" },
		{ "abd", "abc" }, { "ab", "abc" }, { "abc", "ab" }, { "\x80", "\x7f" },
		{ "\xff", "a" }, { "Hello", "hello" }, { "HELLO", "hello" },
		{ "hello", "HELLO!" }, { "a[", "A{" }, { "@", "`" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		const char *a = pairs[i][0], *b = pairs[i][1];
		assert_int_equal(sign(brink_strcmp(a, b)), sign(strcmp(a, b)));
		assert_int_equal(sign(brink_strcasecmp(a, b)), sign(strcasecmp(a, b)));
		for (size_t n = 0; n < 8; n++) {
			assert_int_equal(sign(brink_strncmp(a, b, n)), sign(strncmp(a, b, n)));
			assert_int_equal(sign(brink_strncasecmp(a, b, n)),
					 sign(strncasecmp(a, b, n)));
		}
	}
	for (int i = 0; i < 5000; i++) {
		char a[20], b[20];
		size_t n = next() % 19;
		random_string(a, next() % 19, "abAB\x81");
		random_string(b, next() % 19, "abAB\x81");
		assert_int_equal(sign(brink_strcmp(a, b)), sign(strcmp(a, b)));
		assert_int_equal(sign(brink_strncmp(a, b, n)), sign(strncmp(a, b, n)));
		assert_int_equal(sign(brink_strcasecmp(a, b)), sign(strcasecmp(a, b)));
		assert_int_equal(sign(brink_strncasecmp(a, b, n)), sign(strncasecmp(a, b, n)));
	}
	/* strncmp reads no further than n */
	char *raw = malloc(3);
	memcpy(raw, "abc", 3);
	assert_int_equal(brink_strncmp(raw, "abcdef", 3), 0);
	free(raw);
}

static void test_copy_and_concat(void **state)
{
	char dst[64], ref[64];
	(void)state;

	for (size_t off = 0; off < 8; off++)
	for (size_t n = 0; n < 30; n++) {
		char src[40];
		random_string(src, n, "xyz");
		memset(dst, '#', sizeof(dst));
		memset(ref, '#', sizeof(ref));
		assert_ptr_equal(brink_strcpy(dst + off, src), dst + off);
		strcpy(ref + off, src);
		assert_memory_equal(dst, ref, sizeof(dst));
		for (size_t k = 0; k < 34; k += 3) {
			memset(dst, '#', sizeof(dst));
			memset(ref, '#', sizeof(ref));
			assert_ptr_equal(brink_strncpy(dst + off, src, k), dst + off);
			strncpy(ref + off, src, k);
			assert_memory_equal(dst, ref, sizeof(dst));

			strcpy(dst, "head-");
			strcpy(ref, "head-");
			assert_ptr_equal(brink_strncat(dst, src, k), dst);
			strncat(ref, src, k);
			assert_memory_equal(dst, ref, strlen(ref) + 2);
		}
		strcpy(dst, "head-");
		strcpy(ref, "head-");
		assert_ptr_equal(brink_strcat(dst, src), dst);
		strcat(ref, src);
		assert_memory_equal(dst, ref, strlen(ref) + 2);
	}
}

static void test_search(void **state)
{
	(void)state;

	for (int i = 0; i < 20000; i++) {
		char h[40], nd[6], set[4];
		random_string(h, next() % 39, "abc");
		random_string(nd, next() % 5, "abc");
		random_string(set, next() % 3, "abcd");
		int c = "abcd\0"[next() % 5];

		assert_ptr_equal(brink_strchr(h, c), strchr(h, c));
		assert_ptr_equal(brink_strrchr(h, c), strrchr(h, c));
		assert_ptr_equal(brink_strstr(h, nd), strstr(h, nd));
		assert_int_equal(brink_strspn(h, set), strspn(h, set));
		assert_int_equal(brink_strcspn(h, set), strcspn(h, set));
		assert_ptr_equal(brink_strpbrk(h, set), strpbrk(h, set));
	}
	const char *s = "hello";
	assert_ptr_equal(brink_strchr(s, '\0'), s + 5);
	assert_ptr_equal(brink_strrchr(s, '\0'), s + 5);
	assert_ptr_equal(brink_strchr(s, 0x100 + 'l'), s + 2);     /* c is a char */
	assert_ptr_equal(brink_strrchr(s, 'l'), s + 3);
	assert_ptr_equal(brink_strstr(s, ""), s);
	assert_ptr_equal(brink_strstr("", ""), strstr("", ""));
	assert_null(brink_strstr("aaaa", "aaaaa"));
	const char *hi = "caf\xe9 au lait";
	assert_ptr_equal(brink_strchr(hi, 0xe9), hi + 3);
	assert_ptr_equal(brink_strchr(hi, (char)0xe9), hi + 3);
}

static void test_strtok(void **state)
{
	static const char *const inputs[] = {
		"", ",,,", "a", "a,b", ",a,,b,", "one two,three  four", "  lead", "trail  ",
	};
	(void)state;

	for (size_t i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		char a[64], b[64];
		char *sa = NULL, *sb = NULL, *ta, *tb;
		strcpy(a, inputs[i]);
		strcpy(b, inputs[i]);
		ta = brink_strtok_r(a, ", ", &sa);
		tb = strtok_r(b, ", ", &sb);
		for (;;) {
			if (!ta || !tb) {
				assert_true(!ta && !tb);
				break;
			}
			assert_int_equal(ta - a, tb - b);
			assert_string_equal(ta, tb);
			ta = brink_strtok_r(NULL, ", ", &sa);
			tb = strtok_r(NULL, ", ", &sb);
		}
		/* after the end, it keeps answering NULL */
		assert_null(brink_strtok_r(NULL, ", ", &sa));
		assert_memory_equal(a, b, strlen(inputs[i]) + 1);
	}
	char s[] = "x:y::z";
	assert_string_equal(brink_strtok(s, ":"), "x");
	assert_string_equal(brink_strtok(NULL, ":"), "y");
	assert_string_equal(brink_strtok(NULL, ":"), "z");
	assert_null(brink_strtok(NULL, ":"));
	assert_null(brink_strtok(NULL, ":"));
}

static void test_strdup(void **state)
{
	(void)state;
	char *d = brink_strdup("duplicate me");
	assert_string_equal(d, "duplicate me");
	free(d);
	d = brink_strdup("");
	assert_string_equal(d, "");
	free(d);

	/* strndup reads at most n bytes: the source need not be terminated */
	char *raw = malloc(4);
	memcpy(raw, "abcd", 4);
	for (size_t n = 0; n <= 4; n++) {
		d = brink_strndup(raw, n);
		assert_int_equal(strlen(d), n);
		assert_memory_equal(d, raw, n);
		free(d);
	}
	free(raw);
	d = brink_strndup("ab", 100);
	assert_string_equal(d, "ab");
	free(d);
}

static void test_strerror(void **state)
{
	/* every errno of <brink/abi.h>: glibc's messages are Linux's too */
	static const int errnos[] = {
		0, EPERM, ENOENT, ESRCH, EINTR, EIO, E2BIG, ENOEXEC, EBADF, ECHILD,
		EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR,
		EINVAL, ENFILE, EMFILE, EFBIG, ENOSPC, ESPIPE, EROFS, EDOM, ERANGE,
		ENAMETOOLONG, ENOSYS, ENOTEMPTY, EOVERFLOW, EILSEQ,
	};
	(void)state;

	for (size_t i = 0; i < sizeof(errnos) / sizeof(*errnos); i++)
		assert_string_equal(brink_strerror(errnos[i]), strerror(errnos[i]));
	assert_string_equal(brink_strerror(6), "Unknown error 6");      /* ENXIO: not Brink's */
	assert_string_equal(brink_strerror(4000), "Unknown error 4000");
	assert_string_equal(brink_strerror(-3), "Unknown error -3");
	assert_string_equal(brink_strerror(INT_MIN), "Unknown error -2147483648");
}

/* ------------------------------------------------------------ ctype -- */

static void test_ctype(void **state)
{
	(void)state;

	/* the host runs in the "C" locale: the answers must agree exactly */
	for (int c = -1; c <= 255; c++) {
		assert_int_equal(!!brink_isalnum(c), !!isalnum(c));
		assert_int_equal(!!brink_isalpha(c), !!isalpha(c));
		assert_int_equal(!!brink_isascii(c), !!isascii(c));
		assert_int_equal(!!brink_isblank(c), !!isblank(c));
		assert_int_equal(!!brink_iscntrl(c), !!iscntrl(c));
		assert_int_equal(!!brink_isdigit(c), !!isdigit(c));
		assert_int_equal(!!brink_isgraph(c), !!isgraph(c));
		assert_int_equal(!!brink_islower(c), !!islower(c));
		assert_int_equal(!!brink_isprint(c), !!isprint(c));
		assert_int_equal(!!brink_ispunct(c), !!ispunct(c));
		assert_int_equal(!!brink_isspace(c), !!isspace(c));
		assert_int_equal(!!brink_isupper(c), !!isupper(c));
		assert_int_equal(!!brink_isxdigit(c), !!isxdigit(c));
		assert_int_equal(brink_tolower(c), tolower(c));
		assert_int_equal(brink_toupper(c), toupper(c));
	}
	/* out of range: no class, unchanged, and no table overrun */
	static const int odd[] = { -1000, -2, 256, 1000, INT_MAX, INT_MIN };
	for (size_t i = 0; i < sizeof(odd) / sizeof(*odd); i++) {
		assert_false(brink_isalnum(odd[i]) || brink_isprint(odd[i]) ||
			     brink_isspace(odd[i]) || brink_iscntrl(odd[i]) ||
			     brink_ispunct(odd[i]) || brink_isascii(odd[i]));
		assert_int_equal(brink_toupper(odd[i]), odd[i]);
		assert_int_equal(brink_tolower(odd[i]), odd[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_memchr_memrchr),
		cmocka_unit_test(test_strlen_strnlen),
		cmocka_unit_test(test_strcmp_family),
		cmocka_unit_test(test_copy_and_concat),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_strtok),
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_ctype),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
