/*
 * export_xlsx: typed cells into an .xlsx workbook, and an export plan's
 * stream into one (see export_xlsx.h).  The only file that includes
 * libxlsxwriter.  constant_memory mode keeps
 * one row per sheet in memory (rows go to scratch files in the target's
 * folder), so a workbook of any size costs the same memory.
 */
#include "export_xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "diag.h"
#include "export.h"
#include "exportfs.h"
#include "msg.h"
#include "record.h"
#include "record_eval.h"
#include "utf8.h"
#include "xmem.h"

#define MIN_WIDTH 8
#define MAX_WIDTH 60
#define WIDTH_ROWS 1000     /* rows measured for the column widths */
#define MAX_CHARS 32000     /* Excel keeps at most 32,767 per cell */

struct sheet {
	lxw_worksheet *ws;
	char *name;
	size_t ncols;
	lxw_row_t rows;     /* rows written, the header included */
	int *width;         /* widest cell of each column, in characters */
};

struct xlsx_book {
	lxw_workbook *wb;
	char *path, *tmp, *dir;
	lxw_format *bold, *date, *time, *datetime, *title;
	struct sheet *sheets;
	size_t nsheets;
	char *error;        /* the first failure, for xlsx_close */
};

static void
fail(struct xlsx_book *b, char *msg)
{
	if (b->error == NULL)
		b->error = msg;
	else
		free(msg);
}

static void
add_formats(struct xlsx_book *b)
{
	b->bold = workbook_add_format(b->wb);
	format_set_bold(b->bold);
	b->title = workbook_add_format(b->wb);
	format_set_bold(b->title);
	format_set_font_size(b->title, 16);
	format_set_font_color(b->title, LXW_COLOR_RED);
	b->date = workbook_add_format(b->wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->time = workbook_add_format(b->wb);
	format_set_num_format(b->time, "hh:mm:ss");
	b->datetime = workbook_add_format(b->wb);
	format_set_num_format(b->datetime, "yyyy-mm-dd hh:mm:ss");
}

struct xlsx_book *
xlsx_open(const char *path, char **msg)
{
	struct xlsx_book *b = xcalloc(1, sizeof(*b));
	char *copy = xstrdup(path);
	lxw_workbook_options opt = {0};
	int fd;

	b->path = xstrdup(path);
	b->tmp = xasprintf("%s.tmp.XXXXXX", path);
	b->dir = xstrdup(dirname(copy));
	free(copy);
	if ((fd = mkstemp(b->tmp)) < 0) { /* 0600; libxlsxwriter reopens it */
		*msg = xasprintf("cannot create a file beside %s: %s", path,
				 strerror(errno));
		free(b->path), free(b->tmp), free(b->dir), free(b);
		return NULL;
	}
	close(fd);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = b->dir; /* scratch rows stay in the 0700 data folder */
	if ((b->wb = workbook_new_opt(b->tmp, &opt)) == NULL) {
		*msg = xasprintf("cannot start the workbook %s", path);
		unlink(b->tmp);
		free(b->path), free(b->tmp), free(b->dir), free(b);
		return NULL;
	}
	add_formats(b);
	return b;
}

/* ---- sheet names ------------------------------------------------------------ */

static bool
name_taken(const struct xlsx_book *b, const char *name)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		if (strcasecmp(b->sheets[i].name, name) == 0)
			return true;
	}
	return false;
}

/* name made valid for Excel: forbidden characters as "_", at most 31
 * characters, not empty, unique (a "~2", "~3" suffix). */
static char *
sheet_name(const struct xlsx_book *b, const char *name)
{
	char *s = xstrdup(*name ? name : "sheet"), *out;
	size_t keep;

	for (char *p = s; *p; p++) {
		if (strchr("[]:*?/\\", *p) != NULL)
			*p = '_';
	}
	if (s[0] == '\'')
		s[0] = '_';
	keep = utf8_char_offset(s, 28);
	s[keep] = '\0';
	out = xstrdup(s);
	for (int k = 2; name_taken(b, out); k++) {
		free(out);
		out = xasprintf("%s~%d", s, k);
	}
	free(s);
	return out;
}

/* ---- cells ---------------------------------------------------------------- */

static int
cell_width(const char *text)
{
	int w = utf8_width(text);

	return w < 0 ? (int)strlen(text) : w;
}

static bool
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

/* "HH:MM[:SS[.fff]]" at s into t; the rest after it in *end. */
static bool
parse_time(const char *s, lxw_datetime *t, const char **end)
{
	char *e;

	if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2))
		return false;
	t->hour = atoi(s), t->min = atoi(s + 3), t->sec = 0;
	*end = s + 5;
	if (s[5] == ':' && digits(s + 6, 2)) {
		t->sec = strtod(s + 6, &e);
		*end = e;
	}
	return t->hour < 24 && t->min < 60 && t->sec < 60;
}

static bool
parse_date(const char *s, lxw_datetime *t)
{
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return false;
	t->year = atoi(s), t->month = atoi(s + 5), t->day = atoi(s + 8);
	/* Excel's dates start in 1900; earlier ones stay text */
	return t->year >= 1900 && t->month >= 1 && t->month <= 12 &&
	       t->day >= 1 && t->day <= 31;
}

/* A dateTime's offset (Z, +hh:mm, -hhmm) is accepted and dropped. */
static bool
offset_ok(const char *s)
{
	if (*s == '\0' || strcmp(s, "Z") == 0)
		return true;
	return (*s == '+' || *s == '-') && digits(s + 1, 2) &&
	       (s[3] == '\0' || (s[3] == ':' && digits(s + 4, 2) && s[6] == '\0') ||
		(digits(s + 3, 2) && s[5] == '\0'));
}

static lxw_error
write_typed(struct xlsx_book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
	    const struct xlsx_cell *cell, bool *as_text)
{
	lxw_datetime t = {0};
	const char *end;
	char *e;
	double x;

	*as_text = false;
	switch (cell->kind) {
	case XLSX_NUMBER:
		x = strtod(cell->text, &e);
		if (e != cell->text && *e == '\0' && isfinite(x) &&
		    strchr("0123456789-.", cell->text[0]) != NULL &&
		    strpbrk(cell->text, "xXpP") == NULL) /* no hex */
			return worksheet_write_number(ws, r, c, x, NULL);
		break;
	case XLSX_DATE:
		if (strlen(cell->text) == 10 && parse_date(cell->text, &t))
			return worksheet_write_datetime(ws, r, c, &t, b->date);
		break;
	case XLSX_TIME:
		if (parse_time(cell->text, &t, &end) && offset_ok(end))
			return worksheet_write_datetime(ws, r, c, &t, b->time);
		break;
	case XLSX_DATETIME:
		if (parse_date(cell->text, &t) && cell->text[10] == 'T' &&
		    parse_time(cell->text + 11, &t, &end) && offset_ok(end))
			return worksheet_write_datetime(ws, r, c, &t, b->datetime);
		break;
	case XLSX_TEXT:
		break;
	}
	*as_text = true;
	return LXW_NO_ERROR;
}

/* Text as a string cell, cut (with " [...]") past Excel's cell limit. */
static lxw_error
write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text,
	   lxw_format *fmt)
{
	char *cut;
	lxw_error rc;

	if (strlen(text) <= MAX_CHARS || utf8_chars(text) <= MAX_CHARS)
		return worksheet_write_string(ws, r, c, text, fmt);
	cut = xasprintf("%.*s [...]", (int)utf8_char_offset(text, MAX_CHARS), text);
	rc = worksheet_write_string(ws, r, c, cut, fmt);
	free(cut);
	return rc;
}

static int
put_row(struct xlsx_book *b, struct sheet *s, const struct xlsx_cell *cells,
	const char *const *texts, size_t n, lxw_format *fmt)
{
	lxw_row_t r = s->rows;

	if (r >= LXW_ROW_MAX) {
		fail(b, xasprintf("sheet %s has more than %u rows, the most a "
				  "workbook can hold: use the CSV export", s->name,
				  (unsigned)LXW_ROW_MAX - 1));
		return -1;
	}
	for (size_t i = 0; i < n && i < s->ncols; i++) {
		const char *text = cells ? cells[i].text : texts[i];
		bool as_text = true;
		lxw_error rc = LXW_NO_ERROR;
		if (text == NULL || *text == '\0')
			continue;
		if (cells != NULL)
			rc = write_typed(b, s->ws, r, (lxw_col_t)i, &cells[i], &as_text);
		if (rc == LXW_NO_ERROR && as_text)
			rc = write_text(s->ws, r, (lxw_col_t)i, text, fmt);
		if (rc != LXW_NO_ERROR) {
			fail(b, xasprintf("sheet %s, row %u: %s", s->name,
					  (unsigned)r + 1, lxw_strerror(rc)));
			return -1;
		}
		if (r <= WIDTH_ROWS && cell_width(text) > s->width[i])
			s->width[i] = cell_width(text);
	}
	s->rows++;
	return 0;
}

int
xlsx_add_sheet(struct xlsx_book *b, const char *name, const char *const *headers,
	       size_t n)
{
	struct sheet *s;
	char *valid = sheet_name(b, name);
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, valid);

	if (ws == NULL) {
		fail(b, xasprintf("cannot add the sheet %s", valid));
		free(valid);
		return -1;
	}
	b->sheets = xreallocarray(b->sheets, b->nsheets + 1, sizeof(*b->sheets));
	s = &b->sheets[b->nsheets];
	*s = (struct sheet){ws, valid, n, 0, xcalloc(n + 1, sizeof(int))};
	if (n > 0 && put_row(b, s, NULL, headers, n, b->bold) != 0)
		return -1;
	return (int)b->nsheets++;
}

int
xlsx_add_row(struct xlsx_book *b, int sheet, const struct xlsx_cell *cells,
	     size_t n)
{
	if (sheet < 0 || (size_t)sheet >= b->nsheets)
		return -1;
	return put_row(b, &b->sheets[sheet], cells, NULL, n, NULL);
}

int
xlsx_add_banner(struct xlsx_book *b, const char *name, const char *title,
		const char *const *lines, size_t nlines, const char *list_heading,
		const char *const *items, size_t nitems)
{
	char *valid = sheet_name(b, name);
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, valid);
	lxw_row_t r = 0;
	int rc = ws == NULL;

	free(valid);
	if (ws == NULL) {
		fail(b, xasprintf("cannot add the sheet %s", name));
		return -1;
	}
	worksheet_set_tab_color(ws, LXW_COLOR_RED);
	worksheet_activate(ws);
	worksheet_set_column(ws, 0, 0, 100, NULL);
	rc |= worksheet_write_string(ws, r++, 0, title, b->title) != LXW_NO_ERROR;
	for (size_t i = 0; i < nlines; i++)
		rc |= write_text(ws, r++, 0, lines[i], NULL) != LXW_NO_ERROR;
	r++;
	rc |= worksheet_write_string(ws, r++, 0, list_heading, b->bold) != LXW_NO_ERROR;
	for (size_t i = 0; i < nitems && r < LXW_ROW_MAX; i++)
		rc |= write_text(ws, r++, 0, items[i], NULL) != LXW_NO_ERROR;
	if (rc != 0)
		fail(b, xasprintf("cannot write the sheet %s", name));
	return rc ? -1 : 0;
}

/* ---- closing ------------------------------------------------------------------ */

static void
finish_sheets(struct xlsx_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		struct sheet *s = &b->sheets[i];
		for (size_t c = 0; c < s->ncols; c++) {
			int w = s->width[c] + 2;
			w = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
			worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
		}
		if (s->ncols > 0) {
			worksheet_freeze_panes(s->ws, 1, 0);
			worksheet_autofilter(s->ws, 0, 0, s->rows > 1 ? s->rows - 1 : 1,
					     (lxw_col_t)(s->ncols - 1));
		}
	}
}

static void
free_book(struct xlsx_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].width);
	}
	free(b->sheets);
	free(b->error);
	free(b->path);
	free(b->tmp);
	free(b->dir);
	free(b);
}

/* fsync of the finished temporary file, rename, fsync of the folder. */
static int
commit(struct xlsx_book *b, char **msg)
{
	int fd = open(b->tmp, O_RDONLY);
	int ok = fd >= 0 && fsync(fd) == 0;

	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(b->tmp, b->path) == 0) {
		int dfd = open(b->dir, O_RDONLY | O_DIRECTORY);
		ok = dfd >= 0 && fsync(dfd) == 0;
		if (dfd >= 0)
			close(dfd);
		if (!ok)
			*msg = xasprintf("cannot sync the folder of %s: %s", b->path,
					 strerror(errno));
		return ok ? 0 : -1;
	}
	*msg = xasprintf("cannot write %s: %s", b->path, strerror(errno));
	unlink(b->tmp);
	return -1;
}

int
xlsx_close(struct xlsx_book *b, char **msg)
{
	lxw_error rc;
	int status;

	finish_sheets(b);
	rc = workbook_close(b->wb);
	if (b->error != NULL || rc != LXW_NO_ERROR) {
		*msg = b->error != NULL ?
			       xasprintf("cannot write %s: %s", b->path, b->error) :
			       xasprintf("cannot write %s: %s", b->path, lxw_strerror(rc));
		unlink(b->tmp);
		free_book(b);
		return -1;
	}
	status = commit(b, msg);
	free_book(b);
	return status;
}

char *
xlsx_abort(struct xlsx_book *b)
{
	char *error;

	if (b == NULL)
		return NULL;
	error = b->error;
	b->error = NULL;
	lxw_workbook_free(b->wb);
	unlink(b->tmp);
	free_book(b);
	return error;
}

/* ---- an export plan as a workbook ------------------------------------------- */

struct plan_book {
	struct xlsx_book *b;
	const struct export_plan *p;
	int *sheet;                 /* per table: ntables, codebook, choices */
	struct xlsx_cell *cells;    /* one row's cells, reused */
	size_t ncells;
	struct iv_entry *entries;   /* one record's entries, reused */
	size_t nentries;
	char **confidential;        /* ids of the confidential intakes */
	size_t nconfidential;
};

static enum xlsx_kind
xlsx_kind_of(enum export_kind k)
{
	switch (k) {
	case EXPORT_NUMBER:
	case EXPORT_FLAG:
		return XLSX_NUMBER;
	case EXPORT_DATE:
		return XLSX_DATE;
	case EXPORT_TIME:
		return XLSX_TIME;
	case EXPORT_DATETIME:
		return XLSX_DATETIME;
	case EXPORT_TEXT:
	case EXPORT_CODE:
	case EXPORT_MISSING:
		break;
	}
	return XLSX_TEXT;
}

static int
table_index(const struct export_plan *p, const struct export_table *t)
{
	if (t == &p->codebook)
		return (int)p->ntables;
	if (t == &p->choices)
		return (int)p->ntables + 1;
	return (int)(t - p->tables);
}

static int
plan_row(void *arg, const struct export_table *t, const struct export_cell *cells)
{
	struct plan_book *pb = arg;

	if (pb->ncells < t->ncols) {
		pb->ncells = t->ncols;
		pb->cells = xreallocarray(pb->cells, pb->ncells, sizeof(*pb->cells));
	}
	for (size_t i = 0; i < t->ncols; i++)
		pb->cells[i] = (struct xlsx_cell){cells[i].text,
						  xlsx_kind_of(cells[i].kind)};
	return xlsx_add_row(pb->b, pb->sheet[table_index(pb->p, t)], pb->cells,
			    t->ncols);
}

/* Before each intake's rows: is it confidential (confidential_if)? */
static int
plan_intake(void *arg, const struct record_view *r)
{
	struct plan_book *pb = arg;
	const struct form *f = pb->p->form;

	if (f->confidential_if.ast == NULL)
		return 0;
	if (pb->nentries < r->n + 1) {
		pb->nentries = r->n + 1;
		pb->entries = xreallocarray(pb->entries, pb->nentries,
					    sizeof(*pb->entries));
	}
	for (size_t i = 0; i < r->n; i++)
		pb->entries[i] = (struct iv_entry){r->rows[i].path, r->rows[i].value,
						   r->rows[i].state, "", true, false};
	if (record_confidential(f, pb->entries, r->n)) {
		pb->confidential = xreallocarray(pb->confidential,
						 pb->nconfidential + 1, sizeof(char *));
		pb->confidential[pb->nconfidential++] =
			xstrdup(record_view_meta(r, "instance_id"));
	}
	return 0;
}

static int
add_table_sheet(struct plan_book *pb, const struct export_table *t)
{
	const char **headers = xcalloc(t->ncols + 1, sizeof(char *));
	int s;

	for (size_t i = 0; i < t->ncols; i++)
		headers[i] = t->cols[i].header;
	s = xlsx_add_sheet(pb->b, t->title, headers, t->ncols);
	free(headers);
	return s;
}

/* The banner, in the language of the plan's labels. */
static int
add_banner(struct plan_book *pb)
{
	const struct form *f = pb->p->form;
	const char *lang = f->nlangs ? f->langs[pb->p->lang].code : "en";
	char *line = xasprintf(msg(lang, MSG_XLSX_CONFIDENTIAL), pb->nconfidential,
			       f->confidential_if.src);
	const char *lines[] = {line, msg(lang, MSG_XLSX_CONFIDENTIAL_CARE)};
	int rc = xlsx_add_banner(pb->b, msg(lang, MSG_XLSX_BANNER_TITLE),
				 msg(lang, MSG_XLSX_BANNER_TITLE), lines, 2,
				 msg(lang, MSG_XLSX_CONFIDENTIAL_IDS),
				 (const char *const *)pb->confidential,
				 pb->nconfidential);

	free(line);
	return rc;
}

static void
plan_book_free(struct plan_book *pb)
{
	for (size_t i = 0; i < pb->nconfidential; i++)
		free(pb->confidential[i]);
	free(pb->confidential);
	free(pb->cells);
	free(pb->entries);
	free(pb->sheet);
}

int
export_xlsx_rebuild(struct export_plan *p, const char *data_dir,
		    const struct record_keys *keys, const char *path,
		    struct exportfs_stats *st, struct diag *d)
{
	struct exportfs_records r = {data_dir, keys};

	return export_xlsx_rebuild_from(p, exportfs_records_source, &r,
					data_dir, path, st, d);
}

int
export_xlsx_rebuild_from(struct export_plan *p, exportfs_source src,
			 void *arg, const char *data_dir, const char *path,
			 struct exportfs_stats *st, struct diag *d)
{
	struct plan_book pb = {0};
	struct export_sink sink = {0};
	char *msg = NULL;
	int rc = 0, lock;

	memset(st, 0, sizeof(*st));
	if ((lock = exportfs_lock(data_dir, d)) < 0)
		return EX_CANTCREAT;
	if ((pb.b = xlsx_open(path, &msg)) == NULL) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", msg);
		free(msg);
		exportfs_unlock(lock);
		return EX_CANTCREAT;
	}
	pb.p = p;
	pb.sheet = xcalloc(p->ntables + 2, sizeof(int));
	for (size_t i = 0; i < p->ntables; i++)
		rc |= (pb.sheet[i] = add_table_sheet(&pb, &p->tables[i])) < 0;
	rc |= (pb.sheet[p->ntables] = add_table_sheet(&pb, &p->codebook)) < 0;
	rc |= (pb.sheet[p->ntables + 1] = add_table_sheet(&pb, &p->choices)) < 0;
	sink.arg = &pb;
	sink.row = plan_row;
	p->on_intake = plan_intake;
	p->on_intake_arg = &pb;
	if (rc == 0)
		rc = src(arg, p, &sink, st, d) != 0;
	if (rc == 0)
		rc = export_codebook_rows(p, &sink) != 0 ||
		     export_choices_rows(p, &sink) != 0;
	if (rc == 0 && pb.nconfidential > 0)
		rc = add_banner(&pb) != 0;
	if (rc != 0 || st->unreadable > 0) {
		char *why = xlsx_abort(pb.b);
		if (why != NULL)
			diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", why);
		free(why);
		rc = st->unreadable > 0 ? EX_DATAERR : EX_CANTCREAT;
	} else if (xlsx_close(pb.b, &msg) != 0) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", msg);
		free(msg);
		rc = EX_CANTCREAT;
	}
	exportfs_unlock(lock);
	p->on_intake = NULL;
	plan_book_free(&pb);
	return rc;
}
