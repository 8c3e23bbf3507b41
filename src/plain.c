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
#include "utf8.h"
#include "xmem.h"

struct plain {
	struct session *s;
	FILE *in, *out;
	int width;     /* wrap prose at this many columns; 0: never */
	char *section; /* last section printed */
	const struct iv_review *review; /* last /review list */
	size_t nreview;
};

static const char *
lang(const struct plain *p)
{
	return iv_lang(p->s->iv);
}

/* Writes text, wrapped at word boundaries to p->width columns when the
 * output is a terminal; each continuation line is indented by indent. */
static void
put_wrapped(struct plain *p, const char *text, int indent)
{
	const char *s = text;
	int col = indent;

	if (p->width <= 0) {
		fputs(text, p->out);
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
		fwrite(s, 1, word, p->out);
		col += w;
		s += word;
		if (*s == '\n') {
			fprintf(p->out, "\n%*s", indent, "");
			col = indent;
		}
		while (*s == ' ' || *s == '\n')
			s++;
	}
}

static void
say(struct plain *p, enum msg_id id)
{
	fprintf(p->out, "%s\n", msg(lang(p), id));
}

static void
print_choices(struct plain *p, const struct iv_item *it)
{
	bool multi = it->field->type == Q_SELECT_MULTIPLE;

	for (size_t i = 0; i < it->nchoices; i++) {
		bool on = false;
		if (multi) {
			size_t n = strlen(it->choices[i].name);
			for (const char *v = it->value; (v = strstr(v, it->choices[i].name)); v += n)
				if ((v == it->value || v[-1] == ' ') && (v[n] == ' ' || v[n] == '\0'))
					on = true;
		} else {
			on = strcmp(it->value, it->choices[i].name) == 0;
		}
		fprintf(p->out, "  %zu) %s%s\n", i + 1, it->choices[i].label,
			on ? " [x]" : "");
	}
	say(p, multi ? MSG_PL_CHOOSE_MANY : MSG_PL_CHOOSE_ONE);
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
		fprintf(p->out, "\n== %s ==\n", sec);
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
		print_choices(p, it);
	if (it->kind == IV_REPEAT_PROMPT)
		fprintf(p->out, "  1) %s\n  2) %s\n", msg(lang(p), MSG_YES),
			msg(lang(p), MSG_NO));
	if (it->kind == IV_NOTE)
		say(p, MSG_PL_PRESS_ENTER);
	if (it->state == IV_DONT_KNOW || it->state == IV_REFUSED) {
		fprintf(p->out, msg(lang(p), MSG_PL_CURRENT),
			msg(lang(p), it->state == IV_DONT_KNOW ? MSG_DONT_KNOW : MSG_REFUSED));
		fputc('\n', p->out);
	} else if (*it->value && it->kind == IV_QUESTION && !it->choices) {
		fprintf(p->out, msg(lang(p), MSG_PL_CURRENT), it->value);
		fputc('\n', p->out);
	}
	if (*it->note) {
		fprintf(p->out, msg(lang(p), MSG_PL_NOTE), it->note);
		fputc('\n', p->out);
	}
}

static void
print_error(struct plain *p, struct iv_error *err)
{
	fprintf(p->out, "! %s\n", err->message ? err->message : "");
	iv_error_clear(err);
}

static bool
all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Turns option numbers into codes: "1 3" -> "yes maybe".  A token that is
 * a choice's own code is kept.  Caller frees. */
static char *
numbers_to_codes(const struct iv_item *it, const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	char *copy = xstrdup(line), *save = NULL;

	for (char *t = strtok_r(copy, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		const char *code = t;
		bool is_code = false;
		for (size_t i = 0; i < it->nchoices; i++)
			is_code |= strcmp(it->choices[i].name, t) == 0;
		if (!is_code && all_digits(t)) {
			long n = strtol(t, NULL, 10);
			if (n >= 1 && (size_t)n <= it->nchoices)
				code = it->choices[n - 1].name;
		}
		if (sb.len)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, code);
	}
	free(copy);
	return strbuf_detach(&sb);
}

static char *
to_answer(const struct iv_item *it, const char *line)
{
	if (it->kind == IV_REPEAT_PROMPT && strcmp(line, "2") == 0)
		return xstrdup("no");
	if (it->choices != NULL)
		return numbers_to_codes(it, line);
	return xstrdup(line);
}

static int
save(struct plain *p)
{
	struct diag d = DIAG_INIT;
	int rc = session_save(p->s, &d);

	diag_print(&d, stderr);
	diag_free(&d);
	return rc;
}

/* Answers with line (may be empty: keep the answer) and moves on. */
static void
answer_and_next(struct plain *p, const struct iv_item *it, const char *line)
{
	struct iv_error err = {0};

	if (*line && it->kind != IV_NOTE) {
		char *a = to_answer(it, line);
		bool ok = iv_answer(p->s->iv, a, &err);
		free(a);
		if (!ok) {
			print_error(p, &err);
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
			fprintf(p->out, "== %s ==\n", r->section);
			last = r->section;
		}
		fprintf(p->out, "%3zu. %s: %s\n", i + 1, r->label, r->value);
		if (*r->note) {
			fprintf(p->out, "     ");
			fprintf(p->out, msg(lang(p), MSG_PL_NOTE), r->note);
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

/* Runs a /command; returns 1 to stop (draft saved), 0 to go on. */
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
			iv_meta(p->s->iv, "instance_id"));
		fputc('\n', p->out);
	}
	return 0;
}

/* One turn: show, read, act.  Returns -1 to go on, else the exit status. */
static int
turn(struct plain *p)
{
	const struct iv_item *it = iv_current(p->s->iv);
	char *line;
	int rc = -1;

	if (it->kind == IV_END)
		fprintf(p->out, "\n%s\n", msg(lang(p), MSG_PL_END));
	else
		print_item(p, it);
	fputs("> ", p->out);
	fflush(p->out);
	if ((line = read_line(p->in)) == NULL) {
		fputc('\n', p->out);
		return save(p) == 0 ? 1 : EX_CANTCREAT;
	}
	if (line[0] == '/') {
		if (run_command(p, line))
			rc = save(p) == 0 ? 1 : EX_CANTCREAT;
	} else if (it->kind == IV_END) {
		rc = finish(p);
	} else {
		answer_and_next(p, it, line);
	}
	free(line);
	return rc;
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

int
plain_run(struct session *s, FILE *in, FILE *out)
{
	struct plain p = {s, in, out, terminal_width(out), NULL, NULL, 0};
	int rc;

	while ((rc = turn(&p)) < 0)
		;
	if (rc == 1 && s->discarded) {
		say(&p, MSG_PL_DISCARDED);
	} else if (rc == 1) {
		fprintf(out, msg(lang(&p), MSG_PL_DRAFT), iv_meta(s->iv, "instance_id"));
		fputc('\n', out);
	}
	free(p.section);
	return rc;
}
