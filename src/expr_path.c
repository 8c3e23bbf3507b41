/*
 * expr_path: location paths with predicates (xlsform.md §8), evaluated
 * over three kinds of node: the form's fields (read through env->resolve
 * by name, and env->child below a repeat instance), and secondary
 * instances: a choices list of env->form, or the CSV file ID.csv of the
 * form folder, as instance('ID')/root/item with one child per column.
 *
 * `${hh}[age >= 18]/pets`: the start (a node-set), then each step takes
 * the children of every node ("." itself, ".." its parent) and keeps
 * those its predicates accept: a number is a position among the
 * children of one node, anything else its boolean().  Inside a predicate
 * a bare name, "." and ".." start from the node tested (evalctx.cnode).
 *
 * Nothing here is parsed: the tree comes from expr_parse.  Node-sets and
 * the instance descriptions live in the evaluation's scratch arena.
 */
#include "expr_int.h"

#include <math.h>
#include <string.h>

#include "arena.h"
#include "csvio.h"
#include "form.h"

/* A secondary instance: one of the two is set. */
struct itable {
	const struct form_list *list;
	const struct csv_table *csv;  /* row 0 holds the column names */
};

void
nodeset_push(struct expr_nodeset *ns, struct node n)
{
	expr_nodeset_add(ns, NULL, n.type);
	ns->v[ns->n - 1] = n;
	if (n.value == NULL)
		ns->v[ns->n - 1].value = "";
}

static struct value
nodes_of(struct expr_nodeset *ns)
{
	return (struct value){.t = V_NODES, .nodes = ns->v, .n = ns->n};
}

static size_t
items(const struct itable *t)
{
	if (t->list != NULL)
		return t->list->n;
	return t->csv->n > 0 ? t->csv->n - 1 : 0;
}

/* A choice's label in the interview's language (lang, when not NULL),
 * else in the form's default language, else the first it has. */
static const char *
choice_label(const struct form *f, const size_t *lang,
	     const struct form_choice *ch)
{
	const char *l = f ? form_text(f, ch->label, lang ? *lang :
				      f->default_lang) : NULL;

	return l ? l : "";
}

/* The column called name of item row; false when there is none. */
static bool
cell(struct evalctx *c, const struct itable *t, size_t row, const char *name,
     const char **value)
{
	if (t->list != NULL) {
		const struct form_choice *ch = &t->list->choices[row];
		if (strcmp(name, "name") == 0)
			return *value = ch->name, true;
		if (strcmp(name, "label") == 0)
			return *value = choice_label(c->env->form, c->env->lang,
						     ch), true;
		for (size_t i = 0; i < ch->nextra; i++)
			if (strcmp(ch->extra[i].column, name) == 0)
				return *value = ch->extra[i].value, true;
		return false;
	}
	for (size_t i = 0; i < t->csv->rows[0].n; i++) {
		if (strcmp(t->csv->rows[0].cells[i], name) == 0) {
			const struct csv_row *r = &t->csv->rows[row + 1];
			*value = i < r->n ? r->cells[i] : "";
			return true;
		}
	}
	return false;
}

/* The children called name of n, onto out. */
static void
children(struct evalctx *c, const struct node *n, const char *name,
	 struct expr_nodeset *out)
{
	const struct itable *t = n->h;
	const char *v;

	switch (n->kind) {
	case NK_FIELDS:
		if (c->env->resolve != NULL)
			c->env->resolve(c->env->ctx, name, out);
		break;
	case NK_HOST:
		if (c->env->child != NULL)
			c->env->child(c->env->ctx, n->h, name, out);
		break;
	case NK_IDOC:
		if (strcmp(name, "root") == 0)
			nodeset_push(out, (struct node){"", Q_TEXT, NK_IROOT, t, 0});
		break;
	case NK_IROOT:
		if (strcmp(name, "item") != 0)
			break;
		for (size_t i = 0; i < items(t); i++)
			nodeset_push(out, (struct node){"", Q_TEXT, NK_IITEM, t, i});
		break;
	case NK_IITEM:
		if (cell(c, t, n->row, name, &v))
			nodeset_push(out, (struct node){v, Q_TEXT, NK_ICELL, t, n->row});
		break;
	case NK_VALUE:
	case NK_ICELL:
		break;
	}
}

/* The parent of n, onto out: a field's is the document of the fields. */
static void
parent(const struct node *n, struct expr_nodeset *out)
{
	enum nkind up;

	switch (n->kind) {
	case NK_VALUE: case NK_HOST: up = NK_FIELDS; break;
	case NK_IROOT: up = NK_IDOC; break;
	case NK_IITEM: up = NK_IROOT; break;
	case NK_ICELL: up = NK_IITEM; break;
	default: return;
	}
	nodeset_push(out, (struct node){"", Q_TEXT, up, n->h, n->row});
}

static void
step_from(struct evalctx *c, const struct node *n, const char *name,
	  struct expr_nodeset *out)
{
	if (strcmp(name, ".") == 0)
		nodeset_push(out, *n);
	else if (strcmp(name, "..") == 0)
		parent(n, out);
	else
		children(c, n, name, out);
}

/* Keeps the nodes of set [from, out->n) that predicate p accepts. */
static void
filter(struct evalctx *c, const struct expr *p, struct expr_nodeset *out,
       size_t from)
{
	const struct node *saved = c->cnode;
	size_t spos = c->cpos, ssize = c->csize, kept = from, size = out->n - from;

	for (size_t i = from; i < out->n; i++) {
		struct node n = out->v[i];
		struct value v;
		bool keep;
		c->cnode = &n;
		c->cpos = i - from + 1;
		c->csize = size;
		v = ev(c, p);
		keep = v.t == V_NUMBER ? v.num == (double)c->cpos : to_bool(v);
		if (keep)
			out->v[kept++] = n;
	}
	out->n = kept;
	c->cnode = saved;
	c->cpos = spos;
	c->csize = ssize;
}

static struct value
step(struct evalctx *c, const struct expr *s, struct value in)
{
	struct expr_nodeset out = {c, NULL, 0, 0};

	if (strcmp(s->str, ".") == 0) {
		/* ${hh}[2]: the positions count over the whole set */
		for (size_t i = 0; i < in.n; i++)
			nodeset_push(&out, in.nodes[i]);
		for (size_t k = 0; k < s->nargs && out.n > 0; k++)
			filter(c, s->args[k], &out, 0);
		return nodes_of(&out);
	}
	for (size_t i = 0; i < in.n; i++) {
		size_t from = out.n;
		step_from(c, &in.nodes[i], s->str, &out);
		for (size_t k = 0; k < s->nargs && out.n > from; k++)
			filter(c, s->args[k], &out, from);
	}
	return nodes_of(&out);
}

struct value
ev_path(struct evalctx *c, const struct expr *e)
{
	struct value v = ev(c, e->args[0]);

	if (c->error != NULL)
		return v;
	if (v.t != V_NODES)
		return ev_error(c, "a path step (\"/\" or \"[\") after a value "
				"that is not a field, a repeat nor an instance");
	for (size_t i = 1; i < e->nargs && c->error == NULL; i++)
		v = step(c, e->args[i], v);
	return v;
}

/* A bare name, ".", ".." inside a predicate: a step from the node tested. */
struct value
ev_context_step(struct evalctx *c, const char *name)
{
	struct expr_nodeset out = {c, NULL, 0, 0};

	step_from(c, c->cnode, name, &out);
	return nodes_of(&out);
}

struct value
ev_instance(struct evalctx *c, const char *id)
{
	struct itable *t = arena_alloc(scratch_of(c), sizeof(*t));
	struct expr_nodeset out = {c, NULL, 0, 0};

	t->list = c->env->form ? form_list(c->env->form, id) : NULL;
	if (t->list == NULL) {
		if (!expr_file_name_ok(id))
			return ev_error(c, "instance(): \"%s\" is neither a choices "
					"list nor a file of the form folder", id);
		t->csv = expr_lookup_table(c, id);
		if (t->csv == NULL)
			return nodes_of(&out); /* an error is set */
		if (t->csv->n == 0)
			return ev_error(c, "instance(): no choices list \"%s\" and "
					"no %s.csv in the form folder", id, id);
	}
	nodeset_push(&out, (struct node){"", Q_TEXT, NK_IDOC, t, 0});
	return nodes_of(&out);
}

/* current(): the field the expression belongs to (in a choice_filter,
 * the select being asked), whatever node a predicate tests. */
struct value
ev_current(struct evalctx *c)
{
	struct expr_nodeset out = {c, NULL, 0, 0};

	nodeset_push(&out, (struct node){c->env->dot ? c->env->dot : "",
		     c->env->dot_type, NK_VALUE, NULL, 0});
	return nodes_of(&out);
}
