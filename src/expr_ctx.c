/* expr_ctx: a name=value world for expressions (see expr_ctx.h). */
#include "expr_ctx.h"

#include <stdlib.h>
#include <string.h>

#include "xmem.h"

struct item {
	char *path;  /* as written: "rep/x" */
	char *name;  /* field name (last path part) */
	char *value;
	bool nested; /* path has a group part */
};

struct expr_ctx {
	const struct form *f;
	struct item *v;
	size_t n;
	char *dot;
	int position;
};

int
expr_ctx_add(struct expr_ctx *c, const char *item)
{
	const char *eq = strchr(item, '='), *slash;
	char *path;

	if (eq == NULL)
		return -1;
	path = xstrndup(item, (size_t)(eq - item));
	if (strcmp(path, ".") == 0) {
		free(c->dot);
		c->dot = xstrdup(eq + 1);
		free(path);
		return 0;
	}
	slash = strrchr(path, '/');
	c->v = xreallocarray(c->v, c->n + 1, sizeof(*c->v));
	c->v[c->n].name = xstrdup(slash ? slash + 1 : path);
	c->v[c->n].path = path;
	c->v[c->n].nested = slash != NULL;
	c->v[c->n++].value = xstrdup(eq + 1);
	return 0;
}

struct expr_ctx *
expr_ctx_new(const char *context, const struct form *f, char **err)
{
	struct expr_ctx *c = xcalloc(1, sizeof(*c));
	char *copy = xstrdup(context ? context : ""), *save = NULL;

	c->f = f;
	for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		if (expr_ctx_add(c, t) != 0) {
			*err = xasprintf("\"%s\" is not NAME=VALUE", t);
			free(copy);
			expr_ctx_free(&c);
			return NULL;
		}
	}
	free(copy);
	return c;
}

static enum qtype
type_of(const struct expr_ctx *c, const char *name)
{
	const struct form_field *q = c->f ? form_field(c->f, name) : NULL;

	return q ? q->type : Q_TEXT;
}

/* Instances of a group or repeat named as a path part ("hh" in
 * "hh/age"): as many as the most often given field inside it. */
static size_t
instances(const struct expr_ctx *c, const char *name)
{
	size_t most = 0, len = strlen(name);

	for (size_t i = 0; i < c->n; i++) {
		const char *p = c->v[i].nested ? strstr(c->v[i].path, name) : NULL;
		size_t k = 0;
		if (p == NULL || (p != c->v[i].path && p[-1] != '/') || p[len] != '/')
			continue;
		for (size_t j = 0; j < c->n; j++)
			k += strcmp(c->v[j].path, c->v[i].path) == 0;
		if (k > most)
			most = k;
	}
	return most;
}

/* A repeat instance as a path step sees it: the k-th (from 0) "hh". */
struct group_inst {
	const char *group;
	size_t k;
};

/* True when path is ".../group/name" (group the parent of the field). */
static bool
child_path(const char *path, const char *group, const char *name)
{
	size_t lg = strlen(group), ln = strlen(name), lp = strlen(path);

	if (lp < lg + 1 + ln || strcmp(path + lp - ln, name) != 0 ||
	    path[lp - ln - 1] != '/')
		return false;
	lp -= ln + 1;
	return strncmp(path + lp - lg, group, lg) == 0 &&
	       (lp == lg || path[lp - lg - 1] == '/');
}

/* The field name in the k-th instance of a repeat: the k-th item given
 * for "group/name" (the context gives each instance's fields in order). */
static bool
child(void *ctx, const void *handle, const char *name, struct expr_nodeset *ns)
{
	struct expr_ctx *c = ctx;
	const struct group_inst *g = handle;
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (!child_path(c->v[i].path, g->group, name))
			continue;
		if (k++ == g->k) {
			expr_nodeset_add(ns, c->v[i].value, type_of(c, name));
			return true;
		}
	}
	return false;
}

static bool
resolve(void *ctx, const char *name, struct expr_nodeset *ns)
{
	struct expr_ctx *c = ctx;
	bool found = false;
	size_t groups = instances(c, name);

	for (size_t i = 0; i < groups; i++) {
		struct group_inst g = {name, i};
		expr_nodeset_add_host(ns, "", Q_BEGIN_REPEAT, &g, sizeof(g));
	}
	if (groups > 0)
		return true;

	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].name, name) == 0) {
			expr_nodeset_add(ns, c->v[i].value, type_of(c, name));
			found = true;
		}
	}
	return found || (c->f && form_field(c->f, name));
}

static const char *
choice_label(void *ctx, const char *field, const char *value)
{
	struct expr_ctx *c = ctx;
	const struct form_field *q = c->f ? form_field(c->f, field) : NULL;

	for (size_t i = 0; q && q->list && i < q->list->n; i++) {
		if (strcmp(q->list->choices[i].name, value) == 0)
			return form_text(c->f, q->list->choices[i].label,
					 c->f->default_lang);
	}
	return NULL;
}

void
expr_ctx_env(struct expr_ctx *c, struct expr_env *env)
{
	memset(env, 0, sizeof(*env));
	env->ctx = c;
	env->resolve = resolve;
	env->child = child;
	env->form = c->f;
	env->choice_label = choice_label;
	env->dot = c->dot;
	env->position = 1;
	env->form_dir = c->f ? c->f->dir : ".";
}

void
expr_ctx_free(struct expr_ctx **cp)
{
	struct expr_ctx *c;

	if (cp == NULL || *cp == NULL)
		return;
	c = *cp;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].path);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->dot);
	free(c);
	*cp = NULL;
}
