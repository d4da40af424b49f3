/*
 * format.c - printf-style formatting for the kernel (see format.h).
 *
 * One pass over the format: each conversion is parsed into a struct spec,
 * its argument fetched at the width its length modifier names, and the
 * result emitted as  [spaces] [sign/prefix] [zeros] digits [spaces].
 * Numbers travel as uintmax_t magnitude plus a sign, so INT_MIN and
 * LLONG_MIN need no negation of a signed value (which would overflow).
 * Hex and octal digits come from shifts; decimal divides by 10 in 32 bits
 * whenever the value fits, and only calls libgcc's 64-bit division
 * (__udivdi3 on i686) for the upper part of a larger value.
 *
 * The output count saturates just above INT_MAX, so widths and precisions
 * of any size cannot overflow it; such output reports -1.
 */
#include "format.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

enum {
    F_MINUS = 1 << 0,   /* left-justify */
    F_PLUS  = 1 << 1,   /* always a sign on signed conversions */
    F_SPACE = 1 << 2,   /* a space where a '+' would go */
    F_ZERO  = 1 << 3,   /* pad numbers with zeros, not spaces */
    F_ALT   = 1 << 4,   /* '#': 0 for octal, 0x for hex */
};

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T };

struct spec {
    unsigned flags;
    int width;          /* >= 0 */
    int prec;           /* -1 when absent */
    enum length len;
    char conv;
};

struct out {
    format_put_fn put;
    void *ctx;
    unsigned count;     /* saturates at INT_MAX + 1u */
};

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "%z and %t share a width");

static void emit(struct out *o, char c)
{
    o->put(c, o->ctx);
    if (o->count <= (unsigned)INT_MAX)
        o->count++;
}

static void emit_n(struct out *o, const char *s, size_t n)
{
    while (n--)
        emit(o, *s++);
}

static void emit_repeat(struct out *o, char c, unsigned n)
{
    while (n--)
        emit(o, c);
}

/* Digits of a width or precision; saturates at INT_MAX instead of overflowing. */
static int parse_uint(const char **fmtp)
{
    const char *p = *fmtp;
    int v = 0;

    for (; *p >= '0' && *p <= '9'; p++) {
        int d = *p - '0';
        v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
    }
    *fmtp = p;
    return v;
}

/* Parse "%[flags][width][.prec][length]conv" starting after the '%'. */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
    sp->flags = 0;
    for (;; p++) {
        if (*p == '-') sp->flags |= F_MINUS;
        else if (*p == '+') sp->flags |= F_PLUS;
        else if (*p == ' ') sp->flags |= F_SPACE;
        else if (*p == '0') sp->flags |= F_ZERO;
        else if (*p == '#') sp->flags |= F_ALT;
        else break;
    }

    if (*p == '*') {
        int w = va_arg(*ap, int);
        p++;
        if (w < 0) {
            sp->flags |= F_MINUS;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        sp->width = w;
    } else {
        sp->width = parse_uint(&p);
    }

    sp->prec = -1;
    if (*p == '.') {
        p++;
        if (*p == '*') {
            int pr = va_arg(*ap, int);
            p++;
            sp->prec = pr < 0 ? -1 : pr;
        } else {
            sp->prec = parse_uint(&p);
        }
    }

    sp->len = L_NONE;
    switch (*p) {
    case 'h':
        p++;
        sp->len = L_H;
        if (*p == 'h') { p++; sp->len = L_HH; }
        break;
    case 'l':
        p++;
        sp->len = L_L;
        if (*p == 'l') { p++; sp->len = L_LL; }
        break;
    case 'z': p++; sp->len = L_Z; break;
    case 'j': p++; sp->len = L_J; break;
    case 't': p++; sp->len = L_T; break;
    }
    sp->conv = *p;
    return p;
}

/* The argument of a signed conversion, converted to its type first. */
static intmax_t fetch_signed(enum length len, va_list *ap)
{
    switch (len) {
    case L_HH: return (signed char)va_arg(*ap, int);
    case L_H:  return (short)va_arg(*ap, int);
    case L_L:  return va_arg(*ap, long);
    case L_LL: return va_arg(*ap, long long);
    case L_Z:  return (ptrdiff_t)va_arg(*ap, size_t);  /* signed size_t */
    case L_J:  return va_arg(*ap, intmax_t);
    case L_T:  return va_arg(*ap, ptrdiff_t);
    default:   return va_arg(*ap, int);
    }
}

static uintmax_t fetch_unsigned(enum length len, va_list *ap)
{
    switch (len) {
    case L_HH: return (unsigned char)va_arg(*ap, unsigned);
    case L_H:  return (unsigned short)va_arg(*ap, unsigned);
    case L_L:  return va_arg(*ap, unsigned long);
    case L_LL: return va_arg(*ap, unsigned long long);
    case L_Z:  return va_arg(*ap, size_t);
    case L_J:  return va_arg(*ap, uintmax_t);
    case L_T:  return (size_t)va_arg(*ap, ptrdiff_t);  /* unsigned ptrdiff_t */
    default:   return va_arg(*ap, unsigned);
    }
}

/*
 * Write the digits of v in base 8, 10 or 16 backwards, ending just before
 * end; returns the start.  A 64-bit value needs at most 22 (octal) digits.
 */
#define DIGITS_MAX 22

static char *to_digits(char *end, uintmax_t v, unsigned base, bool upper)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;

    if (base == 10) {
        while (v > UINT32_MAX) {            /* 64-bit division, rarely */
            *--p = set[v % 10];
            v /= 10;
        }
        for (uint32_t w = (uint32_t)v; ; ) {
            *--p = set[w % 10];
            w /= 10;
            if (w == 0)
                break;
        }
        return p;
    }
    unsigned shift = base == 16 ? 4 : 3;
    do {
        *--p = set[v & (base - 1)];
        v >>= shift;
    } while (v);
    return p;
}

/*
 * Emit prefix (sign, "0x", ...), then at least `prec` digits (zero-filled),
 * padded to the field width with spaces or, for the '0' flag without a
 * precision, with zeros between the prefix and the digits.
 */
static void emit_number(struct out *o, const struct spec *sp, const char *prefix,
                        unsigned prefix_len, const char *digits, unsigned ndigits,
                        unsigned prec)
{
    unsigned zeros = prec > ndigits ? prec - ndigits : 0;
    unsigned total = prefix_len + zeros + ndigits;     /* < 2^31 + 24 */
    unsigned width = (unsigned)sp->width;
    unsigned pad = width > total ? width - total : 0;

    if ((sp->flags & (F_ZERO | F_MINUS)) == F_ZERO && sp->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!(sp->flags & F_MINUS))
        emit_repeat(o, ' ', pad);
    emit_n(o, prefix, prefix_len);
    emit_repeat(o, '0', zeros);
    emit_n(o, digits, ndigits);
    if (sp->flags & F_MINUS)
        emit_repeat(o, ' ', pad);
}

static void format_integer(struct out *o, const struct spec *sp, va_list *ap)
{
    char buf[DIGITS_MAX];
    char prefix[2];
    unsigned prefix_len = 0;
    unsigned base = 10;
    uintmax_t mag;

    if (sp->conv == 'd' || sp->conv == 'i') {
        intmax_t v = fetch_signed(sp->len, ap);
        /* Negate in unsigned arithmetic: correct for INTMAX_MIN too. */
        mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
        if (v < 0)
            prefix[prefix_len++] = '-';
        else if (sp->flags & F_PLUS)
            prefix[prefix_len++] = '+';
        else if (sp->flags & F_SPACE)
            prefix[prefix_len++] = ' ';
    } else {
        mag = fetch_unsigned(sp->len, ap);
        if (sp->conv == 'o')
            base = 8;
        else if (sp->conv == 'x' || sp->conv == 'X')
            base = 16;
    }

    /* Precision 0 and value 0 print no digits at all. */
    char *end = buf + sizeof buf;
    char *digits = (mag == 0 && sp->prec == 0) ? end
                                               : to_digits(end, mag, base, sp->conv == 'X');
    unsigned ndigits = (unsigned)(end - digits);
    unsigned prec = sp->prec < 0 ? 1 : (unsigned)sp->prec;

    if (sp->flags & F_ALT) {
        if (base == 8 && prec <= ndigits && (ndigits == 0 || digits[0] != '0'))
            prec = ndigits + 1;     /* '#' octal: the first digit is a 0 */
        else if (base == 16 && mag != 0) {
            prefix[prefix_len++] = '0';
            prefix[prefix_len++] = sp->conv;
        }
    }
    emit_number(o, sp, prefix, prefix_len, digits, ndigits, prec);
}

/* Kernel addresses are 32 bits: "0x" and 8 digits (more only on a 64-bit host). */
static void format_pointer(struct out *o, const struct spec *sp, va_list *ap)
{
    char buf[DIGITS_MAX];
    uintptr_t v = (uintptr_t)va_arg(*ap, void *);
    char *end = buf + sizeof buf;
    char *digits = to_digits(end, v, 16, false);
    struct spec plain = { .flags = sp->flags & F_MINUS, .width = sp->width, .prec = 8 };

    emit_number(o, &plain, "0x", 2, digits, (unsigned)(end - digits), 8);
}

static void emit_padded(struct out *o, const struct spec *sp, const char *s, size_t n)
{
    unsigned pad = (unsigned)sp->width > n ? (unsigned)sp->width - (unsigned)n : 0;

    if (!(sp->flags & F_MINUS))
        emit_repeat(o, ' ', pad);
    emit_n(o, s, n);
    if (sp->flags & F_MINUS)
        emit_repeat(o, ' ', pad);
}

/* With a precision the string need not be terminated: never read past it. */
static void format_string(struct out *o, const struct spec *sp, va_list *ap)
{
    const char *s = va_arg(*ap, const char *);
    size_t n = 0;

    if (s == NULL)
        s = (sp->prec < 0 || sp->prec >= 6) ? "(null)" : "";
    while ((sp->prec < 0 || n < (size_t)sp->prec) && s[n])
        n++;
    emit_padded(o, sp, s, n);
}

static bool is_integer_conv(char c)
{
    return c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X' || c == 'o';
}

int kvformat(format_put_fn put, void *ctx, const char *fmt, va_list ap)
{
    struct out o = { .put = put, .ctx = ctx, .count = 0 };
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            emit(&o, *fmt++);
            continue;
        }
        const char *start = fmt;
        struct spec sp;
        fmt = parse_spec(fmt + 1, &sp, &args);

        if (is_integer_conv(sp.conv)) {
            format_integer(&o, &sp, &args);
        } else if (sp.conv == 'c' && sp.len == L_NONE) {
            char c = (char)va_arg(args, int);
            emit_padded(&o, &sp, &c, 1);
        } else if (sp.conv == 's' && sp.len == L_NONE) {
            format_string(&o, &sp, &args);
        } else if (sp.conv == 'p' && sp.len == L_NONE) {
            format_pointer(&o, &sp, &args);
        } else if (sp.conv == '%') {
            emit(&o, '%');
        } else if (sp.conv == '\0') {
            emit_n(&o, start, (size_t)(fmt - start));   /* truncated spec */
            break;
        } else {
            emit_n(&o, start, (size_t)(fmt + 1 - start));   /* unknown: verbatim */
        }
        fmt++;
    }
    va_end(args);
    return o.count > (unsigned)INT_MAX ? -1 : (int)o.count;
}

/* ---- into a buffer ---------------------------------------------------- */

struct bufctx {
    char *buf;
    size_t size;
    size_t pos;     /* characters produced so far, stored or not */
};

static void buf_put(char c, void *ctx)
{
    struct bufctx *b = ctx;

    if (b->pos + 1 < b->size)   /* keep the last byte for the NUL */
        b->buf[b->pos] = c;
    if (b->pos < SIZE_MAX)
        b->pos++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct bufctx b = { .buf = buf, .size = size, .pos = 0 };
    int n = kvformat(buf_put, &b, fmt, ap);

    if (size > 0)
        buf[b.pos < size ? b.pos : size - 1] = '\0';
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
