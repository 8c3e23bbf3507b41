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
		cmocka_unit_test(test_path_refs),
		cmocka_unit_test(test_shared_table),
		cmocka_unit_test(test_our_table),
	};

	setenv("INTAKE_NOW", "2026-11-22T10:00:00-06:00", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
