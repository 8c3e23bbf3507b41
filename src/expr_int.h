/*
 * expr_int: what the expression stages share, private to src/expr_*.c.
 *
 * Tree nodes are allocated in the parse arena and never change.  Values
 * during evaluation live in a scratch arena owned by the evaluation.
 */
#ifndef INTAKE_EXPR_INT_H
#define INTAKE_EXPR_INT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expr.h"

struct arena;

enum tok {
	T_END, T_NUMBER, T_STRING, T_REF, T_NAME, T_FUNC, T_LPAREN, T_RPAREN,
	T_LBRACKET, T_RBRACKET, T_COMMA, T_DOT, T_DOTDOT, T_SLASH, T_PIPE,
	T_PLUS, T_MINUS, T_STAR, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_DIV, T_MOD, T_ERROR,
};

/* Reads the token at s[*pos]; after it *pos is past it.  *start and
 * *len give the token's text (for names, the name; for ${x}, x).
 * prev_operand says whether the previous token ended an operand, which
 * decides whether "*", "and", "div" ... are operators or names. */
enum tok expr_token(const char *s, size_t *pos, size_t *start, size_t *len,
		    bool prev_operand);

enum node_kind {
	N_NUMBER, N_STRING, N_REF, N_DOT, N_DOTDOT, N_NAME, N_CALL, N_NEG,
	N_BINARY, N_PATH, N_STEP,
};

struct expr {
	enum node_kind kind;
	enum tok op;            /* N_BINARY */
	double num;             /* N_NUMBER */
	const char *str;        /* N_STRING text, N_REF/N_NAME/N_CALL name,
				   N_STEP name or "." or ".." */
	struct expr **args;     /* N_CALL arguments, N_NEG/N_BINARY operands,
				   N_PATH start then its N_STEPs, N_STEP
				   predicates */
	size_t nargs;
	size_t offset;          /* in the source, for messages */
	unsigned depth;         /* 1 + the deepest operand, <= EXPR_MAX_DEPTH */
	int func;               /* N_CALL: index in the library, -1 unknown */
};

enum vtype { V_STRING, V_NUMBER, V_BOOL, V_NODES };

/* What a node is, for path steps: a value with nothing below it; a node
 * of the environment (a repeat instance, handle for env->child); the
 * document of the fields (its children are resolved by name, what ".."
 * of a field gives); a secondary instance, its root element, an item
 * (row), a column of an item. */
enum nkind { NK_VALUE, NK_HOST, NK_FIELDS, NK_IDOC, NK_IROOT, NK_IITEM, NK_ICELL };

struct itable; /* expr_path.c: a secondary instance */

struct node {
	const char *value;
	enum qtype type;
	enum nkind kind;
	const void *h;           /* NK_HOST handle, else the struct itable */
	size_t row;              /* NK_IITEM, NK_ICELL: the item */
};

/* 16 bytes, returned in two registers: one of num, b, str, nodes as t
 * says; n is the count of nodes (a node-set never nears 2^32). */
struct value {
	union {
		double num;         /* V_NUMBER */
		bool b;             /* V_BOOL */
		const char *str;    /* V_STRING */
		struct node *nodes; /* V_NODES */
	};
	uint32_t n;
	enum vtype t;
};

struct evalctx {
	const struct expr_env *env;
	struct arena *scratch;  /* NULL until needed: use scratch_of() */
	char *error;            /* first error, malloc'd */
	const struct node *cnode; /* in a predicate: the node it tests */
	size_t cpos, csize;       /* its position (1-based) and the count */
};

struct expr_nodeset {
	struct evalctx *ec;
	struct node *v;
	size_t n, cap;
};

/* expr_eval.c */
/* A literal is its value at once; other nodes by ev_node. */
struct value ev_node(struct evalctx *c, const struct expr *e);
static inline struct value
ev(struct evalctx *c, const struct expr *e)
{
	if (e->kind == N_NUMBER)
		return (struct value){.t = V_NUMBER, .num = e->num};
	if (e->kind == N_STRING)
		return (struct value){.t = V_STRING, .str = e->str};
	return ev_node(c, e);
}

static inline struct value
v_num(double x)
{
	return (struct value){.t = V_NUMBER, .num = x};
}

static inline struct value
v_str(const char *s)
{
	return (struct value){.t = V_STRING, .str = s};
}

static inline struct value
v_bool(bool b)
{
	return (struct value){.t = V_BOOL, .b = b};
}

/* The evaluation's scratch arena, taken at the first need. */
struct arena *scratch_of(struct evalctx *c);
/* number() of a value that is not a number. */
double to_num_other(struct value v);
static inline double
to_num(struct evalctx *c, struct value v)
{
	(void)c;
	return v.t == V_NUMBER ? v.num : to_num_other(v);
}
const char *to_str(struct evalctx *c, struct value v);
static inline bool
to_bool(struct value v)
{
	switch (v.t) {
	case V_BOOL:
		return v.b;
	case V_NUMBER:
		return v.num != 0 && !isnan(v.num);
	case V_STRING:
		return *v.str != '\0';
	case V_NODES:
		return v.n > 0;
	}
	return false;
}
double str_to_num(const char *s, enum qtype type);
/* A plain decimal [-]digits[.digits] from s to end of at most 15
 * significant digits, exactly as strtod reads it; false otherwise. */
bool read_short_decimal(const char *s, const char *end, double *out);
struct value ev_error(struct evalctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* expr_func.c */
struct value ev_call(struct evalctx *c, const struct expr *e);
const struct csv_table *expr_lookup_table(struct evalctx *c, const char *file);
/* Drops the oldest tables beyond the cache's size: only between
 * evaluations, as their cells are borrowed while one runs. */
void expr_lookup_trim(void);

/* expr_path.c */
struct value ev_path(struct evalctx *c, const struct expr *e);
struct value ev_context_step(struct evalctx *c, const char *name);
struct value ev_instance(struct evalctx *c, const char *id);
struct value ev_current(struct evalctx *c);
void nodeset_push(struct expr_nodeset *ns, struct node n);

/* expr_date.c: dates as days since 1970-01-01.  Day numbers beyond
 * DATE_MAX_DAYS either way (about 270,000 years) are no date: every
 * conversion to an integer stays far from overflow. */
#define DATE_MAX_DAYS 1e8
bool date_days_ok(double days);
bool date_parse(const char *s, double *days, bool *has_time);
long days_from_civil(long y, int m, int d);
void civil_from_days(long z, long *y, int *m, int *d);
char *date_format(struct arena *a, double days, bool with_time);
/* "YYYY-MM-DD" at buf (room for 32 bytes) without printf; its end. */
char *date_put_ymd(char *buf, long y, int m, int d);
double now_days(bool date_only, int *offset_min);

/* expr_func.c: index of a function, or -1; its argument counts. */
int expr_func_lookup(const char *name, int *min, int *max);

#endif
