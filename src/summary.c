/*
 * summary: the one-page intake summary for the attorney (see summary.h).
 * Everything the law decides comes from the form: which notes are the
 * results (its summary group), what raised them (the expression
 * dependencies), which dates are deadlines (settings), what is
 * confidential (settings).  This file only lays the text out.
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "diag.h"
#include "expr.h"
#include "msg.h"
#include "record.h"
#include "record_eval.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

struct sum {
	struct interview *iv;
	const struct form *f;
	const struct summary_opts *o;
	const char *lang;               /* for msg() */
	int width;
	const struct iv_review *items;  /* borrowed from iv */
	size_t nitems;
	struct strbuf out;
};

/* ---- layout ------------------------------------------------------------- */

/* Appends one word, starting a new line (indented by hang) when it does
 * not fit; *col is the current column, *fresh says nothing is on the
 * line yet but its indent. */
static void
put_word(struct sum *s, const char *w, size_t len, int hang, int *col,
	 bool *fresh)
{
	int ww = utf8_width_n(w, len);

	if (ww < 0)
		ww = (int)len;
	if (!*fresh && *col + 1 + ww > s->width) {
		strbuf_printf(&s->out, "\n%*s", hang, "");
		*col = hang;
	} else if (!*fresh) {
		strbuf_putc(&s->out, ' ');
		(*col)++;
	}
	*fresh = false;
	strbuf_add(&s->out, w, len);
	*col += ww;
}

/* Appends text wrapped to the width: the first line after prefix
 * (already indented), the next ones indented by hang.  Line breaks in
 * the text start new lines. */
static void
wrap(struct sum *s, const char *prefix, const char *text, int hang)
{
	int col = utf8_width(prefix);
	bool fresh = true;

	strbuf_puts(&s->out, prefix);
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, " \t\n");
		if (len > 0)
			put_word(s, p, len, hang, &col, &fresh);
		p += len;
		if (*p == '\n') {
			strbuf_printf(&s->out, "\n%*s", hang, "");
			col = hang;
			fresh = true;
		}
		if (*p)
			p++;
	}
	strbuf_putc(&s->out, '\n');
}

static void
heading(struct sum *s, enum msg_id id)
{
	const char *t = msg(s->lang, id);
	int w = utf8_width(t);

	strbuf_printf(&s->out, "\n%s\n", t);
	for (int i = 0; i < w; i++)
		strbuf_putc(&s->out, '-');
	strbuf_putc(&s->out, '\n');
}

static void
none(struct sum *s)
{
	strbuf_printf(&s->out, "  %s\n", msg(s->lang, MSG_SUM_NONE));
}

/* The note text without markdown bold markers. */
static char *
plain_text(const char *t)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = t; *p; p++) {
		if (p[0] == '*' && p[1] == '*')
			p++;
		else
			strbuf_putc(&sb, *p);
	}
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static bool
hidden(const struct sum *s, const struct form_field *q)
{
	return s->o->redact && q->pii;
}

/* "label: value" of a review item (the repeat instance named), wrapped
 * with a hanging indent. */
static void
answer_line(struct sum *s, const char *indent, const struct iv_review *it,
	    const char *value)
{
	const char *slash = strrchr(it->path, '/');
	const char *label = *it->label ? it->label : it->field->name;
	char *text = slash != NULL ?
		xasprintf("%.*s: %s: %s", (int)(slash - it->path), it->path, label, value) :
		xasprintf("%s: %s", label, value);

	wrap(s, indent, text, (int)strlen(indent) + 4);
	free(text);
}

/* ---- header ------------------------------------------------------------- */

/* "Español (es)" for "es", as the form names it. */
static const char *
lang_name(const struct form *f, const char *code)
{
	int i = form_lang_index(f, code);

	return i >= 0 ? f->langs[i].name : code;
}

static void
header(struct sum *s)
{
	const char *code = iv_meta(s->iv, "intake_code");
	const char *name = iv_meta(s->iv, "instance_name");
	const char *ended = iv_meta(s->iv, "ended");
	struct strbuf line = STRBUF_INIT;

	int li = form_lang_index(s->f, s->lang);

	strbuf_printf(&s->out, "%s: %s\n", msg(s->lang, MSG_SUM_TITLE),
		      li >= 0 ? form_title_in(s->f, (size_t)li) : s->f->title);
	strbuf_printf(&line, "%s %s", msg(s->lang, MSG_SUM_INTAKE),
		      iv_meta(s->iv, "instance_id"));
	if (*code)
		strbuf_printf(&line, " (%s %s)", msg(s->lang, MSG_SUM_CODE), code);
	wrap(s, "", strbuf_str(&line), 2);
	strbuf_reset(&line);
	strbuf_printf(&line, "%s %s", msg(s->lang, MSG_SUM_STARTED),
		      iv_meta(s->iv, "started"));
	if (*ended)
		strbuf_printf(&line, "; %s %s", msg(s->lang, MSG_SUM_FINISHED), ended);
	strbuf_printf(&line, "; %s %s", msg(s->lang, MSG_SUM_VERSION),
		      iv_meta(s->iv, "form_version"));
	wrap(s, "", strbuf_str(&line), 2);
	strbuf_reset(&line);
	if (*iv_meta(s->iv, "interviewer"))
		strbuf_printf(&line, "%s: %s; ", msg(s->lang, MSG_SUM_INTERVIEWER),
			      iv_meta(s->iv, "interviewer"));
	strbuf_printf(&line, "%s: %s", msg(s->lang, MSG_SUM_LANGUAGE),
		      lang_name(s->f, iv_meta(s->iv, "language")));
	wrap(s, "", strbuf_str(&line), 2);
	strbuf_free(&line);
	if (s->o->redact)
		wrap(s, "", msg(s->lang, MSG_SUM_REDACTED), 2);
	else if (*name)
		strbuf_printf(&s->out, "%s: %s\n", msg(s->lang, MSG_SUM_NAME), name);
}

struct entry_list {
	struct iv_entry *e;
	size_t n;
};

static void
keep_entry(void *arg, const struct iv_entry *e)
{
	struct entry_list *l = arg;

	if (!e->relevant)
		return;
	l->e = xreallocarray(l->e, l->n + 1, sizeof(*l->e));
	l->e[l->n] = *e; /* a calculation's strings are reused: copy them */
	l->e[l->n].path = xstrdup(e->path);
	l->e[l->n++].value = xstrdup(e->value);
}

static void
confidential(struct sum *s)
{
	struct entry_list l = {NULL, 0};

	if (s->f->confidential_if.ast == NULL)
		return;
	iv_entries(s->iv, keep_entry, &l);
	if (record_confidential(s->f, l.e, l.n)) {
		strbuf_putc(&s->out, '\n');
		wrap(s, "*** ", msg(s->lang, MSG_SUM_CONFIDENTIAL), 4);
	}
	for (size_t i = 0; i < l.n; i++) {
		free((char *)l.e[i].path);
		free((char *)l.e[i].value);
	}
	free(l.e);
}

/* ---- possible relief and flags ------------------------------------------ */

struct reach {
	const struct form *f;
	bool *mark;
};

/* Marks every field that expression reads, and through each calculation
 * the fields it reads in turn. */
static void
reach_ref(void *arg, const char *name)
{
	struct reach *r = arg;
	const struct form_field *q = form_field(r->f, name);

	if (q == NULL || r->mark[q->index])
		return;
	r->mark[q->index] = true;
	if (q->calculation.ast != NULL)
		expr_refs(q->calculation.ast, reach_ref, r);
}

/* Does another item marked in mark, besides it, carry the same label? */
static bool
label_shared(const struct sum *s, const bool *mark, const struct iv_review *it)
{
	for (size_t i = 0; i < s->nitems; i++) {
		const struct iv_review *o = &s->items[i];
		if (o != it && mark[o->field->index] && o->state != IV_EMPTY &&
		    strcmp(o->label, it->label) == 0)
			return true;
	}
	return false;
}

/* One line of the raised-by list, "question: answer": the question's
 * label in the interface language, its name in parentheses only when the
 * label alone would not tell it apart (another raising answer has the
 * same label); the name alone when it has no label.  A repeat instance is
 * named before it ("children[2]: ..."). */
static void
raised_item(struct sum *s, const bool *mark, const struct iv_review *it)
{
	const char *slash = strrchr(it->path, '/');
	struct strbuf sb = STRBUF_INIT;

	if (slash != NULL)
		strbuf_printf(&sb, "%.*s: ", (int)(slash - it->path), it->path);
	if (*it->label == '\0')
		strbuf_puts(&sb, it->field->name);
	else if (label_shared(s, mark, it))
		strbuf_printf(&sb, "%s (%s)", it->label, it->field->name);
	else
		strbuf_puts(&sb, it->label);
	strbuf_printf(&sb, ": %s", it->value);
	wrap(s, "      - ", strbuf_str(&sb), 8);
	strbuf_free(&sb);
}

/* The answered questions the note's relevance reads, directly or through
 * calculations, one a line under "Answers that raised it:". */
static void
raised_by(struct sum *s, const struct form_field *note)
{
	struct reach r = {s->f, xcalloc(s->f->nfields + 1, sizeof(bool))};
	bool any = false;

	if (note->relevant.ast != NULL)
		expr_refs(note->relevant.ast, reach_ref, &r);
	for (size_t i = 0; i < s->nitems; i++) {
		const struct iv_review *it = &s->items[i];
		if (!r.mark[it->field->index] || hidden(s, it->field) ||
		    it->state == IV_EMPTY)
			continue;
		if (!any)
			strbuf_printf(&s->out, "    %s\n", msg(s->lang, MSG_SUM_RAISED_BY));
		any = true;
		raised_item(s, r.mark, it);
	}
	free(r.mark);
}

/* The note's text with every ${pii field} shown as "[left out]". */
static char *
redacted_note(struct sum *s, const struct form_field *note)
{
	const char *t = form_text(s->f, note->label, iv_lang_index(s->iv));
	struct strbuf sb = STRBUF_INIT;
	char *filled;

	while (t != NULL && *t) {
		const char *open = strstr(t, "${"), *close;
		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			strbuf_puts(&sb, t);
			break;
		}
		char *name = xstrndup(open + 2, (size_t)(close - open - 2));
		const struct form_field *q = form_field(s->f, name);
		strbuf_add(&sb, t, (size_t)(open - t));
		if (q != NULL && q->pii)
			strbuf_puts(&sb, msg(s->lang, MSG_SUM_HIDDEN));
		else
			strbuf_add(&sb, open, (size_t)(close - open + 1));
		free(name);
		t = close + 1;
	}
	filled = iv_fill(s->iv, sb.buf ? sb.buf : "", note->name);
	strbuf_free(&sb);
	return filled;
}

static void
results(struct sum *s)
{
	char **lines;
	const struct form_field **notes;
	size_t n = iv_summary_rows(s->iv, &lines, &notes);

	heading(s, MSG_SUM_RESULTS);
	if (n == 0)
		none(s);
	for (size_t i = 0; i < n; i++) {
		char *raw = s->o->redact ? redacted_note(s, notes[i]) : NULL;
		char *text = plain_text(raw ? raw : lines[i]);
		wrap(s, "  * ", text, 4);
		raised_by(s, notes[i]);
		free(text);
		free(raw);
		free(lines[i]);
	}
	free(lines);
	free(notes);
}

/* ---- urgent dates --------------------------------------------------------- */

struct deadline {
	long day;
	char *date, *label;
};

static bool
parse_day(const char *v, long *day)
{
	int y, m, d;

	if (strlen(v) < 10 || v[4] != '-' || v[7] != '-')
		return false;
	for (int i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
			return false;
	}
	y = atoi(v), m = atoi(v + 5), d = atoi(v + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	*day = clock_days_from_civil(y, m, d);
	return true;
}

static long
today(void)
{
	struct clock_time t;

	clock_now(&t);
	return (long)floor(((double)t.epoch + t.offset_min * 60.0) / 86400.0);
}

static int
by_day(const void *a, const void *b)
{
	const struct deadline *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

/* Marks the fields that the relevant summary notes show (${name} in
 * their text, in any language). */
static bool *
shown_in_notes(struct sum *s)
{
	bool *shown = xcalloc(s->f->nfields + 1, sizeof(bool));
	char **lines;
	const struct form_field **notes;
	size_t n = iv_summary_rows(s->iv, &lines, &notes);

	for (size_t i = 0; i < n; i++) {
		for (size_t l = 0; notes[i]->label && l < s->f->nlangs; l++) {
			const char *t = notes[i]->label[l];
			while (t != NULL && (t = strstr(t, "${")) != NULL) {
				size_t len = strcspn(t + 2, "}");
				char *name = xstrndup(t + 2, len);
				const struct form_field *q = form_field(s->f, name);
				if (q != NULL)
					shown[q->index] = true;
				free(name);
				t += 2 + len;
			}
		}
		free(lines[i]);
	}
	free(lines);
	free(notes);
	return shown;
}

/* The deadlines setting's fields that hold a date and that a summary
 * note shows, sorted by date. */
static size_t
collect_deadlines(struct sum *s, struct deadline **out)
{
	const char *p = s->f->deadlines;
	struct deadline *v = NULL;
	bool *shown = shown_in_notes(s);
	size_t n = 0;

	while (p != NULL && *(p += strspn(p, " \t")) != '\0') {
		size_t len = strcspn(p, " \t");
		char *name = xstrndup(p, len);
		const struct form_field *q = form_field(s->f, name);
		char *value = q && !hidden(s, q) ? iv_value(s->iv, name) : NULL;
		long day;
		p += len;
		if (value != NULL && parse_day(value, &day) && shown[q->index]) {
			const char *l = form_text(s->f, q->label, iv_lang_index(s->iv));
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n].day = day;
			v[n].date = xstrndup(value, 10);
			v[n++].label = l ? iv_fill(s->iv, l, name) : xstrdup(name);
		}
		free(value);
		free(name);
	}
	free(shown);
	if (n > 1)
		qsort(v, n, sizeof(*v), by_day);
	*out = v;
	return n;
}

static void
dates(struct sum *s)
{
	struct deadline *v;
	size_t n = collect_deadlines(s, &v);
	long now = today();

	heading(s, MSG_SUM_DATES);
	if (n == 0)
		none(s);
	for (size_t i = 0; i < n; i++) {
		long left = v[i].day - now;
		char *when = left == 0 ? xstrdup(msg(s->lang, MSG_SUM_TODAY)) :
			     left == 1 ? xstrdup(msg(s->lang, MSG_SUM_DAY_LEFT)) :
			     left == -1 ? xstrdup(msg(s->lang, MSG_SUM_DAY_AGO)) :
			     left > 0 ? xasprintf(msg(s->lang, MSG_SUM_DAYS_LEFT), left) :
					xasprintf(msg(s->lang, MSG_SUM_DAYS_AGO), -left);
		char *prefix = xasprintf("  %s (%s): ", v[i].date, when);
		wrap(s, prefix, v[i].label, 6);
		free(prefix);
		free(when);
		free(v[i].date);
		free(v[i].label);
	}
	free(v);
}

/* ---- the answers ------------------------------------------------------------- */

static void
unknown_answers(struct sum *s)
{
	size_t shown = 0;

	heading(s, MSG_SUM_UNKNOWN);
	for (size_t i = 0; i < s->nitems; i++) {
		const struct iv_review *it = &s->items[i];
		if ((it->state != IV_DONT_KNOW && it->state != IV_REFUSED) ||
		    hidden(s, it->field))
			continue;
		answer_line(s, "  ", it, it->value);
		shown++;
	}
	if (shown == 0)
		none(s);
}

static void
notes(struct sum *s)
{
	size_t shown = 0;

	heading(s, MSG_SUM_NOTES);
	if (s->o->redact) {
		strbuf_printf(&s->out, "  %s\n", msg(s->lang, MSG_SUM_HIDDEN));
		return;
	}
	for (size_t i = 0; i < s->nitems; i++) {
		if (*s->items[i].note == '\0')
			continue;
		answer_line(s, "  ", &s->items[i], s->items[i].note);
		shown++;
	}
	if (shown == 0)
		none(s);
}

static void
every_answer(struct sum *s)
{
	const char *section = NULL;

	heading(s, MSG_SUM_ANSWERS);
	for (size_t i = 0; i < s->nitems; i++) {
		const struct iv_review *it = &s->items[i];
		if (hidden(s, it->field) || it->state == IV_EMPTY)
			continue;
		if (section == NULL || strcmp(section, it->section) != 0) {
			section = it->section;
			if (*section)
				strbuf_printf(&s->out, "\n%s\n", section);
		}
		answer_line(s, "  ", it, it->value);
	}
}

/* ---- entry points ------------------------------------------------------------ */

char *
summary_text(struct interview *iv, const struct summary_opts *o)
{
	const struct form *f = iv_form(iv);
	struct sum s = {iv, f, o, NULL, o->width > 20 ? o->width : 80, NULL, 0,
			STRBUF_INIT};
	char *was = xstrdup(iv_lang(iv)), *text;

	if (o->lang != NULL)
		iv_set_lang(iv, o->lang);
	s.lang = iv_lang(iv);
	header(&s);
	confidential(&s);
	s.nitems = iv_review(iv, &s.items);
	results(&s);
	dates(&s);
	unknown_answers(&s);
	notes(&s);
	every_answer(&s);
	iv_set_lang(iv, was); /* a live interview goes on in its language */
	free(was);
	text = utf8_sanitize(strbuf_str(&s.out), UTF8_KEEP_NEWLINE);
	strbuf_free(&s.out);
	return text; /* no control or bidi character reaches a terminal */
}

char *
summary_from_record(const struct form *f, const char *source, const char *data,
		    size_t len, const struct summary_opts *o, struct diag *d)
{
	struct record_data r;
	struct iv_options io = {o->lang, NULL, NULL};
	struct summary_opts so = *o;
	struct interview *iv = NULL;
	char *text = NULL;

	if (record_load_mem(source, data, len, &r, d) == 0)
		iv = iv_restore(f, &io, (const char *const *)r.meta, r.entries, r.n,
				d, source);
	if (so.lang == NULL && f->nlangs > 0) /* not the client's language */
		so.lang = f->langs[f->default_lang].name;
	if (iv != NULL)
		text = summary_text(iv, &so);
	iv_free(&iv);
	record_data_free(&r);
	return text;
}
