/*
 * interview: the engine that walks a form (see interview.h).
 *
 * State: the current position, the history of positions where the person
 * stopped (for back), the set of paths reached (for jump and review), the
 * answers, and two caches that make a keystroke cheap: for each path, its
 * own relevance and (for calculations) its value.  A cache entry is valid
 * while its field's epoch is unchanged; an answer bumps the epoch of every
 * field that reads it, transitively (through the form's dependency graph),
 * so only what the change reaches is evaluated again, and only on demand.
 */
#include "interview.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "answers.h"
#include "clock.h"
#include "diag.h"
#include "expr.h"
#include "form_compile.h"
#include "ivpos.h"
#include "media.h"
#include "qvalue.h"
#include "strbuf.h"
#include "uuid.h"
#include "strhash.h"
#include "xmem.h"

#define BUSY UINT_MAX /* epoch mark of a value being computed */

struct cache_entry {
	char *path;          /* NULL for a free slot */
	unsigned rel_epoch;  /* field epoch when relevance was computed */
	unsigned val_epoch;  /* field epoch when the value was computed */
	bool relevant;
	char *value;         /* calculated value, owned */
};

struct interview {
	const struct form *f;
	struct answers *ans;      /* answers and repeat-instance markers */
	struct answers *meta;     /* metadata: instance_id, started, ... */
	struct answers *reached;  /* paths stopped at (value unused) */
	size_t lang;
	struct ivpos pos;
	bool at_prompt;           /* pos is a repeat prompt */
	int prompt_answer;        /* -1 none, 0 no, 1 yes */
	struct ivpos *history;    /* positions stopped at before pos */
	size_t nhistory, caphistory;
	unsigned *epoch;          /* per field, starts at 1 */
	unsigned *mark;           /* per field: last invalidation that saw it */
	size_t *shown_before;     /* per row: shown rows before it (progress) */
	size_t *queue;            /* work list of invalidate(), nfields long */
	unsigned marks;
	struct cache_entry *cache;
	size_t ncache, capcache;  /* open addressing, power of two */
	size_t progress_row;
	bool touched;             /* the person answered something */
	bool reached_end;         /* the end has been reached once */
	/* what iv_current returns, rebuilt on demand */
	struct iv_item item;
	struct strbuf item_path, item_label, item_hint, item_section;
	struct strbuf item_value, item_note, item_guide;
	struct iv_choice *choices;
	size_t nchoices, capchoices;
	struct strbuf *choice_labels;
	size_t capchoice_labels;
	struct iv_review *review;
	size_t nreview;
	struct strbuf scratch;
	struct iv_eval_error *everr; /* pending evaluation errors, oldest first */
	size_t neverr, capeverr;
	unsigned short *everr_seen;  /* per field: bit per column reported */
	unsigned settings_seen;      /* the same for instance_name, save_if */
	int *inst_hint;              /* per begin_repeat row: the instance
					count last found (st_instances) */
	size_t *triggered, ntriggered; /* rows with a trigger column, so a
					  stored answer does not scan the
					  whole form (fire_triggers) */
};

static const struct form_field *
row(const struct interview *iv, size_t i)
{
	return &iv->f->fields[i];
}

/* The path of pos, in iv->scratch (borrowed until the next call). */
static const char *
path_of(struct interview *iv, const struct ivpos *pos)
{
	strbuf_reset(&iv->scratch);
	ivpos_path(iv->f, pos, &iv->scratch);
	return strbuf_str(&iv->scratch);
}

/* A copy of the path of pos; caller frees. */
static char *
path_dup(const struct interview *iv, const struct ivpos *pos)
{
	struct strbuf sb = STRBUF_INIT;

	ivpos_path(iv->f, pos, &sb);
	return strbuf_detach(&sb);
}

/* ---- caches ------------------------------------------------------------ */

static void
cache_grow(struct interview *iv)
{
	struct cache_entry *old = iv->cache;
	size_t oldcap = iv->capcache;

	iv->capcache = oldcap ? oldcap * 2 : 256;
	iv->cache = xcalloc(iv->capcache, sizeof(*iv->cache));
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].path == NULL)
			continue;
		size_t s = str_hash(old[i].path) & (iv->capcache - 1);
		while (iv->cache[s].path != NULL)
			s = (s + 1) & (iv->capcache - 1);
		iv->cache[s] = old[i];
	}
	free(old);
}

/* The cache entry for a path, created empty (never computed) if new. */
static struct cache_entry *
cache_at(struct interview *iv, const char *path)
{
	size_t s;

	if ((iv->ncache + 1) * 2 > iv->capcache)
		cache_grow(iv);
	s = str_hash(path) & (iv->capcache - 1);
	while (iv->cache[s].path != NULL && strcmp(iv->cache[s].path, path) != 0)
		s = (s + 1) & (iv->capcache - 1);
	if (iv->cache[s].path == NULL) {
		iv->cache[s].path = xstrdup(path);
		iv->ncache++;
	}
	return &iv->cache[s];
}

static void
cache_free(struct interview *iv)
{
	for (size_t i = 0; i < iv->capcache; i++) {
		free(iv->cache[i].path);
		free(iv->cache[i].value);
	}
	free(iv->cache);
	iv->cache = NULL;
	iv->capcache = iv->ncache = 0;
}

/* ---- relevance and values as expressions see them -------------------- */

static bool ev_bool(struct interview *iv, const struct form_expr *e,
		    const struct ivpos *ctx, const char *dot, bool dflt);
/* A calculation recomputed whenever what it reads changes; one with a
 * trigger is only run when a trigger field is answered, and its result
 * is then stored like an answer. */
static bool
live_calc(const struct form_field *q)
{
	return q->calculation.src != NULL && q->trigger.src == NULL;
}

static char *ev_string(struct interview *iv, const struct form_expr *e,
		       const struct ivpos *ctx, const char *dot);
static const char *ev_text(struct interview *iv, const struct form_expr *e,
			   const struct ivpos *ctx, const char *dot,
			   struct expr_result *r);
static double ev_number(struct interview *iv, const struct form_expr *e,
			const struct ivpos *ctx);

/* Number of repeats enclosing a row. */
static int
nrepeats(const struct form_field *q)
{
	return q->repeat_depth;
}

/* pos with the depth a row's own expressions are evaluated at: a repeat
 * prompt position ("kids[3]") evaluates in its parent's instances. */
static struct ivpos
context_of(const struct interview *iv, const struct ivpos *pos)
{
	struct ivpos ctx = *pos;
	int n = nrepeats(row(iv, pos->row));

	if (ctx.depth > n)
		ctx.depth = n;
	return ctx;
}

/*
 * The row's own `relevant` at pos, cached.  A cache slot may move while
 * the expression is evaluated (evaluation fills other slots), so it is
 * looked up again to store the result.  A relevance that depends on
 * itself (a cycle through other rows) reads as relevant.
 */
static bool
own_relevant(struct interview *iv, const struct ivpos *pos)
{
	const struct form_field *q = row(iv, pos->row);
	struct ivpos ctx;
	struct cache_entry *c;
	char *path;
	bool rel;
	unsigned ep = iv->epoch[q->index];

	if (q->relevant.src == NULL)
		return true;
	ctx = context_of(iv, pos);
	path = path_dup(iv, &ctx);
	c = cache_at(iv, path);
	if (c->rel_epoch == ep || c->rel_epoch == BUSY) {
		rel = c->relevant || c->rel_epoch == BUSY;
		free(path);
		return rel;
	}
	c->rel_epoch = BUSY; /* in progress */
	rel = ev_bool(iv, &q->relevant, &ctx, NULL, false);
	c = cache_at(iv, path);
	c->relevant = rel;
	c->rel_epoch = ep;
	free(path);
	return rel;
}

/* The row and every enclosing group and repeat are relevant. */
static bool
relevant_full(struct interview *iv, const struct ivpos *pos)
{
	struct ivpos p = *pos;

	if (!own_relevant(iv, pos))
		return false;
	for (const struct form_field *g = row(iv, pos->row)->relevant_parent; g;
	     g = g->relevant_parent) {
		p.row = g->index;
		p.depth = nrepeats(g);
		if (!own_relevant(iv, &p))
			return false;
	}
	return true;
}

static const char *
stored_value(struct interview *iv, const char *path)
{
	const struct answer *a = answers_get(iv->ans, path);

	return a ? a->value : "";
}

/* The value of a row with a calculation at pos, cached by epoch.  A
 * result equal to the cached value keeps it (nothing allocated). */
static const char *
calc_value(struct interview *iv, const struct ivpos *pos)
{
	const struct form_field *q = row(iv, pos->row);
	unsigned ep = iv->epoch[q->index];
	char *path = path_dup(iv, pos);
	struct cache_entry *c = cache_at(iv, path);
	struct expr_result r;
	const char *text;

	if (c->val_epoch == ep || c->val_epoch == BUSY) {
		free(path);
		return c->value ? c->value : "";
	}
	c->val_epoch = BUSY; /* in progress: a cycle reads "" */
	text = ev_text(iv, &q->calculation, pos,
		       c->value ? c->value : stored_value(iv, path), &r);
	c = cache_at(iv, path);
	if (c->value == NULL || strcmp(c->value, text) != 0) {
		char *v = xstrdup(text); /* text may be the old value's */
		free(c->value);
		c->value = v;
	}
	expr_result_free(&r);
	c->val_epoch = ep;
	free(path);
	return c->value;
}

/* A field's value as expressions see it: "" when not relevant.  Borrowed
 * until the next answer changes. */
static const char *
field_value(struct interview *iv, const struct ivpos *pos)
{
	const struct form_field *q = row(iv, pos->row);

	if (!relevant_full(iv, pos))
		return "";
	if (live_calc(q))
		return calc_value(iv, pos);
	return stored_value(iv, path_of(iv, pos));
}

/* Marks everything that reads field q as stale. */
static void invalidate(struct interview *iv, const struct form_field *q);

/* ---- repeat instances ---------------------------------------------------- */

/* Instances of the repeat at pos->row (pos at the repeat's own depth) that
 * exist in the answers: markers "kids[1]", "kids[2]"... */
static bool
has_instance(struct interview *iv, struct ivpos *p, int k)
{
	p->inst[p->depth - 1] = k;
	return answers_get(iv->ans, path_of(iv, p)) != NULL;
}

/* Instances are numbered 1..n without gaps (adding appends, removing
 * renumbers), so the count last found for this repeat is checked with
 * two lookups (n exists, n + 1 does not) and only a changed count is
 * counted again: a repeat of N instances costs O(N), not O(N^2). */
static int
st_instances(struct interview *iv, const struct ivpos *pos)
{
	struct ivpos p = *pos;
	int *hint = &iv->inst_hint[pos->row], k = *hint;

	if (p.depth >= IVPOS_MAX_DEPTH)
		return 0;
	p.depth++;
	if (k >= 1 && has_instance(iv, &p, k)) {
		while (has_instance(iv, &p, k + 1)) /* grew, most often by one */
			k++;
		return *hint = k;
	}
	for (k = 0; has_instance(iv, &p, k + 1); k++)
		;
	return *hint = k;
}

/* How many instances the repeat at pos has: repeat_count, else those
 * added. */
static int
repeat_count(struct interview *iv, const struct ivpos *pos)
{
	const struct form_field *r = row(iv, pos->row);

	if (r->repeat_count.src != NULL) {
		double n = ev_number(iv, &r->repeat_count, pos);
		if (!(n >= 1))
			return 0;
		return n > 1000 ? 1000 : (int)n;
	}
	return st_instances(iv, pos);
}

/* ---- walking the form ---------------------------------------------------- */

/* Rows that stop the walk when relevant: inputs and notes with text. */
static bool
is_shown(const struct form_field *q)
{
	switch (q->type) {
	case Q_NOTE:
		return q->label != NULL || q->hint != NULL;
	case Q_CALCULATE:
	case Q_HIDDEN:
	case Q_START:
	case Q_END:
	case Q_TODAY:
	case Q_DEVICEID:
	case Q_USERNAME:
	case Q_BEGIN_GROUP:
	case Q_END_GROUP:
	case Q_BEGIN_REPEAT:
	case Q_END_REPEAT:
		return false;
	default: /* not sensor metadata a terminal cannot know */
		if (q->trigger.src != NULL && qtype_is_input(q->type))
			return !q->set_only;
		return q->calculation.src == NULL && !qtype_is_unavailable(q->type);
	}
}

static void apply_defaults(struct interview *iv, size_t from, size_t to,
			   const struct ivpos *ctx);

/* Adds instance k of the repeat at pos (repeat depth) and fills its
 * defaults. */
static void
add_instance(struct interview *iv, const struct ivpos *pos, int k)
{
	const struct form_field *r = row(iv, pos->row);
	struct ivpos p = *pos;

	p.inst[p.depth++] = k;
	answers_set(iv->ans, path_of(iv, &p), "", IV_ANSWERED);
	invalidate(iv, r);
	apply_defaults(iv, r->index + 1, r->end->index, &p);
}

/* At a begin_repeat row: enters instance 1, stops at a prompt for the
 * first instance, or skips the repeat.  True when the walk must stop. */
static bool
enter_repeat(struct interview *iv, struct ivpos *pos)
{
	const struct form_field *r = row(iv, pos->row);
	int n;

	if (pos->depth >= IVPOS_MAX_DEPTH || !own_relevant(iv, pos)) {
		pos->row = r->end->index + 1;
		return false;
	}
	n = repeat_count(iv, pos);
	if (r->repeat_count.src != NULL) {
		for (int k = st_instances(iv, pos) + 1; k <= n; k++)
			add_instance(iv, pos, k);
		if (n == 0) {
			pos->row = r->end->index + 1;
			return false;
		}
	}
	pos->inst[pos->depth++] = 1;
	if (n >= 1) {
		pos->row++;
		return false;
	}
	return true; /* "add a ...?" for instance 1 */
}

/* At an end_repeat row, finishing an instance: the next instance, a
 * prompt for one more, or past the repeat.  True at a prompt. */
static bool
leave_instance(struct interview *iv, struct ivpos *pos)
{
	const struct form_field *begin = row(iv, pos->row)->parent;
	struct ivpos rp = *pos;
	int k = pos->inst[pos->depth - 1], n;

	rp.row = begin->index;
	rp.depth--;
	n = repeat_count(iv, &rp);
	if (k < n) {
		pos->inst[pos->depth - 1] = k + 1;
		pos->row = begin->index + 1;
		return false;
	}
	if (begin->repeat_count.src == NULL) {
		pos->row = begin->index;
		pos->inst[pos->depth - 1] = k + 1;
		return true;
	}
	pos->depth--;
	pos->row = begin->end->index + 1;
	return false;
}

/*
 * From pos (a row not yet examined), finds where to stop: a shown,
 * relevant question, a repeat prompt, or the end (row == nfields).  The
 * groups and repeats enclosing pos are relevant.  Returns true at a
 * prompt.
 */
static bool
walk_forward(struct interview *iv, struct ivpos *pos)
{
	while (pos->row < iv->f->nfields) {
		const struct form_field *q = row(iv, pos->row);

		switch (q->type) {
		case Q_BEGIN_GROUP:
			if (!own_relevant(iv, pos))
				pos->row = q->end->index;
			pos->row++;
			continue;
		case Q_BEGIN_REPEAT:
			if (enter_repeat(iv, pos))
				return true;
			continue;
		case Q_END_REPEAT:
			if (leave_instance(iv, pos))
				return true;
			continue;
		default:
			break;
		}
		if (is_shown(q) && own_relevant(iv, pos))
			return false;
		pos->row++;
	}
	pos->depth = 0;
	return false;
}

static bool
is_prompt_pos(const struct interview *iv, const struct ivpos *pos)
{
	const struct form_field *q;

	if (pos->row >= iv->f->nfields)
		return false;
	q = row(iv, pos->row);
	return q->type == Q_BEGIN_REPEAT && pos->depth > nrepeats(q);
}

/* Moves to pos, remembering it as reached. */
static void
go_to(struct interview *iv, const struct ivpos *pos)
{
	iv->pos = *pos;
	iv->at_prompt = is_prompt_pos(iv, pos);
	iv->prompt_answer = -1;
	if (pos->row < iv->f->nfields)
		answers_set(iv->reached, path_of(iv, pos), "", IV_ANSWERED);
	else
		iv->reached_end = true;
}

static void
push_history(struct interview *iv)
{
	if (iv->nhistory == iv->caphistory) {
		iv->caphistory = iv->caphistory ? iv->caphistory * 2 : 64;
		iv->history = xreallocarray(iv->history, iv->caphistory,
					    sizeof(*iv->history));
	}
	iv->history[iv->nhistory++] = iv->pos;
}

/* ---- references: where ${name} points from a context ------------------- */

typedef void (*each_fn)(struct interview *iv, const struct ivpos *pos,
			void *arg);

static void
each_from(struct interview *iv, const struct form_field *q,
	  const struct form_field *const *reps, int nreps, const struct ivpos *ctx,
	  const struct form_field *const *creps, int shared, struct ivpos *p,
	  each_fn fn, void *arg)
{
	int i = p->depth, n;
	struct ivpos rp;

	if (i < 0 || i > nreps || nreps > IVPOS_MAX_DEPTH)
		return; /* cannot happen: depth counts the repeats entered */
	if (i == nreps) {
		p->row = q->index;
		fn(iv, p, arg);
		return;
	}
	if (i < shared && reps[i] == creps[i]) {
		p->inst[p->depth++] = ctx->inst[i];
		each_from(iv, q, reps, nreps, ctx, creps, shared, p, fn, arg);
		p->depth--;
		return;
	}
	rp = *p;
	rp.row = reps[i]->index;
	n = repeat_count(iv, &rp);
	for (int k = 1; k <= n; k++) {
		p->inst[p->depth++] = k;
		each_from(iv, q, reps, nreps, ctx, creps, 0, p, fn, arg);
		p->depth--;
	}
}

/*
 * Calls fn for every position of field q as seen from ctx: inside a repeat
 * that ctx shares, the same instance; in other repeats, every instance (a
 * node-set).  A field outside repeats is one position.
 */
static void
resolve_each(struct interview *iv, const struct form_field *q,
	     const struct ivpos *ctx, each_fn fn, void *arg)
{
	const struct form_field *reps[IVPOS_MAX_DEPTH], *creps[IVPOS_MAX_DEPTH];
	int nreps = ivpos_repeats(q, reps), shared = 0;
	struct ivpos p = {0};

	if (ctx != NULL && ctx->row < iv->f->nfields) {
		struct ivpos c = context_of(iv, ctx);
		int nc = ivpos_repeats(row(iv, c.row), creps);
		if (row(iv, c.row)->type == Q_BEGIN_REPEAT && c.depth > nc)
			creps[nc++] = row(iv, c.row);
		shared = nc < c.depth ? nc : c.depth;
		each_from(iv, q, reps, nreps, &c, creps, shared, &p, fn, arg);
		return;
	}
	each_from(iv, q, reps, nreps, ctx, creps, 0, &p, fn, arg);
}

/* ---- defaults, metadata ----------------------------------------------- */

static bool
looks_dynamic(const char *src)
{
	return strstr(src, "${") != NULL || strchr(src, '(') != NULL;
}

static const char *meta_get(const struct interview *iv, const char *key);

/* The value a metadata row gets when the intake (or instance) starts. */
static const char *
metadata_value(const struct interview *iv, const struct form_field *q)
{
	switch (q->type) {
	case Q_START:
		return meta_get(iv, "started");
	case Q_TODAY:
		return meta_get(iv, "today");
	case Q_DEVICEID:
		return meta_get(iv, "deviceid");
	case Q_USERNAME:
		return meta_get(iv, "interviewer");
	default:
		return NULL;
	}
}

/*
 * Fills defaults and metadata for rows [from, to) at the depth of ctx,
 * skipping nested repeats (their instances get defaults when added).
 * Existing answers are kept.
 */
static void
apply_defaults(struct interview *iv, size_t from, size_t to,
	       const struct ivpos *ctx)
{
	struct ivpos p = *ctx;

	for (size_t i = from; i < to; i++) {
		const struct form_field *q = row(iv, i);
		const char *meta = metadata_value(iv, q);
		char *v = NULL;

		if (q->type == Q_BEGIN_REPEAT) {
			i = q->end->index;
			continue;
		}
		p.row = i;
		if (answers_get(iv->ans, path_of(iv, &p)) != NULL)
			continue;
		if (meta != NULL)
			v = xstrdup(meta);
		else if (q->default_value.src && looks_dynamic(q->default_value.src))
			v = ev_string(iv, &q->default_value, &p, "");
		else if (q->default_value.src)
			v = xstrdup(q->default_value.src);
		if (v != NULL) {
			answers_set(iv->ans, path_of(iv, &p), v, IV_ANSWERED);
			invalidate(iv, q);
		}
		free(v);
	}
}

static const char *
meta_get(const struct interview *iv, const char *key)
{
	const struct answer *a = answers_get(iv->meta, key);

	return a ? a->value : "";
}

static void
meta_set(struct interview *iv, const char *key, const char *value)
{
	answers_set(iv->meta, key, value, IV_ANSWERED);
}

/* ---- life cycle ------------------------------------------------------------ */

static char *new_instance_id(void);
static char *now_iso(bool date_only);
static char *host_deviceid(void);

static bool is_shown(const struct form_field *q);

static struct interview *
iv_alloc(const struct form *f, const struct iv_options *o)
{
	struct interview *iv = xcalloc(1, sizeof(*iv));
	int lang = o && o->lang ? form_lang_index(f, o->lang) : -1;

	iv->f = f;
	iv->ans = answers_new();
	iv->meta = answers_new();
	iv->reached = answers_new();
	iv->lang = lang >= 0 ? (size_t)lang : f->default_lang;
	iv->epoch = xcalloc(f->nfields ? f->nfields : 1, sizeof(unsigned));
	for (size_t i = 0; i < f->nfields; i++)
		iv->epoch[i] = 1;
	iv->mark = xcalloc(f->nfields ? f->nfields : 1, sizeof(unsigned));
	iv->shown_before = xcalloc(f->nfields + 1, sizeof(size_t));
	for (size_t i = 0; i < f->nfields; i++)
		iv->shown_before[i + 1] = iv->shown_before[i] + is_shown(&f->fields[i]);
	iv->queue = xcalloc(f->nfields ? f->nfields : 1, sizeof(size_t));
	iv->everr_seen = xcalloc(f->nfields + 1, sizeof(*iv->everr_seen));
	iv->inst_hint = xcalloc(f->nfields ? f->nfields : 1, sizeof(int));
	iv->triggered = xcalloc(f->nfields ? f->nfields : 1, sizeof(size_t));
	for (size_t i = 0; i < f->nfields; i++) {
		const struct form_field *r = &f->fields[i];
		if (r->trigger.ast != NULL &&
		    (qtype_is_input(r->type) || r->type == Q_CALCULATE ||
		     r->type == Q_HIDDEN))
			iv->triggered[iv->ntriggered++] = i;
	}
	iv->prompt_answer = -1;
	return iv;
}

static void review_clear(struct interview *iv);

static void
start_metadata(struct interview *iv, const struct iv_options *o)
{
	char *id = new_instance_id(), *started = now_iso(false);
	char *today = now_iso(true), *dev = NULL;

	meta_set(iv, "instance_id", id);
	meta_set(iv, "form_id", iv->f->id);
	meta_set(iv, "form_version", iv->f->version ? iv->f->version : "");
	meta_set(iv, "language", iv_lang(iv));
	meta_set(iv, "interviewer", o && o->interviewer ? o->interviewer : "");
	if (o == NULL || o->deviceid == NULL)
		dev = host_deviceid();
	meta_set(iv, "deviceid", dev ? dev : o->deviceid);
	meta_set(iv, "started", started);
	meta_set(iv, "today", today);
	meta_set(iv, "status", "draft");
	free(id), free(started), free(today), free(dev);
}

struct interview *
iv_new(const struct form *f, const struct iv_options *o)
{
	struct interview *iv = iv_alloc(f, o);
	struct ivpos start = {0};

	start_metadata(iv, o);
	apply_defaults(iv, 0, f->nfields, &start);
	iv->at_prompt = walk_forward(iv, &start);
	go_to(iv, &start);
	return iv;
}

void
iv_free(struct interview **ivp)
{
	struct interview *iv;

	if (ivp == NULL || *ivp == NULL)
		return;
	iv = *ivp;
	answers_free(&iv->ans);
	answers_free(&iv->meta);
	answers_free(&iv->reached);
	cache_free(iv);
	free(iv->history);
	free(iv->epoch);
	free(iv->mark);
	free(iv->shown_before);
	free(iv->queue);
	free(iv->inst_hint);
	free(iv->triggered);
	strbuf_free(&iv->item_path);
	strbuf_free(&iv->item_label);
	strbuf_free(&iv->item_hint);
	strbuf_free(&iv->item_section);
	strbuf_free(&iv->item_value);
	strbuf_free(&iv->item_note);
	strbuf_free(&iv->item_guide);
	strbuf_free(&iv->scratch);
	while (iv->neverr > 0)
		iv_eval_error_take(iv);
	free(iv->everr);
	free(iv->everr_seen);
	for (size_t i = 0; i < iv->capchoice_labels; i++)
		strbuf_free(&iv->choice_labels[i]);
	free(iv->choice_labels);
	free(iv->choices);
	review_clear(iv);
	free(iv);
	*ivp = NULL;
}

const struct form *
iv_form(const struct interview *iv)
{
	return iv->f;
}

const char *
iv_lang(const struct interview *iv)
{
	const struct form_lang *l;

	if (iv->f->nlangs == 0)
		return "";
	l = &iv->f->langs[iv->lang];
	return l->code ? l->code : l->name;
}

size_t
iv_lang_index(const struct interview *iv)
{
	return iv->lang;
}

bool
iv_set_lang(struct interview *iv, const char *lang)
{
	int i = form_lang_index(iv->f, lang);

	if (i < 0)
		return false;
	iv->lang = (size_t)i;
	meta_set(iv, "language", iv_lang(iv));
	/* jr:choice-name() results depend on the language */
	for (size_t k = 0; k < iv->f->nfields; k++)
		iv->epoch[k]++;
	return true;
}

const char *
iv_meta(const struct interview *iv, const char *key)
{
	return meta_get(iv, key);
}

/* ---- text in the active language, with ${...} filled in ---------------- */

static const char *
text(const struct interview *iv, const char *const *t)
{
	return t ? form_text(iv->f, t, iv->lang) : NULL;
}

static const struct form_choice *
find_choice(const struct form_list *l, const char *name)
{
	for (size_t i = 0; l && i < l->n; i++) {
		if (strcmp(l->choices[i].name, name) == 0)
			return &l->choices[i];
	}
	return NULL;
}

static const char *
choice_label(const struct interview *iv, const struct form_list *l,
	     const char *name)
{
	const struct form_choice *c = find_choice(l, name);

	if (c != NULL) {
		const char *t = text(iv, c->label);
		return t ? t : name;
	}
	if (strcmp(name, "other") == 0)
		return msg(iv_lang(iv), MSG_OTHER);
	return name;
}

/* Appends the display form of a stored value: choice labels for selects,
 * words for don't know / refused. */
static void
display_value(const struct interview *iv, const struct form_field *q,
	      const char *value, enum iv_state st, struct strbuf *sb)
{
	char *copy, *save = NULL;
	bool first = true;

	if (st == IV_DONT_KNOW || st == IV_REFUSED) {
		strbuf_puts(sb, msg(iv_lang(iv), st == IV_DONT_KNOW ?
					 MSG_DONT_KNOW : MSG_REFUSED));
		return;
	}
	if (q->type == Q_SELECT_ONE) {
		strbuf_puts(sb, *value ? choice_label(iv, q->list, value) : "");
		return;
	}
	if (q->type != Q_SELECT_MULTIPLE) {
		strbuf_puts(sb, value);
		return;
	}
	copy = xstrdup(value);
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		strbuf_puts(sb, first ? "" : ", ");
		strbuf_puts(sb, choice_label(iv, q->list, t));
		first = false;
	}
	free(copy);
}

struct fill_arg {
	struct strbuf *sb;
	const struct form_field *q;
	bool done;
};

static void
fill_one(struct interview *iv, const struct ivpos *pos, void *arg)
{
	struct fill_arg *fa = arg;
	const struct answer *a;
	char *path;
	const char *v;

	if (fa->done) /* a node-set shows its first node, like string() */
		return;
	fa->done = true;
	v = field_value(iv, pos);
	path = path_dup(iv, pos);
	a = answers_get(iv->ans, path);
	free(path);
	if (*v == '\0')
		return;
	display_value(iv, fa->q, v, a && !live_calc(fa->q) ?
				     a->state : IV_ANSWERED, fa->sb);
}

/* Appends text with each ${name} replaced by that field's display value
 * seen from ctx. */
static void
fill_text(struct interview *iv, const char *t, const struct ivpos *ctx,
	  struct strbuf *sb)
{
	while (t != NULL && *t) { /* (NULL: a question with only a hint) */
		const char *open = strstr(t, "${"), *close;
		const struct form_field *q;
		char *name;

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			strbuf_puts(sb, t);
			return;
		}
		strbuf_add(sb, t, (size_t)(open - t));
		name = xstrndup(open + 2, (size_t)(close - open - 2));
		q = form_field(iv->f, name);
		if (q != NULL) {
			struct fill_arg fa = {sb, q, false};
			resolve_each(iv, q, ctx, fill_one, &fa);
		} else {
			strbuf_add(sb, open, (size_t)(close - open + 1));
		}
		free(name);
		t = close + 1;
	}
}

char *
iv_fill(struct interview *iv, const char *t, const char *context_path)
{
	struct strbuf sb = STRBUF_INIT;
	struct ivpos ctx;

	if (context_path == NULL || !ivpos_parse(iv->f, context_path, &ctx))
		ctx = iv->pos;
	fill_text(iv, t ? t : "", &ctx, &sb);
	return strbuf_detach(&sb);
}

char *
iv_value(struct interview *iv, const char *path)
{
	struct ivpos p;

	if (!ivpos_parse(iv->f, path, &p))
		return xstrdup("");
	return xstrdup(field_value(iv, &p));
}

/* ---- the current item ------------------------------------------------------ */

static bool ev_choice_ok(struct interview *iv, const struct form_field *q,
			 const struct form_choice *c, const struct ivpos *ctx);

/* randomize=true: the options in an order fixed by the seed parameter
 * (its number, or the value of its ${name}), else by the intake's id and
 * the question's path, so that every front end, a resumed draft and a
 * replay show the same order (FNV-1a of the key, then splitmix64 for a
 * Fisher-Yates shuffle).  pyxform's "Other" stays last. */
static void
shuffle_choices(struct interview *iv, const struct form_field *q,
		const struct ivpos *pos)
{
	char *path = xstrdup(path_of(iv, pos));
	char *seed = q->seed ? iv_fill(iv, q->seed, path) : NULL;
	const char *key[2] = {seed, NULL};
	uint64_t h = 1469598103934665603ULL;

	if (seed == NULL)
		key[0] = iv_meta(iv, "instance_id"), key[1] = path;
	for (size_t k = 0; k < 2 && key[k]; k++)
		for (const char *c = key[k]; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	for (size_t i = iv->nchoices; i > 1; i--) {
		uint64_t z = (h += 0x9e3779b97f4a7c15ULL);
		size_t j;
		struct iv_choice t;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		j = (size_t)((z ^ (z >> 31)) % i);
		t = iv->choices[i - 1];
		iv->choices[i - 1] = iv->choices[j];
		iv->choices[j] = t;
	}
	free(seed);
	free(path);
}

/* The choices of a select at pos, after its choice_filter. */
static void
build_choices(struct interview *iv, const struct form_field *q,
	      const struct ivpos *pos)
{
	const struct form_list *l = q->list;
	size_t need = (l ? l->n : 0) + 1;

	iv->nchoices = 0;
	if (need > iv->capchoices) {
		iv->choices = xreallocarray(iv->choices, need, sizeof(*iv->choices));
		iv->choice_labels = xreallocarray(iv->choice_labels, need,
						  sizeof(struct strbuf));
		for (size_t i = iv->capchoices; i < need; i++)
			memset(&iv->choice_labels[i], 0, sizeof(struct strbuf));
		iv->capchoices = iv->capchoice_labels = need;
	}
	for (size_t i = 0; l && i < l->n; i++) {
		const struct form_choice *c = &l->choices[i];
		struct strbuf *sb = &iv->choice_labels[iv->nchoices];
		const char *t = text(iv, c->label);

		if (q->choice_filter.src && !ev_choice_ok(iv, q, c, pos))
			continue;
		strbuf_reset(sb);
		fill_text(iv, t ? t : c->name, pos, sb);
		iv->choices[iv->nchoices].name = c->name;
		iv->choices[iv->nchoices++].label = strbuf_str(sb);
	}
	if (q->randomize)
		shuffle_choices(iv, q, pos);
	if (q->or_other && find_choice(l, "other") == NULL) {
		iv->choices[iv->nchoices].name = "other";
		iv->choices[iv->nchoices++].label = msg(iv_lang(iv), MSG_OTHER);
	}
}

static const struct form_field *
section_of(const struct form_field *q)
{
	for (const struct form_field *g = q->parent; g; g = g->parent) {
		if (g->label != NULL)
			return g;
	}
	return NULL;
}

static bool
is_required(struct interview *iv, const struct form_field *q,
	    const struct ivpos *pos)
{
	return q->required.src && ev_bool(iv, &q->required, pos, NULL, false);
}

static bool
is_read_only(struct interview *iv, const struct form_field *q,
	     const struct ivpos *pos)
{
	if (q->type == Q_NOTE)
		return true;
	return q->read_only.src && ev_bool(iv, &q->read_only, pos, NULL, false);
}

static void
build_prompt_item(struct interview *iv, struct iv_item *it)
{
	const struct form_field *r = row(iv, iv->pos.row);
	const char *name = text(iv, r->label);
	int k = iv->pos.inst[iv->pos.depth - 1];
	struct strbuf label = STRBUF_INIT;

	fill_text(iv, name ? name : r->name, &iv->pos, &label);
	it->kind = IV_REPEAT_PROMPT;
	it->repeat_instance = k;
	strbuf_printf(&iv->item_label, msg(iv_lang(iv), k == 1 ? MSG_ADD_FIRST :
					   MSG_ADD_ANOTHER),
		      strbuf_str(&label));
	strbuf_free(&label);
	it->required = true;
	it->value = iv->prompt_answer < 0 ? "" :
		    iv->prompt_answer ? "yes" : "no";
}

/* A number of a range's parameters as short as it reads: 1, 0.5, -2. */
static void
put_number(struct strbuf *sb, double v)
{
	strbuf_printf(sb, "%.10g", v);
}

/* What to type for the types that need saying, in the active language;
 * NULL for the others. */
static const char *
guide(struct interview *iv, const struct form_field *q, struct strbuf *sb)
{
	const char *lang = iv_lang(iv);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;

	if (q->type == Q_RANK)
		return msg(lang, MSG_GUIDE_RANK);
	if (qvalue_date_part(q) != QDATE_FULL)
		return msg(lang, qvalue_date_part(q) == QDATE_YEAR ?
			   MSG_GUIDE_YEAR : MSG_GUIDE_MONTH_YEAR);
	if (qtype_is_media(q->type))
		return msg(lang, MSG_GUIDE_MEDIA);
	if (q->type != Q_RANGE)
		return NULL;
	put_number(&a, q->range_start);
	put_number(&b, q->range_end);
	put_number(&c, q->range_step);
	strbuf_printf(sb, msg(lang, MSG_GUIDE_RANGE), strbuf_str(&a),
		      strbuf_str(&b), strbuf_str(&c));
	strbuf_free(&a), strbuf_free(&b), strbuf_free(&c);
	return strbuf_str(sb);
}

static void
build_question_item(struct interview *iv, struct iv_item *it)
{
	const struct form_field *q = row(iv, iv->pos.row);
	const struct answer *a = answers_get(iv->ans, strbuf_str(&iv->item_path));
	const char *hint = text(iv, q->hint);

	it->kind = q->type == Q_NOTE ? IV_NOTE : IV_QUESTION;
	fill_text(iv, text(iv, q->label), &iv->pos, &iv->item_label);
	if (hint != NULL) {
		fill_text(iv, hint, &iv->pos, &iv->item_hint);
		it->hint = strbuf_str(&iv->item_hint);
	}
	if (a != NULL) {
		strbuf_puts(&iv->item_value, a->value);
		strbuf_puts(&iv->item_note, a->note);
		it->state = a->state;
	}
	it->value = strbuf_str(&iv->item_value);
	it->note = strbuf_str(&iv->item_note);
	it->required = is_required(iv, q, &iv->pos);
	it->read_only = is_read_only(iv, q, &iv->pos);
	it->multiline = q->type == Q_TEXT && form_has_appearance(q, "multiline");
	if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE) {
		build_choices(iv, q, &iv->pos);
		it->choices = iv->choices;
		it->nchoices = iv->nchoices;
	} else if (q->type == Q_RANK) {
		build_choices(iv, q, &iv->pos);
		it->order = iv->choices;
		it->norder = iv->nchoices;
	}
	it->guide = guide(iv, q, &iv->item_guide);
}

const struct iv_item *
iv_current(struct interview *iv)
{
	struct iv_item *it = &iv->item;
	const struct form_field *sec;

	memset(it, 0, sizeof(*it));
	strbuf_reset(&iv->item_path);
	strbuf_reset(&iv->item_label);
	strbuf_reset(&iv->item_hint);
	strbuf_reset(&iv->item_section);
	strbuf_reset(&iv->item_value);
	strbuf_reset(&iv->item_note);
	strbuf_reset(&iv->item_guide);
	it->value = it->note = it->path = it->label = "";
	if (iv->pos.row >= iv->f->nfields) {
		it->kind = IV_END;
		return it;
	}
	it->field = row(iv, iv->pos.row);
	ivpos_path(iv->f, &iv->pos, &iv->item_path);
	it->path = strbuf_str(&iv->item_path);
	if ((sec = section_of(it->field)) != NULL && text(iv, sec->label)) {
		/* (a group or repeat without a label has no section title) */
		fill_text(iv, text(iv, sec->label), &iv->pos, &iv->item_section);
		it->section = strbuf_str(&iv->item_section);
	}
	if (iv->at_prompt)
		build_prompt_item(iv, it);
	else
		build_question_item(iv, it);
	it->label = strbuf_str(&iv->item_label);
	return it;
}

/* ---- answering ------------------------------------------------------------- */

static bool
fail(struct interview *iv, struct iv_error *err, const char *message)
{
	if (err != NULL) {
		free(err->message);
		err->message = xstrdup(message);
		err->path = NULL;
	}
	(void)iv;
	return false;
}

static bool
fail_msg(struct interview *iv, struct iv_error *err, enum msg_id id)
{
	return fail(iv, err, msg(iv_lang(iv), id));
}

/* Fails with the row's own message column (filled), else a default. */
static bool
fail_text(struct interview *iv, struct iv_error *err, const char *const *t,
	  enum msg_id dflt)
{
	const char *m = text(iv, t);
	struct strbuf sb = STRBUF_INIT;
	bool r;

	if (m == NULL)
		return fail_msg(iv, err, dflt);
	fill_text(iv, m, &iv->pos, &sb);
	r = fail(iv, err, strbuf_str(&sb));
	strbuf_free(&sb);
	return r;
}

void
iv_error_clear(struct iv_error *err)
{
	free(err->message);
	err->message = NULL;
	err->path = NULL;
}

static int
parse_yes_no(const char *s)
{
	static const char *const yes[] = {"yes", "y", "sí", "si", "s", "1", "true", "ok"};
	static const char *const no[] = {"no", "n", "0", "false"};
	char *t = xstrdup(s), *p = t;
	int r = -1;

	while (*p == ' ')
		p++;
	for (char *e = p + strlen(p); e > p && e[-1] == ' '; e--)
		e[-1] = '\0';
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes) && r < 0; i++)
		if (strcasecmp(p, yes[i]) == 0 || strcmp(p, "Sí") == 0)
			r = 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(*no) && r < 0; i++)
		if (strcasecmp(p, no[i]) == 0)
			r = 0;
	free(t);
	return r;
}

/* Every choice in value is offered after the choice_filter. */
static bool
choices_offered(struct interview *iv, const struct form_field *q,
		const char *value)
{
	char *copy, *save = NULL;
	bool ok = true;

	if (q->choice_filter.src == NULL)
		return true;
	build_choices(iv, q, &iv->pos);
	copy = xstrdup(value);
	for (char *t = strtok_r(copy, " ", &save); t && ok;
	     t = strtok_r(NULL, " ", &save)) {
		ok = false;
		for (size_t i = 0; i < iv->nchoices && !ok; i++)
			ok = strcmp(iv->choices[i].name, t) == 0;
	}
	free(copy);
	return ok;
}

struct reads_arg {
	const char *name;
	bool found;
};

static void
reads_name(void *arg, const char *name)
{
	struct reads_arg *ra = arg;

	ra->found |= strcmp(ra->name, name) == 0;
}

/*
 * The trigger column: every row whose trigger reads q gets its
 * calculation's value stored, as ODK does when q changes.  Rows in the
 * same repeat instance as q, or outside its repeats, are reached.
 */
static void
fire_triggers(struct interview *iv, const struct form_field *q)
{
	const struct form_field *rq[IVPOS_MAX_DEPTH], *rr[IVPOS_MAX_DEPTH];
	int nq = ivpos_repeats(q, rq);

	for (size_t t = 0; t < iv->ntriggered; t++) {
		size_t i = iv->triggered[t];
		const struct form_field *r = row(iv, i);
		struct reads_arg ra = {q->name, false};
		struct ivpos p = iv->pos;
		int nr;
		char *v;
		expr_refs(r->trigger.ast, reads_name, &ra);
		nr = ivpos_repeats(r, rr);
		if (!ra.found || nr > nq || (nr > 0 && rr[nr - 1] != rq[nr - 1]))
			continue;
		p.row = i;
		p.depth = nr;
		/* no calculation: the trigger clears it, as a setvalue
		 * without a value does */
		v = r->calculation.ast == NULL ? xstrdup("") :
		    ev_string(iv, &r->calculation, &p,
			      stored_value(iv, path_of(iv, &p)));
		answers_set(iv->ans, path_of(iv, &p), v, IV_ANSWERED);
		free(v);
		invalidate(iv, r);
	}
}

static void
store(struct interview *iv, const char *value, enum iv_state st)
{
	const struct form_field *q = row(iv, iv->pos.row);

	iv->touched = true;
	answers_set(iv->ans, path_of(iv, &iv->pos), value, st);
	invalidate(iv, q);
	fire_triggers(iv, q);
}

/* The field-list page q is on: its enclosing group, when that group has
 * the appearance field-list.  A phone shows such a group's questions on
 * one screen and checks their constraints when the screen is left, so a
 * constraint may read a question asked after it on the page (ODK Collect,
 * Enketo).  Only the nearest group counts, so that nothing walks up a
 * chain of groups. */
static const struct form_field *
page_of(const struct form_field *q)
{
	const struct form_field *g = q->parent;

	return g && g->type == Q_BEGIN_GROUP &&
	       form_has_appearance(g, "field-list") ? g : NULL;
}

/* The stored form of input for q: a text with appearance numbers holds
 * digits (and their separators) only; a media file's absolute path (the file
 * must exist), a rank among the options its choice_filter leaves, else
 * as qvalue.h reads it. */
static bool
parse_answer(struct interview *iv, const struct form_field *q,
	     const char *input, char **v, enum msg_id *mid)
{
	const char **names;
	bool ok;

	if (qtype_is_media(q->type))
		return media_check_path(input, v, mid);
	if (q->type == Q_TEXT && form_has_appearance(q, "numbers") &&
	    input[strspn(input, "0123456789 .,+-")] != '\0') {
		*v = NULL;
		*mid = MSG_BAD_NUMBERS;
		return false;
	}
	if (q->type != Q_RANK || (q->choice_filter.src == NULL && !q->randomize))
		return qvalue_parse_order(q, input, msg_is_spanish(iv_lang(iv)),
					  v, mid);
	build_choices(iv, q, &iv->pos);
	names = xcalloc(iv->nchoices + 1, sizeof(*names));
	for (size_t i = 0; i < iv->nchoices; i++)
		names[i] = iv->choices[i].name;
	ok = qvalue_parse_rank(names, iv->nchoices, input, v, mid);
	free(names);
	return ok;
}

/* A rank restored from a file, whose choice_filter may have left fewer
 * options then: each a choice of the list, none twice. */
static bool
rank_subset(const struct form_field *q, const char *value)
{
	char *copy = xstrdup(value), *save = NULL;
	bool ok = true;
	size_t n = 0;
	const char **seen = xcalloc(q->list ? q->list->n + 1 : 1, sizeof(char *));

	for (char *t = strtok_r(copy, " ", &save); t && ok;
	     t = strtok_r(NULL, " ", &save)) {
		const struct form_choice *c = find_choice(q->list, t);
		ok = c != NULL && n < q->list->n;
		for (size_t i = 0; ok && i < n; i++)
			ok = seen[i] != c->name;
		if (ok)
			seen[n++] = c->name;
	}
	free(copy);
	free(seen);
	return ok;
}

static bool
answer_question(struct interview *iv, const char *input, struct iv_error *err)
{
	const struct form_field *q = row(iv, iv->pos.row);
	enum msg_id mid;
	char *v;
	bool ok;

	if (is_read_only(iv, q, &iv->pos))
		return fail_msg(iv, err, MSG_READ_ONLY);
	if (input[strspn(input, " \t\r\n")] == '\0') { /* clears it */
		store(iv, "", IV_EMPTY);
		return true;
	}
	if (!parse_answer(iv, q, input, &v, &mid))
		return fail_msg(iv, err, mid);
	if (!choices_offered(iv, q, v)) {
		free(v);
		return fail_msg(iv, err, MSG_BAD_CHOICE);
	}
	ok = q->constraint.src == NULL || page_of(q) != NULL ||
	     ev_bool(iv, &q->constraint, &iv->pos, v, false);
	if (ok)
		store(iv, v, IV_ANSWERED);
	free(v);
	return ok || fail_text(iv, err, q->constraint_message, MSG_CONSTRAINT);
}

bool
iv_answer(struct interview *iv, const char *input, struct iv_error *err)
{
	if (iv->pos.row >= iv->f->nfields)
		return fail_msg(iv, err, MSG_NOTHING_TO_ANSWER);
	if (iv->at_prompt) {
		int yn = parse_yes_no(input);
		if (yn < 0)
			return fail_msg(iv, err, MSG_YES_NO);
		iv->prompt_answer = yn;
		iv->touched = true;
		return true;
	}
	if (row(iv, iv->pos.row)->type == Q_NOTE)
		return fail_msg(iv, err, MSG_NOTHING_TO_ANSWER);
	return answer_question(iv, input, err);
}

bool
iv_set_state(struct interview *iv, enum iv_state st, struct iv_error *err)
{
	const struct form_field *q;

	if (iv->pos.row >= iv->f->nfields || iv->at_prompt ||
	    row(iv, iv->pos.row)->type == Q_NOTE)
		return fail_msg(iv, err, MSG_NOTHING_TO_ANSWER);
	q = row(iv, iv->pos.row);
	if (is_read_only(iv, q, &iv->pos))
		return fail_msg(iv, err, MSG_READ_ONLY);
	switch (st) {
	case IV_DONT_KNOW:
		store(iv, iv->f->dont_know_code, st);
		break;
	case IV_REFUSED:
		store(iv, iv->f->refused_code, st);
		break;
	default:
		store(iv, "", IV_EMPTY);
		break;
	}
	return true;
}

void
iv_set_note(struct interview *iv, const char *note)
{
	if (iv->pos.row >= iv->f->nfields || iv->at_prompt)
		return;
	iv->touched = true;
	answers_set_note(iv->ans, path_of(iv, &iv->pos), note);
}

/* ---- moving ------------------------------------------------------------------ */

/* The required and constraint checks of the question at pos, as when
 * leaving it (the constraint only when constraint is true: a question on
 * a field-list page has it checked when the page is left).  Fills err and
 * returns false when it blocks. */
static bool
check_question(struct interview *iv, const struct ivpos *pos, bool constraint,
	       struct iv_error *err)
{
	const struct form_field *q = row(iv, pos->row);
	const struct answer *a = answers_get(iv->ans, path_of(iv, pos));
	struct ivpos saved = iv->pos;
	bool ok = true;

	if (q->type == Q_NOTE)
		return true;
	iv->pos = *pos; /* messages fill ${...} from here */
	if ((a == NULL || a->state == IV_EMPTY) && is_required(iv, q, pos))
		ok = fail_text(iv, err, q->required_message, MSG_NEED_ANSWER);
	else if (constraint && a && a->state == IV_ANSWERED && *a->value &&
		 q->constraint.src &&
		 !ev_bool(iv, &q->constraint, pos, a->value, false))
		ok = fail_text(iv, err, q->constraint_message, MSG_CONSTRAINT);
	iv->pos = saved;
	if (!ok && err != NULL)
		err->path = NULL;
	return ok;
}

static void
note_progress(struct interview *iv)
{
	if (iv->pos.row > iv->progress_row)
		iv->progress_row = iv->pos.row;
}

/* Leaves the repeat prompt at iv->pos: into a new instance, or past. */
static void
answer_prompt(struct interview *iv, struct ivpos *p)
{
	const struct form_field *r = row(iv, p->row);

	if (iv->prompt_answer == 1) {
		struct ivpos rp = *p;
		rp.depth--;
		add_instance(iv, &rp, p->inst[p->depth - 1]);
		p->row++;
	} else {
		p->depth--;
		p->row = r->end->index + 1;
	}
}

static bool still_askable(struct interview *iv, const struct ivpos *pos);

/* True when pos is on the page whose question at is. */
static bool
on_page(const struct form_field *page, const struct ivpos *pos,
	const struct ivpos *at)
{
	if (pos->row <= page->index || pos->row >= page->end->index ||
	    pos->depth != at->depth)
		return false;
	for (int i = 0; i < pos->depth; i++)
		if (pos->inst[i] != at->inst[i])
			return false;
	return true;
}

/* Leaving a field-list page: the constraints of its questions, checked
 * together, as a phone checks them when its screen is left.  On failure
 * the interview moves to the first question that fails. */
static bool
check_page(struct interview *iv, const struct form_field *page,
	   const struct ivpos *at, struct iv_error *err)
{
	struct ivpos p = *at;

	for (size_t r = page->index + 1; r < page->end->index; r++) {
		p.row = r;
		if (row(iv, r)->parent != page || !still_askable(iv, &p))
			continue;
		if (!check_question(iv, &p, true, err)) {
			push_history(iv);
			go_to(iv, &p);
			return false;
		}
	}
	return true;
}

bool
iv_next(struct interview *iv, struct iv_error *err)
{
	struct ivpos p = iv->pos;
	const struct form_field *page = NULL;
	bool prompt;

	if (p.row >= iv->f->nfields)
		return fail_msg(iv, err, MSG_NOTHING_TO_ANSWER);
	if (iv->at_prompt) {
		if (iv->prompt_answer < 0)
			return fail_msg(iv, err, MSG_YES_NO);
		answer_prompt(iv, &p);
	} else {
		page = page_of(row(iv, p.row));
		if (!check_question(iv, &p, page == NULL, err))
			return false;
		p.row++;
	}
	prompt = walk_forward(iv, &p);
	if (page != NULL && !on_page(page, &p, &iv->pos) &&
	    !check_page(iv, page, &iv->pos, err))
		return false;
	push_history(iv);
	go_to(iv, &p);
	iv->at_prompt = prompt;
	note_progress(iv);
	return true;
}

/* A position still worth stopping at: relevant, or a repeat prompt of a
 * relevant repeat. */
static bool
still_askable(struct interview *iv, const struct ivpos *pos)
{
	if (pos->row >= iv->f->nfields)
		return false;
	if (is_prompt_pos(iv, pos)) {
		struct ivpos rp = *pos;
		rp.depth--;
		return relevant_full(iv, &rp);
	}
	return is_shown(row(iv, pos->row)) && relevant_full(iv, pos);
}

bool
iv_back(struct interview *iv)
{
	while (iv->nhistory > 0) {
		struct ivpos p = iv->history[--iv->nhistory];
		if (!still_askable(iv, &p))
			continue;
		go_to(iv, &p);
		iv->progress_row = p.row;
		return true;
	}
	return false;
}

/* A position with no answer, don't know or refused yet. */
static bool
unanswered_at(struct interview *iv, const char *path)
{
	const struct answer *a = answers_get(iv->ans, path);

	return a == NULL || a->state == IV_EMPTY;
}

bool
iv_jump(struct interview *iv, const char *path)
{
	struct ivpos p;

	if (*path == '\0' && iv->reached_end) {
		struct ivpos end = {.row = iv->f->nfields};
		push_history(iv);
		go_to(iv, &end);
		return true;
	}
	if (!ivpos_parse(iv->f, path, &p) || !still_askable(iv, &p) ||
	    (answers_get(iv->reached, path) == NULL && !unanswered_at(iv, path)))
		return false;
	push_history(iv);
	go_to(iv, &p);
	return true;
}

bool
iv_touched(const struct interview *iv)
{
	return iv->touched;
}

struct unanswered {
	char **paths;
	size_t n;
};

static void
collect_unanswered(struct interview *iv, const struct ivpos *pos, void *arg)
{
	struct unanswered *u = arg;
	const char *path = path_of(iv, pos);

	if (!relevant_full(iv, pos) || !unanswered_at(iv, path))
		return;
	u->paths = xreallocarray(u->paths, u->n + 1, sizeof(*u->paths));
	u->paths[u->n++] = xstrdup(path);
}

size_t
iv_unanswered(struct interview *iv, char ***paths)
{
	struct unanswered u = {NULL, 0};

	for (size_t i = 0; i < iv->f->nfields; i++) {
		const struct form_field *q = row(iv, i);
		if (is_shown(q) && q->type != Q_NOTE)
			resolve_each(iv, q, NULL, collect_unanswered, &u);
	}
	*paths = u.paths;
	return u.n;
}

char *
iv_label_of(struct interview *iv, const char *path)
{
	struct ivpos p;
	struct strbuf sb = STRBUF_INIT;
	const char *t;

	if (!ivpos_parse(iv->f, path, &p))
		return NULL;
	t = text(iv, row(iv, p.row)->label);
	fill_text(iv, t ? t : row(iv, p.row)->name, &p, &sb);
	return strbuf_detach(&sb);
}

void
iv_set_meta(struct interview *iv, const char *key, const char *value)
{
	meta_set(iv, key, value);
}

bool
iv_repeat_remove(struct interview *iv, const char *instance_path)
{
	struct ivpos p, rp;
	char *prefix, *from, *to;
	int k, n;

	if (!ivpos_parse(iv->f, instance_path, &p) || !is_prompt_pos(iv, &p))
		return false;
	rp = p;
	rp.depth--;
	k = p.inst[p.depth - 1];
	n = st_instances(iv, &rp);
	if (k > n || row(iv, p.row)->repeat_count.src != NULL)
		return false;
	prefix = xasprintf("%s/", instance_path);
	answers_remove_prefix(iv->ans, prefix);
	answers_remove(iv->ans, instance_path);
	free(prefix);
	for (int i = k + 1; i <= n; i++) { /* renumber the later ones */
		p.inst[p.depth - 1] = i;
		from = path_dup(iv, &p);
		p.inst[p.depth - 1] = i - 1;
		to = path_dup(iv, &p);
		answers_rename_prefix(iv->ans, from, to);
		free(from), free(to);
	}
	invalidate(iv, row(iv, p.row));
	/* history and reached paths may name moved instances: start over */
	iv->nhistory = 0;
	answers_free(&iv->reached);
	iv->reached = answers_new();
	{
		struct ivpos start = {0};
		bool prompt = walk_forward(iv, &start);
		go_to(iv, &start);
		iv->at_prompt = prompt;
	}
	return true;
}

/* Shown questions passed out of all shown questions: hidden rows
 * (calculations, metadata) do not count. */
int
iv_progress(struct interview *iv)
{
	size_t n = iv->f->nfields, total = iv->shown_before[n], done;

	if (iv->pos.row >= n || total == 0)
		return 100;
	done = iv->shown_before[iv->progress_row] * 100 / total;
	return done > 99 ? 99 : (int)done;
}

/* ---- review ------------------------------------------------------------------ */

/* Orders positions as the form asks them: by each enclosing repeat's row
 * and instance, outermost first, then by row. */
static int
pos_cmp(const struct interview *iv, const struct ivpos *a, const struct ivpos *b)
{
	const struct form_field *ra[IVPOS_MAX_DEPTH], *rb[IVPOS_MAX_DEPTH];
	int na = ivpos_repeats(row(iv, a->row), ra);
	int nb = ivpos_repeats(row(iv, b->row), rb);

	for (int i = 0; i < na && i < nb; i++) {
		if (ra[i] != rb[i])
			return ra[i]->index < rb[i]->index ? -1 : 1;
		if (a->inst[i] != b->inst[i])
			return a->inst[i] < b->inst[i] ? -1 : 1;
	}
	if (a->row != b->row) {
		size_t ka = na > nb ? ra[nb]->index : a->row;
		size_t kb = nb > na ? rb[na]->index : b->row;
		if (ka != kb)
			return ka < kb ? -1 : 1;
		return na < nb ? -1 : 1;
	}
	return 0;
}

struct review_sort {
	const struct interview *iv;
	struct ivpos pos;
	struct iv_review item;
};

static const struct interview *sort_iv;

static int
review_cmp(const void *pa, const void *pb)
{
	const struct review_sort *a = pa, *b = pb;

	return pos_cmp(sort_iv, &a->pos, &b->pos);
}

static void
review_clear(struct interview *iv)
{
	for (size_t i = 0; i < iv->nreview; i++) {
		free((char *)iv->review[i].path);
		free((char *)iv->review[i].label);
		free((char *)iv->review[i].section);
		free((char *)iv->review[i].value);
		free((char *)iv->review[i].note);
	}
	free(iv->review);
	iv->review = NULL;
	iv->nreview = 0;
}

static bool
review_entry(struct interview *iv, const struct answer *a, struct review_sort *r)
{
	const struct form_field *q, *sec;
	struct strbuf sb = STRBUF_INIT;

	if ((a->state == IV_EMPTY && *a->note == '\0') ||
	    !ivpos_parse(iv->f, a->path, &r->pos) || is_prompt_pos(iv, &r->pos))
		return false;
	q = row(iv, r->pos.row);
	if (!is_shown(q) || q->type == Q_NOTE || !relevant_full(iv, &r->pos))
		return false;
	r->item.field = q;
	r->item.path = xstrdup(a->path);
	fill_text(iv, text(iv, q->label), &r->pos, &sb);
	r->item.label = strbuf_detach(&sb);
	if ((sec = section_of(q)) != NULL)
		fill_text(iv, text(iv, sec->label), &r->pos, &sb);
	r->item.section = strbuf_detach(&sb);
	display_value(iv, q, a->value, a->state, &sb);
	if (a->state == IV_ANSWERED && qvalue_date_part(q) != QDATE_FULL &&
	    sb.len == 10) /* what was asked: 2015-08 of 2015-08-01, or 2015 */
		strbuf_truncate(&sb, qvalue_date_part(q) == QDATE_YEAR ? 4 : 7);
	r->item.value = strbuf_detach(&sb);
	r->item.state = a->state;
	r->item.note = xstrdup(a->note);
	return true;
}

size_t
iv_review(struct interview *iv, const struct iv_review **items)
{
	struct review_sort *v = xcalloc(answers_count(iv->ans) + 1, sizeof(*v));
	const struct answer *a;
	size_t cur = 0, n = 0;

	review_clear(iv);
	while ((a = answers_next(iv->ans, &cur)) != NULL) {
		if (review_entry(iv, a, &v[n]))
			n++;
	}
	sort_iv = iv;
	qsort(v, n, sizeof(*v), review_cmp);
	iv->review = xcalloc(n + 1, sizeof(*iv->review));
	for (size_t i = 0; i < n; i++)
		iv->review[i] = v[i].item;
	iv->nreview = n;
	free(v);
	*items = iv->review;
	return n;
}

/* ---- the summary ------------------------------------------------------------------ */

size_t
iv_summary(struct interview *iv, char ***lines)
{
	return iv_summary_rows(iv, lines, NULL);
}

size_t
iv_summary_rows(struct interview *iv, char ***lines,
		const struct form_field ***notes)
{
	const struct form_field *last = NULL;
	struct ivpos p = {0};
	size_t n = 0;

	*lines = NULL;
	if (notes != NULL)
		*notes = NULL;
	for (size_t i = 0; i < iv->f->nfields; i++) {
		const struct form_field *q = row(iv, i);
		if (q->type == Q_BEGIN_GROUP && q->parent == NULL)
			last = q;
	}
	if (last == NULL || last->end == NULL)
		return 0;
	for (size_t i = last->index + 1; i < last->end->index; i++) {
		struct strbuf sb = STRBUF_INIT;
		p.row = i;
		if (row(iv, i)->type != Q_NOTE || nrepeats(row(iv, i)) > 0 ||
		    !relevant_full(iv, &p) || row(iv, i)->label == NULL)
			continue;
		fill_text(iv, text(iv, row(iv, i)->label), &p, &sb);
		*lines = xreallocarray(*lines, n + 1, sizeof(char *));
		if (notes != NULL) {
			*notes = xreallocarray(*notes, n + 1, sizeof(**notes));
			(*notes)[n] = row(iv, i);
		}
		(*lines)[n++] = strbuf_detach(&sb);
	}
	return n;
}

/* ---- finishing ---------------------------------------------------------------- */

static void
stamp_end(struct interview *iv)
{
	char *ended = now_iso(false);
	struct ivpos p = {0};

	meta_set(iv, "ended", ended);
	meta_set(iv, "status", "complete");
	for (size_t i = 0; i < iv->f->nfields; i++) {
		if (row(iv, i)->type == Q_END && nrepeats(row(iv, i)) == 0) {
			p.row = i;
			answers_set(iv->ans, path_of(iv, &p), ended, IV_ANSWERED);
			invalidate(iv, row(iv, i));
		}
	}
	free(ended);
}

bool
iv_finish(struct interview *iv, struct iv_error *err)
{
	struct ivpos p = {0};
	bool prompt = walk_forward(iv, &p);

	while (p.row < iv->f->nfields) {
		if (prompt) { /* no more instances than were added */
			p.depth--;
			p.row = row(iv, p.row)->end->index + 1;
		} else if (!check_question(iv, &p, true, err)) {
			push_history(iv);
			go_to(iv, &p);
			return false;
		} else {
			p.row++;
		}
		prompt = walk_forward(iv, &p);
	}
	stamp_end(iv);
	return true;
}

/* ---- what a draft, a record and an export hold ---------------------------- */

struct calc_arg {
	iv_entry_fn fn;
	void *arg;
};

static void
calc_entry(struct interview *iv, const struct ivpos *pos, void *arg)
{
	struct calc_arg *ca = arg;
	struct iv_entry e = {0};
	char *path = path_dup(iv, pos);

	e.path = path;
	e.relevant = relevant_full(iv, pos);
	e.value = e.relevant ? calc_value(iv, pos) : "";
	e.state = IV_ANSWERED;
	e.note = "";
	e.calculated = true;
	ca->fn(ca->arg, &e);
	free(path);
}

void
iv_entries(struct interview *iv, iv_entry_fn fn, void *arg)
{
	const struct answer *a;
	size_t cur = 0;
	struct calc_arg ca = {fn, arg};

	while ((a = answers_next(iv->ans, &cur)) != NULL) {
		struct iv_entry e = {a->path, a->value, a->state, a->note,
				     false, false};
		struct ivpos p;
		const struct form_field *q;
		if (!ivpos_parse(iv->f, a->path, &p))
			continue; /* kept aside: see iv_resume */
		q = row(iv, p.row);
		if (live_calc(q))
			continue; /* reported below, freshly computed */
		if (is_prompt_pos(iv, &p)) {
			p.depth--;
			e.relevant = relevant_full(iv, &p);
		} else {
			e.relevant = relevant_full(iv, &p);
		}
		fn(arg, &e);
	}
	for (size_t i = 0; i < iv->f->nfields; i++) {
		if (live_calc(row(iv, i)))
			resolve_each(iv, row(iv, i), NULL, calc_entry, &ca);
	}
}

void
iv_meta_each(const struct interview *iv,
	     void (*fn)(void *arg, const char *key, const char *value),
	     void *arg)
{
	const struct answer *a;
	size_t cur = 0;

	while ((a = answers_next(iv->meta, &cur)) != NULL)
		fn(arg, a->path, a->value);
}

/* Refreshes the metadata that describe where the intake stands. */
static void
update_meta(struct interview *iv)
{
	char buf[16];
	const struct form_expr *in = &iv->f->instance_name;

	if (iv->pos.row < iv->f->nfields)
		meta_set(iv, "position", path_of(iv, &iv->pos));
	else
		meta_set(iv, "position", "");
	snprintf(buf, sizeof(buf), "%d", iv_progress(iv));
	meta_set(iv, "progress", buf);
	if (in->src != NULL) {
		char *name = ev_string(iv, in, NULL, "");
		size_t len = strlen(name);
		while (len > 0 && name[len - 1] == ' ') /* concat(first, ' ', last) */
			name[--len] = '\0';
		meta_set(iv, "instance_name", name + strspn(name, " "));
		free(name);
	}
}

bool
iv_keep(struct interview *iv)
{
	return iv->f->save_if.ast == NULL ||
	       ev_bool(iv, &iv->f->save_if, NULL, NULL, true);
}

void
iv_checkpoint(struct interview *iv)
{
	update_meta(iv);
}

/* ---- resuming a draft -------------------------------------------------------- */

/* Keeps an answer that no longer fits the form, its don't know /
 * refused, and the interviewer's note on it, so nothing is lost:
 * meta:orphan:<path>, meta:orphan-state:<path>, meta:orphan-note:<path>. */
static void
set_aside(struct interview *iv, const struct iv_entry *e, struct diag *d,
	  const char *source, const char *why)
{
	static const char *const kinds[] = {"orphan", "orphan-state", "orphan-note"};
	bool special = e->state == IV_DONT_KNOW || e->state == IV_REFUSED;
	const char *vals[] = {e->value, special ? (e->state == IV_DONT_KNOW ?
			      "dont_know" : "refused") : "", e->note};
	struct strbuf what = STRBUF_INIT;

	for (size_t i = 0; i < 3; i++) {
		char *key;
		if (*vals[i] == '\0')
			continue;
		key = xasprintf("%s:%s", kinds[i], e->path);
		meta_set(iv, key, vals[i]);
		free(key);
	}
	if (*e->value || special)
		strbuf_printf(&what, "the answer \"%s\"", special ? vals[1] : e->value);
	if (*e->note)
		strbuf_printf(&what, "%sthe interviewer's note \"%s\"",
			      what.len ? " and " : "", e->note);
	if (what.len)
		diag_add(d, DIAG_WARNING, source, 0, e->path,
			 "%s; %s %s kept aside in the draft", why,
			 strbuf_str(&what), *e->note && (*e->value || special) ?
			 "are" : "is");
	strbuf_free(&what);
}

static void
restore_entry(struct interview *iv, const struct iv_entry *e, struct diag *d,
	      const char *source)
{
	struct ivpos p;
	const struct form_field *q;
	enum msg_id mid;
	char *v = NULL;

	if (!ivpos_parse(iv->f, e->path, &p)) {
		set_aside(iv, e, d, source, "no longer a question of this form");
		return;
	}
	q = row(iv, p.row);
	if (e->state == IV_ANSWERED && *e->value && qtype_is_input(q->type) &&
	    !live_calc(q) && !is_prompt_pos(iv, &p) &&
	    !(q->type == Q_RANK && q->choice_filter.src != NULL &&
	      rank_subset(q, e->value)) &&
	    !qvalue_parse(q, e->value, &v, &mid)) {
		set_aside(iv, e, d, source, msg("en", mid));
		return;
	}
	answers_set(iv->ans, e->path, v ? v : e->value, e->state);
	if (*e->note)
		answers_set_note(iv->ans, e->path, e->note);
	free(v);
}

/* Walks from the start to the saved position, rebuilding history. */
static void
replay_to(struct interview *iv, const char *target)
{
	struct ivpos p = {0};
	bool prompt = walk_forward(iv, &p);

	while (p.row < iv->f->nfields) {
		go_to(iv, &p);
		iv->at_prompt = prompt;
		if (target != NULL && strcmp(path_of(iv, &p), target) == 0)
			break;
		if (prompt) {
			struct ivpos rp = p;
			rp.depth--;
			iv->prompt_answer = p.inst[p.depth - 1] <= st_instances(iv, &rp);
			answer_prompt(iv, &p);
		} else {
			p.row++;
		}
		push_history(iv);
		prompt = walk_forward(iv, &p);
	}
	if (p.row >= iv->f->nfields) {
		go_to(iv, &p);
		iv->at_prompt = false;
	}
	iv->progress_row = iv->pos.row;
}

struct interview *
iv_restore(const struct form *f, const struct iv_options *o,
	   const char *const *meta, const struct iv_entry *entries, size_t n,
	   struct diag *d, const char *source)
{
	struct interview *iv;
	const char *target = NULL;

	for (size_t i = 0; meta && meta[i]; i += 2) {
		if (strcmp(meta[i], "form_id") == 0 && strcmp(meta[i + 1], f->id)) {
			diag_add(d, DIAG_ERROR, source, 0, NULL,
				 "this intake belongs to form \"%s\", not \"%s\"",
				 meta[i + 1], f->id);
			return NULL;
		}
	}
	iv = iv_alloc(f, o);
	for (size_t i = 0; meta && meta[i]; i += 2) {
		meta_set(iv, meta[i], meta[i + 1]);
		if (strcmp(meta[i], "position") == 0)
			target = meta[i + 1];
		if (strcmp(meta[i], "language") == 0 && (o == NULL || o->lang == NULL)) {
			int li = form_lang_index(f, meta[i + 1]);
			if (li >= 0)
				iv->lang = (size_t)li;
		}
	}
	meta_set(iv, "form_version", f->version ? f->version : "");
	iv->touched = true; /* a saved intake is kept */
	for (size_t i = 0; i < n; i++)
		restore_entry(iv, &entries[i], d, source);
	replay_to(iv, target && *target ? meta_get(iv, "position") : NULL);
	return iv;
}

/* ---- what the change of an answer reaches ------------------------------- */

static void
enqueue(struct interview *iv, size_t i, size_t *n)
{
	if (iv->mark[i] == iv->marks)
		return;
	iv->mark[i] = iv->marks;
	iv->queue[(*n)++] = i;
}

/*
 * Bumps the epoch of q and of every row whose expressions read it,
 * transitively.  A group or repeat reached this way takes every row inside
 * it along (their values read as "" when it stops being relevant).  Cost:
 * the rows reached, never the whole form.
 */
static void
invalidate(struct interview *iv, const struct form_field *q)
{
	const struct form_graph *g = iv->f->graph;
	size_t n = 0;

	if (++iv->marks == 0) { /* wrapped: start the marks again */
		memset(iv->mark, 0, iv->f->nfields * sizeof(unsigned));
		iv->marks = 1;
	}
	enqueue(iv, q->index, &n);
	for (size_t k = 0; k < n; k++) {
		size_t i = iv->queue[k];
		const struct form_field *r = row(iv, i);
		iv->epoch[i]++;
		if ((r->type == Q_BEGIN_GROUP || r->type == Q_BEGIN_REPEAT) && r->end)
			for (size_t j = i + 1; j < r->end->index; j++)
				enqueue(iv, j, &n);
		for (size_t e = 0; g != NULL && e < g->nreaders[i]; e++)
			enqueue(iv, g->readers[i][e], &n);
	}
}

/* ---- evaluation: the environment expressions see --------------------------- */

struct evctx {
	struct interview *iv;
	struct ivpos ctx;
	bool has_ctx;
	const struct form_choice *choice; /* choice_filter: the choice tested */
	char *error;                      /* a failed evaluation's message */
};

/* ---- evaluation errors ------------------------------------------------------------ */

static const char *const everr_columns[] = {
	"relevant", "constraint", "calculation", "required", "default",
	"read_only", "choice_filter", "repeat_count", "trigger",
};

/* Which field and column the expression e is (NULL field: a setting). */
static const char *
expr_column(const struct form *f, const struct form_expr *e,
	    const struct form_field **q, unsigned *bit)
{
	uintptr_t p = (uintptr_t)e, lo = (uintptr_t)f->fields,
		  hi = (uintptr_t)(f->fields + f->nfields);

	*q = NULL;
	*bit = e == &f->instance_name ? 0 : 1;
	if (e == &f->instance_name || e == &f->save_if)
		return *bit ? "save_if" : "instance_name";
	if (p < lo || p >= hi)
		return NULL;
	*q = &f->fields[(p - lo) / sizeof(struct form_field)];
	{
		const struct form_expr *x[] = {
			&(*q)->relevant, &(*q)->constraint, &(*q)->calculation,
			&(*q)->required, &(*q)->default_value, &(*q)->read_only,
			&(*q)->choice_filter, &(*q)->repeat_count, &(*q)->trigger};
		for (unsigned i = 0; i < sizeof(x) / sizeof(*x); i++)
			if (x[i] == e)
				return *bit = i, everr_columns[i];
	}
	return NULL;
}

/* Queues the error of an evaluation of e from ctx (takes message), once
 * per field and column. */
static void
eval_failed(struct interview *iv, const struct form_expr *e,
	    const struct ivpos *ctx, char *message)
{
	const struct form_field *q;
	unsigned bit;
	const char *column = expr_column(iv->f, e, &q, &bit);
	unsigned *seen_settings = &iv->settings_seen;

	if (column == NULL || (q ? (iv->everr_seen[q->index] >> bit) & 1 :
			       (*seen_settings >> bit) & 1)) {
		free(message);
		return;
	}
	if (q)
		iv->everr_seen[q->index] |= (unsigned short)(1u << bit);
	else
		*seen_settings |= 1u << bit;
	if (iv->neverr == iv->capeverr) {
		iv->capeverr = iv->capeverr ? 2 * iv->capeverr : 4;
		iv->everr = xreallocarray(iv->everr, iv->capeverr, sizeof(*iv->everr));
	}
	iv->everr[iv->neverr++] = (struct iv_eval_error){
		q, column, e->src, ctx ? path_dup(iv, ctx) : xstrdup(""), message};
}

const struct iv_eval_error *
iv_eval_error(const struct interview *iv)
{
	return iv->neverr > 0 ? &iv->everr[0] : NULL;
}

void
iv_eval_error_take(struct interview *iv)
{
	if (iv->neverr == 0)
		return;
	free((char *)iv->everr[0].path);
	free((char *)iv->everr[0].message);
	memmove(iv->everr, iv->everr + 1, --iv->neverr * sizeof(*iv->everr));
}

char *
iv_eval_error_notice(struct interview *iv)
{
	const struct iv_eval_error *e = iv_eval_error(iv);
	char *where, *text;

	if (e == NULL)
		return NULL;
	where = e->field != NULL ?
		xasprintf("\"%s\" (survey.csv:%u, %s)", e->field->name,
			  e->field->row, e->column) :
		xasprintf("settings.csv (%s)", e->column);
	text = xasprintf(msg(iv_lang(iv), MSG_FORM_PROBLEM), where, e->message);
	free(where);
	iv_eval_error_take(iv);
	return text;
}

/* A field's value; a repeat instance also as a node a path steps into
 * (${hh}[age > 3]: cb_child reads its fields at that position). */
static void
add_node(struct interview *iv, const struct ivpos *pos, void *arg)
{
	enum qtype t = row(iv, pos->row)->type;

	if (t == Q_BEGIN_REPEAT && pos->depth < IVPOS_MAX_DEPTH) {
		int n = repeat_count(iv, pos);
		for (int k = 1; k <= n; k++) {
			struct ivpos at = *pos;
			at.inst[at.depth++] = k;
			expr_nodeset_add_host(arg, "", t, &at, sizeof(at));
		}
	} else
		expr_nodeset_add(arg, field_value(iv, pos), t);
}

/* The field name inside the repeat instance at handle (an ivpos). */
static bool
cb_child(void *ctx, const void *handle, const char *name,
	 struct expr_nodeset *ns)
{
	struct evctx *c = ctx;
	const struct ivpos *rep = handle;
	const struct form_field *r = row(c->iv, rep->row);
	const struct form_field *q = form_field(c->iv->f, name);
	struct ivpos at = *rep;

	if (q == NULL || r->end == NULL || q->index <= r->index ||
	    q->index >= r->end->index)
		return false;
	at.row = q->index;
	resolve_each(c->iv, q, &at, add_node, ns);
	return true;
}

static bool
cb_resolve(void *ctx, const char *name, struct expr_nodeset *ns)
{
	struct evctx *c = ctx;
	const struct form_field *q = form_field(c->iv->f, name);

	if (q == NULL)
		return false;
	resolve_each(c->iv, q, c->has_ctx ? &c->ctx : NULL, add_node, ns);
	return true;
}

static const char *
cb_choice_label(void *ctx, const char *field, const char *value)
{
	struct evctx *c = ctx;
	const struct form_field *q = form_field(c->iv->f, field);

	return q && q->list ? choice_label(c->iv, q->list, value) : NULL;
}

static const char *
cb_bare_name(void *ctx, const char *name)
{
	struct evctx *c = ctx;

	if (c->choice == NULL)
		return NULL;
	if (strcmp(name, "name") == 0)
		return c->choice->name;
	for (size_t i = 0; i < c->choice->nextra; i++) {
		if (strcmp(c->choice->extra[i].column, name) == 0)
			return c->choice->extra[i].value;
	}
	return "";
}

static void
make_env(struct interview *iv, struct evctx *c, struct expr_env *env,
	 const struct ivpos *ctx, const char *dot)
{
	memset(c, 0, sizeof(*c));
	memset(env, 0, sizeof(*env));
	c->iv = iv;
	if (ctx != NULL) {
		c->ctx = context_of(iv, ctx);
		c->has_ctx = true;
		env->dot_type = row(iv, ctx->row)->type;
		env->position = c->ctx.depth ? c->ctx.inst[c->ctx.depth - 1] : 0;
	}
	env->ctx = c;
	env->resolve = cb_resolve;
	env->child = cb_child;
	env->form = iv->f;
	env->lang = &iv->lang;
	env->choice_label = cb_choice_label;
	env->bare_name = cb_bare_name;
	env->dot = dot;
	env->form_dir = iv->f->dir;
	env->error = &c->error;
}

/* After an evaluation: queue its error, if any. */
static void
ev_done(struct interview *iv, struct evctx *c, const struct form_expr *e,
	const struct ivpos *ctx)
{
	if (c->error != NULL)
		eval_failed(iv, e, ctx, c->error);
	c->error = NULL;
}

static bool
ev_bool(struct interview *iv, const struct form_expr *e,
	const struct ivpos *ctx, const char *dot, bool dflt)
{
	struct evctx c;
	struct expr_env env;

	if (e->ast == NULL)
		return e->src != NULL && strcmp(e->src, "true()") == 0 ? true : dflt;
	bool b;

	make_env(iv, &c, &env, ctx, dot);
	b = expr_eval_bool(e->ast, &env, dflt);
	ev_done(iv, &c, e, ctx);
	return b;
}

/* The value of e as a calculation stores it (a NaN number is ""), into
 * r (the caller calls expr_result_free); borrowed like r->text. */
static const char *
ev_text(struct interview *iv, const struct form_expr *e,
	const struct ivpos *ctx, const char *dot, struct expr_result *r)
{
	struct evctx c;
	struct expr_env env;

	r->owned = NULL;
	if (e->ast == NULL)
		return "";
	make_env(iv, &c, &env, ctx, dot);
	expr_eval(e->ast, &env, r, NULL); /* on failure r->text is "" */
	ev_done(iv, &c, e, ctx);
	return r->type == EXPR_NUMBER && isnan(r->number) ? "" : r->text;
}

static char *
ev_string(struct interview *iv, const struct form_expr *e,
	  const struct ivpos *ctx, const char *dot)
{
	struct expr_result r;
	char *v = xstrdup(ev_text(iv, e, ctx, dot, &r));

	expr_result_free(&r);
	return v;
}

static double
ev_number(struct interview *iv, const struct form_expr *e,
	  const struct ivpos *ctx)
{
	struct evctx c;
	struct expr_env env;

	if (e->ast == NULL)
		return NAN;
	double x;

	make_env(iv, &c, &env, ctx, NULL);
	x = expr_eval_number(e->ast, &env);
	ev_done(iv, &c, e, ctx);
	return x;
}

static bool
ev_choice_ok(struct interview *iv, const struct form_field *q,
	     const struct form_choice *ch, const struct ivpos *ctx)
{
	struct evctx c;
	struct expr_env env;

	if (q->choice_filter.ast == NULL)
		return true;
	bool b;

	make_env(iv, &c, &env, ctx, NULL);
	c.choice = ch;
	b = expr_eval_bool(q->choice_filter.ast, &env, true);
	ev_done(iv, &c, &q->choice_filter, ctx);
	return b;
}

/* ---- ids and time ---------------------------------------------------------------- */

static char *
new_instance_id(void)
{
	return uuid_new();
}

static char *
now_iso(bool date_only)
{
	return clock_iso(date_only);
}

/* "intake:" and the start of the machine id: the same on every run on
 * one laptop, and no personal data. */
static char *
host_deviceid(void)
{
	char buf[64] = "";
	FILE *f = fopen("/etc/machine-id", "r");

	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	if (strlen(buf) > 12)
		buf[12] = '\0';
	return xasprintf("intake:%s", *buf ? buf : "unknown");
}

bool
iv_set_value(struct interview *iv, const char *path, const char *value)
{
	const struct answer *a = answers_get(iv->ans, path);
	struct ivpos p;

	if (!ivpos_parse(iv->f, path, &p))
		return false;
	answers_set(iv->ans, path, value, a ? a->state : IV_ANSWERED);
	invalidate(iv, row(iv, p.row));
	return true;
}
