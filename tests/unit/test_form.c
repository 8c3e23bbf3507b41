/*
 * Tests for form_load and form: forms written to a temporary folder,
 * loaded, and their model inspected.  Broken forms and their exact
 * diagnostics are in tests/forms (run by tests/cli/check_forms.sh).
 */
#include "unittest.h"

#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "form.h"

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

static void
drop(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static struct form *
load(struct diag *d)
{
	return form_load(dir, d, false);
}

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make(dir, sizeof(dir), "form");
}

static int
teardown(void **state)
{
	(void)state;
	return tmpdir_remove(dir);
}

static void
test_translations_and_aliases(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	const struct form_field *q;
	int es;

	(void)state;
	put("survey.csv",
	    "type,name,label,label::Español (es),hint::es,relevance,readonly,count,citation\n"
	    "begin group,g,Section,Sección,,,,,\n"
	    "text,who,Your  name ?,¿Su nombre?,Como en su documento,,yes,,8 USC 1101\n"
	    "end group,,,,,,,,\n"
	    "begin repeat,r,Child,Hijo,,${who} != '',,2,\n"
	    "integer,age,Age,Edad,,,,,\n"
	    "end repeat,,,,,,,,\n");
	put("choices.csv", "list name,value,label\n");
	put("settings.csv", "form_title,form_id,version,default_language\n"
			    "Test,t1,007,English (en)\n");
	f = load(&d);
	diag_print(&d, stderr);
	assert_non_null(f);
	assert_int_equal(d.errors, 0);
	assert_string_equal(f->id, "t1");
	assert_string_equal(f->version, "007"); /* text, not a number */
	assert_int_equal(f->nlangs, 2);
	es = form_lang_index(f, "es");
	assert_true(es >= 0);
	assert_int_equal(form_lang_index(f, "Español (es)"), es);
	assert_int_equal(form_lang_index(f, "en"), (int)f->default_lang);
	q = form_field(f, "who");
	assert_non_null(q);
	assert_int_equal(q->row, 3);
	assert_int_equal(q->type, Q_TEXT);
	assert_string_equal(form_text(f, q->label, f->default_lang), "Your name ?");
	assert_string_equal(form_text(f, q->label, (size_t)es), "¿Su nombre?");
	/* hint::es and label::Español (es) are one language; English hint
	 * is missing, so it falls back to Spanish */
	assert_string_equal(form_text(f, q->hint, f->default_lang),
			    "Como en su documento");
	assert_string_equal(q->read_only.src, "true()");
	assert_int_equal(q->nextra, 1);
	assert_string_equal(q->extra[0].column, "citation");
	assert_string_equal(q->extra[0].value, "8 USC 1101");
	assert_string_equal(q->parent->name, "g");
	q = form_field(f, "r");
	assert_int_equal(q->type, Q_BEGIN_REPEAT);
	assert_string_equal(q->relevant.src, "${who} != ''");
	assert_string_equal(q->repeat_count.src, "2");
	assert_int_equal(q->end->type, Q_END_REPEAT);
	assert_ptr_equal(form_field(f, "age")->parent, q);
	assert_non_null(f->graph);
	diag_free(&d);
	form_free(&f);
	assert_null(f);
}

static void
test_selects_choices_and_pii(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	const struct form_field *q;
	const struct form_list *l;

	(void)state;
	put("survey.csv",
	    "type,name,label,required,pii,choice_filter\n"
	    "select_one st,state,State,true(),yes,\n"
	    "select_multiple city or_other,city,City,no,,state = ${state}\n"
	    "note,n,Hello,,NO,\n");
	put("choices.csv",
	    "list_name,name,label,state\n"
	    "st,CA,California,\nst,TX,Texas,\n"
	    "city,la,Los Angeles,CA\ncity,007,Houston,TX\n");
	put("settings.csv", "form_id,form_title,version\nt2,T2,1\n");
	f = load(&d);
	diag_print(&d, stderr);
	assert_non_null(f);
	q = form_field(f, "state");
	assert_true(q->pii);
	assert_string_equal(q->required.src, "true()");
	assert_ptr_equal(q->list, form_list(f, "st"));
	q = form_field(f, "city");
	assert_true(q->or_other);
	assert_null(q->required.src); /* "no" means not required */
	assert_false(q->pii);
	assert_non_null(q->choice_filter.ast);
	l = q->list;
	assert_int_equal(l->n, 2);
	assert_string_equal(l->choices[1].name, "007"); /* zeros kept */
	assert_int_equal(l->choices[1].row, 5);
	assert_int_equal(l->choices[1].nextra, 1);
	assert_string_equal(l->choices[1].extra[0].column, "state");
	assert_string_equal(l->choices[1].extra[0].value, "TX");
	assert_false(form_field(f, "n")->pii);
	assert_true(qtype_is_input(Q_SELECT_ONE));
	assert_false(qtype_is_input(Q_NOTE));
	assert_string_equal(qtype_name(Q_DATETIME), "dateTime");
	diag_free(&d);
	form_free(&f);
}

static void
test_errors_refuse_the_form_unless_kept(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;

	(void)state;
	put("survey.csv", "type,name,label\ntext,a,A\ntext,a,B\n");
	drop("choices.csv");
	f = load(&d);
	assert_null(f);
	assert_int_equal(d.errors, 1);
	diag_free(&d);
	f = form_load(dir, &d, true);
	assert_non_null(f); /* check wants the form to report on */
	diag_free(&d);
	form_free(&f);
}

static void
test_missing_folder(void **state)
{
	struct diag d = DIAG_INIT;

	(void)state;
	assert_null(form_load("/nonexistent/form", &d, true));
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.v[0].message, "survey.csv"));
	diag_free(&d);
}

static void
test_big_form_loads(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	char path[512];
	FILE *out;

	(void)state;
	snprintf(path, sizeof(path), "%s/survey.csv", dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out, "type,name,label,relevant\n");
	for (int i = 0; i < 10000; i++)
		fprintf(out, "integer,q%d,Question %d,%s\n", i, i,
			i ? "${q0} > 0" : "");
	fclose(out);
	f = load(&d);
	assert_non_null(f);
	assert_int_equal(f->nfields, 10000);
	assert_int_equal(form_field(f, "q9999")->row, 10001);
	diag_free(&d);
	form_free(&f);
}

static void
test_cell_values_and_settings(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	const struct form_field *q;

	(void)state;
	put("survey.csv",
	    " type , name ,label,required,read_only,value\n"
	    "text,a,Keep   these  spaces,yes,TRUE,7\n"
	    ",,,,,\n"
	    "text,b,B,true(),no,\n"
	    "  ,  ,,,,\n"
	    "text,c,C,false,,\n"
	    "text,e,E,${a} = 'x',${b} != '',\n");
	drop("choices.csv");
	put("settings.csv", "form_id,clean_text_values,dont_know_code,budget\n"
			    "t3,no,ns,12\n");
	f = load(&d);
	diag_print(&d, stderr);
	assert_non_null(f);
	/* unsuffixed columns with no default_language: a language called
	 * "default", as pyxform does */
	assert_int_equal(f->nlangs, 1);
	assert_string_equal(f->langs[f->default_lang].name, "default");
	q = form_field(f, "a");
	assert_string_equal(q->label[0], "Keep   these  spaces");
	assert_string_equal(q->required.src, "true()");
	assert_string_equal(q->read_only.src, "true()");
	assert_int_equal(q->nextra, 1); /* "value" is a name only in choices */
	assert_string_equal(q->extra[0].column, "value");
	q = form_field(f, "b");
	assert_int_equal(q->row, 4); /* blank rows skipped, rows still counted */
	assert_string_equal(q->required.src, "true()");
	assert_null(q->read_only.src);
	assert_null(form_field(f, "c")->required.src);
	assert_int_equal(form_field(f, "c")->row, 6);
	assert_string_equal(form_field(f, "e")->required.src, "${a} = 'x'");
	assert_string_equal(form_field(f, "e")->read_only.src, "${b} != ''");
	assert_int_equal(f->nfields, 4);
	assert_string_equal(f->id, "t3");
	assert_string_equal(f->title, "t3");
	assert_string_equal(f->dont_know_code, "ns");
	assert_string_equal(f->refused_code, "refused");
	assert_int_equal(f->nsettings, 4); /* every column kept */
	assert_string_equal(f->settings[3].column, "budget");
	assert_string_equal(f->settings[3].value, "12");
	diag_free(&d);
	form_free(&f);
}

static void
test_clean_text_by_default(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;

	(void)state;
	put("survey.csv", "type,name,label::English (en),hint::en\n"
			  "text,a,\"  Two\n lines \",\"  a\tb \"\n");
	put("settings.csv", "form_id,default_language\nt4,English (en)\n");
	f = load(&d);
	assert_non_null(f);
	assert_int_equal(f->nlangs, 1); /* "en" and "English (en)" are one */
	assert_string_equal(form_field(f, "a")->label[0], "Two lines");
	assert_string_equal(form_field(f, "a")->hint[0], "a b");
	diag_free(&d);
	form_free(&f);
}

static void
test_deep_nesting(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	const struct form_field *q;
	char path[512];
	FILE *out;
	enum { DEPTH = 300 };

	(void)state;
	snprintf(path, sizeof(path), "%s/survey.csv", dir);
	out = fopen(path, "w");
	assert_non_null(out);
	fprintf(out, "type,name,label\n");
	/* groups nest without limit; repeats 8 deep (the interview's limit) */
	for (int i = 0; i < DEPTH; i++)
		fprintf(out, "begin_%s,b%d,B\n", i % 40 ? "group" : "repeat", i);
	fprintf(out, "text,inner,Inner\n");
	for (int i = DEPTH - 1; i >= 0; i--)
		fprintf(out, "end_%s,,\n", i % 40 ? "group" : "repeat");
	fclose(out);
	drop("settings.csv");
	f = load(&d);
	diag_print(&d, stderr);
	assert_non_null(f);
	assert_int_equal(d.errors, 0);
	q = form_field(f, "inner");
	assert_string_equal(q->parent->name, "b299");
	q = form_field(f, "b0");
	assert_int_equal(q->end->row, 2 + 2 * DEPTH);
	assert_ptr_equal(q->end->parent, q);
	assert_null(q->parent);
	diag_free(&d);
	form_free(&f);

	/* a ninth repeat inside eight others is refused */
	put("survey.csv", "type,name,label\n"
	    "begin_repeat,r1,R\nbegin_repeat,r2,R\nbegin_repeat,r3,R\n"
	    "begin_repeat,r4,R\nbegin_repeat,r5,R\nbegin_repeat,r6,R\n"
	    "begin_repeat,r7,R\nbegin_repeat,r8,R\nbegin_repeat,r9,R\n"
	    "text,x,X\nend_repeat\nend_repeat\nend_repeat\nend_repeat\n"
	    "end_repeat\nend_repeat\nend_repeat\nend_repeat\nend_repeat\n");
	assert_null(load(&d));
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.v[d.n - 1].level, DIAG_ERROR);
	assert_int_equal(d.v[d.n - 1].row, 10);
	assert_non_null(strstr(d.v[d.n - 1].message, "nested 8 deep"));
	diag_free(&d);
}

/* The bundled example form teaches every type: it must load with no
 * diagnostic at all, and have each type and both languages. */
static void
test_example_form(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	char path[512];
	bool seen[Q_USERNAME + 1] = {false};

	(void)state;
	f = form_load(srcpath(path, sizeof(path), "forms/example"), &d, false);
	diag_print(&d, stderr);
	assert_non_null(f);
	assert_int_equal(d.n, 0);
	for (size_t i = 0; i < f->nfields; i++)
		seen[f->fields[i].type] = true;
	for (int t = 0; t <= Q_USERNAME; t++) {
		if (!seen[t])
			fail_msg("the example form has no %s row", qtype_name(t));
	}
	assert_int_equal(f->nlangs, 2);
	assert_string_equal(f->langs[f->default_lang].code, "en");
	assert_true(form_lang_index(f, "es") >= 0);
	assert_non_null(f->instance_name.src);
	diag_free(&d);
	form_free(&f);
}

/* A broken form from tests/forms, kept for check: every problem counted. */
static void
test_broken_form_kept(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	char path[512];

	(void)state;
	f = form_load(srcpath(path, sizeof(path), "tests/forms/many"), &d, true);
	assert_non_null(f);
	assert_int_equal(d.errors, 11);
	assert_int_equal(d.warnings, 3);
	form_free(&f);
	diag_free(&d);
	assert_null(form_load(path, &d, false));
	diag_free(&d);
}

/* pyxform's name rules: a name may be reused in different groups; a name
 * used once keeps its key, a reused one inside a group gets
 * "group:name"; ${name} reaches only a name written once. */
static void
test_reused_names(void **state)
{
	struct diag d = DIAG_INIT;
	struct form *f;
	const struct form_field *q;
	unsigned r1 = 0, r2 = 0;

	(void)state;
	put("survey.csv", "type,name,label\n"
	    "text,name,N\n"                      /* row 2 */
	    "begin_repeat,adults,A\ntext,name,N\ninteger,age,Age\n"
	    "end_repeat,,\n"
	    "begin_group,g,G\nbegin_group,inner,I\ntext,name,N\n"
	    "integer,age,Age\nend_group,,\nend_group,,\n"
	    "begin_group,h,H\nbegin_group,inner,I2\ntext,x,X\n"
	    "end_group,,\nend_group,,\n"
	    "integer,once,Once\n");
	drop("choices.csv");
	f = load(&d);
	assert_non_null(f);
	assert_int_equal(d.errors, 0);
	q = form_field(f, "name");
	assert_non_null(q);
	assert_int_equal(q->row, 2);
	assert_true(q->reused);
	assert_null(form_field_ref(f, "name")); /* ambiguous */
	assert_true(form_name_ambiguous(f, "name", &r1, &r2));
	assert_int_equal(r1, 2);
	assert_int_equal(r2, 4);
	q = form_field(f, "adults:name");
	assert_non_null(q);
	assert_string_equal(q->xls_name, "name");
	assert_true(form_key_qualified(q));
	assert_non_null(form_field(f, "adults:age"));
	/* a reused group name: its key and its children's chain up */
	assert_non_null(form_field(f, "g:inner"));
	assert_non_null(form_field(f, "h:inner"));
	assert_non_null(form_field(f, "g:inner:name"));
	assert_non_null(form_field(f, "g:inner:age"));
	assert_null(form_field(f, "age"));
	assert_null(form_field_ref(f, "adults:name")); /* not a ${} name */
	q = form_field_ref(f, "once");
	assert_non_null(q);
	assert_false(q->reused);
	assert_ptr_equal(q->name, q->xls_name);
	assert_false(form_name_ambiguous(f, "once", &r1, &r2));
	form_free(&f);
	diag_free(&d);

	/* siblings: an error; a repeat name twice anywhere: an error */
	put("survey.csv", "type,name,label\nbegin_group,g,G\ntext,a,A\n"
	    "text,a,B\nend_group,,\nbegin_repeat,r,R\ntext,b,B\nend_repeat,,\n"
	    "begin_group,h,H\nbegin_repeat,r,R\ntext,c,C\nend_repeat,,\n"
	    "end_group,,\n");
	f = form_load(dir, &d, true);
	assert_non_null(f);
	assert_int_equal(d.errors, 2);
	form_free(&f);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translations_and_aliases),
		cmocka_unit_test(test_selects_choices_and_pii),
		cmocka_unit_test(test_errors_refuse_the_form_unless_kept),
		cmocka_unit_test(test_missing_folder),
		cmocka_unit_test(test_big_form_loads),
		cmocka_unit_test(test_cell_values_and_settings),
		cmocka_unit_test(test_clean_text_by_default),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_example_form),
		cmocka_unit_test(test_broken_form_kept),
		cmocka_unit_test(test_reused_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
