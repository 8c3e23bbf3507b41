/*
 * Tests for the interview engine, on tests/data/forms/iv: a small
 * bilingual form with a group, a prompted repeat, a fixed-count repeat,
 * calculations, relevance, constraints, a choice filter and defaults.
 */
#include "unittest.h"

#include "diag.h"
#include "form.h"
#include "interview.h"
#include "replay.h"

static struct form *form;

static int
setup(void **state)
{
	struct diag d = DIAG_INIT;
	char path[512];

	(void)state;
	setenv("INTAKE_NOW", "2026-11-22T10:00:00-06:00", 1);
	form = form_load(srcpath(path, sizeof(path), "tests/data/forms/iv"),
			 &d, false);
	diag_print(&d, stderr);
	diag_free(&d);
	return form == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	form_free(&form);
	return 0;
}

static struct interview *
start(void)
{
	struct iv_options o = {NULL, "Vol Unteer", "test-device"};

	return iv_new(form, &o);
}

/* Answers the current question and moves on; both must succeed. */
static void
give(struct interview *iv, const char *path, const char *answer)
{
	struct iv_error err = {0};
	const struct iv_item *it = iv_current(iv);

	assert_string_equal(it->path, path);
	if (answer != NULL && !iv_answer(iv, answer, &err))
		fail_msg("%s: \"%s\" refused: %s", path, answer, err.message);
	if (!iv_next(iv, &err))
		fail_msg("%s: next refused: %s", path, err.message);
}

static void
expect_refusal(struct interview *iv, const char *answer, const char *message)
{
	struct iv_error err = {0};

	assert_false(iv_answer(iv, answer, &err));
	assert_string_equal(err.message, message);
	iv_error_clear(&err);
}

/* Walks to the end with one child and both visits. */
static struct interview *
walk_all(void)
{
	struct interview *iv = start();

	give(iv, "name", "Ana");
	give(iv, "age", "30");
	give(iv, "has_kids", "yes");
	give(iv, "kid[1]", "yes");
	give(iv, "kid[1]/kid_name", "Beto");
	give(iv, "kid[1]/kid_age", "4");
	give(iv, "kid[2]", "no");
	give(iv, "visit[1]/visit_date", "3/14/2024");
	give(iv, "visit[2]/visit_date", NULL);
	give(iv, "fav", "blue");
	give(iv, "shade", "sky");
	give(iv, "when", NULL);
	give(iv, "bye", NULL);
	assert_int_equal(iv_current(iv)->kind, IV_END);
	return iv;
}

static void
test_first_question_and_metadata(void **state)
{
	struct interview *iv = start();
	const struct iv_item *it = iv_current(iv);
	char *v;

	(void)state;
	assert_int_equal(it->kind, IV_QUESTION);
	assert_string_equal(it->path, "name");
	assert_string_equal(it->label, "Your name?");
	assert_string_equal(it->section, "About you");
	assert_true(it->required);
	assert_string_equal(iv_meta(iv, "form_id"), "ivtest");
	assert_string_equal(iv_meta(iv, "interviewer"), "Vol Unteer");
	assert_string_equal(iv_meta(iv, "started"), "2026-11-22T10:00:00-06:00");
	assert_int_equal(strlen(iv_meta(iv, "instance_id")), 36);
	v = iv_value(iv, "day");
	assert_string_equal(v, "2026-11-22");
	free(v);
	v = iv_value(iv, "who");
	assert_string_equal(v, "Vol Unteer");
	free(v);
	iv_free(&iv);
	assert_null(iv);
}

static void
test_required_and_constraint_messages(void **state)
{
	struct interview *iv = start();
	struct iv_error err = {0};

	(void)state;
	assert_false(iv_next(iv, &err));
	assert_string_equal(err.message, "Please give a name");
	iv_error_clear(&err);
	give(iv, "name", "Ana");
	assert_string_equal(iv_current(iv)->label, "How old are you, Ana?");
	expect_refusal(iv, "200", "Age must be 0 to 129");
	expect_refusal(iv, "abc", "Type a whole number, like 3 or 1200.");
	assert_true(iv_set_lang(iv, "es"));
	expect_refusal(iv, "200", "La edad debe ser de 0 a 129");
	assert_string_equal(iv_current(iv)->label, "¿Cuántos años tiene, Ana?");
	assert_string_equal(iv_current(iv)->section, "Sobre usted");
	/* an empty required answer falls back to the program's words */
	assert_false(iv_next(iv, &err));
	assert_string_equal(err.message, "Se necesita una respuesta.");
	iv_error_clear(&err);
	iv_free(&iv);
}

static void
test_repeats_calculations_and_filters(void **state)
{
	struct interview *iv = start();
	const struct iv_item *it;
	char *v;

	(void)state;
	give(iv, "name", "Ana");
	give(iv, "age", "30");
	give(iv, "has_kids", "yes");
	it = iv_current(iv);
	assert_int_equal(it->kind, IV_REPEAT_PROMPT);
	assert_string_equal(it->label, "Add a \"Child\"?");
	expect_refusal(iv, "maybe", "Answer yes or no.");
	give(iv, "kid[1]", "sí");
	give(iv, "kid[1]/kid_name", "Beto");
	assert_string_equal(iv_current(iv)->label, "Age of Beto");
	give(iv, "kid[1]/kid_age", "4");
	assert_string_equal(iv_current(iv)->label, "Add another \"Child\"?");
	give(iv, "kid[2]", "yes");
	give(iv, "kid[2]/kid_name", "Carla");
	give(iv, "kid[2]/kid_age", NULL);
	give(iv, "kid[3]", "no");
	v = iv_value(iv, "nkids");
	assert_string_equal(v, "2");
	free(v);
	/* fixed count: no prompt, position(..) numbers the instances */
	assert_string_equal(iv_current(iv)->label, "Date of visit 1");
	give(iv, "visit[1]/visit_date", "2024-03-14");
	assert_string_equal(iv_current(iv)->label, "Date of visit 2");
	give(iv, "visit[2]/visit_date", NULL);
	give(iv, "fav", "blue");
	it = iv_current(iv);
	assert_int_equal(it->nchoices, 2);
	assert_string_equal(it->choices[0].name, "navy");
	assert_string_equal(it->choices[1].label, "Sky");
	expect_refusal(iv, "crimson", "Choose one of the listed options.");
	give(iv, "shade", "navy");
	it = iv_current(iv);
	assert_string_equal(it->value, "2020-01-15"); /* literal default */
	give(iv, "when", NULL);
	assert_string_equal(iv_current(iv)->label, "Thank you, Ana. 2 children.");
	iv_free(&iv);
}

static void
test_relevance_keeps_answers_and_back(void **state)
{
	struct interview *iv = walk_all();
	char *v;

	(void)state;
	assert_true(iv_back(iv));
	assert_string_equal(iv_current(iv)->path, "bye");
	assert_true(iv_back(iv));
	assert_string_equal(iv_current(iv)->path, "when");
	/* a minor is not asked the colour questions */
	assert_true(iv_jump(iv, "age"));
	assert_true(iv_answer(iv, "10", NULL));
	v = iv_value(iv, "fav");
	assert_string_equal(v, ""); /* not relevant reads as empty */
	free(v);
	give(iv, "age", NULL);
	give(iv, "has_kids", NULL);
	/* existing instances are walked again, then the prompt */
	give(iv, "kid[1]/kid_name", NULL);
	give(iv, "kid[1]/kid_age", NULL);
	give(iv, "kid[2]", "no");
	give(iv, "visit[1]/visit_date", NULL);
	give(iv, "visit[2]/visit_date", NULL);
	assert_string_equal(iv_current(iv)->path, "when");
	/* back to an adult: the old colour answer is still there */
	assert_true(iv_jump(iv, "age"));
	assert_true(iv_answer(iv, "31", NULL));
	v = iv_value(iv, "fav");
	assert_string_equal(v, "blue");
	free(v);
	iv_free(&iv);
}

static void
test_dont_know_refused_and_notes(void **state)
{
	struct interview *iv = start();
	const struct iv_item *it;
	char *v;

	(void)state;
	give(iv, "name", "Ana");
	assert_true(iv_set_state(iv, IV_DONT_KNOW, NULL));
	iv_set_note(iv, "client unsure, about 30");
	it = iv_current(iv);
	assert_int_equal(it->state, IV_DONT_KNOW);
	assert_string_equal(it->note, "client unsure, about 30");
	v = iv_value(iv, "age");
	assert_string_equal(v, "dont_know");
	free(v);
	/* a required question answered "don't know" lets the person go on */
	assert_true(iv_next(iv, NULL));
	assert_true(iv_set_state(iv, IV_REFUSED, NULL));
	v = iv_value(iv, "has_kids");
	assert_string_equal(v, "refused");
	free(v);
	iv_free(&iv);
}

static void
test_review_in_form_order(void **state)
{
	struct interview *iv = walk_all();
	const struct iv_review *r;
	size_t n;
	static const char *const want[] = {
		"name", "age", "has_kids", "kid[1]/kid_name", "kid[1]/kid_age",
		"visit[1]/visit_date", "fav", "shade", "when"};

	(void)state;
	n = iv_review(iv, &r);
	assert_int_equal(n, sizeof(want) / sizeof(*want));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r[i].path, want[i]);
	assert_string_equal(r[2].value, "Yes");
	assert_string_equal(r[6].value, "Blue");
	assert_string_equal(r[0].section, "About you");
	assert_true(iv_set_lang(iv, "es"));
	n = iv_review(iv, &r);
	assert_string_equal(r[2].value, "Sí");
	iv_free(&iv);
}

static void
test_choice_name_follows_the_language(void **state)
{
	struct interview *iv = walk_all();
	char *v;

	(void)state;
	v = iv_value(iv, "fav_label");
	assert_string_equal(v, "Blue");
	free(v);
	assert_true(iv_set_lang(iv, "es"));
	v = iv_value(iv, "fav_label");
	assert_string_equal(v, "Azul");
	free(v);
	iv_free(&iv);
}

static void
test_remove_a_repeat_instance(void **state)
{
	struct interview *iv = start();
	char *v;

	(void)state;
	give(iv, "name", "Ana");
	give(iv, "age", "30");
	give(iv, "has_kids", "yes");
	give(iv, "kid[1]", "yes");
	give(iv, "kid[1]/kid_name", "Beto");
	give(iv, "kid[1]/kid_age", NULL);
	give(iv, "kid[2]", "yes");
	give(iv, "kid[2]/kid_name", "Carla");
	give(iv, "kid[2]/kid_age", NULL);
	give(iv, "kid[3]", "no");
	assert_false(iv_repeat_remove(iv, "kid[7]"));
	assert_false(iv_repeat_remove(iv, "visit[1]")); /* a fixed count */
	assert_true(iv_repeat_remove(iv, "kid[1]"));
	v = iv_value(iv, "nkids");
	assert_string_equal(v, "1");
	free(v);
	v = iv_value(iv, "kid[1]/kid_name"); /* Carla moved up */
	assert_string_equal(v, "Carla");
	free(v);
	iv_free(&iv);
}

static void
test_progress_never_goes_backwards_forward(void **state)
{
	struct interview *iv = start();
	int last = iv_progress(iv);
	struct iv_error err = {0};

	(void)state;
	assert_true(iv_answer(iv, "Ana", NULL));
	assert_true(iv_next(iv, NULL));
	assert_true(iv_answer(iv, "12", NULL));
	while (iv_current(iv)->kind != IV_END) {
		const struct iv_item *it = iv_current(iv);
		if (it->kind == IV_REPEAT_PROMPT)
			iv_answer(iv, "no", NULL);
		else if (it->field->type == Q_SELECT_ONE)
			iv_answer(iv, "no", NULL);
		assert_true(iv_next(iv, &err));
		assert_true(iv_progress(iv) >= last);
		last = iv_progress(iv);
	}
	assert_int_equal(iv_progress(iv), 100);
	iv_free(&iv);
}

/* The screening form's summary for persona P01 (DACA): its last section's
 * relevant notes, in the active language. */
static void
test_summary_of_the_screening_form(void **state)
{
	struct diag d = DIAG_INIT;
	struct replay_answers a = {0};
	char path[512], **lines;
	struct form *sf;
	struct interview *iv;
	size_t n;
	bool daca = false, disclaimer = false;

	(void)state;
	sf = form_load(srcpath(path, sizeof(path), "forms/screening"), &d, false);
	assert_non_null(sf);
	replay_read(srcpath(path, sizeof(path), "tests/personas/base.csv"), &a, &d);
	replay_read(srcpath(path, sizeof(path), "tests/bench/person.csv"), &a, &d);
	iv = iv_new(sf, NULL);
	assert_int_equal(replay_run(iv, &a, &d), 0);
	n = iv_summary(iv, &lines);
	for (size_t i = 0; i < n; i++) {
		daca |= strstr(lines[i], "DACA") != NULL;
		disclaimer |= strstr(lines[i], "attorney") != NULL;
		free(lines[i]);
	}
	free(lines);
	assert_true(n >= 2);
	assert_true(daca);
	assert_true(disclaimer);
	iv_free(&iv);
	replay_answers_free(&a);
	diag_free(&d);
	form_free(&sf);
}

static void
test_finish(void **state)
{
	struct interview *iv = walk_all();
	char *v;

	(void)state;
	assert_true(iv_finish(iv, NULL));
	assert_string_equal(iv_meta(iv, "status"), "complete");
	assert_string_equal(iv_meta(iv, "ended"), "2026-11-22T10:00:00-06:00");
	iv_checkpoint(iv);
	assert_string_equal(iv_meta(iv, "instance_name"), "Intake of Ana");
	v = iv_value(iv, "adult");
	assert_string_equal(v, "yes");
	free(v);
	iv_free(&iv);
}

static void
test_finish_stops_at_missing_required(void **state)
{
	struct interview *iv = walk_all();
	struct iv_error err = {0};

	(void)state;
	assert_true(iv_jump(iv, "kid[1]/kid_name"));
	assert_true(iv_answer(iv, "", NULL)); /* clears it */
	assert_true(iv_jump(iv, "when"));
	assert_false(iv_finish(iv, &err));
	assert_string_equal(iv_current(iv)->path, "kid[1]/kid_name");
	assert_string_equal(err.message, "An answer is required.");
	iv_error_clear(&err);
	iv_free(&iv);
}

struct collect {
	struct iv_entry v[64];
	char *strings[128];
	size_t n, ns;
};

static const char *
keep(struct collect *c, const char *s)
{
	return c->strings[c->ns++] = strdup(s);
}

static void
collect_entry(void *arg, const struct iv_entry *e)
{
	struct collect *c = arg;
	struct iv_entry *d = &c->v[c->n++];

	*d = *e;
	d->path = keep(c, e->path);
	d->value = keep(c, e->value);
	d->note = keep(c, e->note);
}

static void
test_restore_keeps_what_no_longer_fits(void **state)
{
	struct interview *iv = start(), *back;
	struct collect c = {0};
	struct diag d = DIAG_INIT;
	const char *meta[] = {"form_id", "ivtest", "instance_id",
			      "11111111-2222-4333-8444-555555555555",
			      "position", "has_kids", NULL};

	(void)state;
	give(iv, "name", "Ana");
	give(iv, "age", "30");
	iv_entries(iv, collect_entry, &c);
	c.v[c.n++] = (struct iv_entry){"gone_field", "x", IV_ANSWERED, "", true, false};
	c.v[c.n++] = (struct iv_entry){"has_kids", "perhaps", IV_ANSWERED, "", true, false};
	back = iv_restore(form, NULL, meta, c.v, c.n, &d, "draft.csv");
	assert_non_null(back);
	assert_int_equal(d.warnings, 2);
	assert_string_equal(d.v[0].column, "gone_field");
	assert_string_equal(d.v[1].column, "has_kids");
	assert_string_equal(iv_meta(back, "orphan:gone_field"), "x");
	assert_string_equal(iv_meta(back, "orphan:has_kids"), "perhaps");
	assert_string_equal(iv_current(back)->path, "has_kids");
	assert_true(iv_back(back));
	assert_string_equal(iv_current(back)->path, "age");
	assert_string_equal(iv_current(back)->value, "30");
	assert_string_equal(iv_meta(back, "instance_id"),
			    "11111111-2222-4333-8444-555555555555");
	diag_free(&d);
	meta[1] = "another_form";
	assert_null(iv_restore(form, NULL, meta, c.v, 0, &d, "draft.csv"));
	assert_int_equal(d.errors, 1);
	diag_free(&d);
	for (size_t i = 0; i < c.ns; i++)
		free(c.strings[i]);
	iv_free(&back);
	iv_free(&iv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_question_and_metadata),
		cmocka_unit_test(test_required_and_constraint_messages),
		cmocka_unit_test(test_repeats_calculations_and_filters),
		cmocka_unit_test(test_relevance_keeps_answers_and_back),
		cmocka_unit_test(test_dont_know_refused_and_notes),
		cmocka_unit_test(test_review_in_form_order),
		cmocka_unit_test(test_choice_name_follows_the_language),
		cmocka_unit_test(test_remove_a_repeat_instance),
		cmocka_unit_test(test_progress_never_goes_backwards_forward),
		cmocka_unit_test(test_summary_of_the_screening_form),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_finish_stops_at_missing_required),
		cmocka_unit_test(test_restore_keeps_what_no_longer_fits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
