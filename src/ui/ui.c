/*
 * ui: the curses interviewer (see ui.h).
 *
 * State kept here is only what the engine does not know: the text being
 * typed, the cursor in a choice list, the error line, which screen is up.
 * Everything else is read from the engine on every draw, so a redraw
 * (after a resize, say) is always safe and loses nothing typed.
 */
#include "ui.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <wctype.h>

#include "diag.h"
#include "msg.h"
#include "pushq.h"
#include "qvalue.h"
#include "script.h"
#include "strbuf.h"
#include "summary.h"
#include "term.h"
#include "utf8.h"
#include "xmem.h"

#define CTRL(c) ((c) & 0x1f)
#define MIN_COLS 80
#define MIN_LINES 24
#define NO_CHOICE SIZE_MAX /* nothing selected in a list */
#define DIGIT_PAUSE_MS 1000 /* a pause this long ends a typed number */

enum ui_screen { SCR_START, SCR_QUESTION, SCR_REVIEW, SCR_HELP, SCR_NOTE, SCR_SAVED };

struct ui {
	const struct form *f;
	struct session *s;
	const char *data_dir;
	const struct iv_options *o;
	enum ui_screen screen;
	char *item_path;       /* the item the edit state belongs to */
	struct strbuf edit;    /* text being typed */
	size_t cursor;         /* byte offset in edit */
	bool pristine;         /* edit holds the stored answer or default,
				  untouched: typing replaces it */
	size_t choice;         /* cursor in a choice list; for a single
				  choice also the selection; NO_CHOICE: none */
	struct strbuf multi;   /* working selection of a select_multiple */
	bool touched;          /* the volunteer changed multi */
	struct strbuf filter;  /* letters typed in a list narrow it */
	unsigned number;       /* digits typed so far in a list */
	long number_ms;        /* when the last of them was typed */
	struct strbuf note;    /* the note being typed on SCR_NOTE */
	char *error;
	bool both;             /* bilingual view */
	size_t review_cursor;  /* among the review's rows that can be chosen */
	char *frontier;        /* where review was opened from ("" the end) */
	bool from_review;      /* the question was opened from review */
	char **before;         /* questions unanswered before that change */
	size_t nbefore;
	char **fresh;          /* questions the change made relevant */
	size_t nfresh;
	int summary_top;       /* first line of the summary shown */
	int summary_lines;     /* its height, as last drawn */
	bool confirm_delete;   /* the start screen asks "delete this draft?" */
	char *saved_id;
	bool quit;
	int cy, cx;            /* where the text cursor goes, -1: hidden */
	size_t note_cursor;    /* in note, while SCR_NOTE is up */
	/* the start screen */
	struct form **forms;   /* borrowed */
	size_t nforms;
	struct draft_info *drafts;
	size_t ndrafts;
	size_t start_cursor;   /* 0: the name, then forms, then drafts */
	struct strbuf who;     /* the interviewer, asked once */
	size_t who_cursor;
	struct iv_options opts; /* o, with the name typed here */
	char *start_lang;
};

static void start_key(struct ui *u, int rc, wint_t ch);
static void draw_start(struct ui *u);

static const char *
lang(struct ui *u)
{
	return u->s ? iv_lang(u->s->iv) : u->start_lang ? u->start_lang : "en";
}

/* A form's title in the interface's language (form_title::<language>). */
static const char *
title_of(struct ui *u, const struct form *f)
{
	int i = form_lang_index(f, lang(u));

	return i >= 0 ? form_title_in(f, (size_t)i) : f->title;
}

static void
set_error(struct ui *u, const char *text)
{
	free(u->error);
	u->error = text ? xstrdup(text) : NULL;
}

/* ---- drawing helpers ------------------------------------------------------ */

/* Every string from a form, an answer or a file reaches the screen
 * through put_str or draw_wrapped, which pass it through utf8_sanitize:
 * no control or bidi character is ever sent raw.  put_str draws at most
 * cols columns at (y, x). */
static void
put_str(int y, int x, const char *text, int cols)
{
	char *safe = utf8_sanitize(text, 0);

	if (cols > 0)
		mvaddnstr(y, x, safe, (int)utf8_fit(safe, strlen(safe), cols));
	free(safe);
}

/* Takes the form's **bold** marks out of text (in place); bold[i] says
 * whether byte i of what is left was inside them. */
static void
unmark_bold(char *text, char *bold)
{
	char *out = text;
	bool on = false;

	for (char *s = text; *s; s++) {
		if (s[0] == '*' && s[1] == '*') {
			on = !on;
			s++;
			continue;
		}
		bold[out - text] = on;
		*out++ = *s;
	}
	*out = '\0';
}

/* Rows outside [clip_lo, clip_hi) are not drawn: the summary scrolls by
 * drawing from above the screen. */
static int clip_lo = 0, clip_hi = 1 << 20;

/* Draws n bytes of s at (y, x), bold where bold[] says. */
static void
put_run(int y, int x, const char *s, const char *bold, size_t n, int attr)
{
	size_t i = 0;

	if (y < clip_lo || y >= clip_hi)
		return;
	while (i < n) {
		size_t j = i;
		while (j < n && bold[j] == bold[i])
			j++;
		attron(bold[i] ? attr | (int)A_BOLD : attr);
		mvaddnstr(y, x, s + i, (int)(j - i));
		attroff(A_BOLD);
		attron(attr);
		x += utf8_width_n(s + i, j - i);
		i = j;
	}
}

/* Marks a text cut short: "…" after the last word drawn on line y, or
 * over the last column when the line is full. */
static void
mark_cut(int y, int x, int width, int col)
{
	if (y < clip_lo || y >= clip_hi || width < 1)
		return;
	mvaddstr(y, x + (col + 1 < width ? col + 1 : width - 1), "\u2026");
}

/* Draws text wrapped to width columns from (y, x); returns lines used
 * (at most max).  The form's **bold** is drawn bold.  Text that does not
 * fit in max lines ends with "…", so nothing is cut silently. */
static int
draw_wrapped(int y, int x, int width, const char *text, int attr, int max)
{
	int line = 0, col = 0;
	char *safe = utf8_sanitize(text, UTF8_KEEP_NEWLINE);
	char *bold = xmalloc(strlen(safe) + 1);
	const char *s = safe;
	bool cut = false;

	unmark_bold(safe, bold);
	attron(attr);
	while (*s == ' ' || *s == '\n')
		s++;
	while (*s && max > 0 && !cut) {
		size_t word = strcspn(s, " \n");
		int w = utf8_width_n(s, word);
		bool newline = false;

		if (col > 0 && col + 1 + w > width) {
			if (line + 1 >= max) {
				cut = true;
				break;
			}
			line++, col = 0;
		} else if (col > 0) {
			if (y + line >= clip_lo && y + line < clip_hi)
				mvaddch(y + line, x + col, ' ');
			col++;
		}
		while (w > width) { /* a word longer than the line */
			size_t fit = utf8_fit(s, word, width - col);
			put_run(y + line, x + col, s, bold + (s - safe), fit, attr);
			s += fit, word -= fit, w = utf8_width_n(s, word);
			col = width;
			if (line + 1 >= max) {
				cut = true;
				break;
			}
			line++, col = 0;
		}
		if (cut)
			break;
		put_run(y + line, x + col, s, bold + (s - safe), word, attr);
		col += w;
		s += word;
		while (*s == ' ' || *s == '\n')
			newline |= *s++ == '\n';
		if (newline && *s) {
			if (line + 1 >= max)
				cut = true;
			else
				line++, col = 0;
		}
	}
	if (cut)
		mark_cut(y + line, x, width, col);
	attroff(attr);
	free(bold);
	free(safe);
	return line + (col > 0);
}

/* How many rows draw (draw_wrapped or draw_text_lines) would use for
 * text, drawing nothing. */
static int
rows_drawn(int (*draw)(int, int, int, const char *, int, int), int width,
	   const char *text, int max)
{
	int lo = clip_lo, hi = clip_hi, n;

	clip_lo = 1 << 20, clip_hi = 0; /* every row outside */
	n = draw(0, 0, width, text, A_NORMAL, max);
	clip_lo = lo, clip_hi = hi;
	return n;
}

/* How many lines draw_wrapped would use, drawing nothing. */
static int
wrapped_height(int width, const char *text, int max)
{
	return rows_drawn(draw_wrapped, width, text, max);
}

/* A text of several lines drawn from (y, x): each of its lines starts a
 * new row (an empty line stays an empty row) and is wrapped to width;
 * at most max rows, and "…" ends the last one when more did not fit.
 * Draws only inside the clip rows; returns the rows used. */
static int
draw_text_lines(int y, int x, int width, const char *text, int attr, int max)
{
	size_t end = strlen(text);
	int used = 0;

	while (end > 0 && text[end - 1] == '\n') /* no empty rows at the end */
		end--;
	for (size_t at = 0; at < end && used < max;) {
		size_t len = strcspn(text + at, "\n");
		bool more = at + len < end;
		char *line = xstrndup(text + at, len);
		int h = len ? wrapped_height(width, line, 1 << 20) : 1;
		if (more && used + h >= max) { /* the next lines do not fit */
			char *cut = xasprintf("%s \u2026", line);
			free(line);
			line = cut;
		}
		if (*line)
			draw_wrapped(y + used, x, width, line, attr, max - used);
		used += *line ? wrapped_height(width, line, max - used) : 1;
		free(line);
		at += len + 1;
	}
	return used;
}

/* How many rows draw_text_lines would use, drawing nothing. */
static int
text_lines_height(int width, const char *text, int max)
{
	return rows_drawn(draw_text_lines, width, text, max);
}

/* Text drawn line by line as written (aligned columns stay aligned). */
static void
draw_lines(int y, int x, const char *text)
{
	while (*text && y < LINES - 1) {
		size_t len = strcspn(text, "\n");
		mvaddnstr(y++, x, text, (int)utf8_fit(text, len, COLS - x - 1));
		text += len + (text[len] == '\n');
	}
}

static void
draw_bar(int y, const char *left, const char *right, int attr)
{
	int rw = right ? utf8_width(right) : 0;

	attron(attr);
	mvhline(y, 0, ' ', COLS);
	put_str(y, 1, left, COLS - rw - 3);
	if (right)
		put_str(y, COLS - rw - 1, right, rw);
	attroff(attr);
}

/* s cut to cols columns, ending with "…" when it was cut (caller frees). */
static char *
fit_cut(const char *s, int cols)
{
	size_t fit;

	if (cols < 1)
		return xstrdup("");
	if (utf8_width(s) <= cols)
		return xstrdup(s);
	fit = utf8_fit(s, strlen(s), cols - 1);
	return xasprintf("%.*s\u2026", (int)fit, s);
}

/* The form's title and the section: when both do not fit, the title
 * gives way first (the section says where the volunteer is), and what is
 * cut ends with "…". */
static void
draw_header(struct ui *u, const struct iv_item *it)
{
	const char *sep = "  \u00b7  ", *sec = it->section ? it->section : "";
	char right[32], *title, *section, *left;
	int avail, need_sec;

	snprintf(right, sizeof(right), "%d%%  %s", iv_progress(u->s->iv),
		 msg_is_spanish(lang(u)) ? "ES" : "EN");
	avail = COLS - utf8_width(right) - 3;
	need_sec = *sec ? utf8_width(sep) + utf8_width(sec) : 0;
	title = fit_cut(title_of(u, u->f), avail - need_sec > 12 ? avail - need_sec : 12);
	section = fit_cut(sec, avail - utf8_width(title) - utf8_width(sep));
	left = xasprintf("%s%s%s", title, *sec ? sep : "", section);
	draw_bar(0, left, right, term_attr(ROLE_HEADER));
	free(title);
	free(section);
	free(left);
}

/* ---- the one table of actions --------------------------------------------------- */

enum ui_action {
	ACT_NONE, ACT_NEXT, ACT_BACK, ACT_REVIEW, ACT_LANG, ACT_BOTH,
	ACT_DONT_KNOW, ACT_REFUSED, ACT_NOTE, ACT_HELP, ACT_QUIT, ACT_DONE,
};

/* Every action of the question screen: its function key, its control
 * key (for terminals without function keys), its words for the footer
 * and for F1 help.  Key handling, the footer and help all read this. */
static const struct ui_key {
	enum ui_action act;
	int fkey;            /* F1-F12; 0: Enter */
	int ctrl;            /* control character, 0 none */
	enum msg_id word;    /* footer */
	enum msg_id help;    /* help line */
} ui_keys[] = {
	{ACT_NEXT, 0, 0, MSG_KEY_NEXT, MSG_HELP_NEXT},
	/* a multiline text, where Enter starts a new line; in the footer
	 * only there (see footer_shows); elsewhere it does what Enter does */
	{ACT_DONE, 9, CTRL('f'), MSG_KEY_DONE, MSG_HELP_DONE},
	{ACT_BACK, 2, CTRL('b'), MSG_KEY_BACK, MSG_HELP_BACK},
	{ACT_REVIEW, 3, CTRL('r'), MSG_KEY_REVIEW, MSG_HELP_REVIEW},
	{ACT_DONT_KNOW, 6, CTRL('d'), MSG_KEY_DK, MSG_HELP_DK},
	{ACT_REFUSED, 7, CTRL('x'), MSG_KEY_RF, MSG_HELP_RF},
	{ACT_NOTE, 8, CTRL('n'), MSG_KEY_NOTE, MSG_HELP_NOTE},
	{ACT_LANG, 4, CTRL('t'), MSG_KEY_LANG, MSG_HELP_LANG},
	{ACT_BOTH, 5, CTRL('e'), MSG_KEY_BOTH, MSG_HELP_BOTH},
	{ACT_HELP, 1, CTRL('g'), MSG_KEY_HELP, MSG_HELP_HELP},
	{ACT_QUIT, 10, CTRL('q'), MSG_KEY_QUIT, MSG_HELP_QUIT},
};
#define NKEYS (sizeof(ui_keys) / sizeof(*ui_keys))

/* The action of a key on the question screen, ACT_NONE for others. */
static enum ui_action
action_of(int rc, wint_t ch)
{
	if (rc == OK && ch == CTRL('c'))
		return ACT_QUIT;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct ui_key *k = &ui_keys[i];
		if (k->fkey == 0)
			continue;
		if ((rc == KEY_CODE_YES && ch == (wint_t)KEY_F(k->fkey)) ||
		    (rc == OK && ch == (wint_t)k->ctrl))
			return k->act;
	}
	return ACT_NONE;
}

static void
ui_key_name(const struct ui_key *k, char out[8])
{
	if (k->fkey == 0)
		snprintf(out, 8, "Enter");
	else
		snprintf(out, 8, "F%d", k->fkey);
}

static bool current_multiline(struct ui *u);

/* The footer lists every key of the table but F9 "done", which it shows
 * only on a multiline text (where Enter starts a new line instead). */
static bool
footer_shows(struct ui *u, const struct ui_key *k)
{
	return k->act != ACT_DONE || current_multiline(u);
}

/* A key's word in the footer: on a multiline text, Enter's is "new line". */
static const char *
footer_word(struct ui *u, const struct ui_key *k)
{
	return msg(lang(u), k->act == ACT_NEXT && current_multiline(u) ?
		   MSG_KEY_NEWLINE : k->word);
}

/* The footer: every action of the table, key in bold, on one line when
 * it fits, else two; returns the rows used (drawn from the bottom). */
static int
draw_footer(struct ui *u)
{
	int width = COLS - 2, rows = 1, x = 1, attr = term_attr(ROLE_FOOTER);
	int total = 0;

	for (size_t i = 0; i < NKEYS; i++) {
		char name[8];
		if (!footer_shows(u, &ui_keys[i]))
			continue;
		ui_key_name(&ui_keys[i], name);
		total += (int)strlen(name) + 1 + utf8_width(footer_word(u, &ui_keys[i])) + 2;
	}
	rows = total - 2 > width ? 2 : 1;
	attron(attr);
	mvhline(LINES - rows, 0, ' ', COLS);
	if (rows == 2)
		mvhline(LINES - 1, 0, ' ', COLS);
	for (size_t i = 0, y = (size_t)(LINES - rows); i < NKEYS; i++) {
		char name[8];
		const char *word = footer_word(u, &ui_keys[i]);
		int w;
		if (!footer_shows(u, &ui_keys[i]))
			continue;
		ui_key_name(&ui_keys[i], name);
		w = (int)strlen(name) + 1 + utf8_width(word);
		if (x > 1 && x + w > width && (int)y < LINES - 1)
			y++, x = 1;
		attron(A_BOLD);
		mvaddstr((int)y, x, name);
		attroff(A_BOLD);
		attron(attr);
		put_str((int)y, x + (int)strlen(name) + 1, word, COLS - x);
		x += w + 2;
	}
	attroff(attr);
	return rows;
}

/* F1: the table's keys, then the words about lists and dates. */
static void
draw_help(struct ui *u)
{
	int y = 1;

	put_str(y++, 2, msg(lang(u), MSG_UI_HELP), COLS - 4);
	y++;
	for (size_t i = 0; i < NKEYS && y < LINES - 8; i++) {
		const struct ui_key *k = &ui_keys[i];
		char name[8], ctrl[16] = "";
		ui_key_name(k, name);
		if (k->ctrl)
			snprintf(ctrl, sizeof(ctrl), "Ctrl-%c", '@' + k->ctrl);
		mvprintw(y, 2, "%-5s %-7s", name, ctrl);
		put_str(y++, 16, msg(lang(u), k->help), COLS - 18);
	}
	draw_lines(y + 1, 2, msg(lang(u), MSG_UI_HELP_TAIL));
}

static void
draw_error(struct ui *u)
{
	if (u->error == NULL)
		return;
	attron(term_attr(ROLE_ERROR));
	mvaddstr(LINES - 4, 2, "! ");
	attroff(term_attr(ROLE_ERROR));
	draw_wrapped(LINES - 4, 4, COLS - 6, u->error, term_attr(ROLE_ERROR), 2);
}

/* ---- the question screen ------------------------------------------------------ */

static bool
is_choice_item(const struct iv_item *it)
{
	return it->kind == IV_REPEAT_PROMPT || it->choices != NULL;
}

static size_t
nchoices(struct ui *u, const struct iv_item *it)
{
	(void)u;
	return it->kind == IV_REPEAT_PROMPT ? 2 : it->nchoices;
}

static const char *
choice_name(const struct iv_item *it, size_t i)
{
	if (it->kind == IV_REPEAT_PROMPT)
		return i == 0 ? "yes" : "no";
	return it->choices[i].name;
}

static const char *
choice_text(struct ui *u, const struct iv_item *it, size_t i)
{
	if (it->kind == IV_REPEAT_PROMPT)
		return msg(lang(u), i == 0 ? MSG_YES : MSG_NO);
	return it->choices[i].label;
}

static bool
in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static bool
is_multi(const struct iv_item *it)
{
	return it->field && it->field->type == Q_SELECT_MULTIPLE &&
	       it->kind == IV_QUESTION;
}

static bool
is_marked(struct ui *u, const struct iv_item *it, size_t i)
{
	if (is_multi(it))
		return in_list(strbuf_str(&u->multi), choice_name(it, i));
	return u->choice == i;
}

/* True when choice i matches the letters typed: its label in any of
 * the form's languages, or its code, contains them (folded: "haiti"
 * finds "Haití"). */
static bool
choice_matches(struct ui *u, const struct iv_item *it, size_t i)
{
	const struct form_list *l = it->field ? it->field->list : NULL;
	const char *name = choice_name(it, i);

	if (u->filter.len == 0)
		return true;
	if (utf8_fold_contains(name, strbuf_str(&u->filter)) ||
	    utf8_fold_contains(choice_text(u, it, i), strbuf_str(&u->filter)))
		return true;
	for (size_t k = 0; l && it->kind == IV_QUESTION && k < l->n; k++) {
		if (strcmp(l->choices[k].name, name) != 0 || !l->choices[k].label)
			continue;
		for (size_t g = 0; g < u->f->nlangs; g++)
			if (l->choices[k].label[g] &&
			    utf8_fold_contains(l->choices[k].label[g], strbuf_str(&u->filter)))
				return true;
	}
	return false;
}

/* The options shown (all, or those the typed letters match), as
 * indices into the item's choices.  Caller frees *out. */
static size_t
visible_choices(struct ui *u, const struct iv_item *it, size_t **out)
{
	size_t n = nchoices(u, it), k = 0;

	*out = xreallocarray(NULL, n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		if (choice_matches(u, it, i))
			(*out)[k++] = i;
	return k;
}

/* Where in the visible list the cursor is, or 0. */
static size_t
visible_index(const size_t *vis, size_t nvis, size_t choice)
{
	for (size_t k = 0; k < nvis; k++)
		if (vis[k] == choice)
			return k;
	return 0;
}

/* A choice's label wraps onto at most this many lines. */
#define CHOICE_MAX_LINES 3

/* The "12. (*) " before a choice's label. */
static void
choice_mark(struct ui *u, const struct iv_item *it, size_t i, char *mark,
	    size_t size)
{
	snprintf(mark, size, "%2zu. %s ", i + 1,
		 is_multi(it) ? (is_marked(u, it, i) ? "[x]" : "[ ]") :
				(is_marked(u, it, i) ? "(*)" : "( )"));
}

/* Lines choice i takes on the screen: long labels wrap. */
static int
choice_height(struct ui *u, const struct iv_item *it, size_t i)
{
	char mark[40];
	int n;

	choice_mark(u, it, i, mark, sizeof(mark));
	n = wrapped_height(COLS - 6 - (int)strlen(mark), choice_text(u, it, i),
			   CHOICE_MAX_LINES);
	return n > 0 ? n : 1;
}

/* Draws choice i from line y, at most max lines; returns lines used. */
static int
draw_choice_row(struct ui *u, const struct iv_item *it, size_t i, int y,
		int max)
{
	char mark[40];
	int attr = i == u->choice ? term_attr(ROLE_SELECTED) : (int)A_NORMAL, n;

	choice_mark(u, it, i, mark, sizeof(mark));
	attron(attr);
	mvaddstr(y, 4, mark);
	attroff(attr);
	n = draw_wrapped(y, 4 + (int)strlen(mark), COLS - 6 - (int)strlen(mark),
			 choice_text(u, it, i), attr,
			 max < CHOICE_MAX_LINES ? max : CHOICE_MAX_LINES);
	return n > 0 ? n : 1;
}

/* The first visible option to draw so that the one at index at, and all
 * after the first up to it, fit in rows lines. */
static size_t
choices_top(struct ui *u, const struct iv_item *it, const size_t *vis,
	    size_t at, int rows)
{
	size_t top = at;
	int used = choice_height(u, it, vis[at]);

	while (top > 0) {
		int h = choice_height(u, it, vis[top - 1]);
		if (used + h > rows)
			break;
		used += h;
		top--;
	}
	return top;
}

static void
draw_choices(struct ui *u, const struct iv_item *it, int y, int rows)
{
	size_t *vis, nvis = visible_choices(u, it, &vis), top = 0, at, k;
	int used = 0, total = 0;

	if (u->filter.len > 0) {
		char *line = xasprintf(msg(lang(u), MSG_UI_FILTER),
				       strbuf_str(&u->filter), nvis, nchoices(u, it));
		put_str(y++, 4, line, COLS - 6);
		free(line);
		rows--;
	}
	if (rows < 2)
		rows = 2;
	at = visible_index(vis, nvis, u->choice);
	for (k = 0; k < nvis && total <= rows; k++)
		total += choice_height(u, it, vis[k]);
	if (total > rows)
		rows--; /* room for the "n-m / N" line */
	if (nvis > 0 && at > 0)
		top = choices_top(u, it, vis, at, rows);
	for (k = top; k < nvis && used < rows; k++)
		used += draw_choice_row(u, it, vis[k], y + used, rows - used);
	if (total > rows) {
		char more[64];
		snprintf(more, sizeof(more), "%zu-%zu / %zu", top + 1, k, nvis);
		mvaddstr(y + rows, 4, more);
	}
	free(vis);
}

/* Under a date being typed: how it reads, spelled out in the interface
 * language, or the order expected; a date of appearance month-year or
 * year reads as its month ("August 2015") or year only. */
static void
draw_date_reading(struct ui *u, const struct iv_item *it, int y)
{
	bool es = msg_is_spanish(lang(u)) != 0;
	enum qdate_part part = qvalue_date_part(it->field);
	int yy, mm, dd;
	enum msg_id err;
	char *line;

	if (u->edit.len > 0 && qvalue_parse_date_part(strbuf_str(&u->edit), part,
						      es, &yy, &mm, &dd, &err)) {
		char *words = qvalue_date_part_words(yy, mm, dd, part, es);
		line = xasprintf("= %s", words);
		free(words);
		attron(term_attr(ROLE_TITLE));
		put_str(y, 4, line, COLS - 6);
		attroff(term_attr(ROLE_TITLE));
	} else {
		line = xstrdup(msg(lang(u), part == QDATE_YEAR ? MSG_UI_YEAR_ORDER :
				   part == QDATE_MONTH_YEAR ?
				   MSG_UI_MONTH_YEAR_ORDER : MSG_UI_DATE_ORDER));
		attron(term_attr(ROLE_HINT));
		put_str(y, 4, line, COLS - 6);
		attroff(term_attr(ROLE_HINT));
	}
	free(line);
}

/* Where line `line` (0-based) of text starts, or its length when the
 * text has fewer lines. */
static size_t
line_start(const char *text, size_t line)
{
	size_t i = 0;

	while (line > 0 && text[i] != '\0')
		if (text[i++] == '\n')
			line--;
	return i;
}

/* The line the byte offset cur is on, and where that line starts. */
static size_t
line_of(const char *text, size_t cur, size_t *start)
{
	size_t line = 0;

	*start = 0;
	for (size_t i = 0; i < cur && text[i]; i++)
		if (text[i] == '\n')
			line++, *start = i + 1;
	return line;
}

/* A multiline text: a window of its lines, one row each (the cursor's
 * row scrolled sideways as the one-line editor does), the volunteer's
 * keys under it. */
static void
draw_multiline(struct ui *u, int y)
{
	const char *text = strbuf_str(&u->edit);
	int avail = COLS - 8, rows = LINES - y - 8, show;
	size_t cur_start, cur_line = line_of(text, u->cursor, &cur_start);
	size_t nlines = 1, top;

	for (const char *c = text; *c; c++)
		nlines += *c == '\n';
	rows = rows < 2 ? 2 : rows > 8 ? 8 : rows;
	show = nlines > 3 ? (int)nlines : 3;
	show = show > rows ? rows : show;
	top = cur_line + 1 > (size_t)show ? cur_line + 1 - (size_t)show : 0;
	for (int r = 0; r < show; r++) {
		size_t idx = top + (size_t)r, s, e, from;
		mvaddstr(y + r, 2, r == 0 ? "> " : "  ");
		attron(A_UNDERLINE);
		mvhline(y + r, 4, ' ', avail);
		if (u->pristine && u->edit.len > 0)
			attron(A_REVERSE);
		if (idx < nlines) {
			char *row;
			s = e = from = line_start(text, idx);
			while (text[e] && text[e] != '\n')
				e++;
			if (idx == cur_line) {
				int before = utf8_width_n(text + s, u->cursor - s);
				while (before - utf8_width_n(text + s, from - s) > avail - 1)
					from = utf8_next(text, e, from);
				u->cy = y + r;
				u->cx = 4 + before - utf8_width_n(text + s, from - s);
			}
			row = xstrndup(text + from, e - from);
			put_str(y + r, 4, row, avail);
			free(row);
		}
		attroff(A_UNDERLINE | A_REVERSE);
	}
	attron(term_attr(ROLE_HINT));
	put_str(y + show, 4, msg(lang(u), MSG_UI_MULTILINE), COLS - 6);
	attroff(term_attr(ROLE_HINT));
}

static void
draw_editor(struct ui *u, const struct iv_item *it, int y)
{
	int avail = COLS - 8, before = utf8_width_n(strbuf_str(&u->edit), u->cursor);
	const char *text = strbuf_str(&u->edit);
	size_t start = 0;

	while (before - utf8_width_n(text, start) > avail - 1)
		start = utf8_next(text, u->edit.len, start);
	mvaddstr(y, 2, "> ");
	attron(A_UNDERLINE);
	mvhline(y, 4, ' ', avail);
	if (u->pristine && u->edit.len > 0)
		attron(A_REVERSE); /* shown selected: typing replaces it */
	put_str(y, 4, text + start, avail);
	attroff(A_UNDERLINE | A_REVERSE);
	u->cy = y;
	u->cx = 4 + before - utf8_width_n(text, start);
	if (it->field && (it->field->type == Q_DATE || it->field->type == Q_DATETIME))
		draw_date_reading(u, it, y + 1);
}

/* The label of the current question in the other language, for the
 * side-by-side view; NULL when the form has only one. */
static char *
other_label(struct ui *u, const struct iv_item *it)
{
	const struct form *f = u->f;
	size_t cur = iv_lang_index(u->s->iv);

	if (f->nlangs < 2 || it->field == NULL || it->kind == IV_REPEAT_PROMPT)
		return NULL;
	for (size_t i = 0; i < f->nlangs; i++) {
		if (i != cur && it->field->label && it->field->label[i])
			return iv_fill(u->s->iv, it->field->label[i], it->path);
	}
	return NULL;
}

/* The end: the form's summary, then the confirmation. */
/* The end: the form's summary, all of it, scrolled by summary_top. */
static void
draw_summary(struct ui *u, int y, int w)
{
	char **lines;
	size_t n = iv_summary(u->s->iv, &lines);
	int top = y, bottom = LINES - 4, height = 0;

	if (u->summary_top < 0)
		u->summary_top = 0;
	clip_lo = top, clip_hi = bottom;
	y -= u->summary_top;
	height += draw_wrapped(y + height, 2, w, msg(lang(u), MSG_UI_END),
			       term_attr(ROLE_TITLE), 1 << 20) + 1;
	for (size_t i = 0; i < n; i++) {
		height += draw_wrapped(y + height, 2, w, lines[i], A_NORMAL, 1 << 20) + 1;
		free(lines[i]);
	}
	free(lines);
	clip_lo = 0, clip_hi = 1 << 20;
	u->summary_lines = height;
	if (u->summary_top > height - (bottom - top))
		u->summary_top = height - (bottom - top) > 0 ? height - (bottom - top) : 0;
	if (u->summary_top + (bottom - top) < height)
		put_str(bottom, 2, msg(lang(u), MSG_UI_MORE), COLS - 4);
}

/* Up/Down, PgUp/PgDn, Home/End move the summary; true when taken. */
static bool
summary_key(struct ui *u, int rc, wint_t ch)
{
	int page = LINES - 8 > 1 ? LINES - 8 : 1;

	if (rc != KEY_CODE_YES)
		return false;
	switch (ch) {
	case KEY_UP: u->summary_top--; break;
	case KEY_DOWN: u->summary_top++; break;
	case KEY_PPAGE: u->summary_top -= page; break;
	case KEY_NPAGE: u->summary_top += page; break;
	case KEY_HOME: u->summary_top = 0; break;
	case KEY_END: u->summary_top = u->summary_lines; break;
	default: return false;
	}
	if (u->summary_top < 0)
		u->summary_top = 0;
	if (u->summary_top > u->summary_lines)
		u->summary_top = u->summary_lines;
	return true;
}

/* Lines a label may take from line y: a note or a read-only item has
 * the screen down to "Press Enter"; a question keeps room for its
 * hint, answer and the error line.  Never fewer than 6. */
static int
label_room(const struct iv_item *it, int y)
{
	int room = it->kind == IV_NOTE || it->read_only ? LINES - y - 7 :
							LINES - y - 14;
	return room > 6 ? room : 6;
}

/* A rank's options, numbered, and the line saying what to type (a
 * rank's keys, a range's bounds, a media file); the row for the editor.
 * A date's guide (month-year, year) is not drawn: the line under its
 * editor says what to type, then how it reads. */
static int
draw_guide(const struct iv_item *it, int y, int w)
{
	int room = LINES - y - 6; /* keep the editor and the key bar */

	if (it->field && it->field->type == Q_DATE)
		return y;

	for (size_t i = 0; i < it->norder && room > 1; i++, room--) {
		char *line = xasprintf("%zu. %s", i + 1, it->order[i].label);
		put_str(y++, 4, line, w - 2);
		free(line);
	}
	if (it->guide && room > 0)
		y += draw_wrapped(y, 2, w, it->guide, term_attr(ROLE_HINT), 2);
	return it->norder > 0 || it->guide ? y + 1 : y;
}

static void
draw_question(struct ui *u, const struct iv_item *it)
{
	int y = 2, w = COLS - 4;
	char *other;

	draw_header(u, it);
	if (it->kind == IV_END) {
		draw_summary(u, y, w);
		return;
	}
	if (it->required && it->kind == IV_QUESTION)
		mvaddstr(y, COLS - 3, "*"); /* beside the label, never over it */
	y += draw_wrapped(y, 2, w - 3, it->label, term_attr(ROLE_TITLE),
			  label_room(it, y));
	if (u->both && (other = other_label(u, it)) != NULL) {
		y += draw_wrapped(y, 2, w, other, term_attr(ROLE_HINT), 4);
		free(other);
	}
	if (it->hint)
		y += draw_wrapped(y + 1, 2, w, it->hint, term_attr(ROLE_HINT), 3) + 1;
	if (it->state == IV_DONT_KNOW || it->state == IV_REFUSED) {
		char *cur = xasprintf(msg(lang(u), MSG_PL_CURRENT),
				      msg(lang(u), it->state == IV_DONT_KNOW ?
					  MSG_DONT_KNOW : MSG_REFUSED));
		attron(term_attr(ROLE_TITLE));
		put_str(++y, 2, cur, w);
		attroff(term_attr(ROLE_TITLE));
		free(cur);
	}
	if (*it->note) {
		char *n = xasprintf(msg(lang(u), MSG_PL_NOTE), it->note);
		y++;
		y += draw_wrapped(y, 2, w, n, term_attr(ROLE_HINT), 2);
		free(n);
	}
	y += 2;
	if (is_choice_item(it))
		draw_choices(u, it, y, LINES - y - 5);
	else if (it->kind == IV_NOTE || it->read_only) {
		if (it->read_only && it->kind == IV_QUESTION && *it->value)
			y += draw_wrapped(y, 4, w - 2, it->value, term_attr(ROLE_TITLE), 3) + 1;
		mvaddstr(y, 2, msg(lang(u), MSG_PL_PRESS_ENTER));
	}
	else if (it->multiline)
		draw_multiline(u, draw_guide(it, y, w));
	else
		draw_editor(u, it, draw_guide(it, y, w));
}

/* ---- keeping the edit state with its item --------------------------------- */

static size_t
index_of(const struct iv_item *it, const char *name, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(choice_name(it, i), name) == 0)
			return i;
	return NO_CHOICE;
}

/* When the engine moved to another item, start its edit state afresh
 * from the stored answer. */
static void
sync_item(struct ui *u, const struct iv_item *it)
{
	if (u->item_path && strcmp(u->item_path, it->path) == 0)
		return;
	u->summary_top = 0;
	free(u->item_path);
	u->item_path = xstrdup(it->path);
	strbuf_reset(&u->edit);
	strbuf_reset(&u->multi);
	strbuf_reset(&u->filter);
	u->number = 0;
	u->touched = false;
	set_error(u, NULL);
	if (it->state == IV_ANSWERED)
		strbuf_puts(&u->edit, it->value);
	if (it->field && qvalue_date_part(it->field) != QDATE_FULL &&
	    u->edit.len == 10) /* what was asked: 2015-08 of 2015-08-01 */
		strbuf_truncate(&u->edit, qvalue_date_part(it->field) ==
				QDATE_YEAR ? 4 : 7);
	u->cursor = u->edit.len;
	/* a stored text shows selected, typing replaces it; not a text of
	 * several lines, which is rather added to */
	u->pristine = u->edit.len > 0 && !it->multiline;
	strbuf_puts(&u->multi, it->state == IV_ANSWERED ? it->value : "");
	/* a single choice shows its stored answer selected, and nothing
	 * when there is none (or it is don't know / refused) */
	u->choice = is_choice_item(it) && !is_multi(it) &&
		    (it->state == IV_ANSWERED || it->kind == IV_REPEAT_PROMPT) ?
		    index_of(it, it->value, nchoices(u, it)) : NO_CHOICE;
	if (is_multi(it) && nchoices(u, it) > 0)
		u->choice = 0; /* a cursor only: marks are made with Space */
}

static void
save_draft(struct ui *u)
{
	struct diag d = DIAG_INIT;

	if (session_save(u->s, &d) != 0 && d.n > 0)
		set_error(u, d.v[0].message);
	diag_free(&d);
}

/* ---- actions ---------------------------------------------------------------------- */

static void
finish(struct ui *u)
{
	struct iv_error err = {0};
	struct diag d = DIAG_INIT;

	if (!iv_finish(u->s->iv, &err)) {
		set_error(u, err.message);
		iv_error_clear(&err);
		return;
	}
	if (session_finish(u->s, &d) != 0) {
		set_error(u, d.n ? d.v[0].message : "cannot save");
	} else {
		free(u->saved_id);
		u->saved_id = xstrdup(u->s->discarded ? "-" : iv_meta(u->s->iv, "intake_code"));
		u->screen = SCR_SAVED;
		u->summary_top = 0;
	}
	diag_free(&d);
}

static void return_to_review(struct ui *u, const char *changed);

/* After an answer was stored and the interview moved on: saved, and
 * back to review when the question was opened from there. */
static void
moved_on(struct ui *u, const char *path)
{
	save_draft(u);
	if (u->from_review)
		return_to_review(u, path);
}

/* What Enter stores for a list: NULL to keep the stored answer (the
 * volunteer did nothing here: an answer, don't know or refused stays),
 * "" when nothing is chosen and there is nothing to keep. */
static const char *
list_input(struct ui *u, const struct iv_item *it)
{
	if (is_multi(it))
		return u->touched ? strbuf_str(&u->multi) :
		       it->state != IV_EMPTY ? NULL : "";
	if (u->choice == NO_CHOICE)
		return it->state != IV_EMPTY ? NULL : "";
	if (it->state == IV_ANSWERED && strcmp(it->value, choice_name(it, u->choice)) == 0)
		return NULL;
	return choice_name(it, u->choice);
}

/* Enter on a list with nothing chosen says what to do; true when it
 * did (the screen stays).  An optional single choice left empty moves
 * on with no answer. */
static bool
nothing_chosen(struct ui *u, const struct iv_item *it, const char *input)
{
	char *m;

	if (input == NULL || *input != '\0' || nchoices(u, it) == 0 ||
	    (!it->required && it->kind != IV_REPEAT_PROMPT))
		return false;
	m = xasprintf(msg(lang(u), it->kind == IV_REPEAT_PROMPT ? MSG_UI_CHOOSE_YN :
			  MSG_UI_CHOOSE), nchoices(u, it));
	set_error(u, m);
	free(m);
	return true;
}

/* Enter: store what is on screen, then move on. */
static void
commit(struct ui *u, const struct iv_item *it)
{
	struct iv_error err = {0};
	bool ok = true;
	char *path;

	if (it->kind == IV_END) {
		finish(u);
		return;
	}
	if (is_choice_item(it)) {
		const char *v = list_input(u, it);
		if (nothing_chosen(u, it, v))
			return;
		if (v != NULL && *v != '\0')
			ok = iv_answer(u->s->iv, v, &err);
		else if (v != NULL && it->state != IV_EMPTY)
			ok = iv_answer(u->s->iv, "", &err); /* all unmarked */
	} else if (it->kind == IV_QUESTION && !it->read_only &&
		   it->field->type == Q_ACKNOWLEDGE && u->edit.len == 0) {
		ok = iv_answer(u->s->iv, "OK", &err); /* Enter acknowledges */
	} else if (it->kind == IV_QUESTION && !it->read_only &&
		   (u->edit.len > 0 || it->state == IV_ANSWERED)) {
		ok = iv_answer(u->s->iv, strbuf_str(&u->edit), &err);
	}
	path = xstrdup(it->path); /* it changes when the interview moves */
	if (ok)
		ok = iv_next(u->s->iv, &err);
	if (!ok) {
		/* leaving a field-list page may stop at an earlier question */
		sync_item(u, iv_current(u->s->iv));
		set_error(u, err.message);
		iv_error_clear(&err);
	} else {
		moved_on(u, path);
	}
	free(path);
}

static void
mark_state(struct ui *u, enum iv_state st)
{
	struct iv_error err = {0};
	char *path = xstrdup(iv_current(u->s->iv)->path);

	if (!iv_set_state(u->s->iv, st, &err) || !iv_next(u->s->iv, &err)) {
		set_error(u, err.message);
		iv_error_clear(&err);
	} else {
		moved_on(u, path);
	}
	free(path);
}

static void
toggle_language(struct ui *u)
{
	const struct form *f = u->f;
	size_t next = (iv_lang_index(u->s->iv) + 1) % (f->nlangs ? f->nlangs : 1);

	if (f->nlangs > 1)
		iv_set_lang(u->s->iv, f->langs[next].code);
	save_draft(u);
}

static void
toggle_choice(struct ui *u, const struct iv_item *it, size_t i)
{
	const char *name = choice_name(it, i);
	struct strbuf out = STRBUF_INIT;
	bool on = in_list(strbuf_str(&u->multi), name);

	/* rebuilt in list order, the way the engine stores it */
	for (size_t k = 0; k < nchoices(u, it); k++) {
		const char *nk = choice_name(it, k);
		bool keep = k == i ? !on : in_list(strbuf_str(&u->multi), nk);
		if (keep) {
			if (out.len)
				strbuf_putc(&out, ' ');
			strbuf_puts(&out, nk);
		}
	}
	strbuf_free(&u->multi);
	u->multi = out;
	u->touched = true;
}

/* After the filter changed: the cursor goes to the first option still
 * shown (for a single choice, that selects it), or nowhere. */
static void
refilter(struct ui *u, const struct iv_item *it)
{
	size_t *vis, nvis = visible_choices(u, it, &vis);
	bool still = false;

	for (size_t k = 0; k < nvis; k++)
		still |= vis[k] == u->choice;
	if (!still)
		u->choice = nvis > 0 ? vis[0] : NO_CHOICE;
	free(vis);
}

/* The monotonic time in milliseconds; scripts have their own clock. */
static long
now_ms(void)
{
	struct timespec ts;

	if (script_active())
		return script_clock_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A digit in a list: digits typed without a pause make one number ("1"
 * "2" is option 12 when there are 12 or more). */
static void
choice_digit(struct ui *u, const struct iv_item *it, unsigned d)
{
	size_t n = nchoices(u, it);
	long now = now_ms();
	unsigned num = u->number * 10 + d;
	bool more = u->number > 0 && now - u->number_ms < DIGIT_PAUSE_MS &&
		    num >= 1 && num <= n;

	if (!more)
		num = d;
	if (more && is_multi(it) && u->choice != NO_CHOICE)
		toggle_choice(u, it, u->choice); /* "1" was the start of "12" */
	u->number = num;
	u->number_ms = now;
	if (num < 1 || num > n)
		return;
	strbuf_reset(&u->filter);
	u->choice = num - 1;
	if (is_multi(it))
		toggle_choice(u, it, u->choice);
}

/* Moves the cursor by delta among the options shown. */
static void
choice_move(struct ui *u, const struct iv_item *it, long delta)
{
	size_t *vis, nvis = visible_choices(u, it, &vis);
	long at;

	if (nvis > 0) {
		at = u->choice == NO_CHOICE ? (delta > 0 ? -1 : (long)nvis) :
		     (long)visible_index(vis, nvis, u->choice);
		at += delta;
		if (at < 0)
			at = 0;
		if (at >= (long)nvis)
			at = (long)nvis - 1;
		u->choice = vis[at];
	}
	free(vis);
}

/* ---- keys -------------------------------------------------------------------------- */

static bool
is_enter(int rc, wint_t ch)
{
	return (rc == OK && (ch == '\r' || ch == '\n')) ||
	       (rc == KEY_CODE_YES && ch == KEY_ENTER);
}

static void
open_note(struct ui *u, const struct iv_item *it)
{
	if (it->kind != IV_QUESTION)
		return;
	strbuf_reset(&u->note); /* the answer being typed stays in edit */
	strbuf_puts(&u->note, it->note);
	u->note_cursor = u->note.len;
	u->screen = SCR_NOTE;
}

static void open_review(struct ui *u, const struct iv_item *it);

/* Keys that work on the question screen whatever the input (the
 * actions of ui_keys but Enter). */
static bool
global_key(struct ui *u, const struct iv_item *it, int rc, wint_t ch)
{
	switch (action_of(rc, ch)) {
	case ACT_QUIT: u->quit = true; break;
	case ACT_HELP: u->screen = SCR_HELP; break;
	case ACT_BACK:
		if (!iv_back(u->s->iv))
			set_error(u, msg(lang(u), MSG_PL_NO_BACK));
		break;
	case ACT_REVIEW: open_review(u, it); break;
	case ACT_LANG: toggle_language(u); break;
	case ACT_BOTH: u->both = !u->both; break;
	case ACT_DONT_KNOW: mark_state(u, IV_DONT_KNOW); break;
	case ACT_REFUSED: mark_state(u, IV_REFUSED); break;
	case ACT_NOTE: open_note(u, it); break;
	case ACT_DONE: commit(u, it); break;
	default: return false;
	}
	return true;
}

static void
edit_key(struct strbuf *sb, size_t *cur, int rc, wint_t ch)
{
	char enc[4];
	size_t n;

	if (rc == OK && ch >= 0x20 && ch != 0x7f) {
		char *rest = xstrdup(sb->buf ? sb->buf + *cur : "");
		n = utf8_encode((uint32_t)ch, enc);
		strbuf_truncate(sb, *cur);
		strbuf_add(sb, enc, n);
		strbuf_puts(sb, rest);
		*cur += n;
		free(rest);
	} else if ((rc == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
		   (rc == OK && (ch == 0x7f || ch == 8))) {
		size_t prev = utf8_prev(strbuf_str(sb), *cur);
		char *rest = xstrdup(strbuf_str(sb) + *cur);
		strbuf_truncate(sb, prev);
		strbuf_puts(sb, rest);
		*cur = prev;
		free(rest);
	} else if (rc == KEY_CODE_YES && ch == KEY_DC && *cur < sb->len) {
		size_t next = utf8_next(sb->buf, sb->len, *cur);
		char *rest = xstrdup(sb->buf + next);
		strbuf_truncate(sb, *cur);
		strbuf_puts(sb, rest);
		free(rest);
	} else if (rc == KEY_CODE_YES && ch == KEY_LEFT) {
		*cur = utf8_prev(strbuf_str(sb), *cur);
	} else if (rc == KEY_CODE_YES && ch == KEY_RIGHT) {
		*cur = utf8_next(strbuf_str(sb), sb->len, *cur);
	} else if ((rc == KEY_CODE_YES && ch == KEY_HOME) || (rc == OK && ch == CTRL('a'))) {
		*cur = 0;
	} else if (rc == KEY_CODE_YES && ch == KEY_END) {
		*cur = sb->len;
	}
}

static bool
is_backspace(int rc, wint_t ch)
{
	return (rc == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
	       (rc == OK && (ch == 0x7f || ch == 8));
}

static void
choice_key(struct ui *u, const struct iv_item *it, int rc, wint_t ch)
{
	size_t n = nchoices(u, it);

	if (n == 0)
		return;
	if (!(rc == OK && ch >= '0' && ch <= '9'))
		u->number = 0; /* anything but a digit ends a number */
	if (rc == KEY_CODE_YES && ch == KEY_UP)
		choice_move(u, it, -1);
	else if (rc == KEY_CODE_YES && ch == KEY_DOWN)
		choice_move(u, it, 1);
	else if (rc == KEY_CODE_YES && ch == KEY_PPAGE)
		choice_move(u, it, -10);
	else if (rc == KEY_CODE_YES && ch == KEY_NPAGE)
		choice_move(u, it, 10);
	else if (rc == KEY_CODE_YES && ch == KEY_HOME)
		choice_move(u, it, -(long)n);
	else if (rc == KEY_CODE_YES && ch == KEY_END)
		choice_move(u, it, (long)n);
	else if (rc == OK && ch >= '0' && ch <= '9')
		choice_digit(u, it, (unsigned)(ch - '0'));
	else if (rc == OK && ch == ' ' && is_multi(it)) {
		if (u->choice != NO_CHOICE)
			toggle_choice(u, it, u->choice);
	} else if (is_backspace(rc, ch) && u->filter.len > 0) {
		strbuf_truncate(&u->filter, utf8_prev(strbuf_str(&u->filter), u->filter.len));
		refilter(u, it);
	} else if (rc == OK && ch == 27 && u->filter.len > 0) {
		strbuf_reset(&u->filter);
	} else if (rc == OK && ch >= 0x20 && ch != 0x7f &&
		   (ch != ' ' || u->filter.len > 0)) {
		char enc[4];
		strbuf_add(&u->filter, enc, utf8_encode((uint32_t)ch, enc));
		refilter(u, it);
	}
}

/* Up and Down between the lines of a multiline text (to the same
 * column or the line's end), Home and End within the line, Enter a new
 * line.  False for the other keys. */
static bool
multiline_key(struct ui *u, int rc, wint_t ch)
{
	const char *text = strbuf_str(&u->edit);
	size_t start, line = line_of(text, u->cursor, &start), to, end;
	int col = utf8_width_n(text + start, u->cursor - start);

	if (is_enter(rc, ch)) {
		if (u->pristine)
			u->cursor = u->edit.len; /* Enter adds, never replaces */
		edit_key(&u->edit, &u->cursor, OK, 0x20);
		u->edit.buf[u->cursor - 1] = '\n';
	} else if (rc == KEY_CODE_YES && (ch == KEY_UP || ch == KEY_DOWN)) {
		if (ch == KEY_UP && line == 0)
			return true;
		to = line_start(text, ch == KEY_UP ? line - 1 : line + 1);
		if (ch == KEY_DOWN && (to == u->edit.len && text[to - 1] != '\n'))
			return true;
		for (end = to; text[end] && text[end] != '\n' &&
		     utf8_width_n(text + to, end - to) < col;)
			end = utf8_next(text, u->edit.len, end);
		u->cursor = end;
	} else if (rc == KEY_CODE_YES && ch == KEY_HOME) {
		u->cursor = start;
	} else if (rc == KEY_CODE_YES && ch == KEY_END) {
		for (end = u->cursor; text[end] && text[end] != '\n'; end++)
			;
		u->cursor = end;
	} else {
		return false;
	}
	u->pristine = false;
	return true;
}

static bool
current_multiline(struct ui *u)
{
	return u->screen == SCR_QUESTION && u->s != NULL &&
	       iv_current(u->s->iv)->multiline && !iv_current(u->s->iv)->read_only;
}

static void
question_key(struct ui *u, const struct iv_item *it, int rc, wint_t ch)
{
	if (global_key(u, it, rc, ch))
		return;
	if (it->kind == IV_QUESTION && it->multiline && !it->read_only &&
	    multiline_key(u, rc, ch)) {
		set_error(u, NULL);
		return;
	}
	if (is_enter(rc, ch)) {
		commit(u, it);
		return;
	}
	set_error(u, NULL); /* a key answers the last message */
	if (it->kind == IV_END) {
		summary_key(u, rc, ch);
	} else if (is_choice_item(it)) {
		choice_key(u, it, rc, ch);
	} else if (it->kind == IV_QUESTION && !it->read_only) {
		if (u->pristine && rc == OK && ch >= 0x20 && ch != 0x7f) {
			strbuf_reset(&u->edit); /* typing replaces what was shown */
			u->cursor = 0;
		}
		u->pristine = false;
		edit_key(&u->edit, &u->cursor, rc, ch);
	}
}

/* ---- the other screens -------------------------------------------------------------- */

static void
free_paths(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

static bool
has_path(char *const *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], path) == 0)
			return true;
	return false;
}

/* F3: review opens on the current question when it is listed. */
static void
open_review(struct ui *u, const struct iv_item *it)
{
	const struct iv_review *r;
	size_t n = iv_review(u->s->iv, &r);

	free(u->frontier);
	u->frontier = xstrdup(it->kind == IV_END ? "" : it->path);
	u->review_cursor = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].path, it->path) == 0)
			u->review_cursor = u->nfresh + i;
	u->screen = SCR_REVIEW;
}

/* After a change made from review: back to review, on that question,
 * with any question the change made relevant pointed out. */
static void
return_to_review(struct ui *u, const char *changed)
{
	const struct iv_review *r;
	char **now;
	size_t nnow = iv_unanswered(u->s->iv, &now), n;

	free_paths(&u->fresh, &u->nfresh);
	for (size_t i = 0; i < nnow; i++) {
		if (has_path(u->before, u->nbefore, now[i])) {
			free(now[i]);
			continue;
		}
		u->fresh = xreallocarray(u->fresh, u->nfresh + 1, sizeof(*u->fresh));
		u->fresh[u->nfresh++] = now[i];
	}
	free(now);
	n = iv_review(u->s->iv, &r);
	u->review_cursor = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].path, changed) == 0)
			u->review_cursor = u->nfresh + i;
	u->from_review = false;
	u->screen = SCR_REVIEW;
}

/* An answer of several lines, or too long for the answer column, is
 * shown under its question's row instead, wrapped and indented, in at
 * most this many rows (cut with "…"). */
#define REVIEW_ANSWER_ROWS 4
#define REVIEW_ANSWER_X 6

/* Columns of a review row (question and answer column). */
static int
review_width(void)
{
	return COLS - 6;
}

/* Columns of an answer shown under its question. */
static int
below_width(void)
{
	return COLS - REVIEW_ANSWER_X - 3;
}

/* True when the answer goes under its question's row: it has line
 * breaks, or does not fit in the answer column whole. */
static bool
answer_below(const struct iv_review *r)
{
	return strchr(r->value, '\n') != NULL ||
	       utf8_width(r->value) > review_width() / 2;
}

/* One review row: the label cut with "…" so that the answer (and its
 * marks) always shows whole at the right. */
static void
draw_review_row(int y, const char *label, const char *answer, bool selected)
{
	int width = review_width(), aw = utf8_width(answer), lw;
	char *safe = utf8_sanitize(label, 0);
	int attr = selected ? term_attr(ROLE_SELECTED) : (int)A_NORMAL;

	if (aw > width / 2)
		aw = width / 2;
	lw = width - aw - 2;
	attron(attr);
	mvhline(y, 2, ' ', COLS - 4);
	if (utf8_width(safe) > lw) {
		size_t fit = utf8_fit(safe, strlen(safe), lw - 1);
		mvaddnstr(y, 3, safe, (int)fit);
		addstr("…");
	} else {
		mvaddstr(y, 3, safe);
	}
	put_str(y, COLS - 3 - aw, answer, aw);
	attroff(attr);
	free(safe);
}

/* The rows below an answer's row, answer_rows rows from top_row (the
 * answer's first row), drawn only inside [lo, hi). */
static void
draw_review_below(const struct iv_review *r, int top_row, int lo, int hi,
		  bool selected)
{
	int attr = selected ? term_attr(ROLE_SELECTED) : (int)A_NORMAL;
	int rows = text_lines_height(below_width(), r->value, REVIEW_ANSWER_ROWS);

	attron(attr);
	for (int y = top_row; y < top_row + rows; y++)
		if (y >= lo && y < hi)
			mvhline(y, 2, ' ', COLS - 4);
	attroff(attr);
	clip_lo = lo, clip_hi = hi;
	draw_text_lines(top_row, REVIEW_ANSWER_X, below_width(), r->value, attr,
			REVIEW_ANSWER_ROWS);
	clip_lo = 0, clip_hi = 1 << 20;
}

/* The answer column: the answer, and marks for don't know, refused
 * (in words already) and a note; only the marks when the answer is
 * shown below. */
static char *
review_answer(struct ui *u, const struct iv_review *r)
{
	const char *mark = r->state == IV_DONT_KNOW ? "? " :
			   r->state == IV_REFUSED ? "x " : "";
	const char *note = *r->note ? (msg_is_spanish(lang(u)) ? " [nota]" :
				       " [note]") : "";

	if (answer_below(r))
		return xasprintf("%s%s", mark, *note ? note + 1 : "");
	return xasprintf("%s%s%s", mark, r->value, note);
}

/* The review's rows: the new questions first (with their heading),
 * then every answer under its section heading, an answer shown below
 * its row taking the rows after it. */
struct review_line {
	int kind;            /* 0 heading, 1 new question, 2 answer,
				3 a row of the answer shown below */
	size_t index;        /* into fresh or the review */
	const char *text;    /* headings */
	int sub;             /* kind 3: which row of the answer */
};

static size_t
review_lines(struct ui *u, const struct iv_review *r, size_t n,
	     struct review_line **out)
{
	size_t k = 0, cap = u->nfresh + (2 + REVIEW_ANSWER_ROWS) * n + 2;
	const char *last = NULL;
	struct review_line *v = xreallocarray(NULL, cap, sizeof(*v));

	if (u->nfresh > 0)
		v[k++] = (struct review_line){0, 0, msg(lang(u), MSG_UI_NEW_QUESTIONS), 0};
	for (size_t i = 0; i < u->nfresh; i++)
		v[k++] = (struct review_line){1, i, NULL, 0};
	for (size_t i = 0; i < n; i++) {
		const char *sec = r[i].section ? r[i].section : "";
		int below;
		if (last == NULL || strcmp(last, sec) != 0) {
			if (*sec)
				v[k++] = (struct review_line){0, 0, sec, 0};
			last = sec;
		}
		v[k++] = (struct review_line){2, i, NULL, 0};
		below = answer_below(&r[i]) ?
			text_lines_height(below_width(), r[i].value, REVIEW_ANSWER_ROWS) : 0;
		for (int b = 0; b < below; b++)
			v[k++] = (struct review_line){3, i, NULL, b};
	}
	*out = v;
	return k;
}

/* The last row of the entry that starts at row l (an answer shown below
 * ends after its rows). */
static size_t
entry_end(const struct review_line *v, size_t nl, size_t l)
{
	while (l + 1 < nl && v[l + 1].kind == 3)
		l++;
	return l;
}

static void
draw_review(struct ui *u)
{
	const struct iv_review *r;
	size_t n = iv_review(u->s->iv, &r), nl, choosable = 0, cur_line = 0, top = 0;
	size_t cur_end;
	struct review_line *v;
	int rows = LINES - 4;

	draw_bar(0, msg(lang(u), MSG_UI_REVIEW), NULL, term_attr(ROLE_HEADER));
	draw_bar(LINES - 1, msg(lang(u), MSG_UI_REVIEW_KEYS), NULL, term_attr(ROLE_FOOTER));
	if (n + u->nfresh == 0) {
		mvaddstr(2, 2, msg(lang(u), MSG_PL_NO_REVIEW));
		return;
	}
	if (u->review_cursor >= n + u->nfresh)
		u->review_cursor = n + u->nfresh - 1;
	nl = review_lines(u, r, n, &v);
	for (size_t l = 0; l < nl; l++) {
		if (v[l].kind == 0 || v[l].kind == 3)
			continue;
		if (choosable++ == u->review_cursor)
			cur_line = l;
	}
	cur_end = entry_end(v, nl, cur_line); /* all of it in view */
	if (cur_end >= (size_t)rows)
		top = cur_end - (size_t)rows + 1;
	if (top > cur_line)
		top = cur_line;
	while (v[top].kind == 3) /* whole entries: never an answer's rows */
		top++;         /* without its question above them */
	if (top > 0 && v[top - 1].kind == 0 && cur_end - (top - 1) < (size_t)rows)
		top--; /* keep the heading above the first row in view */
	for (size_t l = top; l < nl && (int)(l - top) < rows; l++) {
		int y = 2 + (int)(l - top);
		if (v[l].kind == 0) {
			attron(term_attr(ROLE_TITLE));
			put_str(y, 2, v[l].text, COLS - 4);
			attroff(term_attr(ROLE_TITLE));
		} else if (v[l].kind == 1) {
			char *label = iv_label_of(u->s->iv, u->fresh[v[l].index]);
			draw_review_row(y, label ? label : u->fresh[v[l].index],
					msg(lang(u), MSG_UI_NOT_ANSWERED), l == cur_line);
			free(label);
		} else if (v[l].kind == 2) {
			char *ans = review_answer(u, &r[v[l].index]);
			draw_review_row(y, r[v[l].index].label, ans, l == cur_line);
			free(ans);
		} else if (l == top || v[l - 1].kind != 3) {
			/* the answer's rows in view, from its first */
			draw_review_below(&r[v[l].index], y - v[l].sub, 2, 2 + rows,
					  l - 1 - (size_t)v[l].sub == cur_line);
		}
	}
	if (top + (size_t)rows < nl)
		put_str(LINES - 2, 2, msg(lang(u), MSG_UI_MORE), COLS - 4);
	free(v);
}

/* Enter in review: the chosen question opens; Enter there brings the
 * volunteer back here. */
static void
review_open(struct ui *u, const struct iv_review *r, size_t n)
{
	const char *path = u->review_cursor < u->nfresh ? u->fresh[u->review_cursor] :
			   r[u->review_cursor - u->nfresh].path;

	if (u->before == NULL)
		u->nbefore = iv_unanswered(u->s->iv, &u->before);
	(void)n;
	if (iv_jump(u->s->iv, path)) {
		u->from_review = true;
		u->screen = SCR_QUESTION;
	}
}

/* Esc in review: back where the volunteer was before opening it. */
static void
review_close(struct ui *u)
{
	if (u->frontier != NULL)
		iv_jump(u->s->iv, u->frontier);
	free(u->frontier);
	u->frontier = NULL;
	free_paths(&u->before, &u->nbefore);
	free_paths(&u->fresh, &u->nfresh);
	u->from_review = false;
	u->screen = SCR_QUESTION;
}

static void
review_key(struct ui *u, int rc, wint_t ch)
{
	const struct iv_review *r;
	size_t n = iv_review(u->s->iv, &r), total = n + u->nfresh;
	size_t page = LINES > 8 ? (size_t)LINES - 8 : 1;

	if (rc == KEY_CODE_YES && ch == KEY_UP && u->review_cursor > 0)
		u->review_cursor--;
	else if (rc == KEY_CODE_YES && ch == KEY_DOWN && u->review_cursor + 1 < total)
		u->review_cursor++;
	else if (rc == KEY_CODE_YES && ch == KEY_PPAGE)
		u->review_cursor = u->review_cursor > page ? u->review_cursor - page : 0;
	else if (rc == KEY_CODE_YES && ch == KEY_NPAGE)
		u->review_cursor = u->review_cursor + page < total ? u->review_cursor + page :
				   (total ? total - 1 : 0);
	else if (rc == KEY_CODE_YES && ch == KEY_HOME)
		u->review_cursor = 0;
	else if (rc == KEY_CODE_YES && ch == KEY_END)
		u->review_cursor = total ? total - 1 : 0;
	else if (is_enter(rc, ch) && total > 0)
		review_open(u, r, n);
	else if ((rc == OK && ch == 27) || action_of(rc, ch) == ACT_REVIEW)
		review_close(u);
	else if (action_of(rc, ch) == ACT_QUIT)
		u->quit = true;
}

static void
draw_note(struct ui *u, const struct iv_item *it)
{
	const char *text = strbuf_str(&u->note);

	draw_header(u, it);
	draw_wrapped(2, 2, COLS - 4, it->label, term_attr(ROLE_TITLE), 4);
	mvaddstr(8, 2, msg(lang(u), MSG_UI_NOTE));
	attron(A_UNDERLINE);
	mvhline(10, 2, ' ', COLS - 4);
	put_str(10, 2, text, COLS - 5);
	attroff(A_UNDERLINE);
	u->cy = 10;
	u->cx = 2 + utf8_width_n(text, u->note_cursor);
}

static void
note_key(struct ui *u, int rc, wint_t ch)
{
	/* either way the answer being typed and the marks are kept */
	if (is_enter(rc, ch)) {
		iv_set_note(u->s->iv, strbuf_str(&u->note));
		save_draft(u);
		u->screen = SCR_QUESTION;
	} else if (rc == OK && ch == 27) {
		u->screen = SCR_QUESTION;
	} else {
		edit_key(&u->note, &u->note_cursor, rc, ch);
	}
}

/* Lines [top, bottom) show text (already wrapped, one screen line per
 * line) from line summary_top on, which is kept in range; a line under
 * them says when there is more below. */
static void
draw_scrolled(struct ui *u, int top, int bottom, const char *text)
{
	int rows = bottom - top, height = 0, y = top;
	const char *p;

	for (p = text; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
		height++;
	u->summary_lines = height;
	if (u->summary_top > height - rows)
		u->summary_top = height - rows > 0 ? height - rows : 0;
	if (u->summary_top < 0)
		u->summary_top = 0;
	p = text;
	for (int line = 0; *p && y < bottom; line++) {
		size_t len = strcspn(p, "\n");
		if (line >= u->summary_top) {
			char *one = xstrndup(p, len);
			put_str(y++, 2, one, COLS - 4);
			free(one);
		}
		p += len + (p[len] == '\n');
	}
	if (u->summary_top + rows < height)
		put_str(bottom, 2, msg(lang(u), MSG_UI_MORE), COLS - 4);
}

/* After finishing: the intake code, then the intake summary for the
 * attorney (summary_text(), the text `intake show` and line mode's
 * /summary print) in the interface language, scrolled with the arrows
 * and pages; nothing but the notice when the form kept nothing. */
static void
draw_saved(struct ui *u)
{
	bool discarded = strcmp(u->saved_id, "-") == 0;
	char *line;
	int y;

	draw_bar(0, title_of(u, u->f), NULL, term_attr(ROLE_HEADER));
	if (discarded)
		line = xstrdup(msg(lang(u), MSG_PL_DISCARDED));
	else
		line = xasprintf(msg(lang(u), MSG_UI_SAVED), u->saved_id);
	if (u->s != NULL && u->s->sealed) {
		char *both = xasprintf("%s %s", line, msg(lang(u), MSG_SEALED));
		free(line);
		line = both;
	}
	y = 2 + draw_wrapped(2, 2, COLS - 4, line, term_attr(ROLE_TITLE), 3);
	free(line);
	if (!discarded && u->s != NULL) {
		struct summary_opts so = {lang(u), false, COLS - 4};
		char *text = summary_text(u->s->iv, &so);
		draw_scrolled(u, y + 1, LINES - 2, text);
		free(text);
	}
	draw_bar(LINES - 1, msg(lang(u), MSG_UI_SAVED_KEYS), NULL,
		 term_attr(ROLE_FOOTER));
}

static void
saved_key(struct ui *u, int rc, wint_t ch)
{
	if (summary_key(u, rc, ch))
		return;
	if (is_enter(rc, ch)) {
		char *keep_lang = xstrdup(iv_lang(u->s->iv));
		struct iv_options o = *u->o;
		session_free(&u->s);
		o.lang = keep_lang;
		u->s = session_new(u->f, u->data_dir, &o);
		free(keep_lang);
		u->screen = SCR_QUESTION;
		free(u->item_path);
		u->item_path = NULL;
	} else if (action_of(rc, ch) == ACT_QUIT) {
		u->quit = true;
	}
}

/* ---- the loop ------------------------------------------------------------------------ */

static void
draw(struct ui *u)
{
	const struct iv_item *it = u->s ? iv_current(u->s->iv) : NULL;

	erase();
	u->cy = u->cx = -1;
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		draw_wrapped(LINES / 2, 1, COLS - 2, msg(lang(u), MSG_UI_TOO_SMALL),
			     term_attr(ROLE_ERROR), 3);
		curs_set(0);
		refresh();
		return;
	}
	if (u->screen == SCR_START) {
		draw_start(u);
		curs_set(u->cy >= 0 ? 1 : 0);
		if (u->cy >= 0)
			move(u->cy, u->cx);
		refresh();
		return;
	}
	sync_item(u, it);
	switch (u->screen) {
	case SCR_START: break;
	case SCR_QUESTION: draw_question(u, it); break;
	case SCR_REVIEW: draw_review(u); break;
	case SCR_HELP: draw_help(u); break;
	case SCR_NOTE: draw_note(u, it); break;
	case SCR_SAVED: draw_saved(u); break;
	}
	if (u->screen == SCR_QUESTION) {
		draw_error(u);
		if (it->kind == IV_END)
			draw_bar(LINES - 1, msg(lang(u), MSG_UI_END_KEYS), NULL,
				 term_attr(ROLE_FOOTER));
		else
			draw_footer(u);
	}
	curs_set(u->cy >= 0 ? 1 : 0);
	if (u->cy >= 0)
		move(u->cy, u->cx);
	refresh();
}

static void
redraw_for_script(void *arg)
{
	draw(arg);
}

/* An expression of the form that failed is never swallowed: it takes the
 * error line (the interview goes on with the expression's default). */
static void
show_form_problem(struct ui *u)
{
	char *notice = u->s != NULL ? iv_eval_error_notice(u->s->iv) : NULL;

	if (notice != NULL) {
		sync_item(u, iv_current(u->s->iv)); /* a new item clears errors */
		set_error(u, notice);
		free(notice);
	}
}

static void
handle(struct ui *u, int rc, wint_t ch)
{
	const struct iv_item *it;

	if (u->screen == SCR_START) {
		start_key(u, rc, ch);
		return;
	}
	it = iv_current(u->s->iv);
	sync_item(u, it);
	switch (u->screen) {
	case SCR_START: break;
	case SCR_QUESTION: question_key(u, it, rc, ch); break;
	case SCR_REVIEW: review_key(u, rc, ch); break;
	case SCR_HELP: u->screen = SCR_QUESTION; break;
	case SCR_NOTE: note_key(u, rc, ch); break;
	case SCR_SAVED: saved_key(u, rc, ch); break;
	}
}

static int ui_loop(struct ui *up);

int
ui_run(const struct form *f, struct session *s, const char *data_dir,
       const struct iv_options *o)
{
	struct ui u = {.f = f, .s = s, .data_dir = data_dir, .o = o};

	u.screen = SCR_QUESTION;
	return ui_loop(&u);
}

/* The one input loop: draw, read a key, act; until quit or a signal. */
static int
ui_loop(struct ui *up)
{
	struct ui u = *up;
	bool draft = false;
	char *id = NULL;

	if (up->o == &up->opts) /* options that live in the struct move with it */
		u.o = &u.opts;

	if (!term_start())
		return EX_UNAVAILABLE;
	raw(); /* ^C, ^Q, ^S reach us as keys; signals still set term_stop */
	script_set_redraw(redraw_for_script, &u);
	while (!u.quit && !term_stop) {
		wint_t ch;
		int rc;
		draw(&u);
		if (script_active()) {
			if ((rc = script_next_key(&ch)) == ERR)
				break; /* the end of a script quits, like F10 */
		} else {
			rc = get_wch(&ch);
		}
		if (rc == ERR || (rc == KEY_CODE_YES && ch == KEY_RESIZE))
			continue;
		handle(&u, rc, ch); /* even while too small: no key is lost */
		show_form_problem(&u);
	}
	if (u.s != NULL && u.screen != SCR_SAVED && u.screen != SCR_START) {
		save_draft(&u);
		draft = !u.s->discarded && iv_touched(u.s->iv);
	}
	term_end();
	if (draft) {
		id = xstrdup(iv_meta(u.s->iv, "instance_id"));
		printf(msg(iv_lang(u.s->iv), MSG_PL_DRAFT), id);
		putchar('\n');
	}
	free(id);
	session_free(&u.s);
	session_drafts_free(u.drafts, u.ndrafts);
	strbuf_free(&u.who);
	free(u.start_lang);
	strbuf_free(&u.edit);
	strbuf_free(&u.multi);
	strbuf_free(&u.filter);
	strbuf_free(&u.note);
	free(u.frontier);
	free_paths(&u.before, &u.nbefore);
	free_paths(&u.fresh, &u.nfresh);
	free(u.item_path);
	free(u.error);
	free(u.saved_id);
	return EX_OK;
}

/* ---- the start screen ------------------------------------------------------ */

static const struct form *form_by_id(struct ui *u, const char *id);

/* "Continue: Ana López  ·  Immigration relief screening, 15% done, saved
 * 2026-12-02 10:15, code K7M2QX": the client (the form's instance_name),
 * form, progress, time saved and the intake code. */
static void
draft_line(struct ui *u, const struct draft_info *d, struct strbuf *line)
{
	const struct form *f = form_by_id(u, d->form_id);
	char when[32];
	struct tm tm;

	localtime_r(&d->saved, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	strbuf_printf(line, "%s ", msg(lang(u), MSG_UI_CONTINUE));
	strbuf_printf(line, msg(lang(u), MSG_UI_DRAFT_LINE),
		      *d->name ? d->name : msg(lang(u), MSG_UI_NO_NAME),
		      *d->code ? d->code : "-", *d->progress ? d->progress : "0",
		      when, f ? title_of(u, f) : d->form_id);
}

/* How many finished intakes wait for the database, when the data folder
 * pushes to one (intake push --auto-on). */
static void
draw_queue(struct ui *u, int y)
{
	char *url = pushq_auto_url(u->data_dir);
	struct strbuf line = STRBUF_INIT;
	size_t n;

	if (url == NULL || y >= LINES - 3) {
		free(url);
		return;
	}
	free(url);
	if ((n = pushq_count(u->data_dir)) > 0) {
		strbuf_printf(&line, msg(lang(u), MSG_UI_QUEUED), n);
		put_str(y, 2, strbuf_str(&line), COLS - 4);
	}
	strbuf_free(&line);
}

static void
draw_start(struct ui *u)
{
	size_t rows = 1 + u->nforms + u->ndrafts;
	int y = 2;

	draw_bar(0, msg(lang(u), MSG_UI_START), NULL, term_attr(ROLE_HEADER));
	for (size_t i = 0; i < rows && y < LINES - 3; i++) {
		struct strbuf line = STRBUF_INIT;
		int attr = i == u->start_cursor ? term_attr(ROLE_SELECTED) : (int)A_NORMAL;
		if (i == 0) {
			strbuf_printf(&line, "%s %s", msg(lang(u), MSG_UI_WHO), strbuf_str(&u->who));
		} else if (i <= u->nforms) {
			strbuf_printf(&line, "%s %s", msg(lang(u), MSG_UI_NEW), title_of(u, u->forms[i - 1]));
		} else {
			draft_line(u, &u->drafts[i - 1 - u->nforms], &line);
		}
		if (i == 1 || i == 1 + u->nforms)
			y++; /* a gap before each kind */
		attron(attr);
		put_str(y++, 2, strbuf_str(&line), COLS - 4);
		attroff(attr);
		strbuf_free(&line);
	}
	if (u->start_cursor == 0) {
		u->cy = 2;
		u->cx = 3 + utf8_width(msg(lang(u), MSG_UI_WHO)) +
			utf8_width_n(strbuf_str(&u->who), u->who_cursor);
	}
	draw_queue(u, y + 1);
	draw_error(u);
	draw_bar(LINES - 1, msg(lang(u), MSG_UI_START_KEYS), NULL, term_attr(ROLE_FOOTER));
}

static const struct form *
form_by_id(struct ui *u, const char *id)
{
	for (size_t i = 0; i < u->nforms; i++)
		if (strcmp(u->forms[i]->id, id) == 0)
			return u->forms[i];
	return NULL;
}

/* Opens the chosen new intake or draft. */
static void
start_item(struct ui *u)
{
	struct diag d = DIAG_INIT;
	size_t i = u->start_cursor;

	if (u->who.len == 0) {
		set_error(u, msg(lang(u), MSG_UI_NAME_FIRST));
		u->start_cursor = 0;
		return;
	}
	u->opts.interviewer = strbuf_str(&u->who);
	u->opts.lang = u->start_lang;
	if (i <= u->nforms) {
		u->f = u->forms[i - 1];
		u->s = session_new(u->f, u->data_dir, &u->opts);
	} else {
		const struct draft_info *dr = &u->drafts[i - 1 - u->nforms];
		u->f = form_by_id(u, dr->form_id);
		if (u->f != NULL)
			u->s = session_resume(u->f, u->data_dir, dr->id, &u->opts, &d);
	}
	diag_free(&d);
	if (u->s == NULL) {
		set_error(u, msg(lang(u), MSG_UI_NO_FORM));
		return;
	}
	set_error(u, NULL);
	free(u->item_path);
	u->item_path = NULL;
	u->screen = SCR_QUESTION;
}

/* Del on a draft asks first; y (or s, sí) deletes it. */
static void
delete_key(struct ui *u, int rc, wint_t ch)
{
	const struct draft_info *d = &u->drafts[u->start_cursor - 1 - u->nforms];
	struct diag dg = DIAG_INIT;

	u->confirm_delete = false;
	if (!(rc == OK && (ch == 'y' || ch == 'Y' || ch == 's' || ch == 'S')))
		return;
	if (session_delete_draft(u->data_dir, d->id, &dg) != 0) {
		set_error(u, dg.n ? dg.v[0].message : "cannot delete");
	} else {
		session_drafts_free(u->drafts, u->ndrafts);
		u->ndrafts = session_drafts(u->data_dir, &u->drafts);
		if (u->start_cursor > u->nforms + u->ndrafts)
			u->start_cursor = u->nforms + u->ndrafts;
		set_error(u, msg(lang(u), MSG_UI_DELETED));
	}
	diag_free(&dg);
}

static void
ask_delete(struct ui *u)
{
	const struct draft_info *d = &u->drafts[u->start_cursor - 1 - u->nforms];
	char *q = xasprintf(msg(lang(u), MSG_UI_DELETE_ASK),
			    *d->name ? d->name : d->code);

	set_error(u, q);
	free(q);
	u->confirm_delete = true;
}

static void
start_key(struct ui *u, int rc, wint_t ch)
{
	size_t rows = 1 + u->nforms + u->ndrafts;

	set_error(u, NULL); /* a key answers the last message */
	if (u->confirm_delete)
		delete_key(u, rc, ch);
	else if (action_of(rc, ch) == ACT_QUIT)
		u->quit = true;
	else if (rc == KEY_CODE_YES && ch == KEY_DC && u->start_cursor > u->nforms)
		ask_delete(u);
	else if (rc == KEY_CODE_YES && ch == KEY_UP)
		u->start_cursor = u->start_cursor ? u->start_cursor - 1 : rows - 1;
	else if (rc == KEY_CODE_YES && ch == KEY_DOWN)
		u->start_cursor = (u->start_cursor + 1) % rows;
	else if (action_of(rc, ch) == ACT_LANG) {
		free(u->start_lang);
		u->start_lang = xstrdup(msg_is_spanish(lang(u)) ? "en" : "es");
	} else if (is_enter(rc, ch)) {
		if (u->start_cursor == 0)
			u->start_cursor = rows > 1 ? 1 : 0;
		else
			start_item(u);
	} else if (u->start_cursor == 0) {
		edit_key(&u->who, &u->who_cursor, rc, ch);
	}
}

int
ui_start(struct form **forms, size_t nforms, const char *data_dir,
	 const struct iv_options *o)
{
	struct ui u = {.forms = forms, .nforms = nforms, .data_dir = data_dir};

	u.opts = o ? *o : (struct iv_options){0};
	u.start_lang = o && o->lang ? xstrdup(o->lang) : NULL;
	if (o && o->interviewer)
		strbuf_puts(&u.who, o->interviewer);
	u.who_cursor = u.who.len;
	u.ndrafts = session_drafts(data_dir, &u.drafts);
	u.screen = SCR_START;
	u.o = &u.opts;
	return ui_loop(&u);
}
