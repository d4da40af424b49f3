/*
 * libc_stdlib - Brink's <stdlib.h> minus the allocator: the strtol family
 * against the host's (values, end pointers, errno), the same parser with
 * i386's 32-bit long limits, qsort on many shapes of input including
 * McIlroy's adversary (it must stay O(n log n)), bsearch, rand, abs, div,
 * getenv.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#ifdef LIBC_I386
#include "libc_i386_cmocka.h"     /* the i386 build: see libc_common.mk */
#else
#include <cmocka.h>
#endif
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libc_host.h"

/* the parser behind strtol (libc/stdlib/strtox.h) */
unsigned long long __strtox(const char *s, char **end, int base,
			    unsigned long long pos_max, unsigned long long neg_max,
			    int *neg, int *overflow);

static const char *const numbers[] = {
	"", " ", "0", "-0", "+0", "1", "-1", "+-1", "--1", "-+1", "  \t\n42", "42abc",
	"\v\f\r12", " - 1", "0x", "0X", "0x1g", "0X1A", "-0x10", "+0xff", "0xG", "00x1",
	"0b101", "077", "08", "09", "0", "z", "Z", "zz", "Zz9", "1e5", "abc", "-", "+",
	"2147483647", "2147483648", "-2147483648", "-2147483649",
	"4294967295", "4294967296", "-4294967295", "-4294967296",
	"9223372036854775807", "9223372036854775808",
	"-9223372036854775808", "-9223372036854775809",
	"18446744073709551615", "18446744073709551616",
	"-18446744073709551615", "-18446744073709551616",
	"123456789012345678901234567890", "-123456789012345678901234567890xyz",
	"0x7fffffffffffffff", "0x8000000000000000", "-0x8000000000000000",
	"0xffffffffffffffff", "0x10000000000000000", "0x7fffffff", "0x80000000",
	"1111111111111111111111111111111111111111111111111111111111111111",
	"11111111111111111111111111111111111111111111111111111111111111111",
	"777777777777777777777", "1777777777777777777777", "2000000000000000000000",
	"3w5e11264sgsf", "3w5e11264sgsg", "1y2p0ij32e8e7", "1y2p0ij32e8e8",
	"   +0x0", "0x0", "-0x", "0x-1", "12 34", "9\xff",
};
static const int bases[] = { 0, 2, 3, 7, 8, 10, 16, 36 };
static const int bad_bases[] = { 1, -1, 37, 100, INT_MIN };

#define NUMBERS (sizeof(numbers) / sizeof(*numbers))
#define BASES (sizeof(bases) / sizeof(*bases))

/* one function of the family against its host twin */
#define CHECK_STRTO(fn, s, base) do {                                         \
		char *he = NULL, *be = NULL;                                  \
		errno = 0;                                                    \
		brink_errno = 0;                                              \
		__typeof__(fn(s, NULL, 0)) hv = fn(s, &he, base);             \
		__typeof__(fn(s, NULL, 0)) bv = brink_##fn(s, &be, base);     \
		if (hv != bv || he != be || errno != brink_errno) {           \
			print_error(#fn "(\"%s\", %d): host %lld end+%td errno %d," \
				    " brink %lld end+%td errno %d\n", s, base,  \
				    (long long)hv, he - s, errno,             \
				    (long long)bv, be - s, brink_errno);      \
			fail();                                               \
		}                                                             \
	} while (0)

static void test_strtol_family(void **state)
{
	(void)state;
	for (size_t i = 0; i < NUMBERS; i++)
		for (size_t b = 0; b < BASES; b++) {
			CHECK_STRTO(strtol, numbers[i], bases[b]);
			CHECK_STRTO(strtoul, numbers[i], bases[b]);
			CHECK_STRTO(strtoll, numbers[i], bases[b]);
			CHECK_STRTO(strtoull, numbers[i], bases[b]);
		}
}

static void test_strtol_random(void **state)
{
	unsigned long long x = 88172645463325252ULL;
	(void)state;

	for (int i = 0; i < 20000; i++) {
		char s[80];
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		int base = bases[x % BASES];
		switch (i % 4) {
		case 0: snprintf(s, sizeof(s), "%lld", (long long)x); break;
		case 1: snprintf(s, sizeof(s), " -%llu", x >> (x % 64)); break;
		case 2: snprintf(s, sizeof(s), "0x%llx!", x); break;
		default: snprintf(s, sizeof(s), "%llo%llu", x % 99999, x); break;
		}
		CHECK_STRTO(strtol, s, base);
		CHECK_STRTO(strtoul, s, base);
		CHECK_STRTO(strtoll, s, base);
		CHECK_STRTO(strtoull, s, base);
	}
}

static void test_strtol_bad_base(void **state)
{
	(void)state;
	for (size_t b = 0; b < sizeof(bad_bases) / sizeof(*bad_bases); b++) {
		char *end = NULL;
		const char *s = "123";
		brink_errno = 0;
		assert_int_equal(brink_strtol(s, &end, bad_bases[b]), 0);
		assert_int_equal(brink_errno, EINVAL);
		assert_ptr_equal(end, s);       /* nothing was parsed */
		brink_errno = 0;
		assert_int_equal(brink_strtoull(s, NULL, bad_bases[b]), 0);
		assert_int_equal(brink_errno, EINVAL);
	}
	/* success leaves errno alone */
	brink_errno = 77;
	assert_int_equal(brink_strtol("12", NULL, 10), 12);
	assert_int_equal(brink_errno, 77);
}

/*
 * On i386 long is 32 bits: strtol passes LONG_MAX = 2^31-1 and 2^31 as the
 * limits, strtoul 2^32-1.  The parser is the same file, so drive it with
 * those limits and check against the host's 64-bit answer, clamped.
 */
static void test_strtox_32bit_limits(void **state)
{
	(void)state;
	for (size_t i = 0; i < NUMBERS; i++)
		for (size_t b = 0; b < BASES; b++) {
			const char *s = numbers[i];
			char *he, *be;
			int neg, ovf;

			/* as i386 strtol */
			errno = 0;
			long long hv = strtoll(s, &he, bases[b]);
			int herr = errno;
			if (hv > INT32_MAX) {
				hv = INT32_MAX;
				herr = ERANGE;
			} else if (hv < INT32_MIN) {
				hv = INT32_MIN;
				herr = ERANGE;
			}
			brink_errno = 0;
			unsigned long long m = __strtox(s, &be, bases[b], INT32_MAX,
							(unsigned long long)INT32_MAX + 1, &neg, &ovf);
			long long bv = neg ? -(long long)m : (long long)m;
			assert_int_equal(bv, hv);
			assert_ptr_equal(be, he);
			assert_int_equal(brink_errno, herr);
			assert_int_equal(ovf, herr == ERANGE);

			/* as i386 strtoul: magnitude above 2^32-1 overflows */
			errno = 0;
			unsigned long long hu = strtoull(s, &he, bases[b]);
			herr = errno;
			const char *p = s;
			while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
				p++;
			unsigned long long mag = *p == '-' ? 0 - hu : hu;
			if (herr == ERANGE || mag > UINT32_MAX)
				herr = ERANGE;
			brink_errno = 0;
			m = __strtox(s, &be, bases[b], UINT32_MAX, UINT32_MAX, &neg, &ovf);
			assert_ptr_equal(be, he);
			assert_int_equal(brink_errno, herr);
			if (herr != ERANGE)
				assert_int_equal(m, mag);
		}
}

static void test_atoi(void **state)
{
	(void)state;
	assert_int_equal(brink_atoi("  -123xyz"), -123);
	assert_int_equal(brink_atoi("+42"), 42);
	assert_int_equal(brink_atoi("0x10"), 0);        /* base 10 only */
	assert_int_equal(brink_atoi("junk"), 0);
	assert_int_equal(brink_atoi("2147483647"), INT_MAX);
	assert_int_equal(brink_atoi("-2147483648"), INT_MIN);
	assert_int_equal(brink_atol("-9223372036854775808"), LONG_MIN);
	assert_int_equal(brink_atoll("9223372036854775807"), LLONG_MAX);
}

/* ------------------------------------------------------------- qsort -- */

static long ncmp;

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	ncmp++;
	return (x > y) - (x < y);
}

static int host_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

enum shape { RANDOM, SORTED, REVERSED, EQUAL, FEW, ORGAN, SAWTOOTH, NSHAPES };
static const char *const shape_names[] = {
	"random", "sorted", "reversed", "all equal", "few distinct", "organ pipe", "sawtooth",
};

static void make_shape(int *a, size_t n, enum shape s, unsigned *seed)
{
	for (size_t i = 0; i < n; i++) {
		switch (s) {
		case RANDOM:   a[i] = (int)(rand_r(seed) - RAND_MAX / 2); break;
		case SORTED:   a[i] = (int)i; break;
		case REVERSED: a[i] = (int)(n - i); break;
		case EQUAL:    a[i] = 7; break;
		case FEW:      a[i] = rand_r(seed) % 4; break;
		case ORGAN:    a[i] = (int)(i < n / 2 ? i : n - i); break;
		default:       a[i] = (int)(i % 17); break;
		}
	}
}

static void test_qsort_shapes(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 5, 12, 13, 14, 50, 100, 1000, 20000 };
	unsigned seed = 1;
	(void)state;

	for (size_t si = 0; si < sizeof(sizes) / sizeof(*sizes); si++)
		for (int s = 0; s < NSHAPES; s++) {
			size_t n = sizes[si];
			int *a = malloc((n + 1) * sizeof(int)), *ref = malloc((n + 1) * sizeof(int));
			make_shape(a, n, s, &seed);
			memcpy(ref, a, n * sizeof(int));
			qsort(ref, n, sizeof(int), host_cmp_int);
			ncmp = 0;
			brink_qsort(a, n, sizeof(int), cmp_int);
			int same = memcmp(a, ref, n * sizeof(int)) == 0;
			free(a);
			free(ref);
			assert_true(same);
			/* comparisons: n log n shaped, far below n^2 */
			if (n >= 1000) {
				double bound = 2.0 * n * log2((double)n);
				print_message("# %s n=%zu: %ld comparisons (n log2 n = %.0f)\n",
					      shape_names[s], n, ncmp, n * log2((double)n));
				if (ncmp > bound)
					fail_msg("%s n=%zu: %ld comparisons > %.0f",
						 shape_names[s], n, ncmp, bound);
			}
		}
}

/* McIlroy, "A Killer Adversary for Quicksort" (1999): the comparator
 * decides values lazily so as to make any quicksort go quadratic. */
static int *adv_val, adv_gas, adv_nsolid, adv_candidate;

static int cmp_adversary(const void *px, const void *py)
{
	int x = *(const int *)px, y = *(const int *)py;

	ncmp++;
	if (adv_val[x] == adv_gas && adv_val[y] == adv_gas) {
		if (x == adv_candidate)
			adv_val[x] = adv_nsolid++;
		else
			adv_val[y] = adv_nsolid++;
	}
	if (adv_val[x] == adv_gas)
		adv_candidate = x;
	else if (adv_val[y] == adv_gas)
		adv_candidate = y;
	return (adv_val[x] > adv_val[y]) - (adv_val[x] < adv_val[y]);
}

static void test_qsort_adversary(void **state)
{
	const int n = 20000;
	int *a = malloc(n * sizeof(int));
	(void)state;

	adv_val = malloc(n * sizeof(int));
	adv_gas = n - 1;
	adv_nsolid = adv_candidate = 0;
	for (int i = 0; i < n; i++) {
		a[i] = i;
		adv_val[i] = adv_gas;
	}
	ncmp = 0;
	brink_qsort(a, (size_t)n, sizeof(int), cmp_adversary);
	int sorted = 1;
	for (int i = 1; i < n; i++)
		sorted &= adv_val[a[i - 1]] <= adv_val[a[i]];
	if (!sorted) {
		free(a);
		free(adv_val);
		fail_msg("adversary input not sorted");
	}
	double bound = 6.0 * n * log2((double)n);       /* n^2/2 would be 2e8 */
	print_message("# adversary n=%d: %ld comparisons (n log2 n = %.0f)\n", n, ncmp,
		      n * log2((double)n));
	free(a);
	free(adv_val);
	assert_true(ncmp < bound);
}

/* elements of odd sizes, bigger than the swap buffer too */
struct rec100 { int key; char pad[96]; };
struct rec3 { unsigned char b[3]; };

static int cmp_rec100(const void *a, const void *b)
{
	const struct rec100 *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

static int cmp_rec3(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

static int cmp_char(const void *a, const void *b)
{
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

static void test_qsort_element_sizes(void **state)
{
	enum { N = 500 };
	static struct rec100 r[N];
	static struct rec3 t[N];
	unsigned char c[N];
	unsigned seed = 9;
	(void)state;

	for (int i = 0; i < N; i++) {
		r[i].key = rand_r(&seed) % 1000;
		memset(r[i].pad, r[i].key & 0xff, sizeof(r[i].pad));
		for (int k = 0; k < 3; k++)
			t[i].b[k] = (unsigned char)rand_r(&seed);
		c[i] = (unsigned char)rand_r(&seed);
	}
	brink_qsort(r, N, sizeof(*r), cmp_rec100);
	brink_qsort(t, N, sizeof(*t), cmp_rec3);
	brink_qsort(c, N, 1, cmp_char);
	for (int i = 1; i < N; i++) {
		assert_true(r[i - 1].key <= r[i].key);
		assert_true(memcmp(&t[i - 1], &t[i], 3) <= 0);
		assert_true(c[i - 1] <= c[i]);
	}
	for (int i = 0; i < N; i++)     /* records moved whole */
		for (size_t k = 0; k < sizeof(r[i].pad); k++)
			assert_int_equal((unsigned char)r[i].pad[k], r[i].key & 0xff);
}

static unsigned chaos = 5;
static int cmp_random(const void *a, const void *b)
{
	(void)a;
	(void)b;
	return (int)(rand_r(&chaos) % 3) - 1;
}

static void test_qsort_inconsistent_comparator(void **state)
{
	enum { N = 3000 };
	int a[N], count[N] = { 0 };
	(void)state;

	for (int i = 0; i < N; i++)
		a[i] = i;
	/* order is meaningless, but every element must still be there once
	 * (and ASan sees any access outside the array) */
	brink_qsort(a, N, sizeof(int), cmp_random);
	for (int i = 0; i < N; i++) {
		assert_in_range(a[i], 0, N - 1);
		count[a[i]]++;
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(count[i], 1);
}

static void test_bsearch(void **state)
{
	int a[101];
	(void)state;

	for (int i = 0; i < 101; i++)
		a[i] = 2 * i;
	for (size_t n = 0; n <= 101; n++)
		for (int key = -1; key <= 203; key++) {
			int *r = brink_bsearch(&key, a, n, sizeof(int), host_cmp_int);
			if (key >= 0 && key % 2 == 0 && (size_t)(key / 2) < n)
				assert_ptr_equal(r, &a[key / 2]);
			else
				assert_null(r);
		}
}

/* ------------------------------------------------------ odds and ends -- */

static void test_rand(void **state)
{
	int first[16], seen_low = 0, seen_high = 0;
	long long sum = 0;
	(void)state;

	brink_srand(42);
	for (int i = 0; i < 16; i++)
		first[i] = brink_rand();
	brink_srand(42);
	for (int i = 0; i < 16; i++)
		assert_int_equal(brink_rand(), first[i]);       /* reproducible */
	brink_srand(43);
	assert_int_not_equal(brink_rand(), first[0]);
	for (int i = 0; i < 100000; i++) {
		int r = brink_rand();
		assert_in_range(r, 0, 0x7fffffff);
		seen_low |= r & 1 ? 2 : 1;
		seen_high |= r >> 30 ? 2 : 1;
		sum += r;
	}
	assert_int_equal(seen_low, 3);
	assert_int_equal(seen_high, 3);
	/* the mean is near RAND_MAX/2 (within 1%) */
	double mean = (double)sum / 100000;
	assert_true(fabs(mean / 0x3fffffff - 1.0) < 0.01);
}

static void test_abs_div(void **state)
{
	(void)state;
	assert_int_equal(brink_abs(-5), 5);
	assert_int_equal(brink_abs(5), 5);
	assert_int_equal(brink_abs(INT_MAX), INT_MAX);
	assert_int_equal(brink_abs(-INT_MAX), INT_MAX);
	assert_int_equal(brink_abs(INT_MIN), INT_MIN);  /* no trap: see abs.c */
	assert_int_equal(brink_labs(LONG_MIN + 1), LONG_MAX);
	assert_int_equal(brink_llabs(-7), 7);
	brink_div_t d = brink_div(-7, 2);
	assert_int_equal(d.quot, -3);
	assert_int_equal(d.rem, -1);
	brink_ldiv_t ld = brink_ldiv(7, -2);
	assert_int_equal(ld.quot, -3);
	assert_int_equal(ld.rem, 1);
	brink_lldiv_t lld = brink_lldiv(LLONG_MAX, 10);
	assert_int_equal(lld.quot, LLONG_MAX / 10);
	assert_int_equal(lld.rem, 7);
}

static void test_getenv(void **state)
{
	char *env[] = { "HOME=/", "PATH=/bin", "EMPTY=", "PATHX=no", "=odd", NULL };
	(void)state;

	brink_environ = NULL;
	assert_null(brink_getenv("HOME"));
	brink_environ = env;
	assert_string_equal(brink_getenv("HOME"), "/");
	assert_string_equal(brink_getenv("PATH"), "/bin");
	assert_string_equal(brink_getenv("PATHX"), "no");
	assert_string_equal(brink_getenv("EMPTY"), "");
	assert_null(brink_getenv("PAT"));
	assert_null(brink_getenv("NOPE"));
	assert_null(brink_getenv(""));
	assert_null(brink_getenv("PATH=/bin"));
	brink_environ = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtol_family),
		cmocka_unit_test(test_strtol_random),
		cmocka_unit_test(test_strtol_bad_base),
		cmocka_unit_test(test_strtox_32bit_limits),
		cmocka_unit_test(test_atoi),
		cmocka_unit_test(test_qsort_shapes),
		cmocka_unit_test(test_qsort_adversary),
		cmocka_unit_test(test_qsort_element_sizes),
		cmocka_unit_test(test_qsort_inconsistent_comparator),
		cmocka_unit_test(test_bsearch),
		cmocka_unit_test(test_rand),
		cmocka_unit_test(test_abs_div),
		cmocka_unit_test(test_getenv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
