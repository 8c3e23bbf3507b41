/*
 * expr_ctx: a small in-memory world for evaluating an expression outside
 * an interview, written as the conformance table writes it:
 *
 *     a=5;b=;grp/x=2;rep/y=1;rep/y=2;.=20
 *
 * Each NAME=VALUE sets a field (a path's last part is the field name);
 * a name given again adds one more node (one more repeat instance);
 * "." is the current field.  With a form, each field takes its type from
 * the form (a date field holds a date); otherwise values are text, which
 * still become day numbers when they look like dates.  Used by
 * `intake eval` and by the conformance test.
 */
#ifndef INTAKE_EXPR_CTX_H
#define INTAKE_EXPR_CTX_H

#include "expr.h"

struct expr_ctx;

/* Parses the context; NULL with *err (caller frees) on a malformed item. */
struct expr_ctx *expr_ctx_new(const char *context, const struct form *f,
			      char **err);
/* Adds one NAME=VALUE item; -1 when it has no "=". */
int expr_ctx_add(struct expr_ctx *c, const char *item);
/* An environment reading from c (valid while c lives). */
void expr_ctx_env(struct expr_ctx *c, struct expr_env *env);
void expr_ctx_free(struct expr_ctx **c);

#endif
