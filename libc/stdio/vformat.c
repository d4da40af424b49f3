/*
 * The printf engine (see stdio_impl.h).  Conversions: d i u x X o c s p %
 * with the length modifiers hh h l ll z j t, a width and a precision
 * (numbers or *), and the flags - + space # 0, with C's meaning and
 * glibc's output where C leaves a choice: %p is 0x-prefixed lowercase hex
 * ("(nil)" for NULL), a NULL %s prints "(null)".  No floating point: the
 * kernel does not save FPU state.  Anything else (%f, %n, a bad spec) is
 * copied to the output as it stands and consumes no argument.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include "stdio_impl.h"

#define F_LEFT  0x01
#define F_PLUS  0x02
#define F_SPACE 0x04
#define F_ALT   0x08
#define F_ZERO  0x10

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T };

struct out {
	__fmt_out fn;
	void *ctx;
	size_t total;           /* never above INT_MAX */
	int stopped;            /* fn asked for no more output */
	int overflow;           /* the total would exceed INT_MAX */
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n > (size_t)INT_MAX - o->total) {
		o->overflow = 1;
		return;
	}
	o->total += n;
	if (n && !o->stopped)
		o->stopped = o->fn(o->ctx, s, n);
}

static void pad(struct out *o, char c, size_t n)
{
	static const char spaces[] = "                                ";
	static const char zeros[]  = "00000000000000000000000000000000";
	const char *src = c == '0' ? zeros : spaces;

	if (n > (size_t)INT_MAX - o->total) {
		o->overflow = 1;
		return;
	}
	if (o->stopped) {
		o->total += n;
		return;
	}
	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		emit(o, src, k);
		n -= k;
	}
}

/* A string of len bytes in a field of width: %s, %c and "(nil)". */
static void put_field(struct out *o, const char *s, size_t len, int flags, size_t width)
{
	size_t fill = width > len ? width - len : 0;

	if (!(flags & F_LEFT))
		pad(o, ' ', fill);
	emit(o, s, len);
	if (flags & F_LEFT)
		pad(o, ' ', fill);
}

/* Digits of v in base, written backwards ending at end; returns the first. */
static char *digits(uintmax_t v, unsigned base, int upper, char *end)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	if (base == 10) {
		/* 32-bit division is far cheaper than libgcc's 64-bit one on i386 */
		for (; v > ULONG_MAX; v /= 10)
			*--p = set[v % 10];
		for (unsigned long w = (unsigned long)v; w; w /= 10)
			*--p = set[w % 10];
	} else {
		unsigned shift = base == 16 ? 4 : base == 8 ? 3 : 0;
		for (; v; v >>= shift)
			*--p = set[v & (base - 1)];
	}
	return p;
}

/*
 * An integer conversion.  sign is '-', '+', ' ' or 0; prefix is "0x" or
 * "0X" or "".  prec < 0 when no precision was given.
 */
static void put_int(struct out *o, uintmax_t v, unsigned base, int upper, char sign,
		    const char *prefix, int flags, size_t width, int prec)
{
	char buf[3 * sizeof(uintmax_t)];       /* 22 octal digits of 64 bits */
	char *const end = buf + sizeof(buf);
	char *d;
	char pre[4];
	size_t nd, np = 0, zeros, len;

	d = digits(v, base, upper, end);
	if (v == 0 && prec != 0)
		*--d = '0';             /* precision 0 and value 0: no digits */
	nd = (size_t)(end - d);

	/* 0 pads to the width only when no precision was given */
	int zero_fill = prec < 0 && (flags & (F_ZERO | F_LEFT)) == F_ZERO;

	/* # with o: the first digit must be a 0 */
	if ((flags & F_ALT) && base == 8 && (nd == 0 || *d != '0') && prec <= (int)nd)
		prec = (int)nd + 1;

	if (sign)
		pre[np++] = sign;
	for (; *prefix; prefix++)
		pre[np++] = *prefix;

	zeros = prec > (int)nd ? (size_t)prec - nd : 0;
	if (zero_fill && width > np + zeros + nd)
		zeros = width - np - nd;
	len = np + zeros + nd;

	if (!(flags & F_LEFT) && width > len)
		pad(o, ' ', width - len);
	emit(o, pre, np);
	pad(o, '0', zeros);
	emit(o, d, nd);
	if ((flags & F_LEFT) && width > len)
		pad(o, ' ', width - len);
}

/* Reads a decimal field width or precision; -1 if above INT_MAX. */
static int parse_num(const char **pp)
{
	const char *p = *pp;
	int n = 0, too_big = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';
		if (n > (INT_MAX - d) / 10)
			too_big = 1;    /* keep reading: the digits are the spec's */
		else
			n = n * 10 + d;
	}
	*pp = p;
	return too_big ? -1 : n;
}

int __vformat(__fmt_out fn, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = { fn, ctx, 0, 0, 0 };
	va_list ap;
	const char *p = fmt;

	va_copy(ap, ap_in);
	while (*p && !o.overflow) {
		const char *spec;
		int flags = 0, upper = 0, is_signed = 0;
		unsigned base = 10;
		size_t width = 0;
		int prec = -1;
		enum length len = L_NONE;
		uintmax_t v = 0;
		char sign = 0;

		if (*p != '%') {
			const char *q = p;
			while (*q && *q != '%')
				q++;
			emit(&o, p, (size_t)(q - p));
			p = q;
			continue;
		}
		spec = p++;

		for (;; p++) {
			if (*p == '-')      flags |= F_LEFT;
			else if (*p == '+') flags |= F_PLUS;
			else if (*p == ' ') flags |= F_SPACE;
			else if (*p == '#') flags |= F_ALT;
			else if (*p == '0') flags |= F_ZERO;
			else break;
		}

		if (*p == '*') {
			int w = va_arg(ap, int);
			p++;
			if (w < 0) {
				if (w == INT_MIN) {
					o.overflow = 1;
					break;
				}
				flags |= F_LEFT;
				w = -w;
			}
			width = (size_t)w;
		} else {
			int w = parse_num(&p);
			if (w < 0) {
				o.overflow = 1;
				break;
			}
			width = (size_t)w;
		}

		if (*p == '.') {
			p++;
			if (*p == '*') {
				int pr = va_arg(ap, int);
				p++;
				prec = pr < 0 ? -1 : pr;  /* negative: as if omitted */
			} else {
				prec = parse_num(&p);
				if (prec < 0) {
					o.overflow = 1;
					break;
				}
			}
		}

		switch (*p) {
		case 'h': len = L_H;  p++; if (*p == 'h') { len = L_HH; p++; } break;
		case 'l': len = L_L;  p++; if (*p == 'l') { len = L_LL; p++; } break;
		case 'z': len = L_Z;  p++; break;
		case 'j': len = L_J;  p++; break;
		case 't': len = L_T;  p++; break;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			intmax_t s;
			switch (len) {
			case L_HH: s = (signed char)va_arg(ap, int); break;
			case L_H:  s = (short)va_arg(ap, int); break;
			case L_L:  s = va_arg(ap, long); break;
			case L_LL: s = va_arg(ap, long long); break;
			case L_Z:  s = va_arg(ap, ptrdiff_t); break;  /* size_t's signed twin */
			case L_J:  s = va_arg(ap, intmax_t); break;
			case L_T:  s = va_arg(ap, ptrdiff_t); break;
			default:   s = va_arg(ap, int); break;
			}
			is_signed = 1;
			v = s < 0 ? 0 - (uintmax_t)s : (uintmax_t)s;
			sign = s < 0 ? '-' : 0;
			break;
		}
		case 'u':
			break;
		case 'o':
			base = 8;
			break;
		case 'X':
			upper = 1;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			put_field(&o, &c, 1, flags, width);
			p++;
			continue;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			/* with a precision, s need not be terminated */
			put_field(&o, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec),
				  flags, width);
			p++;
			continue;
		}
		case 'p': {
			const void *ptr = va_arg(ap, const void *);
			p++;
			if (!ptr) {
				put_field(&o, "(nil)", 5, flags, width);
				continue;
			}
			sign = (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : 0;
			put_int(&o, (uintptr_t)ptr, 16, 0, sign, "0x", flags, width, prec);
			continue;
		}
		case '%':
			emit(&o, "%", 1);
			p++;
			continue;
		default:
			/* unknown: copy the spec through, conversion byte included */
			if (*p)
				p++;
			emit(&o, spec, (size_t)(p - spec));
			continue;
		}

		/* d i u o x X */
		if (!is_signed) {
			switch (len) {
			case L_HH: v = (unsigned char)va_arg(ap, unsigned int); break;
			case L_H:  v = (unsigned short)va_arg(ap, unsigned int); break;
			case L_L:  v = va_arg(ap, unsigned long); break;
			case L_LL: v = va_arg(ap, unsigned long long); break;
			case L_Z:  v = va_arg(ap, size_t); break;
			case L_J:  v = va_arg(ap, uintmax_t); break;
			case L_T:  v = va_arg(ap, size_t); break;  /* ptrdiff_t's unsigned twin */
			default:   v = va_arg(ap, unsigned int); break;
			}
		} else if (!sign) {
			sign = (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : 0;
		}
		put_int(&o, v, base, upper, sign,
			(flags & F_ALT) && base == 16 && v ? (upper ? "0X" : "0x") : "",
			flags, width, prec);
		p++;
	}
	va_end(ap);

	if (o.overflow) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o.total;
}
