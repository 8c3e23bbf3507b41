/*
 * expr_parse: recursive descent from tokens to a tree, one function per
 * precedence level of xlsform.md §8.2 (lowest first): or, and, = !=,
 * < <= > >=, + -, * div mod, unary -, | and paths.  All binary operators
 * are left-associative.  The first error stops the parse and keeps its
 * offset for the caret.
 */
#include "expr_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xmem.h"

struct parser {
	struct arena *a;
	const char *src;
	size_t pos;         /* after the current token */
	enum tok tok;       /* current token */
	size_t start, len;  /* its text */
	bool prev_operand;
	char *err;
	size_t err_off;
	unsigned nest;      /* parse_unary calls open now (recursion depth) */
};

static void
next(struct parser *p)
{
	p->tok = expr_token(p->src, &p->pos, &p->start, &p->len, p->prev_operand);
	p->prev_operand = p->tok == T_NUMBER || p->tok == T_STRING ||
			  p->tok == T_REF || p->tok == T_NAME || p->tok == T_RPAREN ||
			  p->tok == T_DOT || p->tok == T_DOTDOT || p->tok == T_RBRACKET;
}

static struct expr *
fail(struct parser *p, const char *msg)
{
	if (p->err == NULL) {
		p->err = xstrdup(msg);
		p->err_off = p->start;
	}
	return NULL;
}

static struct expr *
too_deep(struct parser *p)
{
	char msg[96];

	snprintf(msg, sizeof(msg), "the expression nests deeper than %d levels "
		 "(the limit)", EXPR_MAX_DEPTH);
	return fail(p, msg);
}

/* Sets e's depth from its operands; NULL (an error) past the limit, so
 * that no walk over a tree (evaluation, references) can run out of
 * stack. */
static struct expr *
deepen(struct parser *p, struct expr *e)
{
	unsigned d = 0;

	for (size_t i = 0; i < e->nargs; i++)
		if (e->args[i]->depth > d)
			d = e->args[i]->depth;
	e->depth = d + 1;
	return e->depth > EXPR_MAX_DEPTH ? too_deep(p) : e;
}

static struct expr *
node(struct parser *p, enum node_kind k, size_t nargs)
{
	struct expr *e = arena_alloc(p->a, sizeof(*e));

	e->kind = k;
	e->depth = 1;
	e->offset = p->start;
	e->nargs = nargs;
	if (nargs)
		e->args = arena_array(p->a, nargs, sizeof(struct expr *));
	return e;
}

static struct expr *parse_or(struct parser *p);

static struct expr *
binary(struct parser *p, enum tok op, struct expr *l, struct expr *r, size_t off)
{
	struct expr *e;

	if (l == NULL || r == NULL)
		return NULL;
	e = node(p, N_BINARY, 2);
	e->op = op;
	e->offset = off;
	e->args[0] = l;
	e->args[1] = r;
	return deepen(p, e);
}

static struct expr *
parse_call(struct parser *p)
{
	const char *name = arena_strndup(p->a, p->src + p->start, p->len);
	size_t off = p->start, n = 0, cap = 4;
	struct expr **args = xcalloc(cap, sizeof(*args));
	struct expr *e;

	next(p); /* the name */
	next(p); /* "(" */
	while (p->tok != T_RPAREN) {
		struct expr *arg = parse_or(p);
		if (arg == NULL) {
			free(args);
			return NULL;
		}
		if (n == cap)
			args = xreallocarray(args, cap *= 2, sizeof(*args));
		args[n++] = arg;
		if (p->tok == T_COMMA)
			next(p);
		else if (p->tok != T_RPAREN) {
			free(args);
			return fail(p, "expected \",\" or \")\" in the arguments");
		}
	}
	e = node(p, N_CALL, n);
	e->str = name;
	{
		int min, max;
		e->func = expr_func_lookup(name, &min, &max);
	}
	e->offset = off;
	if (n > 0)
		memcpy(e->args, args, n * sizeof(*args));
	free(args);
	next(p);
	return deepen(p, e);
}

/* "[" predicate "]" ..., onto step s (at most 64 on one step). */
static struct expr *
parse_predicates(struct parser *p, struct expr *s)
{
	struct expr *preds[64];
	size_t n = 0;

	while (p->tok == T_LBRACKET) {
		if (n == 64)
			return fail(p, "more than 64 predicates on one step");
		next(p);
		if ((preds[n++] = parse_or(p)) == NULL)
			return NULL;
		if (p->tok != T_RBRACKET)
			return fail(p, "expected \"]\"");
		next(p);
	}
	s->nargs = n;
	if (n > 0) {
		s->args = arena_array(p->a, n, sizeof(*s->args));
		memcpy(s->args, preds, n * sizeof(*preds));
	}
	return deepen(p, s);
}

/* One step at the current token: a name, "." or "..", and predicates. */
static struct expr *
parse_step(struct parser *p)
{
	struct expr *s;

	if (p->tok != T_NAME && p->tok != T_DOT && p->tok != T_DOTDOT)
		return fail(p, "expected a name after \"/\"");
	s = node(p, N_STEP, 0);
	s->str = p->tok == T_DOT ? "." : p->tok == T_DOTDOT ? ".." :
		 arena_strndup(p->a, p->src + p->start, p->len);
	next(p);
	return parse_predicates(p, s);
}

/*
 * A path from start, at "[" or "/": ${hh}[age > 3]/pets,
 * instance('l')/root/item[name = ${x}]/label, current()/../x.  The steps
 * go in a list grown in malloc'd memory, then copied into the arena.
 */
static struct expr *
parse_steps(struct parser *p, struct expr *start)
{
	size_t n = 1, cap = 8, off = start->offset;
	struct expr **v = xcalloc(cap, sizeof(*v)), *e = NULL;

	v[0] = start;
	if (p->tok == T_LBRACKET) {
		struct expr *self = node(p, N_STEP, 0);
		self->str = ".";
		v[n++] = parse_predicates(p, self);
	}
	while (v[n - 1] != NULL && p->tok == T_SLASH) {
		next(p);
		if (n == cap)
			v = xreallocarray(v, cap *= 2, sizeof(*v));
		v[n++] = parse_step(p);
	}
	if (v[n - 1] != NULL) {
		e = node(p, N_PATH, n);
		e->offset = off;
		memcpy(e->args, v, n * sizeof(*v));
		e = deepen(p, e);
	}
	free(v);
	return e;
}

/* A path that filters: the start, then a path when "[" or "/" follows. */
static struct expr *
maybe_steps(struct parser *p, struct expr *start)
{
	if (start == NULL || (p->tok != T_LBRACKET && p->tok != T_SLASH))
		return start;
	return parse_steps(p, start);
}

/* A relative or absolute path: name/name, /data/x, ../x (read by name);
 * with a predicate anywhere, a real path (parse_steps). */
static struct expr *
parse_path(struct parser *p, struct expr *first)
{
	struct expr *e = first;

	if (p->tok == T_LBRACKET)
		return parse_steps(p, first);

	while (p->tok == T_SLASH) {
		next(p);
		if (p->tok != T_NAME && p->tok != T_DOT && p->tok != T_DOTDOT)
			return fail(p, "expected a name after \"/\"");
		if (p->tok == T_NAME) {
			e = node(p, N_NAME, 0);
			e->str = arena_strndup(p->a, p->src + p->start, p->len);
		}
		next(p);
		if (p->tok == T_LBRACKET)
			return parse_steps(p, e);
	}
	return e;
}

static struct expr *
parse_primary(struct parser *p)
{
	struct expr *e;

	switch (p->tok) {
	case T_NUMBER:
		e = node(p, N_NUMBER, 0);
		e->num = strtod(p->src + p->start, NULL);
		next(p);
		return e;
	case T_STRING:
		e = node(p, N_STRING, 0);
		e->str = arena_strndup(p->a, p->src + p->start, p->len);
		next(p);
		return e;
	case T_REF:
		e = node(p, N_REF, 0);
		e->str = arena_strndup(p->a, p->src + p->start, p->len);
		next(p);
		return maybe_steps(p, e);
	case T_FUNC:
		return maybe_steps(p, parse_call(p));
	case T_DOT:
	case T_DOTDOT:
		e = node(p, p->tok == T_DOT ? N_DOT : N_DOTDOT, 0);
		next(p);
		return parse_path(p, e);
	case T_NAME:
		e = node(p, N_NAME, 0);
		e->str = arena_strndup(p->a, p->src + p->start, p->len);
		next(p);
		return parse_path(p, e);
	case T_SLASH:
		e = node(p, N_NAME, 0);
		e->str = "";
		return parse_path(p, e);
	case T_LPAREN:
		next(p);
		e = parse_or(p);
		if (e == NULL)
			return NULL;
		if (p->tok != T_RPAREN)
			return fail(p, "expected \")\"");
		next(p);
		return e;
	case T_END:
		return fail(p, "the expression ends where a value is expected");
	default:
		return fail(p, "expected a value here");
	}
}

static struct expr *
parse_union(struct parser *p)
{
	struct expr *l = parse_primary(p);

	while (l != NULL && p->tok == T_PIPE) {
		size_t off = p->start;
		next(p);
		l = binary(p, T_PIPE, l, parse_primary(p), off);
	}
	return l;
}

/* Every nesting (parentheses, arguments, unary minus) passes through
 * here, so the recursion depth is counted here. */
static struct expr *
parse_unary(struct parser *p)
{
	struct expr *e;

	if (++p->nest > EXPR_MAX_DEPTH)
		e = too_deep(p);
	else if (p->tok == T_MINUS) {
		e = node(p, N_NEG, 1);
		next(p);
		if ((e->args[0] = parse_unary(p)) != NULL)
			e = deepen(p, e);
		else
			e = NULL;
	} else
		e = parse_union(p);
	p->nest--;
	return e;
}

/* One left-associative level: operands from sub, operators in ops. */
static struct expr *
level(struct parser *p, struct expr *(*sub)(struct parser *),
      const enum tok *ops, size_t nops)
{
	struct expr *l = sub(p);

	while (l != NULL) {
		bool match = false;
		for (size_t i = 0; i < nops; i++)
			match |= p->tok == ops[i];
		if (!match)
			break;
		enum tok op = p->tok;
		size_t off = p->start;
		next(p);
		l = binary(p, op, l, sub(p), off);
	}
	return l;
}

static struct expr *
parse_mul(struct parser *p)
{
	static const enum tok ops[] = {T_STAR, T_DIV, T_MOD};
	return level(p, parse_unary, ops, 3);
}

static struct expr *
parse_add(struct parser *p)
{
	static const enum tok ops[] = {T_PLUS, T_MINUS};
	return level(p, parse_mul, ops, 2);
}

static struct expr *
parse_rel(struct parser *p)
{
	static const enum tok ops[] = {T_LT, T_LE, T_GT, T_GE};
	return level(p, parse_add, ops, 4);
}

static struct expr *
parse_eq(struct parser *p)
{
	static const enum tok ops[] = {T_EQ, T_NE};
	return level(p, parse_rel, ops, 2);
}

static struct expr *
parse_and(struct parser *p)
{
	static const enum tok ops[] = {T_AND};
	return level(p, parse_eq, ops, 1);
}

static struct expr *
parse_or(struct parser *p)
{
	static const enum tok ops[] = {T_OR};
	return level(p, parse_and, ops, 1);
}

struct expr *
expr_parse(struct arena *a, const char *src, size_t *err_offset, char **err)
{
	struct parser p = {a, src, 0, T_END, 0, 0, false, NULL, 0, 0};
	struct expr *e;

	next(&p);
	e = parse_or(&p);
	if (e != NULL && p.tok != T_END)
		e = fail(&p, p.tok == T_ERROR ? "unexpected character" :
			 "unexpected text after the end of the expression");
	if (p.tok == T_ERROR && p.err == NULL)
		fail(&p, "unexpected character");
	if (e == NULL) {
		*err_offset = p.err_off;
		*err = p.err ? p.err : xstrdup("syntax error");
		if (p.err != NULL && p.tok == T_ERROR && strcmp(p.err, "expected a value here") == 0) {
			free(p.err);
			*err = xstrdup("unexpected character (an unclosed quote or ${ ?)");
		}
		return NULL;
	}
	return e;
}

/* The bare names of a predicate over fields: age in ${hh}[age > 3]. */
static void
step_names(const struct expr *e, void (*fn)(void *, const char *), void *arg)
{
	if (e->kind == N_NAME && *e->str)
		fn(arg, e->str);
	if (e->kind == N_STEP && strcmp(e->str, ".") != 0 &&
	    strcmp(e->str, "..") != 0)
		fn(arg, e->str);
	if (e->kind == N_PATH && e->args[0]->kind == N_CALL)
		return; /* instance(): its names are columns */
	for (size_t i = 0; i < e->nargs; i++)
		step_names(e->args[i], fn, arg);
}

/* A path that starts at fields (${hh}[...]/pets, current()/../x) reads the
 * fields its steps and predicates name, as well as its ${...}. */
static bool
path_over_fields(const struct expr *e)
{
	const struct expr *b;

	if (e->kind != N_PATH)
		return false;
	b = e->args[0];
	return b->kind != N_CALL || strcmp(b->str, "current") == 0;
}

static void
refs(const struct expr *e, void (*fn)(void *, const char *), void *arg)
{
	if (e->kind == N_REF)
		fn(arg, e->str);
	if (path_over_fields(e))
		for (size_t i = 1; i < e->nargs; i++)
			step_names(e->args[i], fn, arg);
	for (size_t i = 0; i < e->nargs; i++)
		refs(e->args[i], fn, arg);
}

void
expr_refs(const struct expr *e, void (*fn)(void *arg, const char *name),
	  void *arg)
{
	if (e != NULL)
		refs(e, fn, arg);
}
