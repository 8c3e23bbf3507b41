/*
 * bench: the performance figures of the README, run by hand (not in the
 * test suite, where timings on a shared machine would be flaky):
 *
 *     build/tests/bench/bench [SOURCE_ROOT]
 *
 *   load      generate a 10,000-question form, time form_load + checks
 *   expr      parse and evaluate the conformance expressions
 *   answer    one answer that feeds a few calculations, on forms of 100,
 *             1,000 and 10,000 questions (the cost must not grow)
 *   replay    replays of the screening form per second
 *
 * Every figure is the median of several runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "expr.h"
#include "expr_ctx.h"
#include "form.h"
#include "interview.h"
#include "replay.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* A form of n questions: integers, with a calculation every 50 rows that
 * reads the question before it; q0 is read by three of them, and a
 * group's relevance every 500 rows reads the question opening it. */
static void
make_form(const char *dir, int n)
{
	char path[512];
	FILE *f;

	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/survey.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "type,name,label,label::es,relevant,constraint,calculation\n");
	for (int i = 0; i < n; i++) {
		if (i > 0 && i % 50 == 0)
			fprintf(f, "calculate,c%d,,,,,\"${q%d} * 2 + %d\"\n", i,
				i <= 150 ? 0 : i - 1, i);
		fprintf(f, "integer,q%d,Question %d,Pregunta %d,%s,. >= 0,\n", i, i,
			i, i % 500 == 1 ? "${q1} != 0" : "");
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/settings.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "form_title,form_id,version,default_language\nBench,bench,1,en\n");
	fclose(f);
}

static struct form *
load(const char *dir)
{
	struct diag d = DIAG_INIT;
	struct form *f = form_load(dir, &d, false);

	if (f == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	return f;
}

static void
bench_load(const char *tmp)
{
	char dir[512];
	double t[11];

	snprintf(dir, sizeof(dir), "%s/load", tmp);
	make_form(dir, 10000);
	for (int r = 0; r < 11; r++) {
		double t0 = now_s();
		struct form *f = load(dir);
		t[r] = now_s() - t0;
		form_free(&f);
	}
	printf("load+check, 10,000-question form: median %.1f ms\n",
	       median(t, 11) * 1e3);
}

/* CPU time of this thread: on a shared machine, time spent waiting for
 * a core does not count (peer-bench.mjs --cases measures the same way). */
static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* BENCH_CASES=1: each case alone, "case ROW US" lines (the median of 5
 * runs of 20 ms of CPU time), for tests/bench/xpath-ratio.sh to set
 * beside the peer's figures of the same TSV rows.  Each evaluation gives
 * the string() of the result, as the peers' stringValue does (expr_eval:
 * into a result on the stack, a number formatted). */
static void
bench_expr_cases(struct expr **e, struct expr_ctx **ctx, const int *row,
		 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct expr_env env;
		struct expr_result res;
		double us[5];
		expr_ctx_env(ctx[i], &env);
		for (int r = 0; r < 5; r++) {
			long count = 0;
			double t0 = cpu_s(), t;
			do {
				for (int k = 0; k < 100; k++) {
					expr_eval(e[i], &env, &res, NULL);
					expr_result_free(&res);
				}
				count += 100;
			} while ((t = cpu_s() - t0) < 0.02);
			us[r] = t / (double)count * 1e6;
		}
		printf("case %d %.4f\n", row[i], median(us, 5));
	}
}

static void
bench_expr(const char *root)
{
	char path[512], line[4096];
	struct arena *a = arena_new();
	struct expr *e[400];
	struct expr_ctx *ctx[400];
	size_t n = 0, off;
	char *err = NULL;
	double parse[400], evals[5];
	int row[400], r0 = 1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/xpath-cases.tsv", root);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f) && n < 400) {
		char *src = line, *c = strchr(line, '\t'), *c2;
		row[n] = r0++; /* the TSV line, header = 1 */
		if (c == NULL || strncmp(line, "expr\t", 5) == 0)
			continue;
		*c = '\0';
		c2 = strchr(c + 1, '\t');
		if (c2)
			*c2 = '\0';
		double t0 = now_s();
		e[n] = expr_parse(a, src, &off, &err);
		parse[n] = now_s() - t0;
		free(err);
		err = NULL;
		ctx[n] = expr_ctx_new(c + 1, NULL, &err);
		free(err);
		err = NULL;
		if (e[n] && ctx[n])
			n++;
	}
	if (f)
		fclose(f);
	for (int r = 0; r < 5; r++) {
		long count = 0;
		double t0 = now_s();
		for (int k = 0; k < (getenv("BENCH_QUICK") ? 5 : 200); k++) {
			for (size_t i = 0; i < n; i++) {
				struct expr_env env;
				struct expr_result res;
				expr_ctx_env(ctx[i], &env);
				expr_eval(e[i], &env, &res, NULL);
				expr_result_free(&res);
				count++;
			}
		}
		evals[r] = (double)count / (now_s() - t0);
	}
	printf("expressions: %zu conformance cases; parse median %.2f us; "
	       "evaluation median %.0f per second (%.2f us each)\n",
	       n, median(parse, n) * 1e6, median(evals, 5), 1e6 / median(evals, 5));
	if (getenv("BENCH_CASES"))
		bench_expr_cases(e, ctx, row, n);
	for (size_t i = 0; i < n; i++)
		expr_ctx_free(&ctx[i]);
	arena_free(&a);
}

/* One answer to q0 (read by 3 calculations and by every row's
 * relevance), then moving on; medians of the per-answer time. */
static void
bench_answer(const char *tmp)
{
	static const int sizes[] = {100, 1000, 10000};

	for (size_t s = 0; s < 3; s++) {
		char dir[512];
		double t[201];
		struct form *f;
		struct interview *iv;

		snprintf(dir, sizeof(dir), "%s/answer%d", tmp, sizes[s]);
		make_form(dir, sizes[s]);
		f = load(dir);
		iv = iv_new(f, NULL);
		for (int r = 0; r < 201; r++) {
			char v[16];
			double t0 = now_s();
			snprintf(v, sizeof(v), "%d", r + 1);
			iv_answer(iv, v, NULL);
			free(iv_value(iv, "c50")); /* read a calculation it feeds */
			t[r] = now_s() - t0;
		}
		printf("one answer feeding 3 calculations, %5d questions: median %.1f us\n",
		       sizes[s], median(t, 201) * 1e6);
		iv_free(&iv);
		form_free(&f);
	}
}

static void
bench_replay(const char *root)
{
	char form_dir[512], answers[512];
	struct replay_answers a = {0};
	struct diag d = DIAG_INIT;
	struct form *f;
	double rates[5];

	snprintf(form_dir, sizeof(form_dir), "%s/forms/screening", root);
	snprintf(answers, sizeof(answers), "%s/tests/personas/base.csv", root);
	setenv("INTAKE_NOW", "2026-11-22", 1);
	f = load(form_dir);
	replay_read(answers, &a, &d);
	/* a person: the base answers plus persona P01's facts */
	snprintf(answers, sizeof(answers), "%s/tests/bench/person.csv", root);
	replay_read(answers, &a, &d);
	for (int r = 0; r < 5; r++) {
		int count = 0;
		double t0 = now_s();
		while (now_s() - t0 < 1.0) {
			struct interview *iv = iv_new(f, NULL);
			if (replay_run(iv, &a, &d) != 0) {
				diag_print(&d, stderr);
				exit(1);
			}
			iv_free(&iv);
			count++;
		}
		rates[r] = count / (now_s() - t0);
	}
	printf("replays of the screening form (310 rows, one person): median %.0f per second\n",
	       median(rates, 5));
	replay_answers_free(&a);
	diag_free(&d);
	form_free(&f);
}

int
main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : ".";
	char tmp[] = "/tmp/intake-bench-XXXXXX";
	char cmd[600];

	const char *only = getenv("BENCH"); /* load, expr, answer or replay */

	if (mkdtemp(tmp) == NULL)
		return 1;
	if (only == NULL || strcmp(only, "load") == 0)
		bench_load(tmp);
	if (only == NULL || strcmp(only, "expr") == 0)
		bench_expr(root);
	if (only == NULL || strcmp(only, "answer") == 0)
		bench_answer(tmp);
	if (only == NULL || strcmp(only, "replay") == 0)
		bench_replay(root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) != 0;
}
