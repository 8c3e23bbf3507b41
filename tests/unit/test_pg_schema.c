/* Tests for pg_schema (no server needed): identifier quoting, JSON
 * strings, the type of each question type, parameter text for each
 * column type, the push queue's acknowledgements. */
#include "unittest.h"

#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pg_schema.h"
#include "pushq.h"
#include "strbuf.h"

static void
test_quote_ident(void **state)
{
	char *q;

	(void)state;
	q = pg_quote_ident("screening-child");
	assert_string_equal(q, "\"screening-child\"");
	free(q);
	q = pg_quote_ident("a\"b; DROP TABLE x");
	assert_string_equal(q, "\"a\"\"b; DROP TABLE x\"");
	free(q);
}

static void
test_json_string(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	pg_json_string(&sb, "Sí \"x\"\\\n\t\x01");
	assert_string_equal(strbuf_str(&sb), "\"Sí \\\"x\\\"\\\\\\n\\t\\u0001\"");
	strbuf_free(&sb);
}

static void
test_types(void **state)
{
	(void)state;
	assert_string_equal(pg_ctype_sql(pg_ctype_of(Q_INTEGER)), "bigint");
	assert_string_equal(pg_ctype_sql(pg_ctype_of(Q_DECIMAL)), "numeric");
	assert_string_equal(pg_ctype_sql(pg_ctype_of(Q_TODAY)), "date");
	assert_string_equal(pg_ctype_sql(pg_ctype_of(Q_END)), "timestamptz");
	assert_string_equal(pg_ctype_sql(pg_ctype_of(Q_SELECT_MULTIPLE)), "text[]");
	assert_string_equal(pg_ctype_sql(pg_ctype_of(Q_SELECT_ONE)), "text");
	assert_string_equal(pg_ctype_catalog(PG_TIMESTAMPTZ),
			    "timestamp with time zone");
}

static char *
cell(enum pg_ctype t, const char *value, enum iv_state st)
{
	struct pg_column c = {"x", t, NULL, false};
	struct answer a = {(char *)"x", (char *)value, st, (char *)""};

	return pg_cell(&c, &a);
}

static void
expect_cell(enum pg_ctype t, const char *value, const char *want)
{
	char *got = cell(t, value, IV_ANSWERED);

	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

static void
test_cells(void **state)
{
	(void)state;
	expect_cell(PG_BIGINT, "-42", "-42");
	expect_cell(PG_BIGINT, "4.5", NULL);
	expect_cell(PG_BIGINT, "1234567890123456789", NULL); /* past 18 digits */
	expect_cell(PG_NUMERIC, "1e3", "1e3");
	expect_cell(PG_NUMERIC, "nan", NULL);
	expect_cell(PG_DATE, "2026-11-22", "2026-11-22");
	expect_cell(PG_DATE, "11/22/2026", NULL);
	expect_cell(PG_TIMESTAMPTZ, "2026-11-22T10:00:00.000-06:00",
		    "2026-11-22T10:00:00.000-06:00");
	expect_cell(PG_TIMESTAMPTZ, "today", NULL);
	expect_cell(PG_TEXT_ARRAY, "es  mam", "{\"es\",\"mam\"}");
	expect_cell(PG_TEXT, "", NULL);
	expect_cell(PG_TEXT, "=1+1", "=1+1");
	assert_null(cell(PG_TEXT, "dont_know", IV_DONT_KNOW));
	assert_null(pg_cell(&(struct pg_column){"x", PG_TEXT, NULL, false}, NULL));
}

static void
test_queue(void **state)
{
	char dir[] = "/tmp/pushq.XXXXXX";
	char *path, *msg = NULL;
	struct pushq_item *items;
	size_t n;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(pushq_count(dir), 0); /* no records folder yet */
	path = malloc(strlen(dir) + 64);
	sprintf(path, "%s/records", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	for (int i = 0; i < 3; i++) {
		sprintf(path, "%s/records/id%d.%s", dir, i, i == 2 ? "age" : "csv");
		fp = fopen(path, "w");
		fputs("x\n", fp);
		fclose(fp);
	}
	sprintf(path, "%s/records/notes.txt", dir);
	fclose(fopen(path, "w"));
	n = pushq_list(dir, &items);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].id, "id0");
	assert_false(items[0].sealed);
	assert_true(items[2].sealed);
	pushq_free(items, n);
	assert_int_equal(pushq_ack(dir, "id1", &msg), 0);
	assert_int_equal(pushq_count(dir), 2);
	/* a record changed after its acknowledgement is queued again */
	sprintf(path, "%s/pushed/id1", dir);
	{
		struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
		assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	}
	assert_int_equal(pushq_count(dir), 3);
	assert_null(pushq_auto_url(dir));
	assert_int_equal(pushq_set_auto(dir, "host=/x dbname=y", &msg), 0);
	{
		char *url = pushq_auto_url(dir);
		assert_string_equal(url, "host=/x dbname=y");
		free(url);
	}
	assert_int_equal(pushq_set_auto(dir, NULL, &msg), 0);
	assert_null(pushq_auto_url(dir));
	sprintf(path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_ident),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
