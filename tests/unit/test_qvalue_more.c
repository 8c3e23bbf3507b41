/*
 * Tests for qvalue_more: geopoint, geotrace, geoshape, range and rank
 * answers as typed on a terminal, accepted in their stored form or
 * refused with the message that says what to type.
 */
#include "unittest.h"

#include "form.h"
#include "qvalue.h"

/* The stored answer for input, or NULL when refused with want_err. */
static char *
parse(const struct form_field *q, const char *input, enum msg_id want_err)
{
	char *out = NULL;
	enum msg_id err = MSG_COUNT;

	if (qvalue_parse(q, input, &out, &err))
		return out;
	assert_null(out);
	assert_int_equal(err, want_err);
	return NULL;
}

static void
expect(const struct form_field *q, const char *input, const char *want)
{
	char *got = parse(q, input, MSG_COUNT);

	if (got == NULL)
		fail_msg("\"%s\" was refused, expected \"%s\"", input, want);
	assert_string_equal(got, want);
	free(got);
}

static void
refuse(const struct form_field *q, const char *input, enum msg_id err)
{
	char *got = parse(q, input, err);

	if (got != NULL)
		fail_msg("\"%s\" was accepted as \"%s\"", input, got);
}

static void
test_geopoint(void **state)
{
	struct form_field q = {.type = Q_GEOPOINT};

	(void)state;
	expect(&q, "14.08 -87.21", "14.08 -87.21");
	expect(&q, "  14.0800   -87.21  1020 5 ", "14.08 -87.21 1020 5");
	expect(&q, "-90 180", "-90 180");
	refuse(&q, "90.5 10", MSG_BAD_GEOPOINT);
	refuse(&q, "10 -180.01", MSG_BAD_GEOPOINT);
	refuse(&q, "14.08", MSG_BAD_GEOPOINT);
	refuse(&q, "14.08 -87.21 1 -3", MSG_BAD_GEOPOINT);   /* accuracy < 0 */
	refuse(&q, "14.08 -87.21 1 2 3", MSG_BAD_GEOPOINT);
	refuse(&q, "14,08 -87,21", MSG_BAD_GEOPOINT);
	refuse(&q, "nan 1", MSG_BAD_GEOPOINT);
	refuse(&q, "1e1 2", MSG_BAD_GEOPOINT);
	refuse(&q, "1 2; 3 4", MSG_BAD_GEOPOINT);
}

static void
test_geotrace_geoshape(void **state)
{
	struct form_field t = {.type = Q_GEOTRACE}, s = {.type = Q_GEOSHAPE};

	(void)state;
	expect(&t, "1 2;3 4", "1 2;3 4");
	expect(&t, "1 2 ; 3 4 ;", "1 2;3 4");
	refuse(&t, "1 2", MSG_BAD_GEOTRACE);
	refuse(&t, "1 2;;3 4", MSG_BAD_GEOTRACE);
	refuse(&t, "1 2;3", MSG_BAD_GEOTRACE);
	/* a shape is stored closed, whether typed closed or not */
	expect(&s, "1 2;3 4;5 6", "1 2;3 4;5 6;1 2");
	expect(&s, "1 2;3 4;5 6;1 2", "1 2;3 4;5 6;1 2");
	refuse(&s, "1 2;3 4;1 2", MSG_BAD_GEOSHAPE);
	refuse(&s, "1 2;3 4", MSG_BAD_GEOSHAPE);
}

static void
test_range(void **state)
{
	struct form_field q = {.type = Q_RANGE, .range_start = 0,
			       .range_end = 10, .range_step = 2};
	struct form_field down = {.type = Q_RANGE, .range_start = 5,
				  .range_end = 1, .range_step = 0.5};

	(void)state;
	expect(&q, "0", "0");
	expect(&q, " 4 ", "4");
	expect(&q, "10.0", "10");
	refuse(&q, "3", MSG_BAD_RANGE);
	refuse(&q, "12", MSG_BAD_RANGE);
	refuse(&q, "-2", MSG_BAD_RANGE);
	refuse(&q, "four", MSG_BAD_RANGE);
	expect(&down, "1.5", "1.5");
	refuse(&down, "1.25", MSG_BAD_RANGE);
	refuse(&down, "5.5", MSG_BAD_RANGE);
}

static void
test_rank(void **state)
{
	struct form_choice c[3] = {{.name = "food"}, {.name = "housing"},
				   {.name = "work"}};
	struct form_list l = {.name = "needs", .choices = c, .n = 3};
	struct form_field q = {.type = Q_RANK, .list = &l};

	(void)state;
	expect(&q, "work food housing", "work food housing");
	expect(&q, "3, 1, 2", "work food housing");
	expect(&q, "2 work 1", "housing work food");
	refuse(&q, "work food", MSG_BAD_RANK);
	refuse(&q, "work food food housing", MSG_BAD_RANK);
	refuse(&q, "work food 3", MSG_BAD_RANK);
	refuse(&q, "work food rent", MSG_BAD_RANK);
	refuse(&q, "4 1 2", MSG_BAD_RANK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geopoint),
		cmocka_unit_test(test_geotrace_geoshape),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_rank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
