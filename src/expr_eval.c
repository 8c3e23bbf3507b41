/*
 * expr_eval: walking a tree to a value, with XPath 1.0's four types
 * (string, number, boolean, node-set) and its coercions (xlsform.md §8.3),
 * ODK's date extension (a date string is a day number in arithmetic), and
 * existential comparison of node-sets.  Each evaluation has a scratch
 * arena for its intermediate strings, taken at the first need; a result
 * is copied out of it only when it was built there (struct expr_result:
 * node values and literals are borrowed, numbers formatted in place).
 */
#include "expr_int.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xmem.h"

/* For a rare path kept out of a hot function's frame. */
#define NOINLINE __attribute__((noinline))

struct value
ev_error(struct evalctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->error == NULL) {
		va_start(ap, fmt);
		c->error = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return v_num(NAN);
}

/* ---- numbers ------------------------------------------------------------ */

static bool
xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * A plain decimal of at most 15 significant digits without strtod: its
 * digits are a whole number below 10^15 and the count after the point
 * k <= 22, both exact in a double, so r / 10^k is one correctly rounded
 * division, the very number strtod reads (Clinger's fast path).  False
 * when not sure (more digits, other text): strtod decides.
 */
bool
read_short_decimal(const char *s, const char *end, double *out)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
		1e19, 1e20, 1e21, 1e22};
	const char *p = s + (*s == '-');
	unsigned long long r = 0;
	int sig = 0, frac = 0, digits = 0;
	bool point = false;

	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			if (r == 0 && *p == '0') {
				if (point)
					frac++;
				continue; /* leading zeros are not significant */
			}
			if (++sig > 15)
				return false;
			r = r * 10 + (unsigned)(*p - '0');
			if (point)
				frac++;
		} else if (*p == '.' && !point) {
			point = true;
		} else {
			return false;
		}
	}
	if (digits == 0 || frac > 22)
		return false;
	*out = (double)r / p10[frac];
	if (*s == '-')
		*out = -*out;
	return true;
}

double
str_to_num(const char *s, enum qtype type)
{
	const char *p, *end;
	double days, x;
	bool has_time;
	size_t digits = 0;

	(void)type;
	while (xml_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && xml_space(end[-1]))
		end--;
	if (read_short_decimal(s, end, &x))
		return x;
	p = s + (*s == '-');
	while (p < end && *p >= '0' && *p <= '9')
		p++, digits++;
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++)
			digits++;
	}
	if (p == end && digits > 0)
		return strtod(s, NULL);
	if (end - s >= 10 && s[4] == '-') {
		bool ok;
		if (*end == '\0') { /* no trailing space: read in place */
			ok = date_parse(s, &days, &has_time);
		} else {
			char *copy = xstrndup(s, (size_t)(end - s));
			ok = date_parse(copy, &days, &has_time);
			free(copy);
		}
		if (ok)
			return days;
	}
	return NAN;
}

/* Writes the whole number u at the end of a buffer ending at
 * end; returns where it starts. */
static char *
put_digits(char *end, unsigned long long u)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	return end;
}

/* Copies the text from s to end (its '\0' is the last byte before end)
 * into buf of size bytes; false when it does not fit. */
static bool
copy_out(char *buf, size_t size, const char *s, const char *end)
{
	if ((size_t)(end - s) > size)
		return false;
	memcpy(buf, s, (size_t)(end - s));
	return true;
}

/*
 * A number written as a decimal r / 10^k, without printf: when x equals
 * r / 10^k in double arithmetic for the smallest such k (r a whole number
 * below 2^53 and 10^k <= 10^22, both exact in a double, so the division is
 * correctly rounded like strtod's reading of the text), the decimal r with
 * k digits after the point is the shortest text that reads back as x.
 * False when x has no such form (1/3, 0.1 + 0.2 ...): printf decides.
 */
static bool
format_short_decimal(double x, char *buf, size_t size, int max_k)
{
	double p = 1;

	for (int k = 1; k <= max_k; k++) {
		double r;
		p *= 10;
		r = nearbyint(x * p);
		if (fabs(r) >= 9007199254740992.0) /* 2^53 */
			return false;
		if (r / p == x) {
			char tmp[48], *end = tmp + sizeof(tmp), *s;
			unsigned long long u = (unsigned long long)fabs(r);
			*--end = '\0';
			s = put_digits(end, u);
			while (end - s <= k) /* at least one digit before the point */
				*--s = '0';
			/* move the last k digits right to make room for the point */
			memmove(s - 1, s, (size_t)(end - s) - (size_t)k);
			s--;
			end[-k - 1] = '.';
			if (x < 0)
				*--s = '-';
			return copy_out(buf, size, s, tmp + sizeof(tmp));
		}
	}
	return false;
}

/*
 * A whole number from 2^53 to 2^53 * 10^22 (9e37) as its shortest digits
 * r followed by k zeros, without printf: r * 10^k with r below 2^53 and
 * 10^k <= 10^22 is one correctly rounded product, as strtod reads the
 * text, so when it equals x the text reads back as x; the largest such k
 * is the shortest.  Not at k = 22 with 16 digits: 15 and 23 zeros may
 * read back too (8.6e37), beyond what one product can tell; printf
 * decides.
 */
static bool
format_big_whole(double x, char *buf, size_t size)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
		1e19, 1e20, 1e21, 1e22};

	for (int k = 22; k >= 1; k--) {
		double r = nearbyint(fabs(x) / p10[k]);
		if (r >= 1 && r < 9007199254740992.0 && r * p10[k] == fabs(x)) {
			if (k == 22 && r >= 1e15)
				return false;
			char tmp[48], *end = tmp + sizeof(tmp) - 1, *s;
			*end = '\0';
			s = put_digits(end - k, (unsigned long long)r);
			memset(end - k, '0', (size_t)k);
			if (x < 0)
				*--s = '-';
			return copy_out(buf, size, s, tmp + sizeof(tmp));
		}
	}
	return false;
}

/* 5^k for k <= 31 (5^31 < 2^73). */
#define P5_27 7450580596923828125ULL
static const unsigned __int128 p5[32] = {
	1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL, 390625ULL,
	1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL, 1220703125ULL,
	6103515625ULL, 30517578125ULL, 152587890625ULL, 762939453125ULL,
	3814697265625ULL, 19073486328125ULL, 95367431640625ULL,
	476837158203125ULL, 2384185791015625ULL, 11920928955078125ULL,
	59604644775390625ULL, 298023223876953125ULL, 1490116119384765625ULL,
	P5_27, (unsigned __int128)P5_27 * 5, (unsigned __int128)P5_27 * 25,
	(unsigned __int128)P5_27 * 125, (unsigned __int128)P5_27 * 625,
};

/* floor(e * log10(2)) for |e| < 1650, without libm. */
static int
floor_log10_pow2(int e)
{
	return e >= 0 ? (e * 78913) >> 18 : -((-e * 78913 + 262143) >> 18);
}

/* "00" to "99", for writing two digits at a time. */
static const char two_digits[] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* Writes c / 10^frac (frac > 0 digits after the point; c has no trailing
 * zero to drop) with its sign into buf; false when it does not fit. */
static inline bool
put_decimal(bool neg, unsigned long long c, int frac, char *buf, size_t size)
{
	char digits[24], *end = digits + sizeof(digits), *d = end, *o = buf;
	int nd;

	while (c >= 100) {
		memcpy(d -= 2, two_digits + 2 * (c % 100), 2);
		c /= 100;
	}
	if (c >= 10)
		memcpy(d -= 2, two_digits + 2 * c, 2);
	else
		*--d = (char)('0' + c);
	nd = (int)(end - d);
	if ((size_t)(nd + frac + 4) > size)
		return false;
	/* byte loops: a few bytes each, cheaper than calls */
	if (neg)
		*o++ = '-';
	if (nd <= frac) { /* 0.000ddd */
		*o++ = '0';
		*o++ = '.';
		for (int i = nd; i < frac; i++)
			*o++ = '0';
	} else { /* ddd.ddd */
		for (int i = frac; i < nd; i++)
			*o++ = *d++;
		*o++ = '.';
	}
	while (d < end)
		*o++ = *d++;
	*o = '\0';
	return true;
}

/*
 * The shortest decimal that reads back as x, for x not whole with
 * 2^-49 <= |x| < 2^53, exactly, in integers, without printf and strtod.
 * |x| = m / 2^s (m of 53 bits).  Scaled by 10^k (k from the binary
 * exponent, so that |x| * 10^k has 17 or 18 digits), x and the bounds of
 * the numbers that read back as x (half-way to its neighbours, a quarter
 * below when m is a power of two; a bound itself reads as x when m is
 * even, strtod rounding ties to even) are (4m - 2 or 4m - 1, 4m, 4m + 2)
 * * 5^k / 2^(s - k + 2): below 2^128 with 5^k <= 5^31, and whole parts
 * below 2^58, so the rest is 64-bit.  Digits are dropped from the right
 * while the interval still holds a number without them (four at a time,
 * then one), the last dropped kept for rounding: of the shortest, the one
 * nearest x, ties to even (x correctly rounded, as printf would).
 */
static bool
format_shortest(double x, char *buf, size_t size)
{
	unsigned long long bits, m, lo, hi, v, tail;
	unsigned __int128 n4, half, lo_num, hi_num, mask, rem;
	int be, e2, k, sh, j = 0, frac;
	unsigned last = 0;
	bool even, below_zero, up;

	memcpy(&bits, &x, sizeof(bits));
	be = (int)((bits >> 52) & 0x7ff);
	m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
	e2 = be - 1075 + 52; /* |x| in [2^e2, 2^(e2 + 1)) */
	if (be == 0 || e2 < -49 || e2 > 52)
		return false;
	k = 16 - floor_log10_pow2(e2);
	sh = (1075 - be) - k + 2; /* s - k + 2 */
	if (k < 1 || k > 31 || sh < 1 || sh > 120)
		return false;
	even = (m & 1) == 0;
	n4 = ((unsigned __int128)m * p5[k]) << 2;
	half = p5[k] << 1;
	lo_num = n4 - (m == 1ULL << 52 ? p5[k] : half);
	hi_num = n4 + half;
	mask = ((unsigned __int128)1 << sh) - 1;
	lo = (unsigned long long)(lo_num >> sh); /* floor, then up to the first inside */
	if ((lo_num & mask) != 0 || !even)
		lo++;
	hi = (unsigned long long)(hi_num >> sh);
	if ((hi_num & mask) == 0 && !even)
		hi--;
	v = (unsigned long long)(n4 >> sh);
	rem = n4 & mask; /* |x| * 10^k = v + rem / 2^sh */
	if (lo > hi)
		return false;
	below_zero = rem == 0; /* all below the last dropped digit is zero */
	while ((lo + 9999) / 10000 <= hi / 10000) {
		tail = v % 10000;
		below_zero = below_zero && last == 0 && tail % 1000 == 0;
		last = (unsigned)(tail / 1000);
		v /= 10000, lo = (lo + 9999) / 10000, hi /= 10000, j += 4;
	}
	while ((lo + 9) / 10 <= hi / 10) {
		below_zero = below_zero && last == 0;
		last = (unsigned)(v % 10);
		v /= 10, lo = (lo + 9) / 10, hi /= 10, j++;
	}
	if (j == 0) {
		unsigned __int128 h = (unsigned __int128)1 << (sh - 1);
		up = rem > h || (rem == h && (v & 1));
	} else {
		up = last > 5 || (last == 5 && (!below_zero || (v & 1)));
	}
	v += up;
	if (v < lo)
		v = lo;
	else if (v > hi)
		v = hi;
	for (frac = k - j; frac > 0 && v % 10 == 0; frac--)
		v /= 10;
	if (frac <= 0)
		return false;
	return put_decimal(x < 0, v, frac, buf, size);
}

/*
 * x with one to four digits after the point (2.5, 10.06, money), found
 * without the exact search: for the first k where x * 10^k is a whole
 * number r, give or take a few units of its last place, and r / 10^k
 * equals x (one correctly rounded division, as strtod reads the text),
 * the decimal r with k places is the shortest text that reads back as x.
 * The division is only tried when the product is nearly whole, so a
 * number like 1/3 costs one multiplication.  False otherwise.
 */
static bool
format_few_decimals(double x, char *buf, size_t size)
{
	static const double p10[] = {1e1, 1e2, 1e3, 1e4};
	double ax = fabs(x), r4 = ax * 1e4;

	/* x * 10^k whole for some k <= 4 makes x * 10^4 whole too: one
	 * test rules out most numbers */
	if (!(ax >= 1e-4 && ax < 1e11) ||
	    fabs(r4 - (double)(long long)(r4 + 0.5)) > r4 * 0x1p-48)
		return false;
	for (int k = 1; k <= 4; k++) {
		double r = ax * p10[k - 1];
		double rr = (double)(long long)(r + 0.5);
		if (fabs(r - rr) <= r * 0x1p-50 && rr / p10[k - 1] == ax) {
			unsigned long long v = (unsigned long long)rr;
			int frac = k;
			while (frac > 0 && v % 10 == 0)
				v /= 10, frac--;
			return frac > 0 && put_decimal(x < 0, v, frac, buf, size);
		}
	}
	return false;
}

/* A whole number below 2^53 in magnitude (every one is exact): all its
 * digits, written in place, two at a time. */
static void
format_whole(double x, char *buf, size_t size)
{
	long long v = (long long)x;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	size_t n = 1 + (v < 0);
	char *p;

	for (unsigned long long t = u; t >= 10; t /= 10)
		n++;
	if (n >= size)
		return;
	p = buf + n;
	*p = '\0';
	while (u >= 100) {
		memcpy(p -= 2, two_digits + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10)
		memcpy(p -= 2, two_digits + 2 * u, 2);
	else
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
}

static void format_other(double x, char *buf, size_t size);

void
expr_format_number(double x, char *buf, size_t size)
{
	if (fabs(x) < 9007199254740992.0 && x == (double)(long long)x)
		format_whole(x, buf, size); /* the common case; 0 and -0 too */
	else
		format_other(x, buf, size);
}

/* Not a whole number below 2^53 (a frame of its own, which the common
 * case above does without). */
static NOINLINE void
format_other(double x, char *buf, size_t size)
{
	char tmp[64];
	double ax = fabs(x);
	int prec;

	if (isnan(x) || isinf(x)) {
		const char *s = isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
		copy_out(buf, size, s, s + strlen(s) + 1);
		return;
	}
	/* from 2^53 every double is whole; below, not whole: the exact search,
	 * then (below 2^-49) a decimal of up to 22 places tried */
	if (ax >= 9007199254740992.0 ? format_big_whole(x, buf, size) :
	    format_few_decimals(x, buf, size) || format_shortest(x, buf, size) ||
	    format_short_decimal(x, buf, size, 22))
		return;
	/* A decimal of k <= 15 digits that round-trips is within half an ulp
	 * of x, so for a normal x (53 bits) x rounded to 15 digits is that
	 * decimal padded with zeros (stripped below): starting at 15 finds
	 * the shortest form, in at most three tries instead of seventeen.  A
	 * subnormal x has fewer bits, and fewer digits may read back as it
	 * while x rounded to 15 is not them: from 1. */
	for (prec = ax < DBL_MIN ? 1 : 15; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof(tmp), "%.16e", x);
	/* digits and exponent of the shortest form, written out plainly */
	{
		char digits[32];
		size_t nd = 0;
		int exp10 = atoi(strchr(tmp, 'e') + 1);
		bool neg = tmp[0] == '-';
		struct { char *p; size_t left; } o = {buf, size};
		for (const char *q = tmp + neg; *q && *q != 'e'; q++)
			if (*q != '.')
				digits[nd++] = *q;
		while (nd > 1 && digits[nd - 1] == '0')
			nd--;
		digits[nd] = '\0';
#define PUT(c) do { if (o.left > 1) { *o.p++ = (c); o.left--; } } while (0)
		if (neg)
			PUT('-');
		if (exp10 < 0) {
			PUT('0');
			PUT('.');
			for (int i = -1; i > exp10; i--)
				PUT('0');
			for (size_t i = 0; i < nd; i++)
				PUT(digits[i]);
		} else {
			for (int i = 0; i <= exp10 || (size_t)i < nd; i++) {
				if (i == exp10 + 1)
					PUT('.');
				PUT((size_t)i < nd ? digits[i] : '0');
			}
		}
#undef PUT
		*o.p = '\0';
	}
}

/* ---- coercions ------------------------------------------------------------ */

double
to_num_other(struct value v)
{
	switch (v.t) {
	case V_NUMBER:
		return v.num;
	case V_BOOL:
		return v.b ? 1 : 0;
	case V_STRING:
		return str_to_num(v.str, Q_TEXT);
	case V_NODES:
		return v.n ? str_to_num(v.nodes[0].value, v.nodes[0].type) : NAN;
	}
	return NAN;
}

/* A number's text in the scratch arena (out of to_str, whose other
 * cases need no frame). */
static NOINLINE const char *
number_text(struct evalctx *c, double x)
{
	char buf[EXPR_NUMBER_BUF];

	expr_format_number(x, buf, sizeof(buf));
	return arena_strdup(scratch_of(c), buf);
}

const char *
to_str(struct evalctx *c, struct value v)
{
	switch (v.t) {
	case V_STRING:
		return v.str;
	case V_BOOL:
		return v.b ? "true" : "false";
	case V_NODES:
		return v.n ? v.nodes[0].value : "";
	case V_NUMBER:
		return number_text(c, v.num);
	}
	return "";
}

/* ---- node-sets ---------------------------------------------------------- */

void
expr_nodeset_add(struct expr_nodeset *ns, const char *value, enum qtype type)
{
	if (ns->n == ns->cap) {
		struct node *v;
		ns->cap = ns->cap ? ns->cap * 2 : 4;
		v = arena_alloc_raw(scratch_of(ns->ec), ns->cap * sizeof(*v));
		if (ns->n)
			memcpy(v, ns->v, ns->n * sizeof(*v));
		ns->v = v;
	}
	ns->v[ns->n] = (struct node){.value = value ? value : "", .type = type};
	ns->n++;
}

void
expr_nodeset_add_host(struct expr_nodeset *ns, const char *value,
		      enum qtype type, const void *handle, size_t size)
{
	void *h = arena_alloc(scratch_of(ns->ec), size);

	memcpy(h, handle, size);
	expr_nodeset_add(ns, value, type);
	ns->v[ns->n - 1].kind = NK_HOST;
	ns->v[ns->n - 1].h = h;
}

static struct value
nodes(struct expr_nodeset *ns)
{
	return (struct value){.t = V_NODES, .nodes = ns->v, .n = ns->n};
}

static struct value
ev_ref(struct evalctx *c, const char *name)
{
	struct expr_nodeset ns = {c, NULL, 0, 0};

	if (c->env->resolve != NULL)
		c->env->resolve(c->env->ctx, name, &ns);
	return nodes(&ns);
}

static struct value
ev_dot(struct evalctx *c)
{
	struct expr_nodeset ns = {c, NULL, 0, 0};

	if (c->cnode != NULL)
		return ev_context_step(c, ".");

	expr_nodeset_add(&ns, c->env->dot ? c->env->dot : "", c->env->dot_type);
	return nodes(&ns);
}

static struct value
ev_name(struct evalctx *c, const char *name)
{
	struct expr_nodeset ns = {c, NULL, 0, 0};
	const char *v;

	if (c->cnode != NULL && *name)
		return ev_context_step(c, name);
	v = c->env->bare_name ? c->env->bare_name(c->env->ctx, name) : NULL;
	if (v != NULL)
		expr_nodeset_add(&ns, v, Q_TEXT);
	else if (c->env->resolve != NULL && *name)
		c->env->resolve(c->env->ctx, name, &ns);
	return nodes(&ns);
}

/* ---- comparisons ----------------------------------------------------------- */

static bool
cmp_num(enum tok op, double a, double b)
{
	switch (op) {
	case T_EQ: return a == b;
	case T_NE: return a != b;
	case T_LT: return a < b;
	case T_LE: return a <= b;
	case T_GT: return a > b;
	case T_GE: return a >= b;
	default: return false;
	}
}

/* Two non-node-set values. */
static bool
cmp_atoms(struct evalctx *c, enum tok op, struct value a, struct value b)
{
	if (op == T_EQ || op == T_NE) {
		if (a.t == V_BOOL || b.t == V_BOOL)
			return (to_bool(a) == to_bool(b)) == (op == T_EQ);
		if (a.t == V_NUMBER || b.t == V_NUMBER)
			return cmp_num(op, to_num(c, a), to_num(c, b));
		return (strcmp(to_str(c, a), to_str(c, b)) == 0) == (op == T_EQ);
	}
	return cmp_num(op, to_num(c, a), to_num(c, b));
}

static struct value
node_value(const struct node *n)
{
	return (struct value){.t = V_STRING, .str = n->value};
}

static bool
compare(struct evalctx *c, enum tok op, struct value a, struct value b)
{
	if (a.t == V_NODES && b.t == V_BOOL)
		return cmp_atoms(c, op, v_bool(to_bool(a)), b);
	if (b.t == V_NODES && a.t == V_BOOL)
		return cmp_atoms(c, op, a, v_bool(to_bool(b)));
	if (a.t == V_NODES) {
		for (size_t i = 0; i < a.n; i++) {
			struct value av = node_value(&a.nodes[i]);
			if (b.t == V_NODES) {
				for (size_t j = 0; j < b.n; j++)
					if (cmp_atoms(c, op, av, node_value(&b.nodes[j])))
						return true;
			} else if (cmp_atoms(c, op, av, b)) {
				return true;
			}
		}
		return false;
	}
	if (b.t == V_NODES) {
		for (size_t j = 0; j < b.n; j++)
			if (cmp_atoms(c, op, a, node_value(&b.nodes[j])))
				return true;
		return false;
	}
	return cmp_atoms(c, op, a, b);
}

/* ---- operators ------------------------------------------------------------- */

/* fmod(a, b), b != 0: whole numbers below 2^53 by the integer
 * remainder, which is exact and has a's sign as fmod's (-0 for a
 * negative a); others by fmod. */
static double
remainder_of(double a, double b)
{
	if (fabs(a) < 9007199254740992.0 && fabs(b) < 9007199254740992.0 &&
	    a == (double)(long long)a && b == (double)(long long)b) {
		double r = (double)((long long)a % (long long)b);
		return r == 0 && signbit(a) ? -0.0 : r;
	}
	return fmod(a, b);
}

/* Each kind of node by its own function, so that ev_node is a dispatch
 * without a frame of its own and the common arithmetic keeps its frame
 * small (NOINLINE: the compiler would merge them back into one). */

static NOINLINE struct value
ev_arith(struct evalctx *c, const struct expr *e)
{
	double a = to_num(c, ev(c, e->args[0]));
	double b = to_num(c, ev(c, e->args[1]));

	switch (e->op) {
	case T_PLUS: return v_num(a + b);
	case T_MINUS: return v_num(a - b);
	case T_STAR: return v_num(a * b);
	case T_DIV: return v_num(a / b);
	case T_MOD: return v_num(b == 0 ? NAN : remainder_of(a, b));
	default: return ev_error(c, "unknown operator");
	}
}

static NOINLINE struct value
ev_compare(struct evalctx *c, const struct expr *e)
{
	struct value a = ev(c, e->args[0]), b = ev(c, e->args[1]);

	if (a.t == V_NUMBER && b.t == V_NUMBER)
		return v_bool(cmp_num(e->op, a.num, b.num));
	return v_bool(compare(c, e->op, a, b));
}

/* and, or: the right operand only when the left does not decide. */
static NOINLINE struct value
ev_logic(struct evalctx *c, const struct expr *e)
{
	bool a = to_bool(ev(c, e->args[0]));

	if (e->op == T_AND ? !a : a)
		return v_bool(a);
	return v_bool(to_bool(ev(c, e->args[1])));
}

static NOINLINE struct value
ev_union(struct evalctx *c, const struct expr *e)
{
	struct value a = ev(c, e->args[0]), b = ev(c, e->args[1]);
	struct expr_nodeset ns = {c, NULL, 0, 0};

	if (a.t != V_NODES || b.t != V_NODES)
		return ev_error(c, "\"|\" joins only field references");
	for (size_t i = 0; i < a.n; i++)
		expr_nodeset_add(&ns, a.nodes[i].value, a.nodes[i].type);
	for (size_t i = 0; i < b.n; i++)
		expr_nodeset_add(&ns, b.nodes[i].value, b.nodes[i].type);
	return nodes(&ns);
}

static NOINLINE struct value
ev_binary(struct evalctx *c, const struct expr *e)
{
	switch (e->op) {
	case T_AND: case T_OR:
		return ev_logic(c, e);
	case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		return ev_compare(c, e);
	case T_PIPE:
		return ev_union(c, e);
	default:
		return ev_arith(c, e);
	}
}

static NOINLINE struct value
ev_neg(struct evalctx *c, const struct expr *e)
{
	return v_num(-to_num(c, ev(c, e->args[0])));
}

static NOINLINE struct value
ev_other(struct evalctx *c, const struct expr *e)
{
	switch (e->kind) {
	case N_REF: return ev_ref(c, e->str);
	case N_DOT: return ev_dot(c);
	case N_DOTDOT:
		return c->cnode ? ev_context_step(c, "..") :
				  (struct value){.t = V_NODES};
	case N_NAME: return ev_name(c, e->str);
	default: return ev_error(c, "cannot evaluate this");
	}
}

struct value
ev_node(struct evalctx *c, const struct expr *e)
{
	switch (e->kind) {
	case N_NUMBER: return v_num(e->num);
	case N_STRING: return v_str(e->str);
	case N_BINARY: return ev_binary(c, e);
	case N_CALL: return ev_call(c, e);
	case N_NEG: return ev_neg(c, e);
	case N_PATH: return ev_path(c, e);
	default: return ev_other(c, e);
	}
}

/* ---- entry points ------------------------------------------------------------ */

/* One scratch arena is kept between evaluations, so the common case
 * allocates nothing from the system; a nested evaluation (a calculation
 * read while another is evaluated) gets its own. */
static struct arena *spare;

/* How many evaluations are running (a calculation read while another is
 * evaluated nests one): the CSV tables they borrow from are trimmed only
 * when none is. */
static unsigned running;

static struct value
run(const struct expr *e, const struct expr_env *env, struct evalctx *c)
{
	static const struct expr_env empty = {0};
	struct value v;

	c->env = env ? env : &empty;
	c->scratch = NULL;
	c->error = NULL;
	c->cnode = NULL;
	c->cpos = c->csize = 0;
	if (running++ == 0)
		expr_lookup_trim();
	v = ev(c, e);
	running--;
	return v;
}

static void
done(struct evalctx *c)
{
	if (c->error != NULL && c->env->error != NULL && *c->env->error == NULL)
		*c->env->error = xstrdup(c->error);
	if (c->scratch == NULL) {
		/* nothing to give back */
	} else if (spare == NULL) {
		arena_reset(c->scratch);
		spare = c->scratch;
	} else {
		arena_free(&c->scratch);
	}
	if (c->error != NULL)
		free(c->error);
}

struct arena *
scratch_of(struct evalctx *c)
{
	if (c->scratch == NULL) {
		c->scratch = spare ? spare : arena_new();
		spare = NULL;
	}
	return c->scratch;
}

void
expr_release_scratch(void)
{
	arena_free(&spare);
}

/* r->text from s: borrowed when s outlives the evaluation (the tree's,
 * the environment's), else copied out of the scratch arena, into r->buf
 * when it fits. */
static void
result_text(struct evalctx *c, const char *s, struct expr_result *r)
{
	size_t n;

	if (c->scratch == NULL || !arena_contains(c->scratch, s)) {
		r->text = s;
		return;
	}
	n = strlen(s);
	if (n < sizeof(r->buf)) {
		memcpy(r->buf, s, n + 1);
		r->text = r->buf;
	} else {
		r->text = r->owned = xstrndup(s, n);
	}
}

/* Fills r from v, before the scratch arena is reset. */
static void
make_result(struct evalctx *c, struct value v, struct expr_result *r)
{
	r->owned = NULL;
	r->number = NAN;
	r->count = 0;
	r->boolean = to_bool(v);
	switch (v.t) {
	case V_NUMBER:
		r->type = EXPR_NUMBER;
		r->number = v.num;
		expr_format_number(v.num, r->buf, sizeof(r->buf));
		r->text = r->buf;
		return;
	case V_BOOL:
		r->type = EXPR_BOOLEAN;
		r->text = v.b ? "true" : "false";
		return;
	case V_NODES:
		r->type = EXPR_NODESET;
		r->count = v.n;
		result_text(c, v.n ? v.nodes[0].value : "", r);
		return;
	case V_STRING:
		r->type = EXPR_STRING;
		result_text(c, v.str, r);
		return;
	}
}

/* A failed evaluation: r empty, the message to *err and env->error. */
static NOINLINE bool
eval_failed(struct evalctx *c, struct expr_result *r, char **err)
{
	make_result(c, v_str(""), r);
	if (err)
		*err = xstrdup(c->error);
	done(c);
	return false;
}

bool
expr_eval(const struct expr *e, const struct expr_env *env,
	  struct expr_result *r, char **err)
{
	struct evalctx c;
	struct value v = run(e, env, &c);

	if (c.error != NULL)
		return eval_failed(&c, r, err);
	make_result(&c, v, r);
	if (c.scratch != NULL)
		done(&c);
	return true;
}

void
expr_result_free(struct expr_result *r)
{
	free(r->owned);
	r->owned = NULL;
}

/* A result as a malloc'd string: taken over when it is one already. */
static char *
result_dup(struct expr_result *r)
{
	char *s = r->owned != NULL && r->text == r->owned ? r->owned :
		  xstrdup(r->text);

	r->owned = NULL;
	return s;
}

char *
expr_eval_string(const struct expr *e, const struct expr_env *env, char **err)
{
	struct expr_result r;

	if (!expr_eval(e, env, &r, err))
		return NULL;
	return result_dup(&r);
}

bool
expr_eval_bool(const struct expr *e, const struct expr_env *env, bool dflt)
{
	struct evalctx c;
	struct value v = run(e, env, &c);
	bool b = c.error ? dflt : to_bool(v);

	done(&c);
	return b;
}

double
expr_eval_number(const struct expr *e, const struct expr_env *env)
{
	struct evalctx c;
	struct value v = run(e, env, &c);
	double x = c.error ? NAN : to_num(&c, v);

	done(&c);
	return x;
}
