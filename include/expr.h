/*
 * expr: the ODK XPath dialect of XLSForm (relevant, constraint,
 * calculation, required, default, choice_filter, repeat_count,
 * instance_name).  Three stages: expr_parse turns source text into a tree
 * (once, when a form loads); expr_eval walks the tree against an
 * environment of callbacks; expr_refs lists the fields a tree reads.
 *
 * Semantics follow xlsform.md §8: XPath 1.0 coercions, numbers printed
 * without exponents, dates as days since 1970-01-01, existential
 * comparison of node-sets, ODK's function library, plus our age() and
 * add-years().  today()/now() read the clock, or INTAKE_NOW when set
 * (clock.h).
 *
 * Ownership: a tree lives in the arena given to expr_parse.  expr_eval
 * allocates nothing for its result: the caller gives a struct
 * expr_result (on its stack) whose text is borrowed.  The string
 * expr_eval_string returns is the caller's to free.  Node values the
 * environment adds (expr_nodeset_add) are borrowed, not copied.
 */
#ifndef INTAKE_EXPR_H
#define INTAKE_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"

struct arena;
struct expr;
struct expr_nodeset;

/* Limits that keep a hostile form from crashing or exhausting the
 * machine: how deep an expression may nest (parentheses, calls, unary
 * minus, chained operators: a parse error beyond it), and how long a
 * string an evaluation may build (an evaluation error beyond it). */
#define EXPR_MAX_DEPTH 1000
#define EXPR_MAX_STRING (1024 * 1024)

/* Adds one node (a field's value as a string, and its type) to a set.
 * value is borrowed, not copied: it must stay unchanged until the
 * evaluation is over and its result no longer used (an answer, a form's
 * text: the environment's strings do). */
void expr_nodeset_add(struct expr_nodeset *ns, const char *value,
		      enum qtype type);
/* Adds a node the environment can step into (a repeat instance): handle
 * (size bytes, copied into the evaluation's scratch memory) is given back
 * to the env's child callback for a path step below it. */
void expr_nodeset_add_host(struct expr_nodeset *ns, const char *value,
			   enum qtype type, const void *handle, size_t size);

/*
 * The world an expression is evaluated in.  Every callback may be NULL.
 *   resolve     fills ns with the nodes of ${name} seen from the current
 *               field: one node, or one per repeat instance; returns false
 *               when no such field exists
 *   choice_label the label of choice value of select field, active language
 *   bare_name   the value of a bare name (choice_filter columns), or NULL
 * instance('id') is form's choices list id, or the file id.csv of
 * form_dir (select_*_from_file), as root/item with one child per column.
 * dot is the current field's value (".", once(), constraints), position
 * its repeat instance (position(..)), form_dir where pulldata() files are.
 * error, when set, receives the message of a failed evaluation even from
 * the helpers that return a default (expr_eval_bool, expr_eval_number).
 */
struct expr_env {
	void *ctx;
	bool (*resolve)(void *ctx, const char *name, struct expr_nodeset *ns);
	/* child fills ns with the fields called name inside the node whose
	 * handle expr_nodeset_add_host gave (${hh}[age > 3], ${hh}[2]/age) */
	bool (*child)(void *ctx, const void *handle, const char *name,
		      struct expr_nodeset *ns);
	/* the form whose choices lists are instance('list')/root/item */
	const struct form *form;
	/* the interview's language, an index into form->langs: the label
	 * instance('list')/root/item/label reads; NULL: the form's default */
	const size_t *lang;
	const char *(*choice_label)(void *ctx, const char *field,
				    const char *value);
	const char *(*bare_name)(void *ctx, const char *name);
	const char *dot;
	enum qtype dot_type;
	int position;
	const char *form_dir;
	char **error;  /* when not NULL: a failed evaluation puts its message
			  here (malloc'd, the caller frees) unless one is
			  already there */
};

/*
 * Parses src into a tree allocated in a.  On a syntax error returns NULL,
 * sets *err_offset to the byte offset of the problem and *err to a
 * message (caller frees).
 */
struct expr *expr_parse(struct arena *a, const char *src, size_t *err_offset,
			char **err);

/* Room for any number's text: the longest, a subnormal number of 17
 * digits written without an exponent, takes about 330 bytes. */
#define EXPR_NUMBER_BUF 400

enum expr_type { EXPR_STRING, EXPR_NUMBER, EXPR_BOOLEAN, EXPR_NODESET };

/*
 * The result of expr_eval, in memory the caller provides.
 *   type     what the expression gave (a field reference, a path: a
 *            node-set)
 *   number   EXPR_NUMBER: the number
 *   boolean  the boolean() of the result, whatever its type
 *   count    EXPR_NODESET: how many nodes
 *   text     the string() of the result (a node-set's: its first node's
 *            value; a number as expr_format_number writes it): borrowed.
 *            It points into the tree (a literal), into the environment's
 *            strings (a field's value, a choice's text, a cell of a CSV
 *            file of the form folder), or into buf; a string built by
 *            the evaluation (concat() ...) is copied into buf, or when
 *            longer than buf into owned (malloc'd).  Valid until
 *            expr_result_free(r) or the next evaluation of any expression
 *            (which may drop a cached CSV file), and while the
 *            environment's strings stay unchanged: copy what you keep.
 * Call expr_result_free when done (it frees only owned, when set).
 */
struct expr_result {
	enum expr_type type;
	bool boolean;
	double number;
	size_t count;
	const char *text;
	char *owned;
	char buf[EXPR_NUMBER_BUF];
};

/* Evaluates e into *r (see struct expr_result); nothing is allocated but
 * a string longer than r->buf.  On failure returns false, *r holds an
 * empty string, and *err (when err is not NULL; caller frees) and
 * env->error get the message. */
bool expr_eval(const struct expr *e, const struct expr_env *env,
	       struct expr_result *r, char **err);
/* Frees what r owns (a long string); r may be evaluated into again. */
void expr_result_free(struct expr_result *r);

/* Evaluates e and returns the string() of the result (caller frees), or
 * NULL with *err set (caller frees) when evaluation fails. */
char *expr_eval_string(const struct expr *e, const struct expr_env *env,
		       char **err);
/* The boolean() of the result; on error returns dflt. */
bool expr_eval_bool(const struct expr *e, const struct expr_env *env,
		    bool dflt);
/* The number() of the result; NaN on error. */
double expr_eval_number(const struct expr *e, const struct expr_env *env);

/* Calls fn for every ${name} the tree reads (with repeats, once each). */
void expr_refs(const struct expr *e, void (*fn)(void *arg, const char *name),
	       void *arg);

/* True when name may be given to pulldata(): a plain file name of the
 * form folder (no "/", no "..", not hidden, no control characters). */
bool expr_file_name_ok(const char *name);
/* NULL when pattern compiles as a regex() pattern, else a message
 * (caller frees). */
char *expr_regex_error(const char *pattern);

/* Number formatting of XPath string(): 3, 0.5, NaN, Infinity, no
 * exponents, the fewest digits that read back as x.  Writes into buf
 * (EXPR_NUMBER_BUF bytes hold any number). */
void expr_format_number(double x, char *buf, size_t size);

/* Pulldata tables read so far are cached per form folder; frees them. */
void expr_pulldata_flush(void);
/* Frees the scratch memory kept between evaluations (at exit, for leak
 * checkers; evaluation works again afterwards). */
void expr_release_scratch(void);

#endif
