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

/* Numbers of every size: the text reads back as the same double, has no
 * exponent, and has no more significant digits than the shortest %.*g
 * that reads back (the reference the fast paths must match). */
static void
test_number_format_shortest(void **state)
{
	char buf[400], ref[64];
	unsigned long long seed = 88172645463325252ULL;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		double x, m;
		int p;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		m = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
		x = ldexp(m, (int)(seed % 140) - 60); /* to 2^80 */
		if (i % 3 == 0) /* short decimals: 0.07, 123.45, 1e-7 */
			x = (double)(seed % 100000) / pow(10, (double)(seed % 12));
		if (i % 2)
			x = -x;
		expr_format_number(x, buf, sizeof(buf));
		assert_null(strchr(buf, 'e'));
		assert_true(strtod(buf, NULL) == x);
		for (p = 1; p < 17; p++) {
			snprintf(ref, sizeof(ref), "%.*g", p, x);
			if (strtod(ref, NULL) == x)
				break;
		}
		if (x != 0 && sig_digits(buf) > p)
			fail_msg("%.17g printed as %s, %d digits do", x, buf, p);
	}
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

/* The exact 128-bit formatter (numbers not whole from 1e-5 to 2^53,
 * every binary exponent of that range, powers of two and their
 * neighbours, whose lower gap is half the upper) against printf:
 * 300,000 numbers (kept under the test timeout with sanitizers; the same
 * loop was run on millions by hand), each read back exactly, no longer
 * than the shortest %.*g that reads back, and with its very digits. */
static void
test_number_format_exact_range(void **state)
{
	char buf[400], ref[64];
	unsigned long long seed = 0x9E3779B97F4A7C15ULL;

	(void)state;
	for (int i = 0; i < 300000; i++) {
		double x;
		int p;
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		x = ldexp((double)((seed >> 11) | (1ULL << 52)), (int)(seed % 70) - 69);
		if (i % 4 == 1) /* a power of two, or next to one */
			x = ldexp(1.0 + (double)(seed % 3 == 0) * 0x1p-52,
				  (int)(seed % 69) - 17) * (seed % 3 == 2 ? 1 - 0x1p-53 : 1);
		if (i % 4 == 2) /* a short decimal: 0.07, 123.45, 0.00012 */
			x = (double)(seed % 10000000 + 1) /
			    pow(10, (double)((seed >> 24) % 12 + 1));
		if (i % 2)
			x = -x;
		expr_format_number(x, buf, sizeof(buf));
		if (strchr(buf, 'e') != NULL || strtod(buf, NULL) != x)
			fail_msg("%.17g printed as %s", x, buf);
		for (p = 1; p < 17; p++) {
			snprintf(ref, sizeof(ref), "%.*g", p, x);
			if (strtod(ref, NULL) == x)
				break;
		}
		if (sig_digits(buf) > p)
			fail_msg("%.17g printed as %s, %d digits do", x, buf, p);
		/* and the same digits: x correctly rounded, as printf does */
		snprintf(ref, sizeof(ref), "%.*e", p - 1, x);
		if (strcmp(digit_string(buf), digit_string(ref)) != 0)
			fail_msg("%.17g printed as %s, printf %s", x, buf, ref);
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
		cmocka_unit_test(test_number_read),
		cmocka_unit_test(test_path_refs),
		cmocka_unit_test(test_shared_table),
		cmocka_unit_test(test_our_table),
	};

	setenv("INTAKE_NOW", "2026-11-22T10:00:00-06:00", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
