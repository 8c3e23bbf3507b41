/*
 * Tests for csvio: the libcsv layer.  Every input is also re-fed in every
 * chunk size from 1 byte up to its whole length, and must give the same
 * rows (libcsv's own test_csv.c does the same).
 */
#include "unittest.h"
#include "render_table.h"

#include "csvio.h"
#include "diag.h"

static int
parse_chunked(const char *in, size_t len, size_t chunk, struct csv_table *t,
	      struct diag *d)
{
	struct csvio_reader *r = csvio_reader_new("t.csv");

	for (size_t i = 0; i < len; i += chunk)
		csvio_reader_feed(r, in + i, len - i < chunk ? len - i : chunk);
	return csvio_reader_finish(r, t, d);
}

/* Parses in every chunk size; all must succeed and render to expected. */
static void
check_parse(const char *in, size_t len, const char *expected)
{
	for (size_t chunk = 1; chunk <= (len ? len : 1); chunk++) {
		struct csv_table t = {0};
		struct diag d = DIAG_INIT;
		int rc = parse_chunked(in, len, chunk, &t, &d);
		if (rc != 0)
			diag_print(&d, stderr);
		assert_int_equal(rc, 0);
		assert_string_equal(render(&t), expected);
		csvio_table_free(&t);
		diag_free(&d);
	}
}

static void expect_error(const char *in, size_t len, const char *needle,
			 unsigned row);

#define CHECK(in, expected) check_parse(in, sizeof(in) - 1, expected)

static void
test_simple_lf(void **state)
{
	(void)state;
	CHECK("type,name\ntext,a\n", "1:type|name\n2:text|a\n");
}

static void
test_crlf_and_no_final_newline(void **state)
{
	(void)state;
	CHECK("a,b\r\nc,d", "1:a|b\n2:c|d\n");
	CHECK("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
}

static void
test_bom_stripped(void **state)
{
	(void)state;
	CHECK("\xEF\xBB\xBFtype,name\nnote,n\n", "1:type|name\n2:note|n\n");
	CHECK("\xEF\xBB\xBF\"type\",name\n", "1:type|name\n");
	/* a partial BOM is data, not a BOM: here invalid UTF-8 */
	expect_error("\xEF\xBBtype\n", 7, "not valid UTF-8", 1);
}

static void
test_quoted_cells(void **state)
{
	(void)state;
	CHECK("\"a,b\",\"say \"\"hi\"\"\"\n", "1:a,b|say \"hi\"\n");
	/* a quoted newline keeps the record on one spreadsheet row */
	CHECK("x,\"line1\nline2\"\ny,z\n", "1:x|line1\nline2\n2:y|z\n");
	CHECK("x,\"cr\r\nlf\"\r\ny\r\n", "1:x|cr\r\nlf\n2:y\n");
}

static void
test_spaces_kept(void **state)
{
	(void)state;
	CHECK(" a , b\t\n", "1: a | b\t\n");
}

static void
test_blank_lines_count_as_rows(void **state)
{
	(void)state;
	CHECK("a\n\nb\n", "1:a\n3:b\n");
	CHECK("a\r\n\r\nb\r\n", "1:a\n3:b\n");
	CHECK("a\n,\nb\n", "1:a\n2:|\n3:b\n");
}

static void
test_ragged_rows(void **state)
{
	(void)state;
	CHECK("a,b,c\nd\ne,f\n", "1:a|b|c\n2:d\n3:e|f\n");
}

static void
test_cell_access(void **state)
{
	struct csv_table t = {0};
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(csvio_read_mem("m.csv", "a,b\nc\n", 6, &t, &d), 0);
	assert_string_equal(csvio_cell(&t.rows[1], 0), "c");
	assert_string_equal(csvio_cell(&t.rows[1], 5), "");
	assert_string_equal(t.path, "m.csv");
	csvio_table_free(&t);
	diag_free(&d);
}

static void
expect_error(const char *in, size_t len, const char *needle, unsigned row)
{
	for (size_t chunk = 1; chunk <= len; chunk++) {
		struct csv_table t = {0};
		struct diag d = DIAG_INIT;
		assert_int_equal(parse_chunked(in, len, chunk, &t, &d), -1);
		assert_int_equal(d.errors, 1);
		assert_non_null(strstr(d.v[0].message, needle));
		assert_int_equal(d.v[0].row, row);
		assert_string_equal(d.v[0].path, "t.csv");
		csvio_table_free(&t);
		diag_free(&d);
	}
}

static void
test_malformed_quotes(void **state)
{
	(void)state;
	/* unterminated quote at end of input */
	expect_error("a,b\n\"open\n", 10, "malformed CSV", 2);
	/* text after a closing quote */
	expect_error("a\n\"x\"y,z\n", 9, "malformed CSV", 2);
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* Latin-1 "é" as Excel's plain "CSV" saves it */
	expect_error("type,label\nnote,caf\xE9\n", 21, "not valid UTF-8", 2);
	/* overlong encoding of '/' */
	expect_error("\xC0\xAF\n", 3, "cell 1", 1);
}

static void
test_missing_file(void **state)
{
	struct csv_table t = {0};
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(csvio_read_file("/nonexistent/x.csv", &t, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.v[0].message, "cannot open"));
	csvio_table_free(&t);
	diag_free(&d);
}

static char *
write_to_string(const char *const *cells, size_t n, const char *eol)
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	assert_int_equal(csvio_write_row(f, cells, n, eol), 0);
	fclose(f);
	return buf;
}

static void
test_write_quotes_when_needed(void **state)
{
	const char *plain[] = {"a", "b c", "ñandú", ""};
	const char *special[] = {"x,y", "say \"hi\"", "two\nlines", " pad "};

	(void)state;
	assert_string_equal(write_to_string(plain, 4, "\r\n"),
			    "a,b c,ñandú,\r\n");
	assert_string_equal(write_to_string(special, 4, "\n"),
			    "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\","
			    "\" pad \"\n");
}

static void
test_write_read_round_trip(void **state)
{
	const char *cells[] = {"=1+1", "a,\"b\"", "line\r\nbreak", " x", ""};
	char *out = write_to_string(cells, 5, "\r\n");
	struct csv_table t = {0};
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(csvio_read_mem("rt", out, strlen(out), &t, &d), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.rows[0].n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(t.rows[0].cells[i], cells[i]);
	csvio_table_free(&t);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_lf),
		cmocka_unit_test(test_crlf_and_no_final_newline),
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_quoted_cells),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_blank_lines_count_as_rows),
		cmocka_unit_test(test_ragged_rows),
		cmocka_unit_test(test_cell_access),
		cmocka_unit_test(test_malformed_quotes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_write_quotes_when_needed),
		cmocka_unit_test(test_write_read_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
