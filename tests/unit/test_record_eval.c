/*
 * Tests for record_eval: the form's confidential_if evaluated on a
 * finished record's stored values, with top-level fields, a calculation's
 * stored value, fields inside a repeat (one node per instance, repeat
 * markers not counted) and fields the record does not hold.
 */
#include "unittest.h"

#include <unistd.h>

#include "diag.h"
#include "form.h"
#include "record_eval.h"

static char dir[256];

static void
put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A household form: confidential when its calculation says so, or when
 * there are more than two children. */
static struct form *
household_form(const char *confidential_if)
{
	struct diag d = DIAG_INIT;
	char settings[512];
	struct form *f;

	put("survey.csv",
	    "type,name,label,calculation\n"
	    "integer,household,People,\n"
	    "begin_repeat,child,Child,\n"
	    "integer,child_age,Age,\n"
	    "end_repeat,,,\n"
	    "calculate,c_flag,,\"if(${household} > 6, 'yes', 'no')\"\n");
	snprintf(settings, sizeof(settings),
		 "form_title,form_id,version,confidential_if\nT,t,1,\"%s\"\n",
		 confidential_if);
	put("settings.csv", settings);
	f = form_load(dir, &d, false);
	diag_free(&d);
	assert_non_null(f);
	return f;
}

#define E(path, value) {path, value, IV_ANSWERED, "", true, false}

static void
test_calculation_value(void **state)
{
	struct form *f = household_form("${c_flag} = 'yes' or count(${child_age}) > 2");
	struct iv_entry yes[] = {E("household", "7"), E("c_flag", "yes")};
	struct iv_entry no[] = {E("household", "3"), E("c_flag", "no")};

	(void)state;
	assert_true(record_confidential(f, yes, 2));
	assert_false(record_confidential(f, no, 2));
	form_free(&f);
}

static void
test_repeat_instances(void **state)
{
	struct form *f = household_form("${c_flag} = 'yes' or count(${child_age}) > 2");
	struct iv_entry two[] = {
		E("household", "3"), E("child[1]", ""), E("child[1]/child_age", "7"),
		E("child[2]", ""), E("child[2]/child_age", "2"), E("c_flag", "no")};
	struct iv_entry three[] = {
		E("child[1]/child_age", "7"), E("child[2]/child_age", "2"),
		E("child[3]/child_age", "1")};

	(void)state;
	assert_false(record_confidential(f, two, 6));
	assert_true(record_confidential(f, three, 3));
	form_free(&f);
}

static void
test_existential_comparison(void **state)
{
	struct form *f = household_form("${child_age} < 5");
	struct iv_entry young[] = {E("child[1]/child_age", "9"),
				   E("child[2]/child_age", "2")};
	struct iv_entry old[] = {E("child[1]/child_age", "9")};

	(void)state;
	assert_true(record_confidential(f, young, 2));
	assert_false(record_confidential(f, old, 1));
	form_free(&f);
}

static void
test_missing_values(void **state)
{
	struct form *f = household_form("${c_flag} = '' and count(${child_age}) = 0");

	(void)state;
	assert_true(record_confidential(f, NULL, 0));
	form_free(&f);
}

static void
test_no_setting(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	struct iv_entry e[] = {E("household", "9")};

	(void)state;
	put("settings.csv", "form_title,form_id,version\nT,t,1\n");
	f = form_load(dir, &d, false);
	diag_free(&d);
	assert_non_null(f);
	assert_null(f->confidential_if.ast);
	assert_false(record_confidential(f, e, 1));
	form_free(&f);
}

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make(dir, sizeof(dir), "receval");
}

static int
teardown(void **state)
{
	(void)state;
	return tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calculation_value),
		cmocka_unit_test(test_repeat_instances),
		cmocka_unit_test(test_existential_comparison),
		cmocka_unit_test(test_missing_values),
		cmocka_unit_test(test_no_setting),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
