/*
 * export: CSV rows for the legal team (see export.h).  Column plans come
 * from the form alone, so every export of one form version has the same
 * columns in the same order whatever the answers were.
 */
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "strbuf.h"
#include "xmem.h"

#define EOL "\r\n"

/* Metadata columns start with "_" so they never meet a field's name
 * (check warns about a field named like one of them). */
const char *const export_meta_columns[] = {
	"_intake_id", "_form_id", "_form_version", "_language", "_interviewer",
	"_started", "_ended", "_instance_name", NULL,
};

static const char *const meta_keys[] = {
	"instance_id", "form_id", "form_version", "language", "interviewer",
	"started", "ended", "instance_name", NULL,
};

static const struct form_field *
innermost_repeat(const struct form_field *q)
{
	for (const struct form_field *p = q->parent; p; p = p->parent) {
		if (p->type == Q_BEGIN_REPEAT)
			return p;
	}
	return NULL;
}

static bool
holds_value(const struct form_field *q)
{
	switch (q->type) {
	case Q_BEGIN_GROUP:
	case Q_END_GROUP:
	case Q_BEGIN_REPEAT:
	case Q_END_REPEAT:
		return false;
	case Q_NOTE:
		return q->calculation.src != NULL;
	default:
		return true;
	}
}

bool
export_field_in(const struct form_field *q, const struct form_field *r)
{
	return holds_value(q) && innermost_repeat(q) == r;
}

static bool
included(const struct form_field *q, const struct form_field *r,
	 const struct export_opts *o)
{
	return export_field_in(q, r) && !(o->redact && q->pii);
}

/* ---- cells -------------------------------------------------------------- */

static bool
starts_formula(const char *s)
{
	static const char *const wide[] = {"＝", "＋", "－", "＠"};

	while (*s == ' ')
		s++;
	if (strchr("=+-@\t\r\n", *s) != NULL && *s != '\0')
		return true;
	for (size_t i = 0; i < sizeof(wide) / sizeof(*wide); i++) {
		if (strncmp(s, wide[i], strlen(wide[i])) == 0)
			return true;
	}
	return false;
}

char *
export_safe_text(const char *value)
{
	if (starts_formula(value))
		return xasprintf("'%s", value);
	return xstrdup(value);
}

static bool
is_plain_number(const char *s)
{
	char *end;

	if (*s == '\0')
		return false;
	strtod(s, &end);
	return *end == '\0' && strspn(s, "-0123456789.") == strlen(s);
}

/* A row under construction.  A cell is owned (freed by row_write) or
 * borrowed (a value that needed no change, valid until row_write). */
struct row {
	const char **cells;
	bool *owned;
	size_t n, cap;
};

static void
row_put(struct row *r, const char *cell, bool owned)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->cells = xreallocarray(r->cells, r->cap, sizeof(char *));
		r->owned = xreallocarray(r->owned, r->cap, sizeof(bool));
	}
	r->owned[r->n] = owned;
	r->cells[r->n++] = cell;
}

static void
row_add(struct row *r, char *owned)
{
	row_put(r, owned, true);
}

static int
row_write(struct row *r, FILE *out)
{
	int rc = csvio_write_row(out, r->cells, r->n, EOL);

	for (size_t i = 0; i < r->n; i++)
		if (r->owned[i])
			free((char *)r->cells[i]);
	free(r->cells);
	free(r->owned);
	memset(r, 0, sizeof(*r));
	return rc;
}

/* Free text is neutralised; typed values (numbers, dates, codes) are not,
 * and neither is a calculation whose value is a plain number.  Adds the
 * value itself (borrowed) when it needs no change. */
static void
add_value(struct row *r, const struct form_field *q, const char *value)
{
	bool text;

	switch (q->type) {
	case Q_TEXT:
	case Q_HIDDEN:
	case Q_DEVICEID:
	case Q_USERNAME:
		text = true;
		break;
	case Q_CALCULATE:
	case Q_NOTE:
		text = !is_plain_number(value);
		break;
	default:
		text = false;
		break;
	}
	if (text && starts_formula(value))
		row_add(r, export_safe_text(value));
	else
		row_put(r, value, false);
}

static bool
has_token(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* ---- header --------------------------------------------------------------- */

static void
header_cells(const struct form *f, const struct form_field *repeat,
	     const struct export_opts *o, struct row *r)
{
	if (repeat == NULL) {
		for (size_t i = 0; export_meta_columns[i]; i++)
			row_add(r, xstrdup(export_meta_columns[i]));
	} else {
		row_add(r, xstrdup("_intake_id"));
		row_add(r, xstrdup("_parent_key"));
		row_add(r, xstrdup("_key"));
		row_add(r, xstrdup("_instance"));
	}
	for (size_t i = 0; i < f->nfields; i++) {
		const struct form_field *q = &f->fields[i];
		if (!included(q, repeat, o))
			continue;
		row_add(r, xstrdup(q->name));
		if (o->split_multi && q->type == Q_SELECT_MULTIPLE && q->list) {
			for (size_t k = 0; k < q->list->n; k++)
				row_add(r, xasprintf("%s__%s", q->name,
						     q->list->choices[k].name));
		}
	}
	row_add(r, xstrdup("_notes"));
}

char *
export_header_line(const struct form *f, const struct form_field *repeat,
		   const struct export_opts *o)
{
	struct row r = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	header_cells(f, repeat, o, &r);
	row_write(&r, mem);
	fclose(mem);
	if (len >= 2 && buf[len - 2] == '\r')
		buf[len - 2] = '\0';
	return buf;
}

int
export_header(const struct form *f, const struct form_field *repeat,
	      const struct export_opts *o, FILE *out)
{
	struct row r = {0};

	if (o->bom && fputs("\xEF\xBB\xBF", out) < 0)
		return -1;
	header_cells(f, repeat, o, &r);
	return row_write(&r, out);
}

/* ---- rows ------------------------------------------------------------------ */

static const char *
meta(const struct answers *m, const char *key)
{
	const struct answer *a = answers_get(m, key);

	return a ? a->value : "";
}

/* Field cells of one table row; prefix is "" or an instance path + "/". */
static void
field_cells(const struct form *f, const struct form_field *repeat,
	    const char *prefix, const struct answers *values,
	    const struct export_opts *o, struct row *r)
{
	struct strbuf path = STRBUF_INIT;

	for (size_t i = 0; i < f->nfields; i++) {
		const struct form_field *q = &f->fields[i];
		const struct answer *a;

		if (!included(q, repeat, o))
			continue;
		if (*prefix) {
			strbuf_reset(&path);
			strbuf_puts(&path, prefix);
			strbuf_puts(&path, q->name);
			a = answers_get(values, strbuf_str(&path));
		} else {
			a = answers_get(values, q->name);
		}
		add_value(r, q, a ? a->value : "");
		if (!(o->split_multi && q->type == Q_SELECT_MULTIPLE && q->list))
			continue;
		for (size_t k = 0; k < q->list->n; k++) {
			bool asked = a && a->state == IV_ANSWERED;
			row_put(r, !asked ? "" :
				has_token(a->value, q->list->choices[k].name) ? "1" : "0",
				false);
		}
	}
	strbuf_free(&path);
}

/* Notes of the entries under prefix and not inside a deeper instance. */
static char *
notes_cell(const struct answers *values, const char *prefix, bool all)
{
	struct strbuf sb = STRBUF_INIT;
	const struct answer *a;
	size_t cur = 0, len = strlen(prefix);

	while ((a = answers_next(values, &cur)) != NULL) {
		if (*a->note == '\0' || strncmp(a->path, prefix, len) != 0)
			continue;
		if (!all && strchr(a->path + len, '[') != NULL)
			continue;
		if (sb.len)
			strbuf_putc(&sb, '\n');
		strbuf_printf(&sb, "%s: %s", a->path, a->note);
	}
	{
		char *cell = export_safe_text(strbuf_str(&sb));
		strbuf_free(&sb);
		return cell;
	}
}

int
export_row(const struct form *f, const struct answers *values,
	   const struct answers *m, const struct export_opts *o, FILE *out)
{
	struct row r = {0};

	for (size_t i = 0; meta_keys[i]; i++) {
		const char *v = meta(m, meta_keys[i]);
		bool text = strcmp(meta_keys[i], "interviewer") == 0 ||
			    strcmp(meta_keys[i], "instance_name") == 0;
		/* the instance name is built from answers, often names */
		if (o->redact && strcmp(meta_keys[i], "instance_name") == 0)
			v = "";
		row_add(&r, text ? export_safe_text(v) : xstrdup(v));
	}
	field_cells(f, NULL, "", values, o, &r);
	/* free-text notes may name people: a redacted export leaves them out */
	row_add(&r, o->redact ? xstrdup("") : notes_cell(values, "", true));
	return row_write(&r, out);
}

struct repeat_walk {
	const struct form *f;
	const struct form_field *chain[16];
	int depth;
	const struct answers *values, *meta;
	const struct export_opts *o;
	FILE *out;
	int rc;
};

static void
repeat_row(struct repeat_walk *w, const char *parent, const char *inst, int k)
{
	const char *id = meta(w->meta, "instance_id");
	char *prefix = xasprintf("%s/", inst);
	struct row r = {0};

	row_add(&r, xstrdup(id));
	row_add(&r, *parent ? xasprintf("%s/%s", id, parent) : xstrdup(id));
	row_add(&r, xasprintf("%s/%s", id, inst));
	row_add(&r, xasprintf("%d", k));
	field_cells(w->f, w->chain[w->depth - 1], prefix, w->values, w->o, &r);
	row_add(&r, w->o->redact ? xstrdup("") : notes_cell(w->values, prefix, false));
	if (row_write(&r, w->out) != 0)
		w->rc = -1;
	free(prefix);
}

/* Visits every instance at chain level i under parent ("" at the top). */
static void
walk_instances(struct repeat_walk *w, int i, const char *parent)
{
	for (int k = 1;; k++) {
		char *inst = xasprintf("%s%s%s[%d]", parent, *parent ? "/" : "",
				       w->chain[i]->name, k);
		if (answers_get(w->values, inst) == NULL) {
			free(inst);
			return;
		}
		if (i == w->depth - 1)
			repeat_row(w, parent, inst, k);
		else
			walk_instances(w, i + 1, inst);
		free(inst);
	}
}

int
export_repeat_rows(const struct form *f, const struct form_field *rep,
		   const struct answers *values, const struct answers *m,
		   const struct export_opts *o, FILE *out)
{
	struct repeat_walk w = {.f = f, .values = values, .meta = m, .o = o,
				.out = out};
	const struct form_field *tmp[16];
	int n = 0;

	for (const struct form_field *p = rep; p && n < 16; p = p->parent) {
		if (p->type == Q_BEGIN_REPEAT)
			tmp[n++] = p;
	}
	while (n > 0)
		w.chain[w.depth++] = tmp[--n];
	walk_instances(&w, 0, "");
	return w.rc;
}

/* ---- codebook ----------------------------------------------------------------- */

static const char *
lang_text(const char *const *t, size_t lang)
{
	return t && t[lang] ? t[lang] : "";
}

static char *
choices_cell(const struct form *f, const struct form_field *q)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t k = 0; q->list && k < q->list->n; k++) {
		const struct form_choice *c = &q->list->choices[k];
		strbuf_printf(&sb, "%s%s =", k ? "; " : "", c->name);
		for (size_t l = 0; l < f->nlangs; l++)
			strbuf_printf(&sb, "%s %s", l ? " /" : "",
				      lang_text(c->label, l));
	}
	if (q->or_other)
		strbuf_printf(&sb, "%sother = Other", sb.len ? "; " : "");
	return strbuf_detach(&sb);
}

static const char *
section_label(const struct form *f, const struct form_field *q)
{
	for (const struct form_field *g = q->parent; g; g = g->parent) {
		const char *t = form_text(f, g->label, f->default_lang);
		if (t != NULL)
			return t;
	}
	return "";
}

static bool
is_text_column(const struct form_field *q)
{
	return q->type == Q_TEXT || q->type == Q_HIDDEN ||
	       q->type == Q_CALCULATE || q->type == Q_DEVICEID ||
	       q->type == Q_USERNAME;
}

static void
codebook_header(const struct form *f, struct row *r)
{
	static const char *const first[] = {"table", "column", "section", "type"};
	static const char *const last[] = {
		"choices", "relevant", "required", "constraint", "calculation",
		"pii", "missing_codes", "formula_prefix", "form_version"};

	for (size_t i = 0; i < 4; i++)
		row_add(r, xstrdup(first[i]));
	for (size_t l = 0; l < f->nlangs; l++)
		row_add(r, xasprintf("label::%s", f->langs[l].name));
	for (size_t i = 0; i < sizeof(last) / sizeof(*last); i++)
		row_add(r, xstrdup(last[i]));
}

static int
codebook_field(const struct form *f, const struct form_field *q,
	       const struct form_field *rep, FILE *out)
{
	struct row r = {0};
	char *missing = xasprintf("%s = don't know; %s = refused",
				  f->dont_know_code, f->refused_code);

	row_add(&r, rep ? xasprintf("%s-%s", f->id, rep->name) : xstrdup(f->id));
	row_add(&r, xstrdup(q->name));
	row_add(&r, export_safe_text(section_label(f, q)));
	row_add(&r, xasprintf("%s%s%s", qtype_name(q->type),
			      q->list ? " " : "", q->list ? q->list->name : ""));
	for (size_t l = 0; l < f->nlangs; l++)
		row_add(&r, export_safe_text(lang_text(q->label, l)));
	{
		char *choices = choices_cell(f, q);
		row_add(&r, export_safe_text(choices));
		free(choices);
	}
	row_add(&r, export_safe_text(q->relevant.src ? q->relevant.src : ""));
	row_add(&r, export_safe_text(q->required.src ? q->required.src : ""));
	row_add(&r, export_safe_text(q->constraint.src ? q->constraint.src : ""));
	row_add(&r, export_safe_text(q->calculation.src ? q->calculation.src : ""));
	row_add(&r, xstrdup(q->pii ? "yes" : "no"));
	row_add(&r, qtype_is_input(q->type) ? missing : xstrdup(""));
	row_add(&r, xstrdup(is_text_column(q) ? "yes" : "no"));
	row_add(&r, xstrdup(f->version ? f->version : ""));
	if (!qtype_is_input(q->type))
		free(missing);
	return row_write(&r, out);
}

int
export_codebook(const struct form *f, const struct export_opts *o, FILE *out)
{
	struct row r = {0};
	int rc;

	if (o->bom && fputs("\xEF\xBB\xBF", out) < 0)
		return -1;
	codebook_header(f, &r);
	rc = row_write(&r, out);
	for (size_t i = 0; i < f->nfields && rc == 0; i++) {
		const struct form_field *q = &f->fields[i];
		const struct form_field *rep = innermost_repeat(q);
		if (included(q, rep, o))
			rc = codebook_field(f, q, rep, out);
	}
	return rc;
}
