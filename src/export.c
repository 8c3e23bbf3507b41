/*
 * export: the plan of tables and columns, the rows of one intake, and the
 * CSV form of them (see export.h).  The codebook and choices tables are in
 * export_doc.c, the formula guard in export_guard.c.
 *
 * Rows are built without formatting lookup keys: one scan of the record
 * sorts its entries into the main row's slots (a field's column is found
 * by its index in the form) or into the slots of their repeat instance
 * (found by the instance path's bytes in a small per-intake hash).
 * Everything built for one intake lives in a scratch arena reset for the
 * next one.
 */
#include "export.h"
#include "export_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csvio.h"
#include "record.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

#define EOL "\r\n"
#define HEADER_MAX 48 /* characters of a label used as a header */

/* ---- which fields, which kinds ------------------------------------------ */

const struct form_field *
export_repeat_of(const struct form_field *q)
{
	return q->repeat;
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

/* q->pii holds marked, inherited and derived pii (form_compile spreads
 * it); pii_from says which: a group or repeat around it, or a field its
 * value is computed from. */
enum export_pii
export_field_pii(const struct form_field *q)
{
	if (!q->pii)
		return EXPORT_PII_NO;
	if (!q->pii_derived || q->pii_from == NULL ||
	    q->pii_from->type == Q_BEGIN_GROUP || q->pii_from->type == Q_BEGIN_REPEAT)
		return EXPORT_PII_DIRECT;
	return EXPORT_PII_DERIVED;
}

static bool
kept_out(const struct form_field *q)
{
	for (const struct form_field *p = q; p; p = p->parent) {
		if (p->no_export)
			return true;
	}
	return false;
}

bool
export_field_exported(const struct form_field *q, const struct export_opts *o)
{
	return holds_value(q) && !kept_out(q) &&
	       !(o->redact && export_field_pii(q) != EXPORT_PII_NO);
}

enum export_kind
export_kind_of(enum qtype t)
{
	switch (t) {
	case Q_INTEGER:
	case Q_DECIMAL:
		return EXPORT_NUMBER;
	case Q_DATE:
	case Q_TODAY:
		return EXPORT_DATE;
	case Q_TIME:
		return EXPORT_TIME;
	case Q_DATETIME:
	case Q_START:
	case Q_END:
		return EXPORT_DATETIME;
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_ACKNOWLEDGE:
		return EXPORT_CODE;
	default:
		return EXPORT_TEXT;
	}
}

bool
export_plain_number(const char *s)
{
	const char *p = s + (*s == '-');
	bool digits = false, dot = false;

	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

/* ---- the plan ------------------------------------------------------------ */

/* Builds column arrays: a growing array in the heap, moved to the arena. */
struct colvec {
	struct export_column *v;
	size_t n, cap;
};

static struct export_column *
col_add(struct colvec *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	memset(&c->v[c->n], 0, sizeof(c->v[0]));
	return &c->v[c->n++];
}

/* The metadata's English or Spanish label, per form language. */
static const char *const *
meta_labels(struct export_plan *p, const char *const two[2])
{
	const struct form *f = p->form;
	const char **l = arena_array(p->priv->arena, f->nlangs + 1, sizeof(char *));

	for (size_t i = 0; i < f->nlangs; i++)
		l[i] = strncmp(f->langs[i].code, "es", 2) == 0 ? two[1] : two[0];
	return l;
}

/* A label per language, each "a: b" (split columns). */
static const char *const *
joined_labels(struct export_plan *p, const struct form_field *q,
	      const struct form_choice *c)
{
	const struct form *f = p->form;
	const char **l = arena_array(p->priv->arena, f->nlangs + 1, sizeof(char *));

	for (size_t i = 0; i < f->nlangs; i++) {
		const char *a = form_text(f, q->label, i);
		const char *b = form_text(f, c->label, i);
		l[i] = arena_printf(p->priv->arena, "%s: %s", a ? a : q->name,
				    b ? b : c->name);
	}
	return l;
}

static void
add_key_columns(struct export_plan *p, struct colvec *c)
{
	static const struct {
		const char *name, *label[2];
		enum export_kind kind;
	} keys[] = {
		{"_intake_id", {"Intake id", "Identificador de la entrevista"}, EXPORT_TEXT},
		{"_parent_key", {"Parent row (_key of the enclosing table)",
				 "Fila madre (_key de la tabla que la contiene)"}, EXPORT_TEXT},
		{"_key", {"This row's key", "Clave de esta fila"}, EXPORT_TEXT},
		{"_instance", {"Instance number (from 1)", "Número de repetición (desde 1)"},
		 EXPORT_NUMBER},
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		struct export_column *col = col_add(c);
		col->name = keys[i].name;
		col->role = EXPORT_COL_KEY;
		col->kind = keys[i].kind;
		col->label = meta_labels(p, keys[i].label);
	}
}

static void
add_field_columns(struct export_plan *p, const struct form_field *repeat,
		  struct colvec *c)
{
	const struct form *f = p->form;

	for (size_t i = 0; i < f->nfields; i++) {
		const struct form_field *q = &f->fields[i];
		struct export_column *col;
		if (export_repeat_of(q) != repeat ||
		    !export_field_exported(q, &p->opts))
			continue;
		p->priv->colidx[i] = c->n;
		col = col_add(c);
		col->name = q->name;
		col->role = EXPORT_COL_FIELD;
		col->kind = export_kind_of(q->type);
		col->field = q;
		col->label = (const char *const *)q->label;
		col->pii = export_field_pii(q);
		if (!(p->opts.split_multi && q->type == Q_SELECT_MULTIPLE && q->list))
			continue;
		for (size_t k = 0; k < q->list->n; k++) {
			const struct form_choice *ch = &q->list->choices[k];
			col = col_add(c);
			col->name = arena_printf(p->priv->arena, "%s__%s", q->name,
						 ch->name);
			col->role = EXPORT_COL_SPLIT;
			col->kind = EXPORT_FLAG;
			col->field = q;
			col->choice = ch;
			col->label = joined_labels(p, q, ch);
			col->pii = export_field_pii(q);
		}
	}
}

static void
add_notes_column(struct export_plan *p, struct colvec *c)
{
	static const char *const label[2] = {"Interviewer notes",
					     "Notas del entrevistador(a)"};
	struct export_column *col = col_add(c);

	col->name = "_notes";
	col->role = EXPORT_COL_NOTES;
	col->kind = EXPORT_TEXT;
	col->label = meta_labels(p, label);
	col->pii = EXPORT_PII_DIRECT; /* free text may name people */
}

/* A label made into a header: one line, at most HEADER_MAX characters,
 * cut at a word boundary with "…". */
static char *
short_header(struct export_plan *p, const char *label)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;
	bool space = false;

	for (const char *s = label; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_putc(&sb, ' ');
		space = false;
		strbuf_putc(&sb, *s);
	}
	if (utf8_chars(strbuf_str(&sb)) > HEADER_MAX) {
		size_t cut = utf8_char_offset(strbuf_str(&sb), HEADER_MAX - 1);
		char *t = sb.buf;
		while (cut > HEADER_MAX / 2 && t[cut] != ' ')
			cut--;
		while (cut > 0 && (t[cut - 1] == ' ' || t[cut - 1] == ',' ||
				   t[cut - 1] == ':' || t[cut - 1] == '?'))
			cut--;
		sb.len = cut;
		sb.buf[cut] = '\0';
		strbuf_puts(&sb, "…");
	}
	out = arena_strdup(p->priv->arena, strbuf_str(&sb));
	strbuf_free(&sb);
	return out;
}

/* Headers: the names, or (--headers labels) the labels in the plan's
 * language, made unique by adding the name to any that repeats. */
static void
set_headers(struct export_plan *p, struct export_column *cols, size_t n)
{
	const struct form *f = p->form;

	for (size_t i = 0; i < n; i++) {
		const char *l = cols[i].label ?
			form_text(f, (const char *const *)cols[i].label, p->lang) : NULL;
		cols[i].header = p->opts.label_headers && l && *l ?
			short_header(p, l) : cols[i].name;
	}
	if (!p->opts.label_headers)
		return;
	{
		bool *dup = xcalloc(n + 1, sizeof(bool));
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (strcmp(cols[i].header, cols[j].header) == 0)
					dup[i] = dup[j] = true;
		for (size_t i = 0; i < n; i++)
			if (dup[i] && cols[i].header != cols[i].name)
				cols[i].header = arena_printf(p->priv->arena,
					"%s (%s)", cols[i].header, cols[i].name);
		free(dup);
	}
}

static void
finish_table(struct export_plan *p, struct export_table *t, struct colvec *c)
{
	struct export_column *cols = arena_array(p->priv->arena, c->n + 1,
						 sizeof(*cols));

	memcpy(cols, c->v, c->n * sizeof(*cols));
	set_headers(p, cols, c->n);
	t->cols = cols;
	t->ncols = c->n;
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static void
plan_main(struct export_plan *p, struct export_table *t)
{
	struct colvec c = {0};

	t->name = p->form->id;
	t->title = "main";
	for (size_t i = 0; form_meta_columns[i].column; i++) {
		const struct form_meta_column *m = &form_meta_columns[i];
		struct export_column *col;
		if (p->opts.redact && m->pii)
			continue;
		col = col_add(&c);
		col->name = m->column;
		col->role = EXPORT_COL_META;
		col->kind = export_kind_of(m->type);
		col->meta = m;
		col->label = meta_labels(p, m->label);
		col->pii = m->pii ? EXPORT_PII_DERIVED : EXPORT_PII_NO;
	}
	add_field_columns(p, NULL, &c);
	if (!p->opts.redact)
		add_notes_column(p, &c);
	finish_table(p, t, &c);
}

static void
plan_repeat(struct export_plan *p, struct export_table *t,
	    const struct form_field *r)
{
	struct colvec c = {0};

	t->name = arena_printf(p->priv->arena, "%s-%s", p->form->id, r->name);
	t->title = r->name;
	t->repeat = r;
	add_key_columns(p, &c);
	add_field_columns(p, r, &c);
	if (!p->opts.redact)
		add_notes_column(p, &c);
	finish_table(p, t, &c);
}

static int
plan_lang(struct export_plan *p, char **err)
{
	int l;

	p->lang = p->form->default_lang;
	if (p->opts.lang == NULL)
		return 0;
	l = form_lang_index(p->form, p->opts.lang);
	if (l < 0) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < p->form->nlangs; i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "",
				      p->form->langs[i].code);
		*err = xasprintf("the form has no language \"%s\" (it has: %s)",
				 p->opts.lang, strbuf_str(&sb));
		strbuf_free(&sb);
		return -1;
	}
	p->lang = (size_t)l;
	return 0;
}

struct export_plan *
export_plan_new(const struct form *f, const struct export_opts *o, char **err)
{
	struct export_plan *p = xcalloc(1, sizeof(*p));
	size_t nrep = 0, t = 1;

	p->form = f;
	p->opts = *o;
	p->priv = xcalloc(1, sizeof(*p->priv));
	p->priv->arena = arena_new();
	p->priv->scratch = arena_new();
	if (plan_lang(p, err) != 0) {
		export_plan_free(&p);
		return NULL;
	}
	p->priv->colidx = xcalloc(f->nfields + 1, sizeof(size_t));
	for (size_t i = 0; i < f->nfields; i++) {
		p->priv->colidx[i] = SIZE_MAX;
		nrep += f->fields[i].type == Q_BEGIN_REPEAT;
	}
	p->ntables = 1 + nrep;
	p->tables = arena_array(p->priv->arena, p->ntables, sizeof(*p->tables));
	plan_main(p, &p->tables[0]);
	for (size_t i = 0; i < f->nfields; i++) {
		if (f->fields[i].type == Q_BEGIN_REPEAT)
			plan_repeat(p, &p->tables[t++], &f->fields[i]);
	}
	p->priv->tableof = arena_array(p->priv->arena, f->nfields + 1,
				       sizeof(size_t));
	for (size_t i = 0; i < p->ntables; i++) {
		if (p->tables[i].repeat)
			p->priv->tableof[p->tables[i].repeat->index] = i;
	}
	export_doc_plan(p);
	return p;
}

void
export_plan_free(struct export_plan **pp)
{
	struct export_plan *p = pp ? *pp : NULL;

	if (p == NULL)
		return;
	free(p->priv->colidx);
	free(p->priv->slots);
	free(p->priv->cells);
	free(p->priv->inst);
	free(p->priv->hash);
	arena_free(&p->priv->arena);
	arena_free(&p->priv->scratch);
	free(p->priv);
	free(p);
	*pp = NULL;
}

/* ---- one intake ------------------------------------------------------------ */

/* A repeat instance of this intake: "hh[2]/kids[1]" and its slots. */
struct export_inst {
	const char *prefix;    /* the marker's path, inside the record */
	size_t len;            /* of prefix */
	size_t parent_len;     /* of the enclosing instance's prefix, 0 at top */
	size_t table;
	const char *k;         /* the instance number's digits */
	size_t klen;
	const struct record_row **slots; /* one per column of its table */
};

static uint64_t
bytes_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static struct export_inst *
inst_find(struct export_private *x, const char *s, size_t n)
{
	size_t mask = x->nhash - 1;

	if (x->nhash == 0)
		return NULL;
	for (size_t h = bytes_hash(s, n) & mask;; h = (h + 1) & mask) {
		size_t i = x->hash[h];
		if (i == SIZE_MAX)
			return NULL;
		if (x->inst[i].len == n && memcmp(x->inst[i].prefix, s, n) == 0)
			return &x->inst[i];
	}
}

/* Parses a marker "a[1]/b[2]" into an instance of repeat b; false if it
 * names no repeat of an exported table. */
static bool
inst_parse(struct export_plan *p, const char *path, size_t len,
	   struct export_inst *in)
{
	const char *slash = NULL, *open;
	const struct form_field *r;
	char name[256];

	for (const char *s = path + len; s > path; s--) {
		if (s[-1] == '/') {
			slash = s - 1;
			break;
		}
	}
	open = memchr(slash ? slash + 1 : path, '[', len);
	if (open == NULL)
		return false;
	{
		const char *seg = slash ? slash + 1 : path;
		size_t n = (size_t)(open - seg);
		if (n == 0 || n >= sizeof(name))
			return false;
		memcpy(name, seg, n);
		name[n] = '\0';
	}
	r = form_field(p->form, name);
	if (r == NULL || r->type != Q_BEGIN_REPEAT || kept_out(r) ||
	    (p->opts.redact && export_field_pii(r) != EXPORT_PII_NO))
		return false;
	in->prefix = path;
	in->len = len;
	in->parent_len = slash ? (size_t)(slash - path) : 0;
	in->table = p->priv->tableof[r->index];
	in->k = open + 1;
	in->klen = (size_t)(path + len - 1 - in->k);
	return true;
}

static void
inst_reset(struct export_private *x, size_t want)
{
	size_t n = 16;

	while (n < 2 * want)
		n *= 2;
	if (n > x->nhash) {
		x->hash = xreallocarray(x->hash, n, sizeof(size_t));
		x->nhash = n;
	}
	for (size_t i = 0; i < x->nhash; i++)
		x->hash[i] = SIZE_MAX;
	x->ninst = 0;
}

static void
inst_add(struct export_plan *p, const struct export_inst *in)
{
	struct export_private *x = p->priv;
	size_t mask = x->nhash - 1, h;
	const struct export_table *t = &p->tables[in->table];

	if (x->ninst == x->instcap) {
		x->instcap = x->instcap ? 2 * x->instcap : 16;
		x->inst = xreallocarray(x->inst, x->instcap, sizeof(*x->inst));
	}
	for (h = bytes_hash(in->prefix, in->len) & mask; x->hash[h] != SIZE_MAX;
	     h = (h + 1) & mask)
		;
	x->hash[h] = x->ninst;
	x->inst[x->ninst] = *in;
	x->inst[x->ninst].slots = arena_array(x->scratch, t->ncols + 1,
					      sizeof(struct record_row *));
	x->ninst++;
}

/* The field called name: entries come in form order (answers, then
 * calculations), so the fields just after the last one found are tried
 * before the name index.  *next is that position. */
static const struct form_field *
field_named(const struct form *f, const char *name, size_t *next)
{
	const struct form_field *q = NULL;

	for (size_t i = *next, k = 0; i < f->nfields && k < 8; i++, k++) {
		if (f->fields[i].name[0] == name[0] &&
		    strcmp(f->fields[i].name, name) == 0) {
			q = &f->fields[i];
			break;
		}
	}
	if (q == NULL)
		q = form_field(f, name);
	if (q != NULL)
		*next = q->index + 1;
	return q;
}

/* Puts entry e in the slot of its column in table t, if it has one. */
static void
place(const struct export_plan *p, const struct export_table *t,
      const struct record_row **slots, const struct form_field *q,
      const struct record_row *e)
{
	size_t col = q ? p->priv->colidx[q->index] : SIZE_MAX;

	if (col < t->ncols && t->cols[col].field == q &&
	    t->cols[col].role == EXPORT_COL_FIELD)
		slots[col] = e;
}

/* Sorts the record's entries into the main row and instance slots. */
static void
place_entries(struct export_plan *p, const struct record_view *r)
{
	struct export_private *x = p->priv;
	const struct form *f = p->form;
	size_t nmark = 0, next = 0, inext = 0;

	memset(x->slots, 0, p->tables[0].ncols * sizeof(*x->slots));
	for (size_t i = 0; i < r->n; i++)
		nmark += r->rows[i].path[strlen(r->rows[i].path) - 1] == ']';
	inst_reset(x, nmark);
	for (size_t i = 0; nmark && i < r->n; i++) {
		const char *path = r->rows[i].path;
		size_t len = strlen(path);
		struct export_inst in;
		if (path[len - 1] == ']' && inst_find(x, path, len) == NULL &&
		    inst_parse(p, path, len, &in))
			inst_add(p, &in);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct record_row *e = &r->rows[i];
		const char *slash = nmark ? strrchr(e->path, '/') : NULL;
		struct export_inst *in;
		if (slash == NULL) {
			place(p, &p->tables[0], x->slots,
			      field_named(f, e->path, &next), e);
		} else if ((in = inst_find(x, e->path,
					   (size_t)(slash - e->path))) != NULL) {
			place(p, &p->tables[in->table], in->slots,
			      field_named(f, slash + 1, &inext), e);
		}
	}
}

/* ---- cells -------------------------------------------------------------------- */

static bool
has_token(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *s = list; (s = strstr(s, name)) != NULL; s += n) {
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == '\0'))
			return true;
	}
	return false;
}

/* The choice of list l called name (len bytes), or NULL. */
static const struct form_choice *
choice_named(const struct form_list *l, const char *name, size_t len)
{
	for (size_t k = 0; k < l->n; k++) {
		if (strncmp(l->choices[k].name, name, len) == 0 &&
		    l->choices[k].name[len] == '\0')
			return &l->choices[k];
	}
	return NULL;
}

/* The labels of the codes in value, "; "-separated, in the plan's
 * language (a code without a label stays a code). */
static const char *
labels_of(struct export_plan *p, const struct form_field *q, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = value, *out;

	while (*s) {
		size_t n = strcspn(s, " ");
		const struct form_choice *c = n ? choice_named(q->list, s, n) : NULL;
		const char *l = c ? form_text(p->form, c->label, p->lang) : NULL;
		if (n > 0) {
			if (sb.len)
				strbuf_puts(&sb, "; ");
			if (l)
				strbuf_puts(&sb, l);
			else
				strbuf_printf(&sb, "%.*s", (int)n, s);
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	out = arena_strdup(p->priv->scratch, strbuf_str(&sb));
	strbuf_free(&sb);
	return out;
}

static struct export_cell
field_cell(struct export_plan *p, const struct export_column *c,
	   const struct record_row *e)
{
	const struct form_field *q = c->field;

	if (e == NULL || (*e->value == '\0' && e->state == IV_ANSWERED))
		return (struct export_cell){"", c->kind};
	if (e->state == IV_DONT_KNOW || e->state == IV_REFUSED)
		return (struct export_cell){e->value, EXPORT_MISSING};
	if (c->role == EXPORT_COL_SPLIT)
		return (struct export_cell){
			has_token(e->value, c->choice->name) ? "1" : "0", EXPORT_FLAG};
	if (c->kind == EXPORT_CODE && p->opts.labels && q->list)
		return (struct export_cell){labels_of(p, q, e->value), EXPORT_CODE};
	if (c->kind == EXPORT_TEXT && export_plain_number(e->value))
		return (struct export_cell){e->value, EXPORT_NUMBER};
	return (struct export_cell){e->value, c->kind};
}

/* Notes of entries [from, to) under prefix (len bytes, "" for all) and
 * not inside a deeper instance unless all. */
static const char *
notes_of(struct export_plan *p, const struct record_view *r, const char *prefix,
	 size_t len, bool all)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	for (size_t i = 0; i < r->n; i++) {
		const struct record_row *e = &r->rows[i];
		if (*e->note == '\0' || strncmp(e->path, prefix, len) != 0 ||
		    (len && e->path[len] != '/'))
			continue;
		if (!all && strchr(e->path + len + (len > 0), '[') != NULL)
			continue;
		if (sb.len)
			strbuf_putc(&sb, '\n');
		strbuf_printf(&sb, "%s: %s", e->path, e->note);
	}
	out = arena_strdup(p->priv->scratch, strbuf_str(&sb));
	strbuf_free(&sb);
	return out;
}

static struct export_cell *
cells_for(struct export_plan *p, size_t n)
{
	struct export_private *x = p->priv;

	if (n > x->ncells) {
		x->cells = xreallocarray(x->cells, n, sizeof(*x->cells));
		x->ncells = n;
	}
	return x->cells;
}

static int
emit_main(struct export_plan *p, const struct record_view *r,
	  const struct export_sink *sink)
{
	const struct export_table *t = &p->tables[0];
	struct export_cell *cells = cells_for(p, t->ncols);

	for (size_t i = 0; i < t->ncols; i++) {
		const struct export_column *c = &t->cols[i];
		switch (c->role) {
		case EXPORT_COL_META:
			cells[i] = (struct export_cell){
				record_view_meta(r, c->meta->key), c->kind};
			break;
		case EXPORT_COL_NOTES:
			cells[i] = (struct export_cell){
				notes_of(p, r, "", 0, true), EXPORT_TEXT};
			break;
		default:
			cells[i] = field_cell(p, c, p->priv->slots[c->role ==
				EXPORT_COL_SPLIT ? p->priv->colidx[c->field->index] : i]);
			break;
		}
	}
	return sink->row(sink->arg, t, cells);
}

static const char *
key_of(struct export_plan *p, const char *id, const char *prefix, size_t len)
{
	size_t n = strlen(id);
	char *s = arena_alloc(p->priv->scratch, n + len + 2);

	memcpy(s, id, n);
	if (len) {
		s[n] = '/';
		memcpy(s + n + 1, prefix, len);
	}
	return s;
}

static int
emit_instance(struct export_plan *p, const struct record_view *r,
	      const struct export_inst *in, const struct export_sink *sink)
{
	const struct export_table *t = &p->tables[in->table];
	struct export_cell *cells = cells_for(p, t->ncols);
	const char *id = record_view_meta(r, "instance_id");

	for (size_t i = 0; i < t->ncols; i++) {
		const struct export_column *c = &t->cols[i];
		if (c->role == EXPORT_COL_KEY) {
			const char *v = i == 0 ? id :
				i == 1 ? key_of(p, id, in->prefix, in->parent_len) :
				i == 2 ? key_of(p, id, in->prefix, in->len) :
				arena_strndup(p->priv->scratch, in->k, in->klen);
			cells[i] = (struct export_cell){v, c->kind};
		} else if (c->role == EXPORT_COL_NOTES) {
			cells[i] = (struct export_cell){
				notes_of(p, r, in->prefix, in->len, false), EXPORT_TEXT};
		} else {
			size_t slot = c->role == EXPORT_COL_SPLIT ?
				p->priv->colidx[c->field->index] : i;
			cells[i] = field_cell(p, c, in->slots[slot]);
		}
	}
	return sink->row(sink->arg, t, cells);
}

/* Instance order: by table, then by instance numbers along the path. */
static int
inst_order(const void *pa, const void *pb)
{
	const struct export_inst *a = pa, *b = pb;
	const char *s = a->prefix, *t = b->prefix;
	const char *se = s + a->len, *te = t + b->len;

	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	while (s < se && t < te) {
		if (*s >= '0' && *s <= '9' && *t >= '0' && *t <= '9') {
			size_t ns = strspn(s, "0123456789"), nt = strspn(t, "0123456789");
			int c = ns != nt ? (ns < nt ? -1 : 1) : strncmp(s, t, ns);
			if (c != 0)
				return c;
			s += ns, t += nt;
			continue;
		}
		if (*s != *t)
			return (unsigned char)*s < (unsigned char)*t ? -1 : 1;
		s++, t++;
	}
	return (s < se) - (t < te);
}

int
export_intake(struct export_plan *p, const struct record_view *r,
	      const struct export_sink *sink)
{
	struct export_private *x = p->priv;
	int rc;

	if (p->on_intake != NULL && (rc = p->on_intake(p->on_intake_arg, r)) != 0)
		return rc;
	arena_reset(x->scratch);
	if (x->nslots < p->tables[0].ncols + 1) {
		x->nslots = p->tables[0].ncols + 1;
		x->slots = xreallocarray(x->slots, x->nslots, sizeof(*x->slots));
	}
	place_entries(p, r);
	rc = emit_main(p, r, sink);
	if (x->ninst > 1)
		qsort(x->inst, x->ninst, sizeof(*x->inst), inst_order);
	for (size_t i = 0; i < x->ninst && rc == 0; i++)
		rc = emit_instance(p, r, &x->inst[i], sink);
	return rc;
}

/* ---- CSV ------------------------------------------------------------------------ */

/* Appends one cell, guarded against formulas unless a plain number. */
static void
add_cell(struct strbuf *row, const char *v, bool first)
{
	if (!first)
		strbuf_putc(row, ',');
	if (export_needs_guard(v) && !export_plain_number(v)) {
		char *g = export_safe_text(v);
		csvio_append_cell(row, g);
		free(g);
		return;
	}
	csvio_append_cell(row, v);
}

static int
put_row(struct strbuf *row, FILE *out)
{
	int rc;

	strbuf_add(row, EOL, 2);
	rc = fwrite(row->buf, 1, row->len, out) == row->len ? 0 : -1;
	strbuf_free(row);
	return rc;
}

int
export_csv_row(const struct export_table *t, const struct export_cell *cells,
	       FILE *out)
{
	struct strbuf row = STRBUF_INIT;

	for (size_t i = 0; i < t->ncols; i++)
		add_cell(&row, cells[i].text, i == 0);
	return put_row(&row, out);
}

static int
header_cells(const struct export_table *t, FILE *out)
{
	struct strbuf row = STRBUF_INIT;

	for (size_t i = 0; i < t->ncols; i++)
		add_cell(&row, t->cols[i].header, i == 0);
	return put_row(&row, out);
}

int
export_csv_header(const struct export_plan *p, const struct export_table *t,
		  FILE *out)
{
	if (p->opts.bom && fputs("\xEF\xBB\xBF", out) < 0)
		return -1;
	return header_cells(t, out);
}

char *
export_csv_header_line(const struct export_plan *p, const struct export_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	(void)p;
	header_cells(t, mem);
	fclose(mem);
	if (len >= 2 && buf[len - 2] == '\r')
		buf[len - 2] = '\0';
	return buf;
}

int
export_csv_sink_row(void *arg, const struct export_table *t,
		    const struct export_cell *cells)
{
	struct export_csv_files *w = arg;
	const struct export_plan *p = w->plan;
	size_t i = t == &p->codebook ? p->ntables :
		   t == &p->choices ? p->ntables + 1 : (size_t)(t - p->tables);

	return export_csv_row(t, cells, w->out[i]);
}
