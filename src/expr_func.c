/*
 * expr_func: the function library of the expression language (xlsform.md
 * §8.7, without geo functions, digest, extract-signed, randomize and
 * jr:itext), plus our age() and add-years().  One table maps each name to
 * its argument count and its C function; arguments are evaluated by the
 * function itself, so if() and coalesce() evaluate only what they need.
 */
#include "expr_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "arena.h"
#include "clock.h"
#include "csvio.h"
#include "diag.h"
#include "strbuf.h"
#include "utf8.h"
#include "uuid.h"
#include "xmem.h"

typedef struct value (*func_fn)(struct evalctx *c, const struct expr *e);

#define ARG(i) ev(c, e->args[i])
#define NUM(i) to_num(c, ARG(i))
#define STR(i) to_str(c, ARG(i))
#define BOOL(i) to_bool(ARG(i))

static const char *
sdup(struct evalctx *c, const char *s)
{
	return arena_strdup(scratch_of(c), s);
}

/* ---- logic ------------------------------------------------------------------ */

static struct value
f_if(struct evalctx *c, const struct expr *e)
{
	return BOOL(0) ? ARG(1) : ARG(2);
}

static bool
empty_value(struct evalctx *c, struct value v)
{
	if (v.t == V_NUMBER)
		return isnan(v.num);
	return *to_str(c, v) == '\0';
}

static struct value
f_coalesce(struct evalctx *c, const struct expr *e)
{
	for (size_t i = 0; i < e->nargs; i++) {
		struct value v = ARG(i);
		if (!empty_value(c, v) || i == e->nargs - 1)
			return v;
	}
	return v_str("");
}

static struct value
f_once(struct evalctx *c, const struct expr *e)
{
	const char *dot = c->env->dot;

	return dot && *dot ? v_str(dot) : ARG(0);
}

static struct value
f_true(struct evalctx *c, const struct expr *e)
{
	(void)c, (void)e;
	return v_bool(true);
}

static struct value
f_false(struct evalctx *c, const struct expr *e)
{
	(void)c, (void)e;
	return v_bool(false);
}

static struct value
f_boolean(struct evalctx *c, const struct expr *e)
{
	return v_bool(BOOL(0));
}

static struct value
f_not(struct evalctx *c, const struct expr *e)
{
	return v_bool(!BOOL(0));
}

static struct value
f_boolean_from_string(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0);

	return v_bool(strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

static struct value
f_string(struct evalctx *c, const struct expr *e)
{
	if (e->nargs == 0)
		return v_str(c->env->dot ? c->env->dot : "");
	return v_str(STR(0));
}

static struct value
f_number(struct evalctx *c, const struct expr *e)
{
	if (e->nargs == 0)
		return v_num(str_to_num(c->env->dot ? c->env->dot : "", Q_TEXT));
	return v_num(NUM(0));
}

/* ---- numbers ------------------------------------------------------------------ */

static struct value
f_int(struct evalctx *c, const struct expr *e)
{
	return v_num(trunc(NUM(0)));
}

static struct value
f_round(struct evalctx *c, const struct expr *e)
{
	double x = NUM(0), digits = e->nargs > 1 ? trunc(NUM(1)) : 0, p;

	if (isnan(x) || isinf(x) || isnan(digits))
		return v_num(isnan(digits) ? NAN : x);
	p = pow(10, digits);
	if (digits >= 0 && digits <= 22) {
		/* x * p far from a tie: the decimal text cannot change the
		 * result (it moves x * p by less than 1e-11 of itself) */
		double t = x * p, frac = t - floor(t);
		if (fabs(t) < 1e15 && fabs(frac - 0.5) > fabs(t) * 1e-11 + 1e-9)
			return v_num(floor(t + 0.5) / p);
	}
	if (digits == 0 && x - floor(x) == 0.5 && fabs(x) < 1e11)
		/* an exact tie k.5 of at most 12 digits: its text is k.5
		 * exactly, the decimal way below decides it the same */
		return v_num(floor(x + 0.5));
	if (digits >= 0) {
		/* decide the tie on the decimal text (15 significant digits),
		 * not on x * p, so 12345.15 rounds like the number written */
		char buf[64];
		snprintf(buf, sizeof(buf), "%.15g", x);
		snprintf(buf, sizeof(buf), "%.12g", strtod(buf, NULL) * p);
		return v_num(floor(strtod(buf, NULL) + 0.5) / p);
	}
	return v_num(floor(x * p + 0.5) / p);
}

#define MATH1(fname, cfn) \
	static struct value fname(struct evalctx *c, const struct expr *e) \
	{ return v_num(cfn(NUM(0))); }

MATH1(f_floor, floor)
MATH1(f_ceiling, ceil)
MATH1(f_abs, fabs)
MATH1(f_sqrt, sqrt)
MATH1(f_exp, exp)
MATH1(f_log, log)
MATH1(f_log10, log10)
MATH1(f_sin, sin)
MATH1(f_cos, cos)
MATH1(f_tan, tan)
MATH1(f_asin, asin)
MATH1(f_acos, acos)
MATH1(f_atan, atan)

static struct value
f_exp10(struct evalctx *c, const struct expr *e)
{
	return v_num(pow(10, NUM(0)));
}

static struct value
f_pow(struct evalctx *c, const struct expr *e)
{
	return v_num(pow(NUM(0), NUM(1)));
}

static struct value
f_atan2(struct evalctx *c, const struct expr *e)
{
	return v_num(atan2(NUM(0), NUM(1)));
}

static struct value
f_pi(struct evalctx *c, const struct expr *e)
{
	(void)c, (void)e;
	return v_num(M_PI);
}

static struct value
f_random(struct evalctx *c, const struct expr *e)
{
	(void)c, (void)e;
	return v_num((double)(random() % 1000000000L) / 1e9);
}

/* Calls fn on the number of every node of every argument. */
static bool
each_number(struct evalctx *c, const struct expr *e, double *acc,
	    void (*fn)(double *acc, double x))
{
	bool any = false;

	for (size_t i = 0; i < e->nargs; i++) {
		struct value v = ARG(i);
		if (v.t == V_NODES) {
			for (size_t k = 0; k < v.n; k++)
				fn(acc, str_to_num(v.nodes[k].value, v.nodes[k].type)), any = true;
		} else {
			fn(acc, to_num(c, v)), any = true;
		}
	}
	return any;
}

static void
add(double *acc, double x)
{
	*acc += x;
}

static void
mn(double *acc, double x)
{
	if (isnan(x) || isnan(*acc))
		*acc = NAN;
	else if (x < *acc)
		*acc = x;
}

static void
mx(double *acc, double x)
{
	if (isnan(x))
		*acc = NAN;
	else if (!isnan(*acc) && x > *acc)
		*acc = x;
}

static struct value
f_sum(struct evalctx *c, const struct expr *e)
{
	double acc = 0;

	each_number(c, e, &acc, add);
	return v_num(acc);
}

static struct value
f_min(struct evalctx *c, const struct expr *e)
{
	double acc = INFINITY;

	return v_num(each_number(c, e, &acc, mn) ? acc : NAN);
}

static struct value
f_max(struct evalctx *c, const struct expr *e)
{
	double acc = -INFINITY;

	return v_num(each_number(c, e, &acc, mx) ? acc : NAN);
}

static struct value
f_count(struct evalctx *c, const struct expr *e)
{
	struct value v = ARG(0);

	return v_num(v.t == V_NODES ? (double)v.n : NAN);
}

static struct value
f_count_non_empty(struct evalctx *c, const struct expr *e)
{
	struct value v = ARG(0);
	size_t n = 0;

	for (size_t i = 0; v.t == V_NODES && i < v.n; i++)
		n += *v.nodes[i].value != '\0';
	return v_num((double)n);
}

static struct value
f_position(struct evalctx *c, const struct expr *e)
{
	if (c->cnode != NULL && e->nargs == 0)
		return v_num((double)c->cpos);
	(void)e;
	return v_num(c->env->position > 0 ? c->env->position : 1);
}

static struct value
f_indexed_repeat(struct evalctx *c, const struct expr *e)
{
	struct value v = ARG(0);
	double i = NUM(e->nargs - 1);

	if (v.t != V_NODES || isnan(i) || i < 1 || i > (double)v.n)
		return v_str("");
	return v_str(v.nodes[(size_t)i - 1].value);
}

/* ---- strings ------------------------------------------------------------------ */

/* Text being built by concat() and join(): on the stack while short (no
 * malloc), in a strbuf beyond. */
struct text {
	char small[256];
	size_t len;
	struct strbuf sb;
	bool big;
};

static void
text_add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (!t->big && t->len + n < sizeof(t->small)) {
		memcpy(t->small + t->len, s, n);
		t->len += n;
		return;
	}
	if (!t->big) {
		strbuf_add(&t->sb, t->small, t->len);
		t->big = true;
	}
	strbuf_add(&t->sb, s, n);
}

static void
append_value(struct evalctx *c, struct text *t, struct value v,
	     const char *sep, bool *first)
{
	if (v.t == V_NODES) {
		for (size_t k = 0; k < v.n; k++) {
			if (sep && !*first)
				text_add(t, sep);
			text_add(t, v.nodes[k].value);
			*first = false;
		}
		return;
	}
	if (sep && !*first)
		text_add(t, sep);
	text_add(t, to_str(c, v));
	*first = false;
}

static struct value
joined(struct evalctx *c, const struct expr *e, size_t from, const char *sep)
{
	struct text t;
	bool first = true;
	const char *out;

	t.len = 0;
	t.big = false;
	t.sb = (struct strbuf)STRBUF_INIT;
	for (size_t i = from; i < e->nargs; i++) {
		append_value(c, &t, ARG(i), sep, &first);
		if (t.big && t.sb.len > EXPR_MAX_STRING) {
			strbuf_free(&t.sb);
			return ev_error(c, "%s(): the text would be longer than "
					"%d bytes (the limit)", e->str,
					EXPR_MAX_STRING);
		}
	}
	if (t.big) {
		out = sdup(c, strbuf_str(&t.sb));
		strbuf_free(&t.sb);
	} else {
		out = arena_strndup(scratch_of(c), t.small, t.len);
	}
	return v_str(out);
}

static struct value
f_concat(struct evalctx *c, const struct expr *e)
{
	return joined(c, e, 0, NULL);
}

static struct value
f_join(struct evalctx *c, const struct expr *e)
{
	return joined(c, e, 1, STR(0));
}

/* Byte offset of character i (clamped) of s. */
static size_t
char_off(const char *s, long i)
{
	return i <= 0 ? 0 : utf8_char_offset(s, (size_t)i);
}

/* A position as a long: NaN is 0, and numbers beyond any string's
 * length are clamped (a cast would overflow). */
static long
to_index(double x)
{
	if (isnan(x))
		return 0;
	if (x > 1e15)
		return (long)1e15;
	if (x < -1e15)
		return (long)-1e15;
	return (long)x;
}

static struct value
f_substr(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0);
	long n = (long)utf8_chars(s);
	double a = NUM(1), b = e->nargs > 2 ? NUM(2) : (double)n;
	long start = to_index(a), end = to_index(b);

	if (start < 0)
		start += n;
	if (end < 0)
		end += n;
	if (start < 0)
		start = 0;
	if (end > n)
		end = n;
	if (start >= end)
		return v_str("");
	return v_str(arena_strndup(scratch_of(c), s + char_off(s, start),
				   char_off(s, end) - char_off(s, start)));
}

static double
xround(double x)
{
	return floor(x + 0.5);
}

/* XPath's substring(): the characters at positions p (from 1) with
 * round(first) <= p < round(first) + round(length), one run of them,
 * found in one pass; a run to the end of s is s itself from there. */
static struct value
f_substring(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0);
	double first = xround(NUM(1));
	double last = e->nargs > 2 ? first + xround(NUM(2)) : INFINITY;
	size_t len = strlen(s), i = 0, from = 0;
	bool in = false;

	for (double p = 1; i < len; p++) {
		bool keep = p >= first && p < last; /* false for a NaN */
		if (keep && !in)
			from = i, in = true;
		else if (!keep && in)
			break;
		i = utf8_next(s, len, i);
	}
	if (!in)
		return v_str("");
	if (i == len)
		return v_str(s + from);
	return v_str(arena_strndup(scratch_of(c), s + from, i - from));
}

static struct value
f_substring_before(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0), *t = STR(1), *p = strstr(s, t);

	if (p == NULL || *t == '\0')
		return v_str("");
	return v_str(arena_strndup(scratch_of(c), s, (size_t)(p - s)));
}

static struct value
f_substring_after(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0), *t = STR(1), *p = strstr(s, t);

	return v_str(p ? p + strlen(t) : "");
}

static struct value
f_string_length(struct evalctx *c, const struct expr *e)
{
	const char *s = e->nargs ? STR(0) : (c->env->dot ? c->env->dot : "");

	return v_num((double)utf8_chars(s));
}

static struct value
f_normalize_space(struct evalctx *c, const struct expr *e)
{
	const char *s = e->nargs ? STR(0) : (c->env->dot ? c->env->dot : "");
	struct strbuf sb = STRBUF_INIT;
	bool space = false;
	const char *out;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_putc(&sb, ' ');
		space = false;
		strbuf_putc(&sb, *s);
	}
	out = sdup(c, strbuf_str(&sb));
	strbuf_free(&sb);
	return v_str(out);
}

/* translate() when from and to are ASCII: a table of the 128 ASCII
 * characters (the first occurrence in from wins; one past the end of to
 * deletes), every other byte of s kept as it is, as the general way
 * keeps a character that from cannot hold.  Returns the copy in the
 * scratch arena, or NULL when from or to is not ASCII. */
static const char *
translate_ascii(struct evalctx *c, const char *s, const char *from,
		const char *to)
{
	short map[128];
	size_t ls = strlen(s), lt = strlen(to), n = 0;
	char *out;

	for (int i = 0; i < 128; i++)
		map[i] = (short)i;
	for (const char *p = to; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return NULL;
	for (size_t k = 0; from[k]; k++) {
		unsigned char f = (unsigned char)from[k];
		if (f >= 0x80)
			return NULL;
		if (memchr(from, f, k) == NULL) /* the first occurrence */
			map[f] = (short)(k < lt ? (unsigned char)to[k] : -1);
	}
	out = arena_alloc(scratch_of(c), ls + 1);
	for (size_t i = 0; i < ls; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x80)
			out[n++] = (char)b;
		else if (map[b] >= 0)
			out[n++] = (char)map[b];
	}
	out[n] = '\0';
	return out;
}

static struct value
f_translate(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0), *from = STR(1), *to = STR(2);
	size_t ls = strlen(s), lf = strlen(from), lt = strlen(to);
	struct strbuf sb = STRBUF_INIT;
	const char *out = translate_ascii(c, s, from, to);

	if (out != NULL)
		return v_str(out);

	for (size_t i = 0; i < ls;) {
		size_t adv, fa;
		int32_t cp = utf8_decode(s + i, ls - i, &adv);
		long idx = -1, k = 0;
		for (size_t j = 0; j < lf; j += fa, k++) {
			if (utf8_decode(from + j, lf - j, &fa) == cp && cp >= 0) {
				idx = k;
				break;
			}
		}
		if (idx < 0) {
			strbuf_add(&sb, s + i, adv);
		} else if ((size_t)idx < utf8_chars(to)) {
			size_t a = char_off(to, idx), b = char_off(to, idx + 1);
			strbuf_add(&sb, to + a, (b > lt ? lt : b) - a);
		}
		i += adv;
	}
	out = sdup(c, strbuf_str(&sb));
	strbuf_free(&sb);
	return v_str(out);
}

static struct value
f_contains(struct evalctx *c, const struct expr *e)
{
	return v_bool(strstr(STR(0), STR(1)) != NULL);
}

static struct value
f_starts_with(struct evalctx *c, const struct expr *e)
{
	const char *t = STR(1);

	return v_bool(strncmp(STR(0), t, strlen(t)) == 0);
}

static struct value
f_ends_with(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0), *t = STR(1);
	size_t ls = strlen(s), lt = strlen(t);

	return v_bool(lt <= ls && strcmp(s + ls - lt, t) == 0);
}

/* A few compiled patterns, kept for the life of the program. */
static pcre2_code *
regex_compile(const char *pattern)
{
	static struct { char *pat; pcre2_code *re; } cache[32];
	static size_t next_slot;
	char *anchored;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re;

	for (size_t i = 0; i < 32; i++) {
		if (cache[i].pat && strcmp(cache[i].pat, pattern) == 0)
			return cache[i].re;
	}
	anchored = xasprintf("^(?:%s)$", pattern);
	re = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF | PCRE2_UCP, &errcode, &erroff, NULL);
	free(anchored);
	if (re == NULL)
		return NULL;
	free(cache[next_slot].pat);
	pcre2_code_free(cache[next_slot].re);
	cache[next_slot].pat = xstrdup(pattern);
	cache[next_slot].re = re;
	next_slot = (next_slot + 1) % 32;
	return re;
}

char *
expr_regex_error(const char *pattern)
{
	char *anchored = xasprintf("^(?:%s)$", pattern);
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR text[256];
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_UCP, &errcode, &erroff,
				       NULL);

	free(anchored);
	if (re != NULL) {
		pcre2_code_free(re);
		return NULL;
	}
	if (pcre2_get_error_message(errcode, text, sizeof(text)) < 0)
		strcpy((char *)text, "invalid pattern");
	return xasprintf("regex(): invalid pattern \"%s\": %s", pattern,
			 (char *)text);
}

static struct value
f_regex(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0), *pat = STR(1);
	pcre2_code *re = regex_compile(pat);
	pcre2_match_data *md;
	int rc;

	if (re == NULL)
		return ev_error(c, "regex(): invalid pattern \"%s\"", pat);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return v_bool(rc >= 0);
}

static struct value
f_uuid(struct evalctx *c, const struct expr *e)
{
	char *u = uuid_new();
	struct value v;

	if (e->nargs > 0) {
		double n = NUM(0);
		struct strbuf sb = STRBUF_INIT;
		while (!isnan(n) && (double)sb.len < n && sb.len < 4096) {
			char *more = uuid_new();
			for (char *p = more; *p && (double)sb.len < n; p++)
				if (*p != '-')
					strbuf_putc(&sb, *p);
			free(more);
		}
		v = v_str(sdup(c, strbuf_str(&sb)));
		strbuf_free(&sb);
	} else {
		v = v_str(sdup(c, u));
	}
	free(u);
	return v;
}

static struct value
f_base64_decode(struct evalctx *c, const struct expr *e)
{
	static const char tbl[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *s = STR(0);
	struct strbuf sb = STRBUF_INIT;
	unsigned acc = 0;
	int bits = 0;
	const char *out;
	size_t bad;

	for (; *s && *s != '='; s++) {
		const char *p = strchr(tbl, *s);
		if (p == NULL || *s == '\0') {
			strbuf_free(&sb);
			return v_str("");
		}
		acc = (acc << 6) | (unsigned)(p - tbl);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_putc(&sb, (char)((acc >> bits) & 0xFF));
		}
	}
	out = utf8_valid(strbuf_str(&sb), sb.len, &bad) ? sdup(c, strbuf_str(&sb)) : "";
	strbuf_free(&sb);
	return v_str(out);
}

/* ---- selects --------------------------------------------------------------------- */

/* The i-th space-separated item of list (0-based) into out; false past
 * the end. */
static bool
item_at(const char *list, long i, const char **start, size_t *len)
{
	const char *p = list;

	for (long k = 0;; k++) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			return false;
		*start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		*len = (size_t)(p - *start);
		if (k == i)
			return true;
	}
}

static struct value
f_selected(struct evalctx *c, const struct expr *e)
{
	const char *list = STR(0), *want = STR(1), *s;
	size_t len, wl;

	while (*want == ' ')
		want++;
	wl = strlen(want);
	while (wl > 0 && want[wl - 1] == ' ')
		wl--;
	for (long i = 0; item_at(list, i, &s, &len); i++) {
		if (len == wl && strncmp(s, want, wl) == 0)
			return v_bool(true);
	}
	return v_bool(false);
}

static struct value
f_selected_at(struct evalctx *c, const struct expr *e)
{
	const char *list = STR(0), *s;
	double i = NUM(1);
	size_t len;

	if (isnan(i) || i < 0 || !item_at(list, to_index(i), &s, &len))
		return v_str("");
	return v_str(arena_strndup(scratch_of(c), s, len));
}

static struct value
f_count_selected(struct evalctx *c, const struct expr *e)
{
	const char *list = STR(0), *s;
	size_t len;
	long n = 0;

	while (item_at(list, n, &s, &len))
		n++;
	return v_num((double)n);
}

static struct value
f_choice_name(struct evalctx *c, const struct expr *e)
{
	const char *value = STR(0), *path = STR(1), *label = NULL;
	char *field;

	if (strncmp(path, "${", 2) == 0 && path[strlen(path) - 1] == '}')
		field = xstrndup(path + 2, strlen(path) - 3);
	else
		field = xstrdup(strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	if (c->env->choice_label && *value)
		label = c->env->choice_label(c->env->ctx, field, value);
	free(field);
	return v_str(label ? sdup(c, label) : "");
}

static struct value
f_checklist(struct evalctx *c, const struct expr *e)
{
	double lo = NUM(0), hi = NUM(1), n = 0;

	for (size_t i = 2; i < e->nargs; i++) {
		struct value v = ARG(i);
		if (v.t == V_NODES) {
			for (size_t k = 0; k < v.n; k++)
				n += to_bool(v_str(v.nodes[k].value)) &&
				     strcmp(v.nodes[k].value, "false") != 0;
		} else {
			n += to_bool(v);
		}
	}
	return v_bool((lo < 0 || n >= lo) && (hi < 0 || n <= hi));
}

static struct value
f_weighted_checklist(struct evalctx *c, const struct expr *e)
{
	double lo = NUM(0), hi = NUM(1), sum = 0;

	for (size_t i = 2; i + 1 < e->nargs; i += 2) {
		if (BOOL(i))
			sum += NUM(i + 1);
	}
	return v_bool((lo < 0 || sum >= lo) && (hi < 0 || sum <= hi));
}

/* ---- pulldata ------------------------------------------------------------------------ */

struct lookup_file {
	char *path;
	struct csv_table t;
	struct lookup_file *next;
};

/* Tables read so far, newest first.  An evaluation borrows their cells
 * (a pulldata() result, the nodes of instance('file')/root/item), so
 * none is dropped while one runs: expr_lookup_trim, at the start of an
 * outermost evaluation, keeps the MAX_LOOKUPS newest (a form uses a
 * handful, and a file name built from answers must not grow the cache
 * without end); one evaluation may read more. */
#define MAX_LOOKUPS 16
static struct lookup_file *lookups;
static size_t nlookups;

void
expr_lookup_trim(void)
{
	struct lookup_file **p = &lookups;
	size_t n = 0;

	if (nlookups <= MAX_LOOKUPS)
		return;
	while (*p != NULL && n++ < MAX_LOOKUPS)
		p = &(*p)->next;
	while (*p != NULL) {
		struct lookup_file *old = *p;
		*p = old->next;
		csvio_table_free(&old->t);
		free(old->path);
		free(old);
	}
	nlookups = MAX_LOOKUPS;
}

/* True when path, symbolic links resolved, is a file inside dir. */
static bool
inside_folder(const char *dir, const char *path)
{
	char *rdir = realpath(dir, NULL), *rpath = realpath(path, NULL);
	size_t n = rdir ? strlen(rdir) : 0;
	bool ok = rdir && rpath && strncmp(rdir, rpath, n) == 0 &&
		  (rpath[n] == '/' || (n == 1 && rdir[0] == '/'));

	free(rdir);
	free(rpath);
	return ok;
}

/* The table at path (a missing file reads as an empty table); NULL when
 * the path leads out of the form folder dir. */
static const struct csv_table *
lookup_table(const char *dir, const char *path)
{
	struct lookup_file *lf;
	struct diag d = DIAG_INIT;

	for (lf = lookups; lf; lf = lf->next) {
		if (strcmp(lf->path, path) == 0)
			return &lf->t;
	}
	if (access(path, F_OK) == 0 && !inside_folder(dir, path))
		return NULL;
	lf = xcalloc(1, sizeof(*lf));
	lf->path = xstrdup(path);
	csvio_read_file(path, &lf->t, &d);
	diag_free(&d);
	lf->next = lookups;
	lookups = lf;
	nlookups++;
	return &lf->t;
}

void
expr_pulldata_flush(void)
{
	while (lookups != NULL) {
		struct lookup_file *next = lookups->next;
		csvio_table_free(&lookups->t);
		free(lookups->path);
		free(lookups);
		lookups = next;
	}
	nlookups = 0;
}

static long
column_index(const struct csv_table *t, const char *name)
{
	for (size_t i = 0; t->n > 0 && i < t->rows[0].n; i++) {
		if (strcmp(t->rows[0].cells[i], name) == 0)
			return (long)i;
	}
	return -1;
}

bool
expr_file_name_ok(const char *name)
{
	if (*name == '\0' || *name == '.' || strlen(name) > 255)
		return false;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if (*s == '/' || *s == '\\' || *s < 0x20 || *s == 0x7f)
			return false;
	}
	return strstr(name, "..") == NULL;
}

/* The table file(.csv) of the form folder, read once; NULL with an
 * error set when it leads out of the folder. */
const struct csv_table *
expr_lookup_table(struct evalctx *c, const char *file)
{
	const char *dir = c->env->form_dir ? c->env->form_dir : ".";
	char *path = xasprintf("%s/%s%s", dir, file,
			       strstr(file, ".csv") ? "" : ".csv");
	const struct csv_table *t = lookup_table(dir, path);

	free(path);
	if (t == NULL)
		ev_error(c, "\"%s\" leads out of the form folder (a symbolic "
			 "link?)", file);
	return t;
}

static struct value
f_last(struct evalctx *c, const struct expr *e)
{
	(void)e;
	return v_num(c->cnode != NULL ? (double)c->csize : 1);
}

static struct value
f_instance(struct evalctx *c, const struct expr *e)
{
	return ev_instance(c, STR(0));
}

static struct value
f_current(struct evalctx *c, const struct expr *e)
{
	(void)e;
	return ev_current(c);
}

static struct value
f_pulldata(struct evalctx *c, const struct expr *e)
{
	const char *file = STR(0), *col = STR(1), *keycol = STR(2), *key = STR(3);
	const char *dir;
	char *path;
	const struct csv_table *t;
	long vi, ki;

	if (!expr_file_name_ok(file))
		return ev_error(c, "pulldata(): \"%s\" is not a file of the "
				"form folder (a plain file name: no \"/\", no \"..\")",
				file);
	dir = c->env->form_dir ? c->env->form_dir : ".";
	path = xasprintf("%s/%s%s", dir, file, strstr(file, ".csv") ? "" : ".csv");
	t = lookup_table(dir, path);
	free(path);
	if (t == NULL)
		return ev_error(c, "pulldata(): \"%s\" leads out of the form "
				"folder (a symbolic link?)", file);
	vi = column_index(t, col), ki = column_index(t, keycol);
	if (vi < 0 || ki < 0)
		return v_str("");
	for (size_t r = 1; r < t->n; r++) {
		if (strcmp(csvio_cell(&t->rows[r], (size_t)ki), key) == 0)
			return v_str(sdup(c, csvio_cell(&t->rows[r], (size_t)vi)));
	}
	return v_str("");
}

/* ---- dates ------------------------------------------------------------------------------ */

struct ymd {
	long y;
	int m, d, h, mi;
	double s;
	bool time;
};

/* The calendar fields of a value: a day number, or a date / dateTime
 * string read as written (its offset is not applied). */
/* A day number a calendar can hold; else an evaluation error. */
static bool
days_in_range(struct evalctx *c, double x)
{
	if (date_days_ok(x))
		return true;
	ev_error(c, "%g days from 1970-01-01 is not a date", x);
	return false;
}

/* The digits at *p (a few, date_parse has checked them) as a number;
 * *p goes past them. */
static long
read_digits(const char **p)
{
	long v = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++)
		v = v * 10 + (**p - '0');
	return v;
}

static bool
get_ymd(struct evalctx *c, struct value v, struct ymd *t)
{
	const char *s;
	double days;
	bool has_time;
	int n = 0, yy;

	memset(t, 0, sizeof(*t));
	if (v.t == V_NUMBER || v.t == V_BOOL) {
		double x = to_num(c, v);
		if (isnan(x) || !days_in_range(c, x))
			return false;
		civil_from_days((long)floor(x), &t->y, &t->m, &t->d);
		return true;
	}
	s = to_str(c, v);
	if (!date_parse(s, &days, &has_time)) {
		double x = str_to_num(s, Q_TEXT);
		if (isnan(x) || strchr(s, '-') != NULL || !days_in_range(c, x))
			return false;
		civil_from_days((long)floor(x), &t->y, &t->m, &t->d);
		return true;
	}
	/* date_parse has checked the shape: read the fields as written */
	{
		const char *e = s;
		t->y = read_digits(&e);
		e++;
		t->m = (int)read_digits(&e);
		e++;
		t->d = (int)read_digits(&e);
		if (*e == 'T') {
			t->time = true;
			e++;
			t->h = (int)read_digits(&e);
			e++;
			t->mi = (int)read_digits(&e);
			if (*e == ':') { /* 30 or 30.123: mostly without strtod */
				const char *end = e + 1;
				while ((*end >= '0' && *end <= '9') || *end == '.')
					end++;
				if (!read_short_decimal(e + 1, end, &t->s))
					t->s = strtod(e + 1, NULL);
			}
		}
	}
	(void)yy, (void)n;
	return true;
}

static const char *
ymd_date(struct evalctx *c, const struct ymd *t)
{
	char buf[32];

	date_put_ymd(buf, t->y, t->m, t->d);
	return sdup(c, buf);
}

static struct value
f_date(struct evalctx *c, const struct expr *e)
{
	struct value v = ARG(0);
	struct ymd t;

	if (v.t != V_NUMBER && *to_str(c, v) == '\0')
		return v_str("");
	if (!get_ymd(c, v, &t))
		return ev_error(c, "date(): \"%s\" is not a date", to_str(c, v));
	return v_str(ymd_date(c, &t));
}

static struct value
f_date_time(struct evalctx *c, const struct expr *e)
{
	struct value v = ARG(0);
	double days;
	bool has_time;

	if (v.t == V_NUMBER && isnan(v.num))
		return v_str("");
	if (v.t == V_NUMBER && !days_in_range(c, v.num))
		return v_str("");
	if (v.t == V_NUMBER)
		return v_str(date_format(scratch_of(c), v.num, true));
	if (*to_str(c, v) == '\0')
		return v_str("");
	if (!date_parse(to_str(c, v), &days, &has_time))
		return ev_error(c, "date-time(): \"%s\" is not a date", to_str(c, v));
	return v_str(to_str(c, v));
}

static struct value
f_decimal_date_time(struct evalctx *c, const struct expr *e)
{
	return v_num(NUM(0));
}

static struct value
f_decimal_time(struct evalctx *c, const struct expr *e)
{
	const char *s = STR(0), *t = strchr(s, 'T');
	int h, mi;
	double sec = 0;

	if (sscanf(t ? t + 1 : s, "%d:%d:%lf", &h, &mi, &sec) < 2)
		return v_num(NAN);
	return v_num((h * 3600 + mi * 60 + sec) / 86400.0);
}

/* v as printf's "%0*ld" of width writes it, without printf for v >= 0. */
static void
put_padded(struct strbuf *sb, long v, int width)
{
	char buf[24], *p = buf + sizeof(buf);

	if (v < 0) {
		strbuf_printf(sb, "%0*ld", width, v);
		return;
	}
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (buf + sizeof(buf) - p < width)
		*--p = '0';
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

static void
format_field(struct strbuf *sb, char f, const struct ymd *t, long days)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const char *const wday[] = {"Thu", "Fri", "Sat", "Sun", "Mon",
		"Tue", "Wed"};

	switch (f) {
	case 'Y': put_padded(sb, t->y, 4); break;
	case 'y': put_padded(sb, t->y % 100, 2); break;
	case 'm': put_padded(sb, t->m, 2); break;
	case 'n': put_padded(sb, t->m, 1); break;
	case 'b': strbuf_puts(sb, mon[t->m - 1]); break;
	case 'd': put_padded(sb, t->d, 2); break;
	case 'e': put_padded(sb, t->d, 1); break;
	case 'a': strbuf_puts(sb, wday[((days % 7) + 7) % 7]); break;
	case 'H': put_padded(sb, t->h, 2); break;
	case 'h': put_padded(sb, t->h, 1); break;
	case 'M': put_padded(sb, t->mi, 2); break;
	case 'S': put_padded(sb, (int)t->s, 2); break;
	case '3': put_padded(sb, (int)lround((t->s - floor(t->s)) * 1000) % 1000, 3); break;
	case '%': strbuf_putc(sb, '%'); break;
	default: strbuf_putc(sb, '%'); strbuf_putc(sb, f); break;
	}
}

static struct value
f_format_date(struct evalctx *c, const struct expr *e)
{
	struct value v = ARG(0);
	const char *fmt = STR(1), *out;
	struct strbuf sb = STRBUF_INIT;
	struct ymd t;
	long days;

	if ((v.t != V_NUMBER && *to_str(c, v) == '\0') || !get_ymd(c, v, &t))
		return v_str("");
	days = days_from_civil(t.y, t.m, t.d);
	for (; *fmt; fmt++) {
		if (*fmt == '%' && fmt[1] != '\0')
			format_field(&sb, *++fmt, &t, days);
		else
			strbuf_putc(&sb, *fmt);
	}
	out = sdup(c, strbuf_str(&sb));
	strbuf_free(&sb);
	return v_str(out);
}

static struct value
f_today(struct evalctx *c, const struct expr *e)
{
	int off;
	struct ymd t = {0};

	(void)e;
	civil_from_days((long)now_days(true, &off), &t.y, &t.m, &t.d);
	return v_str(ymd_date(c, &t));
}

static struct value
f_now(struct evalctx *c, const struct expr *e)
{
	char *iso = clock_iso(false);
	struct value v = v_str(sdup(c, iso));

	(void)e;
	free(iso);
	return v;
}

/* A birthday in year y: Feb 29 counts as Feb 28 in common years. */
static int
anniversary_day(long y, int m, int d)
{
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && d == 29 && !leap ? 28 : d;
}

static struct value
f_age(struct evalctx *c, const struct expr *e)
{
	struct value dv = ARG(0), ov;
	struct ymd b, on;
	long years;

	if (e->nargs > 1)
		ov = ARG(1);
	else
		ov = f_today(c, e);
	if ((dv.t != V_NUMBER && *to_str(c, dv) == '\0') || !get_ymd(c, dv, &b) ||
	    (ov.t != V_NUMBER && *to_str(c, ov) == '\0') || !get_ymd(c, ov, &on))
		return v_num(NAN);
	years = on.y - b.y;
	if (on.m < b.m || (on.m == b.m && on.d < anniversary_day(on.y, b.m, b.d)))
		years--;
	return v_num((double)years);
}

static struct value
f_add_years(struct evalctx *c, const struct expr *e)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct value dv = ARG(0);
	double n = NUM(1);
	struct ymd t;
	int last;

	if ((dv.t != V_NUMBER && *to_str(c, dv) == '\0') || isnan(n) ||
	    !get_ymd(c, dv, &t))
		return v_str("");
	if (fabs(n) > DATE_MAX_DAYS / 366)
		return ev_error(c, "add-years(): %g years is too far", n);
	t.y += (long)trunc(n);
	last = mdays[t.m - 1] + (t.m == 2 && anniversary_day(t.y, 2, 29) == 29);
	if (t.d > last)
		t.d = last;
	return v_str(ymd_date(c, &t));
}

/* ---- the table ------------------------------------------------------------------------------ */

static const struct {
	const char *name;
	int min, max; /* argument counts; max -1 = any */
	func_fn fn;
} funcs[] = {
	{"if", 3, 3, f_if}, {"coalesce", 2, -1, f_coalesce}, {"once", 1, 1, f_once},
	{"true", 0, 0, f_true}, {"false", 0, 0, f_false},
	{"boolean", 1, 1, f_boolean}, {"not", 1, 1, f_not},
	{"boolean-from-string", 1, 1, f_boolean_from_string},
	{"string", 0, 1, f_string}, {"number", 0, 1, f_number},
	{"int", 1, 1, f_int}, {"round", 1, 2, f_round},
	{"floor", 1, 1, f_floor}, {"ceiling", 1, 1, f_ceiling},
	{"abs", 1, 1, f_abs}, {"pow", 2, 2, f_pow}, {"sqrt", 1, 1, f_sqrt},
	{"exp", 1, 1, f_exp}, {"exp10", 1, 1, f_exp10}, {"log", 1, 1, f_log},
	{"log10", 1, 1, f_log10}, {"sin", 1, 1, f_sin}, {"cos", 1, 1, f_cos},
	{"tan", 1, 1, f_tan}, {"asin", 1, 1, f_asin}, {"acos", 1, 1, f_acos},
	{"atan", 1, 1, f_atan}, {"atan2", 2, 2, f_atan2}, {"pi", 0, 0, f_pi},
	{"random", 0, 0, f_random}, {"sum", 1, 1, f_sum}, {"min", 1, -1, f_min},
	{"max", 1, -1, f_max}, {"count", 1, 1, f_count},
	{"count-non-empty", 1, 1, f_count_non_empty},
	{"position", 0, 1, f_position}, {"last", 0, 0, f_last},
	{"instance", 1, 1, f_instance}, {"current", 0, 0, f_current},
	{"indexed-repeat", 3, 7, f_indexed_repeat},
	{"concat", 0, -1, f_concat}, {"join", 1, -1, f_join},
	{"substr", 2, 3, f_substr}, {"substring", 2, 3, f_substring},
	{"substring-before", 2, 2, f_substring_before},
	{"substring-after", 2, 2, f_substring_after},
	{"string-length", 0, 1, f_string_length},
	{"normalize-space", 0, 1, f_normalize_space},
	{"translate", 3, 3, f_translate}, {"contains", 2, 2, f_contains},
	{"starts-with", 2, 2, f_starts_with}, {"ends-with", 2, 2, f_ends_with},
	{"regex", 2, 2, f_regex}, {"uuid", 0, 1, f_uuid},
	{"base64-decode", 1, 1, f_base64_decode},
	{"selected", 2, 2, f_selected}, {"selected-at", 2, 2, f_selected_at},
	{"count-selected", 1, 1, f_count_selected},
	{"jr:choice-name", 2, 2, f_choice_name},
	{"checklist", 2, -1, f_checklist},
	{"weighted-checklist", 2, -1, f_weighted_checklist},
	{"pulldata", 4, 4, f_pulldata}, {"today", 0, 0, f_today},
	{"now", 0, 0, f_now}, {"date", 1, 1, f_date},
	{"date-time", 1, 1, f_date_time},
	{"decimal-date-time", 1, 1, f_decimal_date_time},
	{"decimal-time", 1, 1, f_decimal_time},
	{"format-date", 2, 2, f_format_date},
	{"format-date-time", 2, 2, f_format_date},
	{"age", 1, 2, f_age}, {"add-years", 2, 2, f_add_years},
};

/* The function called name, for the parser's and check's use: its index,
 * or -1; *min and *max get its argument counts. */
int
expr_func_lookup(const char *name, int *min, int *max)
{
	for (size_t i = 0; i < sizeof(funcs) / sizeof(*funcs); i++) {
		if (strcmp(funcs[i].name, name) == 0) {
			*min = funcs[i].min;
			*max = funcs[i].max;
			return (int)i;
		}
	}
	return -1;
}

struct value
ev_call(struct evalctx *c, const struct expr *e)
{
	int i = e->func, min, max;

	if (i < 0)
		return ev_error(c, "unknown function %s()", e->str);
	min = funcs[i].min;
	max = funcs[i].max;
	if ((int)e->nargs < min || (max >= 0 && (int)e->nargs > max))
		return ev_error(c, "%s() takes %d%s argument%s, not %zu", e->str,
				min, max < 0 ? " or more" : max != min ? "-" : "",
				min == 1 && max == 1 ? "" : "s", e->nargs);
	return funcs[i].fn(c, e);
}
