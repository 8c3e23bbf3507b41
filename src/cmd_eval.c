/*
 * cmd_eval: `intake eval [--form FORM] [NAME=VALUE...] EXPR` prints the
 * string() of an expression, or the error with a caret under its place
 * and exit 65.  NAME=VALUE items use the conformance table's context
 * syntax (expr_ctx.h), so any row of the table runs from the shell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "arena.h"
#include "commands.h"
#include "diag.h"
#include "expr.h"
#include "expr_ctx.h"
#include "form.h"
#include "strbuf.h"
#include "xmem.h"

static int
eval_expr(const char *src, struct expr_ctx *ctx)
{
	struct arena *a = arena_new();
	struct expr_env env;
	struct diag d = DIAG_INIT;
	size_t off;
	char *err = NULL, *out;
	struct expr *e = expr_parse(a, src, &off, &err);
	int rc = EX_OK;

	if (e == NULL) {
		diag_add_caret(&d, DIAG_ERROR, "expression", 0, NULL, src, off, "%s", err);
		rc = EX_DATAERR;
	} else {
		expr_ctx_env(ctx, &env);
		out = expr_eval_string(e, &env, &err);
		if (out != NULL)
			printf("%s\n", out);
		else
			diag_add(&d, DIAG_ERROR, "expression", 0, NULL, "%s", err);
		rc = out ? EX_OK : EX_DATAERR;
		free(out);
	}
	diag_print(&d, stderr);
	diag_free(&d);
	free(err);
	arena_free(&a);
	return rc;
}

int
cmd_eval(int argc, char **argv, const struct global_opts *g)
{
	struct form *f = NULL;
	struct expr_ctx *ctx;
	struct strbuf src = STRBUF_INIT;
	int i = 1, rc;

	if (i + 1 < argc && cmd_is_option(g, argv, i) &&
	    strcmp(argv[i], "--form") == 0) {
		if ((f = intake_load_form(argv[i + 1])) == NULL)
			return EX_DATAERR;
		i += 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: intake eval [--form FORM] [NAME=VALUE...] EXPR\n");
		form_free(&f);
		return EX_USAGE;
	}
	ctx = expr_ctx_new("", f, NULL);
	/* leading NAME=VALUE bindings; the rest, words joined by spaces, is
	 * the expression (intake eval -- -1 div 0) */
	while (i < argc - 1 && expr_ctx_add(ctx, argv[i]) == 0)
		i++;
	for (int k = i; k < argc; k++)
		strbuf_printf(&src, "%s%s", k > i ? " " : "", argv[k]);
	rc = eval_expr(strbuf_str(&src), ctx);
	strbuf_free(&src);
	expr_ctx_free(&ctx);
	form_free(&f);
	return rc;
}
