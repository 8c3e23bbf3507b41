/*
 * export_doc: the codebook and the choices table (see export.h), built
 * from the plan so they list exactly the exported columns.
 *
 * The codebook has one row per column of every table (metadata, keys,
 * fields, split columns, notes), the form's default language first among
 * the labels, and says relevance and requirement in words when the
 * expression is a simple comparison (`${a} = 'x' and selected(${b}, 'y')`
 * reads "a is x and b includes y"); anything else is shown as written.
 * The choices table lists every list an exported select uses (list,
 * code, a label per language) and the missing-value codes.
 */
#include "export.h"
#include "export_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strbuf.h"
#include "xmem.h"

/* ---- expressions in words ------------------------------------------------ */

static const char *
skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* "${name}" at s: the name (into out) and the rest, or NULL. */
static const char *
ref(const char *s, struct strbuf *out)
{
	const char *e;

	s = skip_spaces(s);
	if (strncmp(s, "${", 2) != 0 || (e = strchr(s, '}')) == NULL)
		return NULL;
	strbuf_printf(out, "%.*s", (int)(e - s - 2), s + 2);
	return e + 1;
}

/* A quoted string or a number at s, into out; the rest, or NULL. */
static const char *
literal(const char *s, struct strbuf *out)
{
	s = skip_spaces(s);
	if (*s == '\'' || *s == '"') {
		const char *e = strchr(s + 1, *s);
		if (e == NULL)
			return NULL;
		if (e == s + 1)
			strbuf_puts(out, "empty");
		else
			strbuf_printf(out, "\"%.*s\"", (int)(e - s - 1), s + 1);
		return e + 1;
	}
	if (isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))) {
		const char *e = s + 1;
		while (isdigit((unsigned char)*e) || *e == '.')
			e++;
		strbuf_printf(out, "%.*s", (int)(e - s), s);
		return e;
	}
	return NULL;
}

/* True when only spaces lie between p and end. */
static bool
at_end(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	return p == end;
}

/* One comparison, in words; false when it is anything else. */
static bool
term_words(const char *s, const char *end, struct strbuf *out)
{
	static const struct { const char *op, *words; } ops[] = {
		{"!=", "is not"}, {">=", "is at least"}, {"<=", "is at most"},
		{"=", "is"}, {">", "is more than"}, {"<", "is less than"},
	};
	struct strbuf a = STRBUF_INIT;
	bool neg = false, ok = false;
	const char *p;

	s = skip_spaces(s);
	if (strncmp(s, "not(selected(", 13) == 0)
		neg = true, s += 4;
	if (strncmp(s, "selected(", 9) == 0) {
		p = ref(s + 9, &a);
		if (p && *(p = skip_spaces(p)) == ',') {
			strbuf_printf(out, "%s %s ", strbuf_str(&a),
				      neg ? "does not include" : "includes");
			p = literal(p + 1, out);
			p = p ? skip_spaces(p) : NULL;
			if (p && *p == ')' && (!neg || *(p = skip_spaces(p + 1)) == ')'))
				ok = at_end(p + 1, end);
		}
	} else if ((p = ref(s, &a)) != NULL) {
		p = skip_spaces(p);
		for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++) {
			size_t n = strlen(ops[i].op);
			if (strncmp(p, ops[i].op, n) != 0)
				continue;
			strbuf_printf(out, "%s %s ", strbuf_str(&a), ops[i].words);
			p = literal(p + n, out);
			ok = p && at_end(p, end);
			break;
		}
	}
	strbuf_free(&a);
	return ok;
}

/* src in words ("a is x and b includes y"), or NULL when it is not a
 * chain of simple comparisons joined by one kind of and / or. */
static char *
in_words(const char *src)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = src, *join = NULL;

	for (;;) {
		const char *a = strstr(s, " and "), *o = strstr(s, " or ");
		const char *cut = a && (!o || a < o) ? a : o;
		const char *word = cut == a ? " and " : " or ";
		const char *end = cut ? cut : s + strlen(s);
		if (cut && join && strcmp(join, word) != 0)
			break;
		if (!term_words(s, end, &sb))
			break;
		if (cut == NULL)
			return strbuf_detach(&sb);
		join = word;
		strbuf_puts(&sb, word);
		s = cut + strlen(word);
	}
	strbuf_free(&sb);
	return NULL;
}

static const char *
relevance_text(struct export_plan *p, const char *src)
{
	char *w;
	const char *out;

	if (src == NULL)
		return "";
	if ((w = in_words(src)) == NULL)
		return src;
	out = arena_printf(p->priv->scratch, "when %s", w);
	free(w);
	return out;
}

static const char *
required_text(struct export_plan *p, const char *src)
{
	if (src == NULL || strcmp(src, "no") == 0 || strcmp(src, "false()") == 0)
		return "no";
	if (strcmp(src, "yes") == 0 || strcmp(src, "true()") == 0)
		return "yes";
	return relevance_text(p, src);
}

/* ---- the tables' columns ------------------------------------------------------ */

/* Languages in codebook order: the default first, then the others. */
static size_t
lang_at(const struct form *f, size_t i)
{
	if (i == 0)
		return f->default_lang;
	return i <= f->default_lang ? i - 1 : i;
}

static void
doc_table(struct export_plan *p, struct export_table *t, const char *suffix,
	  const char *const *before, size_t nbefore, const char *const *after,
	  size_t nafter)
{
	const struct form *f = p->form;
	size_t n = nbefore + f->nlangs + nafter, k = 0;
	struct export_column *cols = arena_array(p->priv->arena, n + 1,
						 sizeof(*cols));

	for (size_t i = 0; i < nbefore; i++)
		cols[k++].name = before[i];
	for (size_t i = 0; i < f->nlangs; i++)
		cols[k++].name = arena_printf(p->priv->arena, "label::%s",
					      f->langs[lang_at(f, i)].name);
	for (size_t i = 0; i < nafter; i++)
		cols[k++].name = after[i];
	for (size_t i = 0; i < n; i++) {
		cols[i].header = cols[i].name;
		cols[i].role = EXPORT_COL_DOC;
		cols[i].kind = EXPORT_TEXT;
	}
	t->name = arena_printf(p->priv->arena, "%s-%s", f->id, suffix);
	t->title = suffix;
	t->cols = cols;
	t->ncols = n;
}

void
export_doc_plan(struct export_plan *p)
{
	static const char *const cb_before[] = {"table", "column", "section",
						"type", "choices"};
	static const char *const cb_after[] = {"relevant", "required",
		"constraint", "calculation", "pii", "missing_codes", "form_version"};
	static const char *const ch_before[] = {"list", "code"};

	doc_table(p, &p->codebook, "codebook", cb_before, 5, cb_after, 7);
	doc_table(p, &p->choices, "choices", ch_before, 2, NULL, 0);
}

/* ---- codebook rows ----------------------------------------------------------------- */

static const char *
section_of(const struct form *f, const struct form_field *q)
{
	for (const struct form_field *g = q ? q->parent : NULL; g; g = g->parent) {
		const char *t = form_text(f, g->label, f->default_lang);
		if (t != NULL)
			return t;
	}
	return "";
}

static const char *
type_of(struct export_plan *p, const struct export_column *c)
{
	switch (c->role) {
	case EXPORT_COL_META:
		return qtype_name(c->meta->type);
	case EXPORT_COL_KEY:
		return c->kind == EXPORT_NUMBER ? "integer" : "text";
	case EXPORT_COL_SPLIT:
		return "0/1 (one option of a select_multiple)";
	case EXPORT_COL_NOTES:
		return "text";
	default:
		break;
	}
	if (c->field->list)
		return arena_printf(p->priv->scratch, "%s %s",
				    qtype_name(c->field->type), c->field->list->name);
	return qtype_name(c->field->type);
}

static const char *
pii_text(enum export_pii pii)
{
	return pii == EXPORT_PII_DIRECT ? "yes" :
	       pii == EXPORT_PII_DERIVED ? "derived" : "no";
}

static int
codebook_row(struct export_plan *p, const struct export_table *t,
	     const struct export_column *c, const struct export_sink *s)
{
	const struct form *f = p->form;
	const struct form_field *q = c->field;
	struct export_cell *cells = xcalloc(p->codebook.ncols + 1, sizeof(*cells));
	size_t k = 0;
	int rc;

	arena_reset(p->priv->scratch);
	cells[k++].text = t->name;
	cells[k++].text = c->name;
	cells[k++].text = section_of(f, q);
	cells[k++].text = type_of(p, c);
	cells[k++].text = c->role == EXPORT_COL_SPLIT ?
		arena_printf(p->priv->scratch, "%s = %s", q->list->name,
			     c->choice->name) :
		q && q->list ? q->list->name : "";
	for (size_t i = 0; i < f->nlangs; i++) {
		const char *l = c->label ? c->label[lang_at(f, i)] : NULL;
		cells[k++].text = l ? l : "";
	}
	cells[k++].text = q ? relevance_text(p, q->relevant.src) : "";
	cells[k++].text = q && c->role == EXPORT_COL_FIELD &&
		qtype_is_input(q->type) ? required_text(p, q->required.src) : "";
	cells[k++].text = q && q->constraint.src ? q->constraint.src : "";
	cells[k++].text = q && q->calculation.src ? q->calculation.src : "";
	cells[k++].text = pii_text(c->pii);
	cells[k++].text = q && qtype_is_input(q->type) ?
		arena_printf(p->priv->scratch, "%s = don't know; %s = refused",
			     f->dont_know_code, f->refused_code) : "";
	cells[k++].text = f->version ? f->version : "";
	for (size_t i = 0; i < k; i++)
		cells[i].kind = EXPORT_TEXT;
	rc = s->row(s->arg, &p->codebook, cells);
	free(cells);
	return rc;
}

int
export_codebook_rows(struct export_plan *p, const struct export_sink *s)
{
	int rc = 0;

	for (size_t t = 0; t < p->ntables && rc == 0; t++) {
		const struct export_table *tab = &p->tables[t];
		for (size_t i = 0; i < tab->ncols && rc == 0; i++)
			rc = codebook_row(p, tab, &tab->cols[i], s);
	}
	return rc;
}

/* ---- choices rows --------------------------------------------------------------------- */

static int
choice_row(struct export_plan *p, const char *list, const char *code,
	   const char *const *label, const struct export_sink *s)
{
	const struct form *f = p->form;
	struct export_cell *cells = xcalloc(p->choices.ncols + 1, sizeof(*cells));
	size_t k = 0;
	int rc;

	cells[k++].text = list;
	cells[k++].text = code;
	for (size_t i = 0; i < f->nlangs; i++) {
		const char *l = label ? label[lang_at(f, i)] : NULL;
		cells[k++].text = l ? l : "";
	}
	for (size_t i = 0; i < k; i++)
		cells[i].kind = EXPORT_TEXT;
	rc = s->row(s->arg, &p->choices, cells);
	free(cells);
	return rc;
}

/* A label per language from an English and a Spanish text. */
static const char *const *
two_labels(struct export_plan *p, const char *en, const char *es)
{
	const struct form *f = p->form;
	const char **l = arena_array(p->priv->scratch, f->nlangs + 1,
				     sizeof(char *));

	for (size_t i = 0; i < f->nlangs; i++)
		l[i] = strncmp(f->langs[i].code, "es", 2) == 0 ? es : en;
	return l;
}

static bool
list_listed(const struct export_plan *p, const struct form_list *l,
	    size_t upto_table, size_t upto_col)
{
	for (size_t t = 0; t <= upto_table; t++) {
		const struct export_table *tab = &p->tables[t];
		size_t n = t == upto_table ? upto_col : tab->ncols;
		for (size_t i = 0; i < n; i++) {
			if (tab->cols[i].role == EXPORT_COL_FIELD &&
			    tab->cols[i].field->list == l)
				return true;
		}
	}
	return false;
}

static int
list_rows(struct export_plan *p, const struct form_field *q,
	  const struct export_sink *s)
{
	const struct form_list *l = q->list;
	int rc = 0;

	for (size_t k = 0; k < l->n && rc == 0; k++)
		rc = choice_row(p, l->name, l->choices[k].name,
				(const char *const *)l->choices[k].label, s);
	if (rc == 0 && q->or_other)
		rc = choice_row(p, l->name, "other",
				two_labels(p, "Other", "Otro"), s);
	return rc;
}

int
export_choices_rows(struct export_plan *p, const struct export_sink *s)
{
	const struct form *f = p->form;
	int rc = 0;

	arena_reset(p->priv->scratch);
	for (size_t t = 0; t < p->ntables && rc == 0; t++) {
		const struct export_table *tab = &p->tables[t];
		for (size_t i = 0; i < tab->ncols && rc == 0; i++) {
			const struct export_column *c = &tab->cols[i];
			if (c->role == EXPORT_COL_FIELD && c->field->list &&
			    !list_listed(p, c->field->list, t, i))
				rc = list_rows(p, c->field, s);
		}
	}
	if (rc == 0)
		rc = choice_row(p, "(missing)", f->dont_know_code,
				two_labels(p, "Don't know", "No sabe"), s);
	if (rc == 0)
		rc = choice_row(p, "(missing)", f->refused_code,
				two_labels(p, "Refused", "Prefiere no contestar"), s);
	return rc;
}
