/*
 * expr_eval: walking a tree to a value, with XPath 1.0's four types
 * (string, number, boolean, node-set) and its coercions (xlsform.md §8.3),
 * ODK's date extension (a date string is a day number in arithmetic), and
 * existential comparison of node-sets.  Each evaluation has a scratch
 * arena for its intermediate strings; results are copied out.
 */
#include "expr_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xmem.h"

struct value
v_num(double x)
{
	return (struct value){.t = V_NUMBER, .num = x};
}

struct value
v_str(const char *s)
{
	return (struct value){.t = V_STRING, .str = s};
}

struct value
v_bool(bool b)
{
	return (struct value){.t = V_BOOL, .b = b};
}

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
 * A whole number from 2^53 to 1e37 as its shortest digits r followed by k
 * zeros, without printf: r * 10^k with r below 2^53 and 10^k <= 10^22 is
 * one correctly rounded product, as strtod reads the text, so when it
 * equals x the text reads back as x; the largest such k is the shortest.
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

/*
 * The shortest decimal that reads back as x, for x not whole with
 * 1e-5 <= |x| < 2^53, in exact 128-bit integer arithmetic instead of
 * printf and strtod.  x = m / 2^s exactly; scaled by 10^21, x and the
 * bounds of the numbers that read back as x (half-way to its neighbours,
 * a quarter below when m is a power of two; a bound itself reads as x
 * when m is even, strtod rounding ties to even) are (4m - 2 or 4m - 1,
 * 4m, 4m + 2) * 10^21 / 2^(s+2), below 2^125.  The shortest text is the
 * multiple of the largest 10^j between the bounds; of two, the one
 * nearer x.  False outside that range (printf decides).
 */
static bool
format_shortest_decimal(double x, char *buf, size_t size)
{
	const unsigned __int128 p21 = (unsigned __int128)1000000000000000000ULL * 1000;
	double ax = fabs(x);
	int e2, s, j, nd, frac;
	unsigned long long m, digs;
	unsigned __int128 lo, hi, mid, rem, lo_num, hi_num, mid_num, mask, q, pj, c;
	bool even, lo_exact, hi_exact;
	char digits[48], *o = buf;

	if (!(ax >= 1e-5 && ax < 9007199254740992.0))
		return false;
	m = (unsigned long long)ldexp(frexp(ax, &e2), 53);
	s = 53 - e2; /* ax = m / 2^s */
	if (s <= 0 || s + 2 > 120)
		return false;
	even = (m & 1) == 0;
	lo_num = ((unsigned __int128)(4 * m - ((m == 1ULL << 52) ? 1 : 2))) * p21;
	hi_num = ((unsigned __int128)(4 * m + 2)) * p21;
	mid_num = ((unsigned __int128)(4 * m)) * p21;
	mask = ((unsigned __int128)1 << (s + 2)) - 1;
	lo = lo_num >> (s + 2); /* floor, then up to the first inside */
	lo_exact = (lo_num & mask) == 0;
	if (!lo_exact || !even)
		lo++;
	hi = hi_num >> (s + 2);
	hi_exact = (hi_num & mask) == 0;
	if (hi_exact && !even)
		hi--;
	mid = mid_num >> (s + 2);
	rem = mid_num & mask; /* x * 10^21 = mid + rem / 2^(s+2) */
	if (lo > hi)
		return false;
	/* the largest 10^j with a multiple in [lo, hi]: from the 10^j that
	 * the width of the interval guarantees, one division a try */
	pj = 1;
	j = 0;
	while (j < 37 && pj * 10 <= hi - lo + 1)
		pj *= 10, j++;
	for (; j < 37; j++) {
		unsigned __int128 n = pj * 10;
		if (hi / n * n < lo)
			break;
		pj = n;
	}
	/* the multiples of pj around x: below (q * pj) and above */
	q = mid / pj;
	if (q >= (unsigned __int128)1 << 62)
		return false;
	{
		unsigned __int128 below = q * pj, above = below + pj;
		/* distance of x from each, in units of 1/2^(s+2) */
		unsigned __int128 dbelow = ((mid - below) << (s + 2)) + rem;
		unsigned __int128 dabove = ((above - mid) << (s + 2)) - rem;
		if (below < lo)
			c = above;
		else if (above > hi)
			c = below;
		else if (dbelow != dabove)
			c = dbelow < dabove ? below : above;
		else
			c = (q % 2 == 0) ? below : above;
		if (c < lo || c > hi)
			return false;
		digs = (unsigned long long)q + (c == above);
	}
	/* digs * 10^(j - 21) as plain text: frac digits after the point */
	frac = 21 - j;
	while (digs % 10 == 0 && frac > 0)
		digs /= 10, frac--;
	nd = 0;
	do {
		digits[nd++] = (char)('0' + digs % 10);
		digs /= 10;
	} while (digs > 0);
	/* digits[nd - 1] is the most significant */
	if (frac <= 0 || (size_t)(nd + frac + 4) > size)
		return false;
	if (x < 0)
		*o++ = '-';
	if (nd <= frac) {
		*o++ = '0';
		*o++ = '.';
		for (int i = frac; i > nd; i--)
			*o++ = '0';
		for (int i = nd - 1; i >= 0; i--)
			*o++ = digits[i];
	} else {
		for (int i = nd - 1; i >= 0; i--) {
			*o++ = digits[i];
			if (i == frac)
				*o++ = '.';
		}
	}
	*o = '\0';
	return true;
}

void
expr_format_number(double x, char *buf, size_t size)
{
	char tmp[64];
	int prec;

	if (isnan(x)) {
		snprintf(buf, size, "%s", "NaN");
		return;
	}
	if (isinf(x)) {
		snprintf(buf, size, "%s", x > 0 ? "Infinity" : "-Infinity");
		return;
	}
	if (x == 0) {
		if (size > 1)
			memcpy(buf, "0", 2);
		return;
	}
	if (x == floor(x) && fabs(x) >= 9007199254740992.0 &&
	    format_big_whole(x, buf, size))
		return;
	if (x == floor(x) && fabs(x) < 9007199254740992.0) {
		/* below 2^53 every whole number is exact: all its digits */
		/* whole numbers, the common case, without printf */
		char tmp2[24], *p = tmp2 + sizeof(tmp2);
		long long v = (long long)x;
		unsigned long long u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
		*--p = '\0';
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u > 0);
		if (v < 0)
			*--p = '-';
		if ((size_t)(tmp2 + sizeof(tmp2) - p) <= size)
			memcpy(buf, p, (size_t)(tmp2 + sizeof(tmp2) - p));
		return;
	}
	/* a few digits after the point (money, 1.5) are quickest found by
	 * trying them; more by the exact search; then by trying up to 22 */
	if (format_short_decimal(x, buf, size, 4) ||
	    format_shortest_decimal(x, buf, size) ||
	    format_short_decimal(x, buf, size, 22))
		return;
	/* A decimal of k <= 15 digits that round-trips is within half an ulp
	 * of x, so x rounded to 15 digits is that decimal padded with zeros
	 * (stripped below): starting at 15 finds the shortest form, in at
	 * most three tries instead of seventeen. */
	for (prec = 15; prec < 17; prec++) {
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
to_num(struct evalctx *c, struct value v)
{
	(void)c;
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

const char *
to_str(struct evalctx *c, struct value v)
{
	char buf[400];

	switch (v.t) {
	case V_STRING:
		return v.str;
	case V_BOOL:
		return v.b ? "true" : "false";
	case V_NODES:
		return v.n ? v.nodes[0].value : "";
	case V_NUMBER:
		expr_format_number(v.num, buf, sizeof(buf));
		return arena_strdup(c->scratch, buf);
	}
	return "";
}

bool
to_bool(struct value v)
{
	switch (v.t) {
	case V_BOOL:
		return v.b;
	case V_NUMBER:
		return v.num != 0 && !isnan(v.num);
	case V_STRING:
		return *v.str != '\0';
	case V_NODES:
		return v.n > 0;
	}
	return false;
}

/* ---- node-sets ---------------------------------------------------------- */

void
expr_nodeset_add(struct expr_nodeset *ns, const char *value, enum qtype type)
{
	if (ns->n == ns->cap) {
		struct node *v;
		ns->cap = ns->cap ? ns->cap * 2 : 4;
		v = arena_array(ns->ec->scratch, ns->cap, sizeof(*v));
		if (ns->n)
			memcpy(v, ns->v, ns->n * sizeof(*v));
		ns->v = v;
	}
	ns->v[ns->n] = (struct node){.value = arena_strdup(ns->ec->scratch,
				  value ? value : ""), .type = type};
	ns->n++;
}

void
expr_nodeset_add_host(struct expr_nodeset *ns, const char *value,
		      enum qtype type, const void *handle, size_t size)
{
	void *h = arena_alloc(ns->ec->scratch, size);

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

static struct value
arith(struct evalctx *c, enum tok op, double a, double b)
{
	switch (op) {
	case T_PLUS: return v_num(a + b);
	case T_MINUS: return v_num(a - b);
	case T_STAR: return v_num(a * b);
	case T_DIV: return v_num(a / b);
	case T_MOD: return v_num(b == 0 ? NAN : remainder_of(a, b));
	default: return ev_error(c, "unknown operator");
	}
}

static struct value
ev_union(struct evalctx *c, struct value a, struct value b)
{
	struct expr_nodeset ns = {c, NULL, 0, 0};

	if (a.t != V_NODES || b.t != V_NODES)
		return ev_error(c, "\"|\" joins only field references");
	for (size_t i = 0; i < a.n; i++)
		expr_nodeset_add(&ns, a.nodes[i].value, a.nodes[i].type);
	for (size_t i = 0; i < b.n; i++)
		expr_nodeset_add(&ns, b.nodes[i].value, b.nodes[i].type);
	return nodes(&ns);
}

static struct value
ev_binary(struct evalctx *c, const struct expr *e)
{
	struct value a = ev(c, e->args[0]), b;

	if (e->op == T_AND && !to_bool(a))
		return v_bool(false);
	if (e->op == T_OR && to_bool(a))
		return v_bool(true);
	b = ev(c, e->args[1]);
	switch (e->op) {
	case T_AND:
	case T_OR:
		return v_bool(to_bool(b));
	case T_EQ: case T_NE: case T_LT: case T_LE: case T_GT: case T_GE:
		return v_bool(compare(c, e->op, a, b));
	case T_PIPE:
		return ev_union(c, a, b);
	default:
		return arith(c, e->op, to_num(c, a), to_num(c, b));
	}
}

struct value
ev(struct evalctx *c, const struct expr *e)
{
	switch (e->kind) {
	case N_NUMBER: return v_num(e->num);
	case N_STRING: return v_str(e->str);
	case N_REF: return ev_ref(c, e->str);
	case N_DOT: return ev_dot(c);
	case N_DOTDOT:
		return c->cnode ? ev_context_step(c, "..") :
				  (struct value){.t = V_NODES};
	case N_NAME: return ev_name(c, e->str);
	case N_CALL: return ev_call(c, e);
	case N_NEG: return v_num(-to_num(c, ev(c, e->args[0])));
	case N_BINARY: return ev_binary(c, e);
	case N_PATH: return ev_path(c, e);
	case N_STEP: break;
	}
	return ev_error(c, "cannot evaluate this");
}

/* ---- entry points ------------------------------------------------------------ */

/* One scratch arena is kept between evaluations, so the common case
 * allocates nothing from the system; a nested evaluation (a calculation
 * read while another is evaluated) gets its own. */
static struct arena *spare;

static struct value
run(const struct expr *e, const struct expr_env *env, struct evalctx *c)
{
	static const struct expr_env empty = {0};

	c->env = env ? env : &empty;
	c->scratch = spare ? spare : arena_new();
	spare = NULL;
	c->error = NULL;
	c->cnode = NULL;
	c->cpos = c->csize = 0;
	return ev(c, e);
}

static void
done(struct evalctx *c)
{
	if (c->error != NULL && c->env->error != NULL && *c->env->error == NULL)
		*c->env->error = xstrdup(c->error);
	if (spare == NULL) {
		arena_reset(c->scratch);
		spare = c->scratch;
	} else {
		arena_free(&c->scratch);
	}
	free(c->error);
}

void
expr_release_scratch(void)
{
	arena_free(&spare);
}

/* The text of a result, malloc'd (the caller frees it): a number is
 * formatted once, on the stack, not in the scratch arena and copied. */
static char *
result_text(struct evalctx *c, struct value v)
{
	char buf[400];

	if (v.t == V_NUMBER) {
		expr_format_number(v.num, buf, sizeof(buf));
		return xstrdup(buf);
	}
	return xstrdup(to_str(c, v));
}

char *
expr_eval_string(const struct expr *e, const struct expr_env *env, char **err)
{
	struct evalctx c;
	struct value v = run(e, env, &c);
	char *out = NULL;

	if (c.error != NULL) {
		if (err)
			*err = xstrdup(c.error);
	} else {
		out = result_text(&c, v);
	}
	done(&c);
	return out;
}

char *
expr_eval_value(const struct expr *e, const struct expr_env *env, char **err)
{
	struct evalctx c;
	struct value v = run(e, env, &c);
	char *out = NULL;

	if (c.error != NULL) {
		if (err)
			*err = xstrdup(c.error);
	} else if (v.t == V_NUMBER && isnan(v.num)) {
		out = xstrdup("");
	} else {
		out = result_text(&c, v);
	}
	done(&c);
	return out;
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
