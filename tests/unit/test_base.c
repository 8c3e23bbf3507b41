/* Tests for the small base modules: arena, strbuf, diag. */
#include "unittest.h"

#include "arena.h"
#include "diag.h"
#include "strbuf.h"

static void
test_arena_alloc_and_free(void **state)
{
	struct arena *a = arena_new();
	char *big;
	int *v;

	(void)state;
	v = arena_array(a, 1000, sizeof(int));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], 0); /* zero-filled */
	assert_true(((uintptr_t)v % sizeof(max_align_t)) == 0);
	big = arena_alloc(a, 100000);
	big[99999] = 'x';
	assert_string_equal(arena_strdup(a, "hola"), "hola");
	assert_string_equal(arena_strndup(a, "hola", 2), "ho");
	assert_string_equal(arena_printf(a, "%s-%d", "row", 7), "row-7");
	assert_true(arena_used(a) >= 104000);
	arena_free(&a);
	assert_null(a);
	arena_free(&a); /* NULL is allowed */
}

static void
test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	(void)state;
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_puts(&sb, "abc");
	strbuf_putc(&sb, '-');
	strbuf_printf(&sb, "%d", 42);
	assert_string_equal(strbuf_str(&sb), "abc-42");
	assert_int_equal(sb.len, 6);
	strbuf_truncate(&sb, 3);
	assert_string_equal(strbuf_str(&sb), "abc");
	for (int i = 0; i < 1000; i++)
		strbuf_putc(&sb, 'x');
	assert_int_equal(sb.len, 1003);
	s = strbuf_detach(&sb);
	assert_int_equal(strlen(s), 1003);
	assert_null(sb.buf);
	free(s);
	strbuf_free(&sb);
}

static char *
print_to_string(const struct diag *d)
{
	static char buf[2048];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	diag_print(d, f);
	fclose(f);
	return buf;
}

static void
test_diag_format_and_sort(void **state)
{
	struct diag d = DIAG_INIT;

	(void)state;
	diag_add(&d, DIAG_ERROR, "f/survey.csv", 7, "type",
		 "unknown type \"%s\"", "txet");
	diag_add(&d, DIAG_WARNING, "f/settings.csv", 0, NULL, "no settings");
	diag_add(&d, DIAG_ERROR, "f/survey.csv", 3, "name", "missing name");
	assert_true(diag_has_errors(&d));
	assert_int_equal(d.errors, 2);
	assert_int_equal(d.warnings, 1);
	diag_sort(&d);
	assert_string_equal(print_to_string(&d),
			    "f/settings.csv: warning: no settings\n"
			    "f/survey.csv:3: name: error: missing name\n"
			    "f/survey.csv:7: type: error: unknown type \"txet\"\n");
	diag_free(&d);
	assert_int_equal(d.n, 0);
}

static void
test_diag_caret_counts_columns(void **state)
{
	struct diag d = DIAG_INIT;

	(void)state;
	/* the caret goes under "+", after "año" which is 3 columns, 4 bytes */
	diag_add_caret(&d, DIAG_ERROR, "s.csv", 4, "relevant", "${año} + + 1",
		       strlen("${año} + "), "expected a value");
	assert_string_equal(print_to_string(&d),
			    "s.csv:4: relevant: error: expected a value\n"
			    "    ${año} + + 1\n"
			    "             ^\n");
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_and_free),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_diag_format_and_sort),
		cmocka_unit_test(test_diag_caret_counts_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
