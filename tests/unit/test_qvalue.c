/* Tests for qvalue: what a person types becomes the stored answer. */
#include "unittest.h"

#include "qvalue.h"

static struct form_choice yn_choices[] = {
	{.name = "yes"}, {.name = "no"}, {.name = "dont_remember"},
};
static struct form_list yn = {.name = "yn", .choices = yn_choices, .n = 3};

static struct form_choice color_choices[] = {
	{.name = "red"}, {.name = "green"}, {.name = "blue"},
};
static struct form_list colors = {.name = "c", .choices = color_choices,
				  .n = 3};

static void
ok(enum qtype t, const char *in, const char *want)
{
	struct form_field q = {.type = t, .name = "q", .list = &colors};
	char *out = NULL;
	enum msg_id err = MSG_COUNT;

	if (!qvalue_parse(&q, in, &out, &err))
		fail_msg("\"%s\" refused (message %d)", in, err);
	assert_string_equal(out, want);
	free(out);
}

static void
bad(enum qtype t, const char *in, enum msg_id want)
{
	struct form_field q = {.type = t, .name = "q", .list = &colors};
	char *out = (char *)"sentinel";
	enum msg_id err = MSG_COUNT;

	if (qvalue_parse(&q, in, &out, &err))
		fail_msg("\"%s\" accepted as \"%s\"", in, out);
	assert_null(out);
	assert_int_equal(err, want);
}

static void
test_integer(void **state)
{
	(void)state;
	ok(Q_INTEGER, "42", "42");
	ok(Q_INTEGER, " -7 ", "-7");
	ok(Q_INTEGER, "+3", "3");
	ok(Q_INTEGER, "007", "7");
	ok(Q_INTEGER, "1,200", "1200");
	ok(Q_INTEGER, "1,234,567", "1234567");
	bad(Q_INTEGER, "12,34", MSG_BAD_INTEGER);
	bad(Q_INTEGER, "3.5", MSG_BAD_INTEGER);
	bad(Q_INTEGER, "three", MSG_BAD_INTEGER);
	bad(Q_INTEGER, "-", MSG_BAD_INTEGER);
	bad(Q_INTEGER, "99999999999", MSG_INTEGER_RANGE);
	ok(Q_INTEGER, "2147483647", "2147483647");
	bad(Q_INTEGER, "2147483648", MSG_INTEGER_RANGE);
}

static void
test_decimal(void **state)
{
	(void)state;
	ok(Q_DECIMAL, "12.50", "12.50");
	ok(Q_DECIMAL, ".5", "0.5");
	ok(Q_DECIMAL, "-0.25", "-0.25");
	ok(Q_DECIMAL, "+4", "4");
	ok(Q_DECIMAL, "1,500.75", "1500.75");
	bad(Q_DECIMAL, "1,5", MSG_BAD_DECIMAL);
	bad(Q_DECIMAL, "1e3", MSG_BAD_DECIMAL);
	bad(Q_DECIMAL, ".", MSG_BAD_DECIMAL);
	bad(Q_DECIMAL, "1.2.3", MSG_BAD_DECIMAL);
}

static void
test_date(void **state)
{
	(void)state;
	ok(Q_DATE, "2024-03-14", "2024-03-14");
	ok(Q_DATE, "2024-3-4", "2024-03-04");
	ok(Q_DATE, "3/14/2024", "2024-03-14");
	ok(Q_DATE, "03-14-2024", "2024-03-14");
	ok(Q_DATE, "03142024", "2024-03-14");
	ok(Q_DATE, "20240314", "2024-03-14");
	ok(Q_DATE, "2/29/2024", "2024-02-29");
	bad(Q_DATE, "2/29/2023", MSG_NO_SUCH_DATE);
	bad(Q_DATE, "14/3/2024", MSG_NO_SUCH_DATE);
	bad(Q_DATE, "2024-02-30", MSG_NO_SUCH_DATE);
	bad(Q_DATE, "3/14/24", MSG_YEAR_DIGITS);
	bad(Q_DATE, "March 14", MSG_BAD_DATE);
	bad(Q_DATE, "2024/03", MSG_BAD_DATE);
	bad(Q_DATE, "", MSG_BAD_DATE);
	ok(Q_DATE, "1900-02-28", "1900-02-28");
	bad(Q_DATE, "1900-02-29", MSG_NO_SUCH_DATE);
	ok(Q_DATE, "2000-02-29", "2000-02-29");
}

static void
test_time_and_datetime(void **state)
{
	(void)state;
	ok(Q_TIME, "14:30", "14:30:00");
	ok(Q_TIME, "9:05:07", "09:05:07");
	ok(Q_TIME, "2:30 pm", "14:30:00");
	ok(Q_TIME, "12 am", "00:00:00");
	ok(Q_TIME, "12:15 PM", "12:15:00");
	bad(Q_TIME, "25:00", MSG_BAD_TIME);
	bad(Q_TIME, "14", MSG_BAD_TIME);
	bad(Q_TIME, "13 pm", MSG_BAD_TIME);
	ok(Q_DATETIME, "2024-03-14 14:30", "2024-03-14T14:30:00");
	ok(Q_DATETIME, "2024-03-14T14:30:00-06:00", "2024-03-14T14:30:00-06:00");
	ok(Q_DATETIME, "3/14/2024 2:30 pm", "2024-03-14T14:30:00");
	ok(Q_DATETIME, "2024-03-14T08:00Z", "2024-03-14T08:00:00Z");
	bad(Q_DATETIME, "2024-03-14", MSG_BAD_DATETIME);
	bad(Q_DATETIME, "2024-03-14 14:30 +99:00", MSG_BAD_DATETIME);
}

static void
test_selects(void **state)
{
	struct form_field one = {.type = Q_SELECT_ONE, .list = &yn};
	struct form_field other = {.type = Q_SELECT_ONE, .list = &yn,
				   .or_other = true};
	char *out;
	enum msg_id err;

	(void)state;
	assert_true(qvalue_parse(&one, " no ", &out, &err));
	assert_string_equal(out, "no");
	free(out);
	assert_false(qvalue_parse(&one, "maybe", &out, &err));
	assert_int_equal(err, MSG_BAD_CHOICE);
	assert_false(qvalue_parse(&one, "yes no", &out, &err));
	assert_int_equal(err, MSG_ONE_CHOICE);
	assert_false(qvalue_parse(&one, "other", &out, &err));
	assert_true(qvalue_parse(&other, "other", &out, &err));
	free(out);
	/* select_multiple: stored in list order, duplicates dropped */
	ok(Q_SELECT_MULTIPLE, "blue red", "red blue");
	ok(Q_SELECT_MULTIPLE, "green,red, green", "red green");
	ok(Q_SELECT_MULTIPLE, "", "");
	bad(Q_SELECT_MULTIPLE, "red purple", MSG_BAD_CHOICE);
	/* a name that is a prefix of another must not match it */
	bad(Q_SELECT_MULTIPLE, "re", MSG_BAD_CHOICE);
}

static void
test_ack_and_text(void **state)
{
	(void)state;
	ok(Q_ACKNOWLEDGE, "ok", "OK");
	ok(Q_ACKNOWLEDGE, "Sí", "OK");
	bad(Q_ACKNOWLEDGE, "no", MSG_BAD_ACK);
	ok(Q_TEXT, "  José Núñez  ", "  José Núñez  ");
	ok(Q_TEXT, "line1\nline2", "line1\nline2");
	bad(Q_TEXT, "caf\xE9", MSG_BAD_TEXT);
	bad(Q_TEXT, "bell\a", MSG_BAD_TEXT);
}

static void
test_messages_are_bilingual(void **state)
{
	(void)state;
	assert_string_equal(msg("en", MSG_BAD_CHOICE),
			    "Choose one of the listed options.");
	assert_string_equal(msg("Español (es)", MSG_BAD_CHOICE),
			    "Elija una de las opciones de la lista.");
	assert_string_equal(msg("es-MX", MSG_YES), "Sí");
	assert_string_equal(msg("English (en)", MSG_YES), "Yes");
	assert_string_equal(msg(NULL, MSG_NO), "No");
	assert_false(msg_is_spanish("Estonian"));
	assert_true(msg_is_spanish("Spanish"));
	for (int i = 0; i < MSG_COUNT; i++) {
		assert_true(strlen(msg("en", (enum msg_id)i)) > 0);
		assert_true(strlen(msg("es", (enum msg_id)i)) > 0);
	}
}

/* Dates in the interview language's order: month first in English,
 * day first in Spanish, ISO always; spelled out in both. */
static void
test_date_order(void **state)
{
	struct form_field q = {.type = Q_DATE, .name = "q"};
	int y, m, d;
	enum msg_id err;
	char *out, *w;

	(void)state;
	assert_true(qvalue_parse_order(&q, "8/3/1992", true, &out, &err));
	assert_string_equal(out, "1992-03-08");
	free(out);
	assert_true(qvalue_parse_order(&q, "8/3/1992", false, &out, &err));
	assert_string_equal(out, "1992-08-03");
	free(out);
	assert_true(qvalue_parse_order(&q, "15/03/1992", true, &out, &err));
	assert_string_equal(out, "1992-03-15");
	free(out);
	assert_false(qvalue_parse_order(&q, "15/03/1992", false, &out, &err));
	assert_int_equal(err, MSG_NO_SUCH_DATE);
	assert_true(qvalue_parse_order(&q, "20022010", true, &out, &err));
	assert_string_equal(out, "2010-02-20");
	free(out);
	assert_true(qvalue_parse_order(&q, "02202010", false, &out, &err));
	assert_string_equal(out, "2010-02-20");
	free(out);
	for (int df = 0; df < 2; df++) { /* ISO whatever the language */
		assert_true(qvalue_parse_date_order("2010-02-20", df, &y, &m, &d, &err));
		assert_true(y == 2010 && m == 2 && d == 20);
		assert_true(qvalue_parse_date_order("2010/2/20", df, &y, &m, &d, &err));
		assert_true(y == 2010 && m == 2 && d == 20);
	}
	/* what the old automatic separators made of valid input is refused */
	assert_false(qvalue_parse_date_order("02//20/2010", false, &y, &m, &d, &err));
	assert_false(qvalue_parse_date_order("10/12/026", false, &y, &m, &d, &err));
	w = qvalue_date_words(2010, 2, 20, false);
	assert_string_equal(w, "February 20, 2010");
	free(w);
	w = qvalue_date_words(2010, 2, 20, true);
	assert_string_equal(w, "20 de febrero de 2010");
	free(w);
	assert_string_equal(msg("es", MSG_BAD_DATE),
			    "Escriba la fecha como día/mes/año (14/3/2024) o 2024-03-14.");
}

/* Text answers refuse what could act on a terminal: C0 (but newline and
 * tab), DEL, C1 and bidi controls. */
static void
test_text_controls(void **state)
{
	(void)state;
	ok(Q_TEXT, "Rosa\tMaría\nline 2", "Rosa\tMaría\nline 2");
	bad(Q_TEXT, "a\x1b[2J", MSG_BAD_TEXT);
	bad(Q_TEXT, "a\x7f", MSG_BAD_TEXT);
	bad(Q_TEXT, "a\xc2\x9b" "31m", MSG_BAD_TEXT);
	bad(Q_TEXT, "abc\xe2\x80\xae" "cba", MSG_BAD_TEXT);
	bad(Q_TEXT, "\xe2\x81\xa7x", MSG_BAD_TEXT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_time_and_datetime),
		cmocka_unit_test(test_selects),
		cmocka_unit_test(test_ack_and_text),
		cmocka_unit_test(test_messages_are_bilingual),
		cmocka_unit_test(test_date_order),
		cmocka_unit_test(test_text_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
