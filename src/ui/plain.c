/*
 * plain: the line-mode front end (see plain.h).  Each turn prints the
 * current item as a block, reads one line, and either runs a /command or
 * gives the line to the engine as the answer and moves on.  The draft is
 * saved after every committed answer.
 */
#include "plain.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "msg.h"
#include "strbuf.h"
#include "summary.h"
#include "utf8.h"
#include "xmem.h"

struct plain {
	struct session *s;
	FILE *in, *out;
	int width;     /* wrap prose at this many columns; 0: never */
	char *section; /* last section printed */
	const struct iv_review *review; /* last /review list */
	size_t nreview;
	char *failed_path;  /* the item whose answer was just refused */
	char *failed_line;  /* and what was typed there */
	bool unsaved;       /* a draft save failed: line mode stops */
};

#define LONG_LIST 12 /* lists longer than this are shown in columns */

static const char *
lang(const struct plain *p)
{
	return iv_lang(p->s->iv);
}

/* Prints untrusted text (labels, hints, choices, answers, notes) through
 * the one sanitizer: no control or bidi character reaches the terminal.
 * Markdown-style **bold** is dropped: a screen reader would read it. */
static void
put_safe(struct plain *p, const char *text)
{
	char *safe = utf8_sanitize(text, UTF8_KEEP_NEWLINE);

	for (const char *s = safe; *s; s++) {
		if (s[0] == '*' && s[1] == '*')
			s++;
		else
			fputc(*s, p->out);
	}
	free(safe);
}

/* printf with one untrusted %s argument, sanitized. */
static void
put_fmt(struct plain *p, const char *fmt, const char *arg)
{
	char *safe = utf8_sanitize(arg, UTF8_KEEP_NEWLINE);

	fprintf(p->out, fmt, safe);
	free(safe);
}

/* Writes untrusted text whose later lines (a multiline answer's) start
 * with indent, under the first. */
static void
put_indented(struct plain *p, const char *text, const char *indent)
{
	char *safe = utf8_sanitize(text, UTF8_KEEP_NEWLINE);

	for (const char *s = safe; *s; s++) {
		fputc(*s, p->out);
		if (*s == '\n' && s[1] != '\0' && s[1] != '\n')
			fputs(indent, p->out); /* an empty line stays empty */
	}
	free(safe);
}

/* Writes text, wrapped at word boundaries to p->width columns when the
 * output is a terminal; each continuation line is indented by indent. */
static void
put_wrapped(struct plain *p, const char *text, int indent)
{
	char *safe = utf8_sanitize(text, UTF8_KEEP_NEWLINE);
	const char *s = safe;
	int col = indent;

	if (p->width <= 0) {
		put_safe(p, safe);
		free(safe);
		return;
	}
	while (*s) {
		size_t word = strcspn(s, " \n");
		int w = utf8_width_n(s, word);
		if (col > indent && col + 1 + w > p->width) {
			fprintf(p->out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', p->out);
			col++;
		}
		for (size_t k = 0; k < word; k++) /* **bold** unmarked */
			if (!(s[k] == '*' && ((k + 1 < word && s[k + 1] == '*') ||
					      (k > 0 && s[k - 1] == '*'))))
				fputc(s[k], p->out);
		col += w;
		s += word;
		if (*s == '\n') {
			fprintf(p->out, "\n%*s", indent, "");
			col = indent;
		}
		while (*s == ' ' || *s == '\n')
			s++;
	}
	free(safe);
}

static void
say(struct plain *p, enum msg_id id)
{
	fprintf(p->out, "%s\n", msg(lang(p), id));
}

static bool
choice_on(const struct iv_item *it, size_t i)
{
	const char *name = it->choices[i].name;
	size_t n = strlen(name);

	if (it->field->type != Q_SELECT_MULTIPLE)
		return strcmp(it->value, name) == 0;
	for (const char *v = it->value; (v = strstr(v, name)); v += n)
		if ((v == it->value || v[-1] == ' ') && (v[n] == ' ' || v[n] == '\0'))
			return true;
	return false;
}

/* True when choice i's label (any language) or code contains text,
 * folded; prefix_only: starts with it. */
static bool
choice_has(struct plain *p, const struct iv_item *it, size_t i,
	   const char *text, bool prefix_only)
{
	const struct form *f = iv_form(p->s->iv);
	const struct form_list *l = it->field->list;
	char *t = utf8_fold(text);
	bool r = false;

	for (size_t k = 0; l && k < l->n && !r; k++) {
		if (strcmp(l->choices[k].name, it->choices[i].name) != 0)
			continue;
		for (size_t g = 0; g <= f->nlangs && !r; g++) {
			const char *lab = g < f->nlangs ?
				(l->choices[k].label ? l->choices[k].label[g] : NULL) :
				l->choices[k].name;
			char *fl = lab ? utf8_fold(lab) : NULL;
			char *at = fl ? strstr(fl, t) : NULL;
			r = at != NULL && (!prefix_only || at == fl);
			free(fl);
		}
	}
	if (!r) {
		char *fl = utf8_fold(it->choices[i].label);
		char *at = strstr(fl, t);
		r = at != NULL && (!prefix_only || at == fl);
		free(fl);
	}
	free(t);
	return r;
}

/* The options, one per line, or in columns for a long list; only those
 * matching filter when it is given (after a refused answer). */
static void
print_choices(struct plain *p, const struct iv_item *it, const char *filter)
{
	bool multi = it->field->type == Q_SELECT_MULTIPLE;
	int width = p->width > 0 ? p->width : 80, colw = 0, ncol, col = 0, pad = 0;

	for (size_t i = 0; i < it->nchoices; i++) {
		int w = utf8_width(it->choices[i].label) + 10;
		colw = w > colw ? w : colw;
	}
	ncol = it->nchoices > LONG_LIST && colw < width ? width / colw : 1;
	for (size_t i = 0; i < it->nchoices; i++) {
		if (filter && !choice_has(p, it, i, filter, false))
			continue;
		if (col > 0) /* the padding of the one before, only now */
			fprintf(p->out, "%*s", pad, "");
		fprintf(p->out, "%3zu) ", i + 1);
		put_safe(p, it->choices[i].label);
		fputs(choice_on(it, i) ? " [x]" : "", p->out);
		pad = colw - (5 + utf8_width(it->choices[i].label) +
			      (choice_on(it, i) ? 4 : 0));
		pad = pad > 1 ? pad : 1;
		if (++col >= ncol) {
			fputc('\n', p->out);
			col = 0;
		}
	}
	if (col > 0)
		fputc('\n', p->out);
	say(p, multi ? MSG_PL_CHOOSE_MANY : MSG_PL_CHOOSE_ONE);
}

/* A rank's options, numbered, and what to type for a rank, a range or
 * a media file. */
static void
print_guide(struct plain *p, const struct iv_item *it)
{
	if (it->kind != IV_QUESTION)
		return;
	for (size_t i = 0; i < it->norder; i++) {
		fprintf(p->out, "%3zu) ", i + 1);
		put_safe(p, it->order[i].label);
		fputc('\n', p->out);
	}
	if (it->guide) {
		fputs("  ", p->out);
		put_wrapped(p, it->guide, 2);
		fputc('\n', p->out);
	}
}

static void
print_section(struct plain *p, const struct iv_item *it)
{
	const char *sec = it->section ? it->section : "";

	if (p->section != NULL && strcmp(p->section, sec) == 0)
		return;
	free(p->section);
	p->section = xstrdup(sec);
	if (*sec)
		put_fmt(p, "\n== %s ==\n", sec);
}

static void
print_item(struct plain *p, const struct iv_item *it)
{
	print_section(p, it);
	{
		char *head = xasprintf("[%d%%] %s%s%s", iv_progress(p->s->iv),
				       it->label,
				       it->required && it->kind == IV_QUESTION ? " " : "",
				       it->required && it->kind == IV_QUESTION ?
				       msg(lang(p), MSG_PL_REQUIRED) : "");
		fputc('\n', p->out);
		put_wrapped(p, head, 0);
		fputc('\n', p->out);
		free(head);
	}
	if (it->hint) {
		fputs("  ", p->out);
		put_wrapped(p, it->hint, 2);
		fputc('\n', p->out);
	}
	if (it->kind == IV_QUESTION && it->choices)
		print_choices(p, it, NULL);
	print_guide(p, it);
	if (it->kind == IV_REPEAT_PROMPT)
		fprintf(p->out, "  1) %s\n  2) %s\n", msg(lang(p), MSG_YES),
			msg(lang(p), MSG_NO));
	if (it->kind == IV_NOTE)
		say(p, MSG_PL_PRESS_ENTER);
	if (it->kind == IV_QUESTION && it->multiline && !it->read_only)
		say(p, MSG_PL_MULTILINE);
	if (it->state == IV_DONT_KNOW || it->state == IV_REFUSED) {
		fprintf(p->out, msg(lang(p), MSG_PL_CURRENT),
			msg(lang(p), it->state == IV_DONT_KNOW ? MSG_DONT_KNOW : MSG_REFUSED));
		fputc('\n', p->out);
	} else if (*it->value && it->kind == IV_QUESTION && !it->choices) {
		put_fmt(p, msg(lang(p), MSG_PL_CURRENT), it->value);
		fputc('\n', p->out);
	}
	if (*it->note) {
		put_fmt(p, msg(lang(p), MSG_PL_NOTE), it->note);
		fputc('\n', p->out);
	}
}

static void
print_error(struct plain *p, struct iv_error *err)
{
	put_fmt(p, "! %s\n", err->message ? err->message : "");
	iv_error_clear(err);
}

static bool
all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* One typed token as a choice: its number, its code, or the start of
 * its label in any language when only one option starts so.  NULL when
 * none (or several) fit. */
static const char *
token_to_code(struct plain *p, const struct iv_item *it, const char *t)
{
	const char *found = NULL;
	int hits = 0;

	for (size_t i = 0; i < it->nchoices; i++)
		if (strcmp(it->choices[i].name, t) == 0)
			return it->choices[i].name;
	if (all_digits(t)) {
		long n = strtol(t, NULL, 10);
		return n >= 1 && (size_t)n <= it->nchoices ?
		       it->choices[n - 1].name : NULL;
	}
	for (size_t i = 0; i < it->nchoices; i++) {
		if (choice_has(p, it, i, t, true)) {
			found = it->choices[i].name;
			hits++;
		}
	}
	return hits == 1 ? found : NULL;
}

/* Turns what was typed into codes: "1 3" -> "yes maybe", "guate" ->
 * "GT".  A whole line that names one option is that option; otherwise
 * the line is split at commas (or spaces when there are none).  A token
 * that fits nothing is kept, for the engine to refuse.  Caller frees. */
static char *
line_to_codes(struct plain *p, const struct iv_item *it, const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	const char *whole = token_to_code(p, it, line);
	const char *seps = strchr(line, ',') ? "," : " ";
	char *copy, *save = NULL;

	if (whole != NULL)
		return xstrdup(whole);
	if (it->field && it->field->type == Q_SELECT_ONE)
		return xstrdup(line); /* one option: the engine says it fits none */
	copy = xstrdup(line);
	for (char *t = strtok_r(copy, seps, &save); t; t = strtok_r(NULL, seps, &save)) {
		const char *code;
		while (*t == ' ')
			t++;
		for (char *e = t + strlen(t); e > t && e[-1] == ' '; )
			*--e = '\0';
		if (*t == '\0')
			continue;
		code = token_to_code(p, it, t);
		if (sb.len)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, code ? code : t);
	}
	free(copy);
	return strbuf_detach(&sb);
}

static char *
to_answer(struct plain *p, const struct iv_item *it, const char *line)
{
	if (it->kind == IV_REPEAT_PROMPT && strcmp(line, "2") == 0)
		return xstrdup("no");
	if (it->choices != NULL)
		return line_to_codes(p, it, line);
	return xstrdup(line);
}

static int
save(struct plain *p)
{
	struct diag d = DIAG_INIT;
	int rc = session_save(p->s, &d);

	diag_print(&d, stderr);
	diag_free(&d);
	if (rc != 0)
		p->unsaved = true; /* going on would lose every later answer */
	return rc;
}

/* Answers with line (may be empty: keep the answer) and moves on. */
static void
answer_and_next(struct plain *p, const struct iv_item *it, const char *line)
{
	struct iv_error err = {0};

	if (*line && it->kind != IV_NOTE) {
		char *a = to_answer(p, it, line);
		bool ok = iv_answer(p->s->iv, a, &err);
		free(a);
		if (!ok) {
			print_error(p, &err);
			free(p->failed_path);
			free(p->failed_line);
			p->failed_path = xstrdup(it->path);
			p->failed_line = xstrdup(line);
			return;
		}
	}
	if (!iv_next(p->s->iv, &err))
		print_error(p, &err);
	else
		save(p);
}

static void
cmd_review(struct plain *p)
{
	const char *last = NULL;

	p->nreview = iv_review(p->s->iv, &p->review);
	if (p->nreview == 0)
		say(p, MSG_PL_NO_REVIEW);
	for (size_t i = 0; i < p->nreview; i++) {
		const struct iv_review *r = &p->review[i];
		if (r->section && *r->section && (!last || strcmp(last, r->section))) {
			put_fmt(p, "== %s ==\n", r->section);
			last = r->section;
		}
		fprintf(p->out, "%3zu. ", i + 1);
		put_fmt(p, "%s: ", r->label);
		put_indented(p, r->value, "     ");
		fputc('\n', p->out);
		if (*r->note) {
			fprintf(p->out, "     ");
			put_fmt(p, msg(lang(p), MSG_PL_NOTE), r->note);
			fputc('\n', p->out);
		}
	}
}

static void
cmd_jump(struct plain *p, const char *arg)
{
	long n = strtol(arg, NULL, 10);

	if (n < 1 || (size_t)n > p->nreview ||
	    !iv_jump(p->s->iv, p->review[n - 1].path))
		say(p, MSG_PL_BAD_JUMP);
}

static void
cmd_state(struct plain *p, enum iv_state st)
{
	struct iv_error err = {0};

	if (!iv_set_state(p->s->iv, st, &err)) {
		print_error(p, &err);
		return;
	}
	if (st == IV_EMPTY) {
		save(p);
		return;
	}
	if (!iv_next(p->s->iv, &err))
		print_error(p, &err);
	else
		save(p);
}

static bool
is_media_question(const struct iv_item *it)
{
	return it->kind == IV_QUESTION && it->field && qtype_is_media(it->field->type);
}

/* Runs a /command; returns 1 to stop (draft saved), 0 to go on.  On a
 * media question a line that is no command is the file's path. */
static int
run_command(struct plain *p, const char *line)
{
	const char *arg = line + strcspn(line, " ");
	size_t len = (size_t)(arg - line);

	while (*arg == ' ')
		arg++;
#define IS(name) (len == strlen(name) && strncmp(line, name, len) == 0)
	if (IS("/help") || IS("/?") || IS("/ayuda")) {
		say(p, MSG_PL_HELP);
	} else if (IS("/back") || IS("/b")) {
		if (!iv_back(p->s->iv))
			say(p, MSG_PL_NO_BACK);
	} else if (IS("/review") || IS("/r")) {
		cmd_review(p);
	} else if (IS("/summary") || IS("/resumen")) {
		struct summary_opts o = {NULL, false, 80};
		char *text = summary_text(p->s->iv, &o);
		put_safe(p, text);
		free(text);
	} else if (IS("/jump") || IS("/j")) {
		cmd_jump(p, arg);
	} else if (IS("/dk")) {
		cmd_state(p, IV_DONT_KNOW);
	} else if (IS("/refused") || IS("/rf")) {
		cmd_state(p, IV_REFUSED);
	} else if (IS("/clear")) {
		cmd_state(p, IV_EMPTY);
	} else if (IS("/note")) {
		iv_set_note(p->s->iv, arg);
		save(p);
	} else if (IS("/lang")) {
		if (!iv_set_lang(p->s->iv, arg))
			say(p, MSG_PL_BAD_LANG);
		free(p->section);
		p->section = NULL;
	} else if (IS("/save")) {
		save(p);
	} else if (IS("/quit") || IS("/q")) {
		return 1;
	} else if (is_media_question(iv_current(p->s->iv))) {
		/* "/home/ana/scan.jpg": a file's path, not a command */
		answer_and_next(p, iv_current(p->s->iv), line);
	} else {
		say(p, MSG_PL_UNKNOWN);
	}
#undef IS
	return 0;
}

/* Reads one line without its end; NULL at end of input.  Caller frees. */
static char *
read_line(FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, in);

	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static int
finish(struct plain *p)
{
	struct iv_error err = {0};
	struct diag d = DIAG_INIT;
	int rc;

	if (!iv_finish(p->s->iv, &err)) {
		print_error(p, &err);
		return -1;
	}
	rc = session_finish(p->s, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc != 0)
		return EX_CANTCREAT;
	if (p->s->discarded) {
		say(p, MSG_PL_DISCARDED);
	} else {
		fprintf(p->out, msg(lang(p), MSG_PL_SAVED),
			iv_meta(p->s->iv, "intake_code"),
			iv_meta(p->s->iv, "instance_id"));
		fputc('\n', p->out);
		if (p->s->sealed)
			say(p, MSG_SEALED);
	}
	return 0;
}

/* After a refused answer the question is not printed again whole: a
 * long list shows only the options matching what was typed (all of
 * them, in columns, when none match).  True when it did so. */
static bool
show_again_briefly(struct plain *p, const struct iv_item *it)
{
	bool any = false;

	if (p->failed_path == NULL || strcmp(p->failed_path, it->path) != 0)
		return false;
	if (it->kind != IV_QUESTION || it->choices == NULL)
		return true; /* the error said it all; the prompt follows */
	for (size_t i = 0; i < it->nchoices && !any; i++)
		any = choice_has(p, it, i, p->failed_line, false);
	if (it->nchoices > LONG_LIST || any)
		print_choices(p, it, any ? p->failed_line : NULL);
	return true;
}

/* A multiline question's answer: while a line ends with a backslash,
 * the next line is read too, joined by a line break (the backslash
 * dropped); the end of input ends the answer.  Returns the answer, line
 * freed. */
static char *
more_lines(struct plain *p, char *line)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	strbuf_puts(&sb, line);
	free(line);
	while ((n = sb.len) > 0 && sb.buf[n - 1] == '\\') {
		char *next;
		strbuf_truncate(&sb, n - 1);
		fputs("  ", p->out);
		fflush(p->out);
		if ((next = read_line(p->in)) == NULL)
			break;
		strbuf_putc(&sb, '\n');
		strbuf_puts(&sb, next);
		free(next);
	}
	return strbuf_detach(&sb);
}

/* One turn: show, read, act.  Returns -1 to go on, else the exit status. */
static int
turn(struct plain *p)
{
	const struct iv_item *it = iv_current(p->s->iv);
	char *line, *problem;
	int rc = -1;

	while ((problem = iv_eval_error_notice(p->s->iv)) != NULL) {
		put_fmt(p, "! %s\n", problem); /* never swallowed */
		free(problem);
	}
	if (it->kind == IV_END)
		fprintf(p->out, "\n%s\n", msg(lang(p), MSG_PL_END));
	else if (!show_again_briefly(p, it))
		print_item(p, it);
	free(p->failed_path);
	free(p->failed_line);
	p->failed_path = p->failed_line = NULL;
	fputs("> ", p->out);
	fflush(p->out);
	if ((line = read_line(p->in)) == NULL) {
		fputc('\n', p->out);
		return save(p) == 0 ? PLAIN_UNFINISHED : EX_CANTCREAT;
	}
	if (line[0] != '/' && it->kind == IV_QUESTION && it->multiline)
		line = more_lines(p, line);
	if (line[0] == '/') {
		if (run_command(p, line))
			rc = save(p) == 0 ? 1 : EX_CANTCREAT;
	} else if (it->kind == IV_END) {
		rc = finish(p);
	} else {
		answer_and_next(p, it, line);
	}
	free(line);
	return p->unsaved ? EX_CANTCREAT : rc;
}

/* The terminal's width when out is one (at most 100, for reading), else
 * 0: pipes and files get one line per paragraph. */
static int
terminal_width(FILE *out)
{
	struct winsize ws;

	if (!isatty(fileno(out)))
		return 0;
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) != 0 || ws.ws_col < 20)
		return 80;
	return ws.ws_col > 100 ? 100 : ws.ws_col;
}

char *
plain_ask_interviewer(FILE *in, FILE *out, const char *lang)
{
	char *line;

	for (;;) {
		fprintf(out, "%s ", msg(lang, MSG_UI_WHO));
		fflush(out);
		if ((line = read_line(in)) == NULL) {
			fputc('\n', out);
			return NULL;
		}
		if (*line && utf8_is_safe(line, 0))
			return line;
		fprintf(out, "%s\n", msg(lang, MSG_UI_NAME_FIRST));
		free(line);
	}
}

int
plain_run(struct session *s, FILE *in, FILE *out)
{
	struct plain p = {s, in, out, terminal_width(out), NULL, NULL, 0, NULL, NULL,
			  false};
	int rc;

	while ((rc = turn(&p)) < 0)
		;
	if ((rc == 1 || rc == PLAIN_UNFINISHED) && s->discarded) {
		say(&p, MSG_PL_DISCARDED);
	} else if ((rc == 1 || rc == PLAIN_UNFINISHED) && !iv_touched(s->iv)) {
		say(&p, MSG_PL_NOTHING);
	} else if (rc == 1 || rc == PLAIN_UNFINISHED) {
		fprintf(out, msg(lang(&p), rc == 1 ? MSG_PL_DRAFT : MSG_PL_EOF),
			iv_meta(s->iv, "instance_id"));
		fputc('\n', out);
	}
	free(p.section);
	free(p.failed_path);
	free(p.failed_line);
	return rc;
}
