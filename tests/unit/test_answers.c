/* Tests for answers: the engine's path-keyed answer store. */
#include "unittest.h"

#include "answers.h"

static void
test_set_get_and_order(void **state)
{
	struct answers *a = answers_new();
	const struct answer *e;
	size_t cur = 0;

	(void)state;
	assert_null(answers_get(a, "dob"));
	answers_set(a, "dob", "2001-02-03", IV_ANSWERED);
	answers_set(a, "name", "Ana", IV_ANSWERED);
	answers_set(a, "dob", "", IV_DONT_KNOW);
	answers_set_note(a, "name", "spelled by client");
	e = answers_get(a, "dob");
	assert_string_equal(e->value, "");
	assert_int_equal(e->state, IV_DONT_KNOW);
	assert_string_equal(e->note, "");
	assert_string_equal(answers_get(a, "name")->note, "spelled by client");
	/* a note alone creates an empty, unanswered entry */
	answers_set_note(a, "x", "n");
	assert_int_equal(answers_get(a, "x")->state, IV_EMPTY);
	assert_string_equal(answers_next(a, &cur)->path, "dob");
	assert_string_equal(answers_next(a, &cur)->path, "name");
	assert_string_equal(answers_next(a, &cur)->path, "x");
	assert_null(answers_next(a, &cur));
	assert_int_equal(answers_count(a), 3);
	answers_free(&a);
	assert_null(a);
}

static void
test_many_entries_and_removal(void **state)
{
	struct answers *a = answers_new();
	char path[32];

	(void)state;
	for (int i = 0; i < 20000; i++) {
		snprintf(path, sizeof(path), "q%d", i);
		answers_set(a, path, path, IV_ANSWERED);
	}
	for (int i = 0; i < 20000; i += 2) {
		snprintf(path, sizeof(path), "q%d", i);
		assert_true(answers_remove(a, path));
	}
	assert_false(answers_remove(a, "q0"));
	assert_int_equal(answers_count(a), 10000);
	for (int i = 0; i < 20000; i++) {
		snprintf(path, sizeof(path), "q%d", i);
		if (i % 2)
			assert_string_equal(answers_get(a, path)->value, path);
		else
			assert_null(answers_get(a, path));
	}
	answers_free(&a);
}

static void
test_prefix_remove_and_rename(void **state)
{
	struct answers *a = answers_new();

	(void)state;
	answers_set(a, "kids[1]/name", "Ana", IV_ANSWERED);
	answers_set(a, "kids[2]/name", "Beto", IV_ANSWERED);
	answers_set(a, "kids[2]/age", "4", IV_ANSWERED);
	answers_set(a, "kids[3]/name", "Carla", IV_ANSWERED);
	answers_set(a, "kids[10]/name", "Diez", IV_ANSWERED);
	assert_int_equal(answers_remove_prefix(a, "kids[2]/"), 2);
	answers_rename_prefix(a, "kids[3]/", "kids[2]/");
	assert_string_equal(answers_get(a, "kids[2]/name")->value, "Carla");
	assert_null(answers_get(a, "kids[3]/name"));
	assert_string_equal(answers_get(a, "kids[10]/name")->value, "Diez");
	assert_string_equal(answers_get(a, "kids[1]/name")->value, "Ana");
	assert_int_equal(answers_count(a), 3);
	answers_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_get_and_order),
		cmocka_unit_test(test_many_entries_and_removal),
		cmocka_unit_test(test_prefix_remove_and_rename),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
