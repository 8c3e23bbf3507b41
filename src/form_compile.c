/*
 * form_compile: parse every expression of a form once, check what the
 * trees refer to, and build the dependency graph (see form_compile.h).
 */
#include "form_compile.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "expr.h"
#include "expr_int.h"
#include "form.h"
#include "strbuf.h"
#include "xmem.h"

struct compiler {
	struct form *f;
	struct diag *d;
	const char *path;
	size_t errors;
	bool by_key; /* ${} may name any field by its key: the relevant the
			loader wrote for a "Specify other" row (form_load.c),
			which names its select by key, "group:name" too */
};

/* A default is an expression only when it calls a function or refers to
 * a field; "2010-06-15" or "5" are literal values (as pyxform reads them). */
static bool
dynamic_default(const char *src)
{
	return strstr(src, "${") != NULL || strchr(src, '(') != NULL;
}

static void
error_at(struct compiler *c, unsigned row, const char *column,
	 const char *src, size_t off, const char *msg)
{
	diag_add_caret(c->d, DIAG_ERROR, c->path, row, column, src, off, "%s", msg);
	c->errors++;
}

static void
check_ref(struct compiler *c, unsigned row, const char *column,
	  const char *src, const struct expr *e)
{
	const char *near;
	char *msg;
	unsigned r1, r2;

	if (form_field_ref(c->f, e->str) != NULL ||
	    (c->by_key && form_field(c->f, e->str) != NULL))
		return;
	near = form_closest_name(c->f, e->str);
	msg = form_name_ambiguous(c->f, e->str, &r1, &r2) ?
	      xasprintf(FORM_AMBIGUOUS_MSG, e->str, r1, r2, e->str) : near ? xasprintf("${%s} is not a field of this form (did you mean "
			       "${%s}?)", e->str, near) :
		     xasprintf("${%s} is not a field of this form", e->str);
	error_at(c, row, column, src, e->offset, msg);
	free(msg);
}

/* Arguments known when the form loads: a regex() pattern must compile,
 * a pulldata() table must be a plain file name of the form folder. */
/* instance('id'): a choices list id, or the file id.csv of the form
 * folder (select_*_from_file); a name that is no plain file name never is. */
static bool
instance_exists(const struct compiler *c, const char *id)
{
	char *path;
	bool ok;

	if (form_list(c->f, id) != NULL)
		return true;
	if (!expr_file_name_ok(id))
		return false;
	path = xasprintf("%s/%s.csv", c->f->dir ? c->f->dir : ".", id);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

static void
check_literals(struct compiler *c, unsigned row, const char *column,
	       const char *src, const struct expr *e)
{
	const struct expr *a;
	char *msg;

	if (strcmp(e->str, "regex") == 0 && e->nargs == 2 &&
	    (a = e->args[1])->kind == N_STRING &&
	    (msg = expr_regex_error(a->str)) != NULL) {
		error_at(c, row, column, src, a->offset, msg);
		free(msg);
	}
	if (strcmp(e->str, "instance") == 0 && e->nargs == 1 &&
	    (a = e->args[0])->kind == N_STRING && !instance_exists(c, a->str)) {
		msg = xasprintf("instance('%s'): no choices list \"%s\" and no "
				"file %s.csv in the form folder", a->str, a->str,
				a->str);
		error_at(c, row, column, src, a->offset, msg);
		free(msg);
	}
	if (strcmp(e->str, "pulldata") == 0 && e->nargs >= 1 &&
	    (a = e->args[0])->kind == N_STRING && !expr_file_name_ok(a->str)) {
		msg = xasprintf("pulldata(): \"%s\" is not a plain file name of "
				"the form folder (no \"/\", no \"..\")", a->str);
		error_at(c, row, column, src, a->offset, msg);
		free(msg);
	}
}

static void
check_tree(struct compiler *c, unsigned row, const char *column,
	   const char *src, const struct expr *e)
{
	int min, max;
	char *msg;

	if (e->kind == N_REF)
		check_ref(c, row, column, src, e);
	if (e->kind == N_CALL) {
		if (expr_func_lookup(e->str, &min, &max) < 0) {
			msg = xasprintf("unknown function %s()", e->str);
			error_at(c, row, column, src, e->offset, msg);
			free(msg);
		} else if ((int)e->nargs < min || (max >= 0 && (int)e->nargs > max)) {
			msg = xasprintf("%s() takes %d to %d arguments, not %zu",
					e->str, min, max < 0 ? 99 : max, e->nargs);
			if (min == max)
				sprintf(msg, "%s() takes %d argument%s, not %zu",
					e->str, min, min == 1 ? "" : "s", e->nargs);
			error_at(c, row, column, src, e->offset, msg);
			free(msg);
		}
	}
	if (e->kind == N_CALL)
		check_literals(c, row, column, src, e);
	for (size_t i = 0; i < e->nargs; i++)
		check_tree(c, row, column, src, e->args[i]);
}

static void
compile_one(struct compiler *c, unsigned row, const char *column,
	    struct form_expr *x)
{
	size_t off;
	char *err;

	if (x->src == NULL)
		return;
	x->ast = expr_parse(c->f->arena, x->src, &off, &err);
	if (x->ast == NULL) {
		error_at(c, row, column, x->src, off, err);
		free(err);
		return;
	}
	check_tree(c, row, column, x->src, x->ast);
}

/* ---- the dependency graph ------------------------------------------------- */

struct edge_arg {
	struct form *f;
	struct form_graph *g;
	size_t reader;
};

static void
add_edge(void *arg, const char *name)
{
	struct edge_arg *ea = arg;
	const struct form_field *q = form_field(ea->f, name);
	struct form_graph *g = ea->g;
	size_t j, n;

	if (q == NULL)
		return;
	j = q->index;
	n = g->nreaders[j];
	if (n > 0 && g->readers[j][n - 1] == ea->reader)
		return;
	g->readers[j] = xreallocarray(g->readers[j], n + 1, sizeof(size_t));
	g->readers[j][g->nreaders[j]++] = ea->reader;
}

static struct form_expr *const *
exprs_of(struct form_field *q, struct form_expr *out[9])
{
	out[0] = &q->relevant, out[1] = &q->constraint, out[2] = &q->calculation;
	out[3] = &q->required, out[4] = &q->default_value, out[5] = &q->read_only;
	out[6] = &q->choice_filter, out[7] = &q->repeat_count, out[8] = &q->trigger;
	return out;
}

static const char *const expr_columns[9] = {
	"relevant", "constraint", "calculation", "required", "default",
	"read_only", "choice_filter", "repeat_count", "trigger",
};

/* Moves the graph's arrays into the arena. */
static void
settle_graph(struct form *f, struct form_graph *g)
{
	for (size_t i = 0; i < f->nfields; i++) {
		size_t *v = arena_array(f->arena, g->nreaders[i] + 1, sizeof(size_t));
		if (g->nreaders[i])
			memcpy(v, g->readers[i], g->nreaders[i] * sizeof(size_t));
		free(g->readers[i]);
		g->readers[i] = v;
	}
}

static void
build_graph(struct form *f)
{
	struct form_graph *g = arena_alloc(f->arena, sizeof(*g));
	struct form_expr *x[9];

	g->readers = arena_array(f->arena, f->nfields + 1, sizeof(size_t *));
	g->nreaders = arena_array(f->arena, f->nfields + 1, sizeof(size_t));
	for (size_t i = 0; i < f->nfields; i++) {
		struct edge_arg ea = {f, g, i};
		exprs_of(&f->fields[i], x);
		for (size_t k = 0; k < 9; k++)
			expr_refs(x[k]->ast, add_edge, &ea);
	}
	settle_graph(f, g);
	f->graph = g;
}

/* ---- calculation cycles --------------------------------------------------------- */

struct cycle_arg {
	struct compiler *c;
	int *color;   /* 0 new, 1 on the path, 2 done */
	size_t *path;
	size_t depth;
};

static void visit_calc(struct cycle_arg *ca, size_t i);

/* A calculation recomputed whenever what it reads changes.  One with a
 * trigger is computed once per change of its trigger and then stored (a
 * setvalue), so reading it reads a stored value, and it may read its own
 * value (ODK's "first update" timestamp: if(${t} = '', now(), ${t})):
 * a loop through it never closes, and it is no node of a cycle. */
static bool
live_calculation(const struct form_field *q)
{
	return q->calculation.ast != NULL && q->trigger.src == NULL;
}

static void
visit_ref(void *arg, const char *name)
{
	struct cycle_arg *ca = arg;
	const struct form_field *q = form_field(ca->c->f, name);

	if (q != NULL && live_calculation(q))
		visit_calc(ca, q->index);
}

/* Reports the cycle that closes at field i: the names from i's place on
 * the current path to its end, then i again. */
static void
report_cycle(struct cycle_arg *ca, size_t i)
{
	struct form *f = ca->c->f;
	struct strbuf sb = STRBUF_INIT;
	size_t k = ca->depth;

	while (k > 0 && ca->path[k - 1] != i)
		k--;
	for (size_t j = k > 0 ? k - 1 : 0; j < ca->depth; j++)
		strbuf_printf(&sb, "%s -> ", f->fields[ca->path[j]].name);
	strbuf_puts(&sb, f->fields[i].name);
	diag_add(ca->c->d, DIAG_ERROR, ca->c->path, f->fields[i].row,
		 "calculation", "calculations depend on each other in a circle: %s",
		 strbuf_str(&sb));
	ca->c->errors++;
	strbuf_free(&sb);
}

static void
visit_calc(struct cycle_arg *ca, size_t i)
{
	if (ca->color[i] == 2)
		return;
	if (ca->color[i] == 1) {
		report_cycle(ca, i);
		return;
	}
	ca->color[i] = 1;
	ca->path[ca->depth++] = i;
	expr_refs(ca->c->f->fields[i].calculation.ast, visit_ref, ca);
	ca->depth--;
	ca->color[i] = 2;
}

static void
find_cycles(struct compiler *c)
{
	struct form *f = c->f;
	struct cycle_arg ca = {c, xcalloc(f->nfields + 1, sizeof(int)),
			       xcalloc(f->nfields + 1, sizeof(size_t)), 0};

	for (size_t i = 0; i < f->nfields; i++) {
		if (live_calculation(&f->fields[i]))
			visit_calc(&ca, i);
	}
	free(ca.color);
	free(ca.path);
}

/* The deadlines setting names fields, separated by spaces: each must
 * exist (as a date question or a calculation). */
static void
check_deadlines(struct compiler *c)
{
	const char *s = c->f->deadlines;

	while (s != NULL && *(s += strspn(s, " \t")) != '\0') {
		size_t len = strcspn(s, " \t");
		char *name = xstrndup(s, len);
		const char *near;
		if (form_field(c->f, name) == NULL) {
			char *msg;
			near = form_closest_name(c->f, name);
			msg = near ? xasprintf("%s is not a field of this form (did "
					       "you mean %s?)", name, near) :
				     xasprintf("%s is not a field of this form", name);
			error_at(c, 2, "deadlines", c->f->deadlines,
				 (size_t)(s - c->f->deadlines), msg);
			free(msg);
		}
		free(name);
		s += len;
	}
}


/* ---- derived pii ---------------------------------------------------------------- */

/* Edges along which a value is copied: from a field to the fields whose
 * calculation, default or note text reads it. */
struct flow {
	struct form *f;
	size_t *from, *to; /* edge k: field from[k] feeds field to[k] */
	size_t n, cap;
	size_t reader;
};

static void
flow_edge(void *arg, const char *name)
{
	struct flow *fl = arg;
	const struct form_field *q = form_field(fl->f, name);

	if (q == NULL)
		return;
	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? 2 * fl->cap : 64;
		fl->from = xreallocarray(fl->from, fl->cap, sizeof(size_t));
		fl->to = xreallocarray(fl->to, fl->cap, sizeof(size_t));
	}
	fl->from[fl->n] = q->index;
	fl->to[fl->n++] = fl->reader;
}

/* Every ${name} written in a text (labels and hints of notes). */
static void
text_refs(struct flow *fl, const char *const *t)
{
	for (size_t l = 0; t && l < fl->f->nlangs; l++) {
		const char *s = t[l], *open, *close;
		while (s && (open = strstr(s, "${")) != NULL &&
		       (close = strchr(open, '}')) != NULL) {
			char *name = xstrndup(open + 2, (size_t)(close - open - 2));
			flow_edge(fl, name);
			free(name);
			s = close + 1;
		}
	}
}

static void
collect_flows(struct flow *fl)
{
	for (size_t i = 0; i < fl->f->nfields; i++) {
		struct form_field *q = &fl->f->fields[i];
		fl->reader = i;
		expr_refs(q->calculation.ast, flow_edge, fl);
		expr_refs(q->default_value.ast, flow_edge, fl);
		if (q->type == Q_NOTE) {
			text_refs(fl, q->label);
			text_refs(fl, q->hint);
		}
	}
}

static void
mark_derived(struct form_field *q, const struct form_field *from)
{
	q->pii = true;
	q->pii_derived = true;
	q->pii_from = from;
}

/* pii spreads into groups and repeats, then along the value flows: a
 * breadth-first walk from every pii field, linear in fields + edges. */
static void
spread_pii(struct form *f)
{
	struct flow fl = {.f = f};
	size_t *start = xcalloc(f->nfields + 2, sizeof(size_t));
	size_t *edges, *queue = xcalloc(f->nfields + 1, sizeof(size_t));
	size_t head = 0, tail = 0;

	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *q = &f->fields[i];
		if (!q->pii && q->parent != NULL && q->parent->pii)
			mark_derived(q, q->parent);
		if (q->pii)
			queue[tail++] = i;
	}
	collect_flows(&fl);
	/* edges grouped by source (a counting sort) */
	for (size_t k = 0; k < fl.n; k++)
		start[fl.from[k] + 2]++;
	for (size_t i = 2; i < f->nfields + 2; i++)
		start[i] += start[i - 1];
	edges = xcalloc(fl.n + 1, sizeof(size_t));
	for (size_t k = 0; k < fl.n; k++)
		edges[start[fl.from[k] + 1]++] = fl.to[k];
	while (head < tail) {
		size_t j = queue[head++];
		for (size_t k = start[j]; k < start[j + 1]; k++) {
			struct form_field *r = &f->fields[edges[k]];
			if (r->pii)
				continue;
			mark_derived(r, &f->fields[j]);
			queue[tail++] = edges[k];
		}
	}
	free(fl.from), free(fl.to), free(start), free(edges), free(queue);
}

struct first_pii {
	const struct form *f;
	const struct form_field *found;
};

static void
note_pii(void *arg, const char *name)
{
	struct first_pii *fp = arg;
	const struct form_field *q = form_field(fp->f, name);

	if (fp->found == NULL && q != NULL && q->pii)
		fp->found = q;
}

static void
instance_name_pii(struct form *f)
{
	struct first_pii fp = {f, NULL};

	expr_refs(f->instance_name.ast, note_pii, &fp);
	f->instance_name_pii = fp.found;
}

size_t
form_compile(struct form *f, struct diag *d, const char *survey_path,
	     const char *settings_path)
{
	struct compiler c = {f, d, survey_path, 0, false};
	struct form_expr *x[9];

	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *q = &f->fields[i];
		exprs_of(q, x);
		for (size_t k = 0; k < 9; k++) {
			if (k == 4 && x[k]->src && !dynamic_default(x[k]->src))
				continue; /* a literal default */
			c.by_key = q->specify_other && k == 0;
			compile_one(&c, q->row, expr_columns[k], x[k]);
		}
	}
	c.by_key = false;
	c.path = settings_path;
	compile_one(&c, 2, "instance_name", &f->instance_name);
	compile_one(&c, 2, "save_if", &f->save_if);
	compile_one(&c, 2, "confidential_if", &f->confidential_if);
	check_deadlines(&c);
	c.path = survey_path;
	build_graph(f);
	find_cycles(&c);
	spread_pii(f);
	instance_name_pii(f);
	return c.errors;
}
