/*
 * replay: scripted interviews (see replay.h).  The loop answers the
 * current item from the file and moves on, exactly like a person in plain
 * mode, so every relevance rule, constraint and required check applies.
 */
#include "replay.h"

#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "strbuf.h"
#include "xmem.h"

/* Safety net: no form asks this many questions in one interview. */
#define REPLAY_MAX_STEPS 1000000

/* Indexes answer i: its name's latest row, and the instances its path
 * passes through. */
static void
index_answer(struct replay_answers *a, size_t i)
{
	char pos[32], *name = a->v[i].name;

	snprintf(pos, sizeof(pos), "%zu", i);
	answers_set(a->latest, name, pos, IV_ANSWERED);
	for (char *s = name; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		answers_set(a->instances, name, "", IV_ANSWERED);
		*s = '/';
	}
}

int
replay_read(const char *path, struct replay_answers *a, struct diag *d)
{
	struct csv_table t = {0};
	size_t first = 0;

	if (csvio_read_file(path, &t, d) != 0) {
		csvio_table_free(&t);
		return -1;
	}
	if (t.n > 0 && strcmp(csvio_cell(&t.rows[0], 0), "name") == 0)
		first = 1;
	free(a->path);
	a->path = xstrdup(path);
	a->v = xreallocarray(a->v, a->n + t.n + 1, sizeof(*a->v));
	if (a->latest == NULL) {
		a->latest = answers_new();
		a->instances = answers_new();
	}
	for (size_t i = first; i < t.n; i++) {
		const char *name = csvio_cell(&t.rows[i], 0);
		if (*name == '\0' || *name == '#')
			continue;
		a->v[a->n].name = xstrdup(name);
		a->v[a->n].value = xstrdup(csvio_cell(&t.rows[i], 1));
		a->v[a->n].row = t.rows[i].row;
		a->v[a->n].used = false;
		index_answer(a, a->n++);
	}
	csvio_table_free(&t);
	return 0;
}

void
replay_answers_free(struct replay_answers *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].value);
	}
	free(a->v);
	free(a->path);
	answers_free(&a->latest);
	answers_free(&a->instances);
	memset(a, 0, sizeof(*a));
}

/* The last answer for path (later rows win), or NULL. */
static struct replay_answer *
find(struct replay_answers *a, const char *path)
{
	const struct answer *e = a->latest ? answers_get(a->latest, path) : NULL;

	return e ? &a->v[strtoul(e->value, NULL, 10)] : NULL;
}

/* True when the file answers anything inside instance path "kids[2]". */
static bool
names_instance(struct replay_answers *a, const char *instance)
{
	return a->instances && answers_get(a->instances, instance) != NULL;
}

static int
fail(struct replay_answers *a, struct diag *d, const struct iv_item *it,
     const struct replay_answer *ans, const char *message)
{
	diag_add(d, DIAG_ERROR, a->path, ans ? ans->row : 0, it->path,
		 "%s (question: \"%s\")", message, it->label);
	return -1;
}

/* An expression of the form failed while evaluated: the results may be
 * wrong, so the replay stops, naming the field, the expression, the
 * answers file's row (that of the answer just given, 0 when none) and
 * the form's row. */
static int
eval_failed(struct interview *iv, struct replay_answers *a, struct diag *d,
	    unsigned row)
{
	const struct iv_eval_error *e = iv_eval_error(iv);

	if (e == NULL)
		return 0;
	if (e->field != NULL)
		diag_add(d, DIAG_ERROR, a->path, row, *e->path ? e->path : e->field->name,
			 "form problem: the %s of \"%s\" (survey.csv row %u) "
			 "failed: %s; expression: %s", e->column, e->field->name,
			 e->field->row, e->message, e->expression);
	else
		diag_add(d, DIAG_ERROR, a->path, row, NULL, "form problem: the "
			 "setting %s failed: %s; expression: %s", e->column,
			 e->message, e->expression);
	iv_eval_error_take(iv);
	return -1;
}

static int
answer_item(struct interview *iv, struct replay_answers *a, struct diag *d,
	    const struct iv_item *it)
{
	const struct form *f = iv_form(iv);
	struct replay_answer *ans = NULL;
	struct iv_error err = {0};
	char *path;
	bool ok = true;

	if (it->kind == IV_REPEAT_PROMPT) {
		ok = iv_answer(iv, names_instance(a, it->path) ? "yes" : "no", &err);
	} else if (it->kind == IV_QUESTION && (ans = find(a, it->path)) != NULL) {
		ans->used = true;
		if (strcmp(ans->value, f->dont_know_code) == 0)
			ok = iv_set_state(iv, IV_DONT_KNOW, &err);
		else if (strcmp(ans->value, f->refused_code) == 0)
			ok = iv_set_state(iv, IV_REFUSED, &err);
		else
			ok = iv_answer(iv, ans->value, &err);
	}
	path = xstrdup(it->path); /* it changes when the interview moves */
	if (ok)
		ok = iv_next(iv, &err);
	if (eval_failed(iv, a, d, ans ? ans->row : 0) != 0) {
		iv_error_clear(&err);
		free(path);
		return -1;
	}
	if (!ok) {
		int rc;
		if (strcmp(iv_current(iv)->path, path) != 0) {
			/* leaving a field-list page stopped at an earlier
			 * question: name that one and its answer */
			it = iv_current(iv);
			ans = find(a, it->path);
		}
		rc = fail(a, d, it, ans, err.message ? err.message : "refused");
		iv_error_clear(&err);
		free(path);
		return rc;
	}
	free(path);
	return 0;
}

/* Nothing to do: listing the entries computes every value the record
 * will hold, so that an evaluation error shows before it is saved. */
static void
evaluate_entry(void *arg, const struct iv_entry *e)
{
	(void)arg;
	(void)e;
}

int
replay_run(struct interview *iv, struct replay_answers *a, struct diag *d)
{
	struct iv_error err = {0};

	for (long step = 0; step < REPLAY_MAX_STEPS; step++) {
		const struct iv_item *it = iv_current(iv);
		if (eval_failed(iv, a, d, 0) != 0)
			return -1;
		if (it->kind == IV_END)
			break;
		if (answer_item(iv, a, d, it) != 0)
			return -1;
	}
	if (!iv_finish(iv, &err)) {
		const struct iv_item *it = iv_current(iv);
		if (eval_failed(iv, a, d, 0) == 0)
			fail(a, d, it, NULL, err.message ? err.message : "cannot finish");
		iv_error_clear(&err);
		return -1;
	}
	iv_entries(iv, evaluate_entry, NULL); /* every calculation */
	return eval_failed(iv, a, d, 0);
}

struct print_arg {
	FILE *out;
	int rc;
};

static void
print_entry(void *arg, const struct iv_entry *e)
{
	struct print_arg *pa = arg;
	const char *cells[2] = {e->path, e->value};

	/* skip what is not asked, and repeat instance markers "kids[2]" */
	if (!e->relevant || e->path[strlen(e->path) - 1] == ']')
		return;
	if (csvio_write_row(pa->out, cells, 2, "\n") != 0)
		pa->rc = -1;
}

int
replay_print(struct interview *iv, FILE *out)
{
	const char *header[2] = {"name", "value"};
	struct print_arg pa = {out, 0};

	if (csvio_write_row(out, header, 2, "\n") != 0)
		return -1;
	iv_entries(iv, print_entry, &pa);
	return pa.rc;
}
