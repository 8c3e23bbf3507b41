/* record_eval: form expressions over a finished record (see record_eval.h). */
#include "record_eval.h"

#include <string.h>

#include "expr.h"

struct record_env {
	const struct form *f;
	const struct iv_entry *e;
	size_t n;
};

static bool
in_repeat(const struct form_field *q)
{
	for (const struct form_field *p = q->parent; p != NULL; p = p->parent) {
		if (p->type == Q_BEGIN_REPEAT)
			return true;
	}
	return false;
}

/* The last step of a path: "child_dob" in "children[2]/child_dob". */
static const char *
last_step(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static bool
resolve(void *ctx, const char *name, struct expr_nodeset *ns)
{
	const struct record_env *r = ctx;
	const struct form_field *q = form_field(r->f, name);
	bool found = false;

	if (q == NULL)
		return false;
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(last_step(r->e[i].path), name) == 0) {
			expr_nodeset_add(ns, r->e[i].value, q->type);
			found = true;
			if (!in_repeat(q))
				break;
		}
	}
	if (!found && !in_repeat(q))
		expr_nodeset_add(ns, "", q->type);
	return true;
}

bool
record_eval_bool(const struct form *f, const struct form_expr *x,
		 const struct iv_entry *entries, size_t n)
{
	struct record_env r = {f, entries, n};
	struct expr_env env = {0};

	if (x == NULL || x->ast == NULL)
		return false;
	env.ctx = &r;
	env.resolve = resolve;
	env.form_dir = f->dir;
	return expr_eval_bool(x->ast, &env, false);
}

bool
record_confidential(const struct form *f, const struct iv_entry *entries,
		    size_t n)
{
	return record_eval_bool(f, &f->confidential_if, entries, n);
}
