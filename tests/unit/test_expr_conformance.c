/*
 * The expression conformance tables: tests/data/xpath-cases.tsv (shared
 * with the ODK peers) and tests/data/expr-cases.tsv (our own).  Columns:
 * expression, context (name=value;...), expected string(), source;
 * "#ERROR" means the expression must fail.  A row listed in
 * tests/data/xpath-deviations.tsv (expression TAB reason) must differ
 * from the table, so the list cannot go stale.
 */
#include "unittest.h"

#include <math.h>

#include "arena.h"
#include "expr.h"
#include "expr_ctx.h"

static char *
field(char **line)
{
	char *start = *line, *tab = strchr(start, '\t');

	if (tab != NULL) {
		*tab = '\0';
		*line = tab + 1;
	} else {
		*line = start + strlen(start);
	}
	start[strcspn(start, "\r\n")] = '\0';
	return start;
}

/* The string() of expr in context, or "#ERROR"; caller frees. */
static char *
evaluate(const char *src, const char *context)
{
	struct arena *a = arena_new();
	char *err = NULL, *out;
	size_t off;
	struct expr *e = expr_parse(a, src, &off, &err);
	struct expr_ctx *ctx = expr_ctx_new(context, NULL, &err);
	struct expr_env env;

	if (e == NULL || ctx == NULL) {
		out = strdup("#ERROR");
	} else {
		expr_ctx_env(ctx, &env);
		env.form_dir = "tests/data"; /* pulldata() tables */
		out = expr_eval_string(e, &env, &err);
		if (out == NULL)
			out = strdup("#ERROR");
	}
	free(err);
	expr_ctx_free(&ctx);
	arena_free(&a);
	return out;
}

static bool
deviates(const char *expr, const char *deviations)
{
	char path[512], line[2048];
	FILE *f = fopen(srcpath(path, sizeof(path), deviations), "r");
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f)) {
		char *p = line;
		found = line[0] != '#' && strcmp(field(&p), expr) == 0;
	}
	if (f)
		fclose(f);
	return found;
}

static void
run_table(const char *table, const char *deviations)
{
	char path[512], line[4096];
	FILE *f = fopen(srcpath(path, sizeof(path), table), "r");
	int rows = 0, bad = 0, listed = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *expr = field(&p), *ctx = field(&p), *want = field(&p);
		char *got;
		bool dev;

		if (line[0] == '#' || *expr == '\0' || (rows == 0 && strcmp(expr, "expr") == 0))
			continue;
		rows++;
		got = evaluate(expr, ctx);
		dev = deviates(expr, deviations);
		listed += dev;
		if ((strcmp(got, want) != 0) != dev) {
			bad++;
			fprintf(stderr, "%s: %s [%s]: expected \"%s\", got \"%s\"%s\n",
				table, expr, ctx, want, got,
				dev ? " (listed as a deviation, but it passes)" : "");
		}
		free(got);
	}
	fclose(f);
	fprintf(stderr, "%s: %d rows, %d listed deviations, %d unexpected\n",
		table, rows, listed, bad);
	assert_true(rows > 0);
	assert_int_equal(bad, 0);
}

static void
test_shared_table(void **state)
{
	(void)state;
	run_table("tests/data/xpath-cases.tsv", "tests/data/xpath-deviations.tsv");
}

static void
test_our_table(void **state)
{
	(void)state;
	run_table("tests/data/expr-cases.tsv", "tests/data/xpath-deviations.tsv");
}

static void
test_number_format(void **state)
{
	char buf[400];
	static const struct { double x; const char *s; } cases[] = {
		{3, "3"}, {-0.0, "0"}, {0.5, "0.5"}, {1e21, "1000000000000000000000"},
		{1e-7, "0.0000001"}, {0.1 + 0.2, "0.30000000000000004"},
		{-1.5, "-1.5"}, {123456.789, "123456.789"}, {1.0 / 3, "0.3333333333333333"},
		{10.06, "10.06"}, {0.05, "0.05"}, {-0.001, "-0.001"}, {0.0000005, "0.0000005"},
		{999999.999999, "999999.999999"}, {1.1 + 2.2, "3.3000000000000003"},
		{55.88 * 0.18, "10.0584"}, {-0.5, "-0.5"}, {1e15 + 0.5, "1000000000000000.5"},
		{92593672448260576.0, "92593672448260580"}, /* shortest, as above 1e17 */
		/* whole numbers, written two digits at a time: odd and even
		 * counts of digits, the sign, the largest below 2^53 */
		{9, "9"}, {10, "10"}, {-99, "-99"}, {100, "100"}, {-1000, "-1000"},
		{123456789, "123456789"}, {9007199254740991.0, "9007199254740991"},
		{-9007199254740991.0, "-9007199254740991"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		expr_format_number(cases[i].x, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].s);
	}
	expr_format_number(NAN, buf, sizeof(buf));
	assert_string_equal(buf, "NaN");
	expr_format_number(-INFINITY, buf, sizeof(buf));
	assert_string_equal(buf, "-Infinity");
}

/* Significant digits of a plain decimal text ("0.00120" has 2). */
static int
sig_digits(const char *s)
{
	int n = 0, lead = 1, zeros = 0;

	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (lead && *s == '0')
			continue;
		lead = 0;
		if (*s == '0') {
			zeros++;
		} else {
			n += zeros + 1;
			zeros = 0;
		}
	}
	return n;
}

/* The significant digits of a number's text, without trailing zeros
 * (into a static buffer): "-0.00120" and "1.2e-3" give "12". */
static const char *
digit_string(const char *s)
{
	static char out[2][64];
	static int which;
	char *o = out[which ^= 1], *start = o;

	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9' && (o > start || *s != '0'))
			*o++ = *s;
	while (o > start && o[-1] == '0')
		o--;
	*o = '\0';
	return start;
}

/* x printed: read back, no exponent, no more digits than the shortest
 * %.*e that reads back, and its very digits (x correctly rounded). */
static void
check_shortest(double x)
{
	char buf[EXPR_NUMBER_BUF], ref[64];
	int p;

	expr_format_number(x, buf, sizeof(buf));
	if (strchr(buf, 'e') != NULL || strtod(buf, NULL) != x)
		fail_msg("%.17g printed as %s", x, buf);
	for (p = 1; p < 17; p++) {
		snprintf(ref, sizeof(ref), "%.*e", p - 1, x);
		if (strtod(ref, NULL) == x)
			break;
	}
	snprintf(ref, sizeof(ref), "%.*e", p - 1, x);
	if (sig_digits(buf) > p || strcmp(digit_string(buf), digit_string(ref)) != 0)
		fail_msg("%.17g printed as %s, %d digits do: %s", x, buf, p, ref);
}

/* Numbers of every size (check_shortest): the text reads back as the
 * same double, has no exponent, no more significant digits than the
 * shortest %.*e that reads back, and its very digits (the reference the
 * fast paths must match). */
static void
test_number_format_shortest(void **state)
{
	unsigned long long seed = 88172645463325252ULL;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		double x, m;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		m = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
		x = ldexp(m, (int)(seed % 140) - 60); /* to 2^80 */
		if (i % 3 == 0) /* short decimals: 0.07, 123.45, 1e-7 */
			x = (double)(seed % 100000) / pow(10, (double)(seed % 12));
		check_shortest(i % 2 ? -x : x);
	}
}

/* The exact 128-bit formatter (numbers not whole from 1e-5 to 2^53,
 * every binary exponent of that range, powers of two and their
 * neighbours, whose lower gap is half the upper) against printf:
 * 300,000 numbers (kept under the test timeout with sanitizers; the same
 * loop was run on millions by hand), each read back exactly, no longer
 * than the shortest %.*g that reads back, and with its very digits. */
static void
test_number_format_exact_range(void **state)
{
	unsigned long long seed = 0x9E3779B97F4A7C15ULL;

	(void)state;
	for (int i = 0; i < 300000; i++) {
		double x;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		x = ldexp((double)((seed >> 11) | (1ULL << 52)), (int)(seed % 70) - 69);
		if (i % 4 == 1) /* a power of two, or next to one */
			x = ldexp(1.0 + (double)(seed % 3 == 0) * 0x1p-52,
				  (int)(seed % 69) - 17) * (seed % 3 == 2 ? 1 - 0x1p-53 : 1);
		if (i % 4 == 2) /* a short decimal: 0.07, 123.45, 0.00012 */
			x = (double)(seed % 10000000 + 1) /
			    pow(10, (double)((seed >> 24) % 12 + 1));
		check_shortest(i % 2 ? -x : x);
	}
}

/* The two ranges where printf's 15 to 17 digits were not the shortest
 * (issue 15): subnormal numbers, whose fewer bits fewer digits may give
 * (2.6556600780616e-310: 14 digits, not 15; 5e-324: 1), and whole
 * numbers from 2^126 (8.5e37) to 9e37, where 15 digits and 23 zeros may read
 * back (8.65903066322749e37: 15, not 16).  20,000 random numbers of each
 * range (the second to 2^127), and their ends. */
static void
test_number_format_edges(void **state)
{
	static const struct { double x; const char *digits; } cases[] = {
		{2.6556600780616185e-310, "26556600780616"},
		{9.8368470086992187e-321, "9837"},
		{4.9406564584124654e-324, "5"},        /* the least */
		{2.2250738585072009e-308, "2225073858507201"}, /* the largest */
		{8.6590306632274893e+37, "865903066322749"},
		{9.0023977093697792e+37, "900239770936978"},
	};
	char buf[EXPR_NUMBER_BUF];
	unsigned long long seed = 0x853C49E6748FEA9BULL;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		expr_format_number(cases[i].x, buf, sizeof(buf));
		assert_true(strtod(buf, NULL) == cases[i].x);
		assert_string_equal(digit_string(buf), cases[i].digits);
		check_shortest(cases[i].x);
	}
	for (int i = 0; i < 20000; i++) {
		double x;
		unsigned long long bits;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		bits = (seed >> 12) | (i % 2 ? 1ULL << 63 : 0); /* subnormal */
		memcpy(&x, &bits, sizeof(x));
		if (x != 0)
			check_shortest(x);
		x = ldexp((double)((seed >> 11) | (1ULL << 52)), 126 - 52);
		check_shortest(i % 2 ? -x : x); /* 8.5e37 to 1.7e38 */
	}
}

/* Numbers read from text are strtod's to the bit, short decimals (read
 * without strtod) and long ones alike, with a sign, leading zeros, a
 * point first or last, spaces around. */
static void
test_number_read(void **state)
{
	unsigned long long seed = 0x2545F4914F6CDD1DULL;
	struct arena *a = arena_new();

	(void)state;
	for (int i = 0; i < 100000; i++) {
		char text[48], src[64], *err = NULL;
		size_t off, n = 0;
		int len, point;
		struct expr *e;
		double got, want;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		len = 1 + (int)(seed % 19);
		point = (int)((seed >> 8) % (unsigned long long)(len + 2)) - 1;
		if ((seed >> 16) % 4 == 0)
			text[n++] = '-';
		if ((seed >> 18) % 5 == 0)
			text[n++] = '0';
		for (int k = 0; k < len; k++) {
			if (k == point)
				text[n++] = '.';
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			text[n++] = (char)('0' + seed % 10);
		}
		if (point == len)
			text[n++] = '.';
		text[n] = '\0';
		snprintf(src, sizeof(src), "%s'%s' * 1", i % 7 ? "" : " ", text);
		if (i % 7 == 0)
			snprintf(src, sizeof(src), "' %s ' * 1", text);
		e = expr_parse(a, src, &off, &err);
		assert_non_null(e);
		got = expr_eval_number(e, NULL);
		want = strtod(text, NULL);
		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("%s read as %.17g, strtod %.17g", text, got, want);
	}
	arena_free(&a);
}

/* expr_eval into a result on the stack: the type, number, boolean and
 * count; text borrowed where the string outlives the evaluation (a
 * literal, a field's value), a number's and a built string's in buf, a
 * string longer than buf malloc'd (expr_result_free frees it: the
 * sanitizer build would report a leak); on failure false, the message,
 * and an empty string. */
static void
test_eval_result(void **state)
{
	struct arena *a = arena_new();
	struct expr_ctx *ctx = expr_ctx_new("a=5;a=6;b=;.=dot", NULL, NULL);
	struct expr_env env;
	struct expr_result r;
	char *err = NULL, *env_err = NULL, src[600];
	size_t off;

	(void)state;
	expr_ctx_env(ctx, &env);
#define EVAL(text) expr_eval(expr_parse(a, (text), &off, &err), &env, &r, &err)
	assert_true(EVAL("1 div 4"));
	assert_int_equal(r.type, EXPR_NUMBER);
	assert_true(r.number == 0.25 && r.boolean);
	assert_string_equal(r.text, "0.25");
	assert_ptr_equal(r.text, r.buf);
	assert_true(EVAL("'lit'"));
	assert_int_equal(r.type, EXPR_STRING);
	assert_string_equal(r.text, "lit");
	assert_ptr_not_equal(r.text, r.buf); /* the tree's own text */
	assert_true(EVAL("concat('a', ., 'b')"));
	assert_string_equal(r.text, "adotb");
	assert_ptr_equal(r.text, r.buf);     /* copied out of the scratch */
	assert_true(EVAL("${a}"));
	assert_int_equal(r.type, EXPR_NODESET);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.text, "5");
	assert_ptr_not_equal(r.text, r.buf); /* the context's value */
	assert_true(EVAL("${b}"));
	assert_true(r.boolean && r.count == 1 && *r.text == '\0');
	assert_true(EVAL("${a} = 6"));
	assert_int_equal(r.type, EXPR_BOOLEAN);
	assert_string_equal(r.text, "true");
	assert_true(EVAL("0 div 0"));
	assert_string_equal(r.text, "NaN");
	assert_false(r.boolean);
	snprintf(src, sizeof(src), "concat('%0500d', 'x')", 0);
	assert_true(EVAL(src));
	assert_int_equal(strlen(r.text), 501);
	assert_non_null(r.owned);
	assert_ptr_equal(r.text, r.owned);
	expr_result_free(&r);
	assert_null(r.owned);
	env.error = &env_err;
	assert_false(EVAL("no-such-function(1)"));
	assert_int_equal(r.type, EXPR_STRING);
	assert_string_equal(r.text, "");
	assert_string_equal(err, "unknown function no-such-function()");
	assert_string_equal(env_err, err);
	expr_result_free(&r);
#undef EVAL
	free(err);
	free(env_err);
	expr_ctx_free(&ctx);
	arena_free(&a);
}

/* The fields a path reads count as reads (recalculation, cycles): its
 * step names and the bare names of its predicates over fields; never the
 * columns of an instance. */
static void
collect(void *arg, const char *name)
{
	strcat(arg, name);
	strcat(arg, " ");
}

static void
test_path_refs(void **state)
{
	static const struct { const char *src, *refs; } cases[] = {
		{"sum(${hh}[age < 18]/pets)", "age pets hh "},
		{"${hh}[2]/age", "age hh "},
		{"instance('l')/root/item[name = ${x}]/label", "x "},
		{"count(instance('l')/root/item[region = current()/../state])",
		 "state "},
		{"today()", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct arena *a = arena_new();
		char *err = NULL, got[256] = "";
		size_t off;
		struct expr *e = expr_parse(a, cases[i].src, &off, &err);
		assert_non_null(e);
		expr_refs(e, collect, got);
		assert_string_equal(got, cases[i].refs);
		arena_free(&a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_number_format_shortest),
		cmocka_unit_test(test_number_format_exact_range),
		cmocka_unit_test(test_number_format_edges),
		cmocka_unit_test(test_number_read),
		cmocka_unit_test(test_eval_result),
		cmocka_unit_test(test_path_refs),
		cmocka_unit_test(test_shared_table),
		cmocka_unit_test(test_our_table),
	};

	setenv("INTAKE_NOW", "2026-11-22T10:00:00-06:00", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
