/*
 * Tests for export (plan, rows, CSV, codebook, choices, formula guard)
 * and for the in-place record parser it reads with.  A small bilingual
 * form with pii fields, an export=no calculation, a select_multiple and a
 * repeat is written to a temporary folder; records are parsed from
 * strings and their rows written as CSV into memory, then compared.
 */
#include "unittest.h"

#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "export.h"
#include "form.h"
#include "record.h"

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

static const char survey[] =
	"type,name,label::English (en),label::Español (es),pii,export,"
	"relevant,required,calculation\n"
	"text,first_name,First name,Nombre,yes,,,yes,\n"
	"date,dob,Date of birth,Fecha de nacimiento,yes,,,,\n"
	"select_one yn,has_kids,Any children?,¿Tiene hijos?,,,,yes,\n"
	"select_multiple lang,langs,Languages spoken at home,Idiomas en casa,,,"
	"\"${has_kids} = 'yes' and selected(${has_kids}, 'yes')\",,\n"
	"integer,age,Age,Edad,,,,,\n"
	"calculate,c_internal,,,,no,,,${age} * 2\n"
	"calculate,c_result,Result,Resultado,,yes,,,${age} + 1\n"
	"text,comment,\"The interviewer's comment about the whole intake, "
	"in a few words\",Comentario,,,,,\n"
	"text,comment2,\"The interviewer's comment about the whole intake, "
	"in a few other words\",Comentario 2,,,,,\n"
	"begin_repeat,kid,Child,Hijo,,,${has_kids} = 'yes',,\n"
	"text,kid_name,Child's name,Nombre,yes,,,,\n"
	"integer,kid_age,Child's age,Edad del hijo,,,,,\n"
	"end_repeat,,,,,,,,\n";

static const char choices[] =
	"list_name,name,label::English (en),label::Español (es)\n"
	"yn,yes,Yes,Sí\n"
	"yn,no,No,No\n"
	"lang,es,Spanish,Español\n"
	"lang,en,English,Inglés\n"
	"lang,mam,Mam,Mam\n";

static const char record[] =
	"name,value,state,note\n"
	"meta:instance_id,11111111-2222-4333-8444-555555555555,,\n"
	"meta:form_id,t,,\n"
	"meta:form_version,=1,,\n"
	"meta:language,en,,\n"
	"meta:interviewer,@ana,,\n"
	"meta:started,2026-11-22T10:00:00-06:00,,\n"
	"meta:status,complete,,\n"
	"meta:ended,2026-11-22T10:05:00-06:00,,\n"
	"meta:instance_name,Rosa 1990,,\n"
	"first_name,Rosa,answered,\n"
	"dob,1990-05-01,answered,\n"
	"has_kids,yes,answered,\n"
	"langs,es mam,answered,said two\n"
	"age,@dk,dont_know,\n"
	"comment,\"\xC2\xA0=HYPERLINK(\"\"x\"\")\",answered,\n"
	"kid[1],,answered,\n"
	"kid[1]/kid_name,Leo,answered,\n"
	"kid[1]/kid_age,7,answered,\n"
	"kid[2],,answered,\n"
	"kid[2]/kid_name,Mia,answered,\n"
	"kid[2]/kid_age,-2,answered,\n"
	"c_internal,84,answered,\n"
	"c_result,43,answered,\n";

static struct form *
load_form(const char *settings)
{
	struct diag d = DIAG_INIT;
	struct form *f;

	put("survey.csv", survey);
	put("choices.csv", choices);
	put("settings.csv", settings);
	f = form_load(dir, &d, false);
	if (f == NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	assert_non_null(f);
	return f;
}

#define SETTINGS "form_id,version,default_language,dont_know_code\n" \
		 "t,=1,English (en),@dk\n"

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make(dir, sizeof(dir), "export");
}

static int
teardown(void **state)
{
	(void)state;
	return tmpdir_remove(dir);
}

/* ---- helpers ------------------------------------------------------------- */

/* Every table's CSV of one intake, in one string per table. */
struct out {
	char *buf[4];
	size_t len[4];
	FILE *f[4];
};

static struct export_plan *
plan_for(const struct form *f, const struct export_opts *o)
{
	char *err = NULL;
	struct export_plan *p = export_plan_new(f, o, &err);

	if (p == NULL)
		fprintf(stderr, "%s\n", err);
	assert_non_null(p);
	return p;
}

/* Runs the record through plan p; out->buf[i] gets table i's CSV
 * (header first), [ntables] the codebook, [ntables + 1] the choices. */
static void
run(struct export_plan *p, const char *rec, struct out *o)
{
	struct diag d = DIAG_INIT;
	struct record_view v = {0};
	char *buf = strdup(rec);
	FILE *files[4];
	struct export_csv_files w = {p, files};
	struct export_sink sink = {&w, export_csv_sink_row};

	assert_true(p->ntables + 2 <= 4);
	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i < p->ntables + 2; i++) {
		o->f[i] = files[i] = open_memstream(&o->buf[i], &o->len[i]);
		if (i < p->ntables)
			assert_int_equal(export_csv_header(p, &p->tables[i], files[i]), 0);
	}
	export_csv_header(p, &p->codebook, files[p->ntables]);
	export_csv_header(p, &p->choices, files[p->ntables + 1]);
	assert_int_equal(record_parse("r.csv", buf, strlen(buf), &v, &d), 0);
	assert_int_equal(export_intake(p, &v, &sink), 0);
	assert_int_equal(export_codebook_rows(p, &sink), 0);
	assert_int_equal(export_choices_rows(p, &sink), 0);
	for (size_t i = 0; i < p->ntables + 2; i++)
		fclose(o->f[i]);
	record_view_free(&v);
	diag_free(&d);
	free(buf);
}

static void
out_free(struct out *o)
{
	for (size_t i = 0; i < 4; i++)
		free(o->buf[i]);
}

/* The cell of row r (0: header), column named col, of a CSV text. */
static char *
cell(const char *csv, unsigned r, const char *col)
{
	struct csv_table t = {0};
	struct diag d = DIAG_INIT;
	char *v = NULL;

	assert_int_equal(csvio_read_mem("x", csv, strlen(csv), &t, &d), 0);
	for (size_t i = 0; i < t.rows[0].n && r < t.n; i++) {
		if (strcmp(t.rows[0].cells[i], col) == 0)
			v = strdup(csvio_cell(&t.rows[r], i));
	}
	csvio_table_free(&t);
	diag_free(&d);
	return v;
}

static bool
has_column(const struct export_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return true;
	return false;
}

#define assert_cell(csv, r, col, want) do { \
	char *got_ = cell(csv, r, col); \
	assert_non_null(got_); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

/* ---- plan ------------------------------------------------------------- */

static void
test_plan_tables_and_columns(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p = plan_for(f, &o);
	const struct export_table *m = &p->tables[0], *k = &p->tables[1];

	(void)state;
	assert_int_equal(p->ntables, 2);
	assert_string_equal(m->name, "t");
	assert_string_equal(k->name, "t-kid");
	assert_string_equal(m->cols[0].name, "_intake_id");
	assert_int_equal(m->cols[0].role, EXPORT_COL_META);
	assert_true(has_column(m, "first_name"));
	assert_true(has_column(m, "c_result"));
	assert_false(has_column(m, "c_internal")); /* export = no */
	assert_false(has_column(m, "kid_name"));   /* in the repeat's table */
	assert_true(has_column(k, "kid_name"));
	assert_string_equal(k->cols[1].name, "_parent_key");
	assert_int_equal(k->cols[3].kind, EXPORT_NUMBER);
	assert_string_equal(m->cols[m->ncols - 1].name, "_notes");
	for (size_t i = 0; i < m->ncols; i++) {
		if (strcmp(m->cols[i].name, "dob") == 0) {
			assert_int_equal(m->cols[i].kind, EXPORT_DATE);
			assert_int_equal(m->cols[i].pii, EXPORT_PII_DIRECT);
			assert_string_equal(m->cols[i].label[1], "Fecha de nacimiento");
		}
	}
	export_plan_free(&p);
	form_free(&f);
}

static void
test_rows_default(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p = plan_for(f, &o);
	struct out out;

	(void)state;
	run(p, record, &out);
	assert_memory_equal(out.buf[0], "\xEF\xBB\xBF_intake_id,", 14);
	assert_cell(out.buf[0], 1, "first_name", "Rosa");
	assert_cell(out.buf[0], 1, "langs", "es mam");
	assert_cell(out.buf[0], 1, "age", "'@dk"); /* a missing code, guarded */
	assert_cell(out.buf[0], 1, "c_result", "43");
	assert_cell(out.buf[0], 1, "_notes", "langs: said two");
	assert_null(cell(out.buf[0], 0, "c_internal"));
	assert_cell(out.buf[1], 1, "_key", "11111111-2222-4333-8444-555555555555/kid[1]");
	assert_cell(out.buf[1], 2, "kid_name", "Mia");
	assert_cell(out.buf[1], 2, "kid_age", "-2"); /* a number: no quote */
	assert_cell(out.buf[1], 2, "_instance", "2");
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

static void
test_redact(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	struct out out;

	(void)state;
	o.redact = true;
	p = plan_for(f, &o);
	run(p, record, &out);
	assert_null(strstr(out.buf[0], "Rosa"));
	assert_null(strstr(out.buf[0], "1990"));
	assert_null(strstr(out.buf[1], "Leo"));
	assert_null(strstr(out.buf[0], "said two"));
	assert_false(has_column(&p->tables[0], "first_name"));
	assert_false(has_column(&p->tables[0], "_instance_name"));
	assert_false(has_column(&p->tables[0], "_notes"));
	assert_true(has_column(&p->tables[0], "has_kids"));
	assert_null(strstr(out.buf[2], "first_name")); /* nor in the codebook */
	assert_non_null(strstr(out.buf[2], "has_kids"));
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

static void
test_no_bom(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	struct out out;

	(void)state;
	o.bom = false;
	p = plan_for(f, &o);
	run(p, record, &out);
	assert_memory_equal(out.buf[0], "_intake_id,", 11);
	assert_memory_equal(out.buf[1], "_intake_id,", 11);
	assert_memory_equal(out.buf[2], "table,", 6);
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

static void
test_split(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	struct out out;

	(void)state;
	o.split_multi = true;
	p = plan_for(f, &o);
	run(p, record, &out);
	assert_cell(out.buf[0], 1, "langs", "es mam");
	assert_cell(out.buf[0], 1, "langs__es", "1");
	assert_cell(out.buf[0], 1, "langs__en", "0");
	assert_cell(out.buf[0], 1, "langs__mam", "1");
	/* split columns are in the codebook */
	assert_non_null(strstr(out.buf[2], "langs__mam"));
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

static void
test_labels(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	struct out out;
	char *err = NULL;

	(void)state;
	o.labels = true;
	p = plan_for(f, &o);
	run(p, record, &out);
	assert_cell(out.buf[0], 1, "langs", "Spanish; Mam");
	assert_cell(out.buf[0], 1, "has_kids", "Yes");
	assert_cell(out.buf[0], 1, "age", "'@dk"); /* missing codes stay */
	out_free(&out);
	export_plan_free(&p);

	o.lang = "es";
	p = plan_for(f, &o);
	run(p, record, &out);
	assert_cell(out.buf[0], 1, "has_kids", "Sí");
	assert_cell(out.buf[0], 1, "langs", "Español; Mam");
	out_free(&out);
	export_plan_free(&p);

	o.lang = "fr";
	assert_null(export_plan_new(f, &o, &err));
	assert_non_null(strstr(err, "\"fr\""));
	free(err);
	form_free(&f);
}

static void
test_label_headers(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	const struct export_table *m;
	const char *c1 = NULL, *c2 = NULL;

	(void)state;
	o.label_headers = true;
	p = plan_for(f, &o);
	m = &p->tables[0];
	for (size_t i = 0; i < m->ncols; i++) {
		if (strcmp(m->cols[i].name, "dob") == 0)
			assert_string_equal(m->cols[i].header, "Date of birth");
		if (strcmp(m->cols[i].name, "comment") == 0)
			c1 = m->cols[i].header;
		if (strcmp(m->cols[i].name, "comment2") == 0)
			c2 = m->cols[i].header;
	}
	/* two long labels that start alike: shortened, then told apart */
	assert_non_null(c1);
	assert_non_null(c2);
	assert_non_null(strstr(c1, "…"));
	assert_true(strlen(c1) < 70);
	assert_string_not_equal(c1, c2);
	for (size_t i = 0; i < m->ncols; i++)
		for (size_t j = i + 1; j < m->ncols; j++)
			assert_string_not_equal(m->cols[i].header, m->cols[j].header);
	export_plan_free(&p);
	form_free(&f);
}

/* ---- formula guard ------------------------------------------------------------- */

static void
test_guard_cases(void **state)
{
	static const char *const bad[] = {
		"=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\n1",
		" =1", "\xC2\xA0=1",            /* NBSP */
		"\xE3\x80\x80=1",               /* U+3000 */
		"\xE2\x80\x8B=1",               /* zero-width space */
		"\xEF\xBB\xBF=1",               /* U+FEFF */
		"\xE2\x80\xA8=1",               /* U+2028 */
		"\xC2\x85=1",                   /* NEL */
		"\x7F=1",                       /* DEL */
		"\xEF\xBC\x9D" "1",             /* U+FF1D full-width = */
		"\xEF\xB9\xA6" "1",             /* U+FE66 small = */
		"\xEF\xBC\x8B" "1",             /* U+FF0B full-width + */
		"\xEF\xB9\xA2" "1",             /* U+FE62 small + */
		"\xEF\xBC\x8D" "1",             /* U+FF0D full-width - */
		"\xEF\xB9\xA3" "1",             /* U+FE63 small - */
		"\xEF\xBC\xA0" "1",             /* U+FF20 full-width @ */
		"\xEF\xB9\xAB" "1",             /* U+FE6B small @ */
		"\xE2\x80\x8B\xC2\xA0 \xEF\xB9\xA6x", /* several, then small = */
	};
	static const char *const good[] = {
		"", "Rosa", "a=1", "2026-11-22", "José", "\xC2\xA0Rosa", "'=1",
		"\xEF\xBC\xA1", /* full-width A */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (!export_needs_guard(bad[i]))
			fail_msg("not guarded: case %zu", i);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		if (export_needs_guard(good[i]))
			fail_msg("guarded for nothing: case %zu", i);
	}
	{
		char *s = export_safe_text("=1");
		assert_string_equal(s, "'=1");
		free(s);
	}
}

static void
test_guard_in_every_file(void **state)
{
	static const char choices_bad[] =
		"list_name,name,label::English (en),label::Español (es)\n"
		"yn,yes,Yes,Sí\n"
		"yn,no,No,No\n"
		"lang,es,Spanish,Español\n"
		"lang,en,English,Inglés\n"
		"lang,mam,=cmd|' /C calc'!A0,Mam\n";
	struct form *f;
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	struct out out;

	(void)state;
	put("choices.csv", choices_bad);
	put("survey.csv", survey);
	put("settings.csv", SETTINGS);
	{
		struct diag d = DIAG_INIT;
		f = form_load(dir, &d, false);
		diag_free(&d);
	}
	assert_non_null(f);
	p = plan_for(f, &o);
	run(p, record, &out);
	/* main: NBSP before = in a text answer; the interviewer's name;
	 * the version; the don't know code */
	assert_cell(out.buf[0], 1, "comment", "'\xC2\xA0=HYPERLINK(\"x\")");
	assert_cell(out.buf[0], 1, "_interviewer", "'@ana");
	assert_cell(out.buf[0], 1, "_form_version", "'=1");
	assert_cell(out.buf[0], 1, "age", "'@dk");
	/* codebook: the version and the missing codes */
	assert_null(strstr(out.buf[2], ",=1"));
	assert_non_null(strstr(out.buf[2], "'=1"));
	assert_non_null(strstr(out.buf[2], "'@dk = don't know"));
	/* choices: a label that is a formula */
	assert_non_null(strstr(out.buf[3], "'=cmd"));
	assert_null(strstr(out.buf[3], ",=cmd"));
	out_free(&out);
	export_plan_free(&p);
	/* redacted files are guarded too */
	o.redact = true;
	p = plan_for(f, &o);
	run(p, record, &out);
	assert_cell(out.buf[0], 1, "_form_version", "'=1");
	assert_cell(out.buf[0], 1, "age", "'@dk");
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

/* ---- codebook and choices ---------------------------------------------------------- */

/* The codebook row of column name (1-based row in the CSV), or 0. */
static unsigned
codebook_row(const char *csv, const char *name)
{
	for (unsigned r = 1;; r++) {
		char *c = cell(csv, r, "column");
		bool found;
		if (c == NULL)
			return 0;
		found = strcmp(c, name) == 0;
		free(c);
		if (found)
			return r;
	}
}

static void
test_codebook(void **state)
{
	struct form *f = load_form(SETTINGS);
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p;
	struct out out;
	unsigned r;

	(void)state;
	o.split_multi = true;
	p = plan_for(f, &o);
	run(p, record, &out);
	/* every exported column of every table has a row */
	for (size_t t = 0; t < p->ntables; t++)
		for (size_t i = 0; i < p->tables[t].ncols; i++)
			assert_int_not_equal(codebook_row(out.buf[2],
							  p->tables[t].cols[i].name), 0);
	assert_int_equal(codebook_row(out.buf[2], "c_internal"), 0);
	r = codebook_row(out.buf[2], "langs");
	assert_cell(out.buf[2], r, "type", "select_multiple lang");
	assert_cell(out.buf[2], r, "choices", "lang");
	assert_cell(out.buf[2], r, "label::English (en)", "Languages spoken at home");
	assert_cell(out.buf[2], r, "relevant",
		    "when has_kids is \"yes\" and has_kids includes \"yes\"");
	assert_cell(out.buf[2], r, "required", "no");
	r = codebook_row(out.buf[2], "first_name");
	assert_cell(out.buf[2], r, "pii", "yes");
	assert_cell(out.buf[2], r, "required", "yes");
	assert_cell(out.buf[2], r, "missing_codes", "'@dk = don't know; refused = refused");
	r = codebook_row(out.buf[2], "has_kids");
	assert_cell(out.buf[2], r, "pii", "no");
	r = codebook_row(out.buf[2], "kid_name");
	assert_cell(out.buf[2], r, "table", "t-kid");
	assert_cell(out.buf[2], r, "relevant", "");
	r = codebook_row(out.buf[2], "_ended");
	assert_cell(out.buf[2], r, "type", "dateTime");
	assert_cell(out.buf[2], r, "label::Español (es)", "Fin");
	r = codebook_row(out.buf[2], "langs__mam");
	assert_cell(out.buf[2], r, "label::English (en)", "Languages spoken at home: Mam");
	/* the choices table */
	assert_non_null(strstr(out.buf[3], "list,code,label::English (en),label::Español (es)"));
	assert_non_null(strstr(out.buf[3], "lang,mam,Mam,Mam\r\n"));
	assert_non_null(strstr(out.buf[3], "yn,yes,Yes,Sí\r\n"));
	assert_non_null(strstr(out.buf[3], "(missing),'@dk,Don't know,No sabe\r\n"));
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

static void
test_codebook_default_language_first(void **state)
{
	struct form *f = load_form("form_id,version,default_language\n"
				   "t,1,Español (es)\n");
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p = plan_for(f, &o);
	struct out out;

	(void)state;
	run(p, record, &out);
	assert_non_null(strstr(out.buf[2], "choices,label::Español (es),"
				"label::English (en),relevant"));
	assert_non_null(strstr(out.buf[3], "list,code,label::Español (es),"
				"label::English (en)"));
	assert_non_null(strstr(out.buf[3], "yn,yes,Sí,Yes\r\n"));
	out_free(&out);
	export_plan_free(&p);
	form_free(&f);
}

/* ---- reading records ---------------------------------------------------------------- */

static int
parse_str(const char *text, struct diag *d, struct record_view *v)
{
	char *buf = strdup(text);
	int rc = record_parse("r.csv", buf, strlen(buf), v, d);

	if (rc == 0) /* keep buf alive only while asserting */
		assert_true(v->n > 0 || v->nmeta > 0);
	free(buf);
	return rc;
}

static void
test_record_errors(void **state)
{
	struct diag d = DIAG_INIT;
	struct record_view v = {0};
	char cut[sizeof(record)];

	(void)state;
	/* a bad state names the file and row */
	assert_int_equal(parse_str("name,value,state,note\nmeta:form_id,t,,\n"
				   "a,1,answred,\n", &d, &v), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].row, 3);
	assert_string_equal(d.v[0].path, "r.csv");
	assert_non_null(strstr(d.v[0].message, "answred"));
	diag_free(&d);
	/* a record cut off in the middle of a row */
	memcpy(cut, record, sizeof(record));
	cut[strlen(cut) - 5] = '\0';
	assert_int_equal(parse_str(cut, &d, &v), -1);
	assert_non_null(strstr(d.v[0].message, "cut off"));
	diag_free(&d);
	/* an open quote */
	assert_int_equal(parse_str("name,value,state,note\na,\"x,answered,\n",
				   &d, &v), -1);
	assert_int_equal(d.v[0].row, 2);
	diag_free(&d);
	/* not a record */
	assert_int_equal(parse_str("hello\n", &d, &v), -1);
	diag_free(&d);
	record_view_free(&v);
}

/* Only the metadata rows are read, however long they are. */
static void
test_read_meta(void **state)
{
	char path[512], big[5000];
	struct record_buf b = {0};
	struct record_view v = {0};
	struct diag d = DIAG_INIT;
	FILE *f;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(path, sizeof(path), "%s/draft.csv", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "name,value,state,note\nmeta:instance_id,abc,,\n"
		"meta:instance_name,\"%s,\n\",,\nmeta:progress,40,,\n"
		"a,1,answered,\nb,2,answred,\n", big);
	fclose(f);
	/* the metadata runs past the first 2 KB: read on; the bad state of
	 * an answer row is not looked at */
	assert_int_equal(record_read_meta(path, &b, &v, &d), 0);
	assert_string_equal(record_view_meta(&v, "instance_id"), "abc");
	assert_string_equal(record_view_meta(&v, "progress"), "40");
	assert_int_equal(strlen(record_view_meta(&v, "instance_name")), 4999 + 2);
	assert_int_equal(v.n, 0);
	assert_int_equal(d.n, 0);
	/* a short file is read once, whole */
	f = fopen(path, "w");
	fputs("name,value,state,note\nmeta:instance_id,q,,\n", f);
	fclose(f);
	assert_int_equal(record_read_meta(path, &b, &v, &d), 0);
	assert_string_equal(record_view_meta(&v, "instance_id"), "q");
	/* not an intake file */
	f = fopen(path, "w");
	fputs("hello,world\n", f);
	fclose(f);
	assert_int_equal(record_read_meta(path, &b, &v, &d), -1);
	diag_free(&d);
	record_view_free(&v);
	record_buf_free(&b);
}

/* Rows of the in-place parser checked against the libcsv reader's. */
struct cmp {
	struct csv_table *t;
	size_t i;
};

static int
compare_row(void *arg, unsigned r, char **cells, size_t n)
{
	struct cmp *c = arg;
	const struct csv_row *row;

	assert_true(c->i < c->t->n);
	row = &c->t->rows[c->i++];
	assert_int_equal(r, row->row);
	assert_int_equal(n, row->n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(cells[i], row->cells[i]);
	return 0;
}

static void
test_inplace_matches_reader(void **state)
{
	static const char *const texts[] = {
		"a,b\r\nc,\"d,\"\"e\"\"\nf\"\r\n\r\n,\n",
		"\xEF\xBB\xBFx,y\n 1 , 2 \n",
		"one\rtwo\r\"th\rree\"\r",
		"a,,b,\n",
		"\"\"\n\"a\"\"\",b",
	};

	(void)state;
	for (size_t k = 0; k < sizeof(texts) / sizeof(*texts); k++) {
		struct csv_table t = {0};
		struct diag d = DIAG_INIT;
		char *buf = strdup(texts[k]), *cells[8];
		struct cmp c = {&t, 0};
		bool whole;

		assert_int_equal(csvio_read_mem("x", texts[k], strlen(texts[k]),
						&t, &d), 0);
		assert_int_equal(csvio_parse_inplace("x", buf, strlen(buf), cells, 8,
						     compare_row, &c, &whole, &d), 0);
		assert_int_equal(c.i, t.n);
		csvio_table_free(&t);
		diag_free(&d);
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_tables_and_columns),
		cmocka_unit_test(test_rows_default),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_no_bom),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_label_headers),
		cmocka_unit_test(test_guard_cases),
		cmocka_unit_test(test_guard_in_every_file),
		cmocka_unit_test(test_codebook),
		cmocka_unit_test(test_codebook_default_language_first),
		cmocka_unit_test(test_record_errors),
		cmocka_unit_test(test_inplace_matches_reader),
		cmocka_unit_test(test_read_meta),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
