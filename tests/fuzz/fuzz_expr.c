/*
 * libFuzzer target: parse any bytes as an expression and, when it parses,
 * evaluate it in a small world with repeats, dates and a current value.
 * Build and run: see tests/fuzz/README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expr.h"
#include "expr_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct expr_ctx *ctx;
	struct arena *a;
	struct expr *e;
	struct expr_env env;
	char *src, *err = NULL, *out;
	size_t off;

	if (ctx == NULL) {
		setenv("INTAKE_NOW", "2026-11-22", 1);
		ctx = expr_ctx_new("a=5;b=;d=2024-02-29;s=a b c;r/x=1;r/x=2;"
				   "r/x=;n=ñandú;.=20", NULL, &err);
	}
	src = malloc(size + 1);
	memcpy(src, data, size);
	src[size] = '\0';
	a = arena_new();
	e = expr_parse(a, src, &off, &err);
	if (e == NULL) {
		if (off > size)
			abort(); /* a caret past the end of the input */
	} else {
		expr_ctx_env(ctx, &env);
		out = expr_eval_string(e, &env, &err);
		free(out);
	}
	free(err);
	arena_free(&a);
	free(src);
	return 0;
}
