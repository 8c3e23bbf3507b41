/*
 * csvio: libcsv behind one interface (see csvio.h).
 *
 * libcsv hands cells to a callback as borrowed bytes; we copy them into the
 * row being built.  CSV_REPALL_NL makes libcsv report every line end, so
 * blank lines can be counted as rows; an LF right after the CR that ended a
 * record is the second half of a CRLF, not a blank line.  A custom "space"
 * function stops libcsv from trimming spaces and tabs off unquoted cells.
 */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

struct csvio_reader {
	struct csv_parser p;
	char *path;
	struct csv_table t;
	struct csv_row cur;   /* row being built */
	size_t cur_cap;
	unsigned row;         /* spreadsheet row of the next record */
	int last_end;         /* char that ended the previous record, or 0 */
	unsigned char bom[3]; /* the first bytes, held until a BOM is ruled out */
	size_t nbom;
	bool bom_done;
	bool failed;
	unsigned bad_utf8_row, bad_utf8_col;
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

struct csvio_reader *
csvio_reader_new(const char *path)
{
	struct csvio_reader *r = xcalloc(1, sizeof(*r));

	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
				    CSV_REPALL_NL) != 0)
		fatal(70, "cannot initialise the CSV parser");
	csv_set_space_func(&r->p, no_space);
	r->path = xstrdup(path);
	r->t.cells = arena_new();
	r->row = 1;
	return r;
}

static void
on_cell(void *data, size_t len, void *arg)
{
	struct csvio_reader *r = arg;
	const char *s = data ? data : "";
	size_t bad;

	if (r->cur.n == r->cur_cap) {
		r->cur_cap = r->cur_cap ? r->cur_cap * 2 : 16;
		r->cur.cells = xreallocarray(r->cur.cells, r->cur_cap,
					     sizeof(char *));
	}
	if (r->bad_utf8_row == 0 && !utf8_valid(s, len, &bad)) {
		r->bad_utf8_row = r->row;
		r->bad_utf8_col = (unsigned)r->cur.n + 1;
	}
	r->cur.cells[r->cur.n++] = arena_strndup(r->t.cells, s, len);
}

static void
push_row(struct csvio_reader *r)
{
	struct csv_table *t = &r->t;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = xreallocarray(t->rows, t->cap, sizeof(*t->rows));
	}
	r->cur.row = r->row;
	t->rows[t->n++] = r->cur;
	memset(&r->cur, 0, sizeof(r->cur));
	r->cur_cap = 0;
}

static void
on_row_end(int c, void *arg)
{
	struct csvio_reader *r = arg;

	if (r->cur.n == 0) {
		/* a bare line end: the LF of a CRLF, or a blank line */
		if (!(c == '\n' && r->last_end == '\r'))
			r->row++;
		r->last_end = c == '\r' && r->last_end != '\r' ? c : 0;
		return;
	}
	push_row(r);
	r->row++;
	r->last_end = c;
}

static int
parse(struct csvio_reader *r, const void *data, size_t len)
{
	if (len == 0 || r->failed)
		return r->failed ? -1 : 0;
	if (csv_parse(&r->p, data, len, on_cell, on_row_end, r) != len) {
		r->failed = true;
		return -1;
	}
	return 0;
}

/* Holds back up to three leading bytes until we know if they are a BOM. */
static size_t
eat_bom(struct csvio_reader *r, const unsigned char *s, size_t len)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	size_t used = 0;

	while (!r->bom_done && used < len) {
		r->bom[r->nbom++] = s[used++];
		if (memcmp(r->bom, bom, r->nbom) != 0) {
			r->bom_done = true;
			parse(r, r->bom, r->nbom);
		} else if (r->nbom == 3) {
			r->bom_done = true; /* a complete BOM: drop it */
		}
	}
	return used;
}

int
csvio_reader_feed(struct csvio_reader *r, const void *data, size_t len)
{
	size_t used = eat_bom(r, data, len);

	return parse(r, (const char *)data + used, len - used);
}

static int
finish_parse(struct csvio_reader *r, struct diag *d)
{
	if (!r->bom_done && r->nbom > 0) {
		r->bom_done = true;
		parse(r, r->bom, r->nbom);
	}
	if (!r->failed && csv_fini(&r->p, on_cell, on_row_end, r) != 0)
		r->failed = true;
	if (r->failed) {
		diag_add(d, DIAG_ERROR, r->path, r->row, NULL,
			 "malformed CSV: %s (a quote must start and end a "
			 "cell, and quotes inside it are doubled)",
			 csv_strerror(csv_error(&r->p)));
		return -1;
	}
	if (r->bad_utf8_row != 0) {
		diag_add(d, DIAG_ERROR, r->path, r->bad_utf8_row, NULL,
			 "cell %u is not valid UTF-8 text (save the sheet as "
			 "\"CSV UTF-8\")",
			 r->bad_utf8_col);
		return -1;
	}
	return 0;
}

int
csvio_reader_finish(struct csvio_reader *r, struct csv_table *t,
		    struct diag *d)
{
	int rc = finish_parse(r, d);

	free(r->cur.cells); /* its cells are in the table's arena */
	csv_free(&r->p);
	*t = r->t;
	t->path = r->path;
	free(r);
	return rc;
}

int
csvio_read_mem(const char *path, const char *data, size_t len,
	       struct csv_table *t, struct diag *d)
{
	struct csvio_reader *r = csvio_reader_new(path);

	csvio_reader_feed(r, data, len);
	return csvio_reader_finish(r, t, d);
}

int
csvio_read_file(const char *path, struct csv_table *t, struct diag *d)
{
	char buf[65536];
	struct csvio_reader *r;
	char *msg = NULL;
	FILE *f = fs_fopen_read(path, &msg);
	size_t n;
	int err;

	memset(t, 0, sizeof(*t));
	if (f == NULL) {
		err = errno;
		diag_add(d, DIAG_ERROR, path, 0, NULL, "%s%s",
			 err == ELOOP ? "" : "cannot open: ",
			 err == ELOOP ? "a symbolic link, refused (files under the "
					"data folder are never reached through links)" :
			 err == EINVAL ? "not a regular file" : strerror(err));
		free(msg);
		return -1;
	}
	r = csvio_reader_new(path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		csvio_reader_feed(r, buf, n);
	err = ferror(f) ? errno : 0;
	fclose(f);
	if (err != 0) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot read: %s",
			 strerror(err));
		csvio_reader_finish(r, t, d);
		return -1;
	}
	return csvio_reader_finish(r, t, d);
}

void
csvio_table_free(struct csv_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->rows[i].cells);
	arena_free(&t->cells);
	free(t->rows);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

const char *
csvio_cell(const struct csv_row *r, size_t i)
{
	return i < r->n ? r->cells[i] : "";
}

static bool
needs_quotes(const char *s)
{
	size_t len = strlen(s);

	if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
			s[len - 1] == '\t'))
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

int
csvio_write_cell(FILE *f, const char *cell)
{
	if (!needs_quotes(cell))
		return fputs(cell, f) < 0 ? -1 : 0;
	return csv_fwrite(f, cell, strlen(cell)) == 0 ? 0 : -1;
}

/* Bytes that end an unquoted cell (NUL too), or force quotes. */
static const unsigned char cell_end[256] = {
	[0] = 1, [','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};

void
csvio_append_cell(struct strbuf *out, const char *cell)
{
	const char *p = cell;
	size_t len;

	while (!cell_end[(unsigned char)*p])
		p++;
	len = (size_t)(p - cell);
	if (*p == '\0' && !(len > 0 && (cell[0] == ' ' || cell[0] == '\t' ||
					 cell[len - 1] == ' ' || cell[len - 1] == '\t'))) {
		strbuf_add(out, cell, len);
		return;
	}
	strbuf_putc(out, '"');
	for (const char *s = cell; *s;) {
		const char *q = strchr(s, '"');
		size_t n = q ? (size_t)(q - s) + 1 : strlen(s);
		strbuf_add(out, s, n);
		if (q)
			strbuf_putc(out, '"'); /* doubled */
		s += n;
	}
	strbuf_putc(out, '"');
}

int
csvio_write_row(FILE *f, const char *const *cells, size_t n, const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && fputc(',', f) == EOF)
			return -1;
		if (csvio_write_cell(f, cells[i] ? cells[i] : "") != 0)
			return -1;
	}
	return fputs(eol, f) < 0 ? -1 : 0;
}

/* ---- in place ------------------------------------------------------------ */

/* The spreadsheet row of byte offset off (for messages only). */
static unsigned
row_of(const char *buf, size_t off)
{
	unsigned row = 1;

	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' && buf[i + 1] != '\n'))
			row++;
	}
	return row;
}

/* One quoted cell from *pos (just past the opening quote), unquoted into
 * dst.  Returns the end of the written text, or NULL when the quote is
 * never closed or is followed by anything but a separator. */
static char *
quoted_cell(char *buf, size_t len, size_t *pos, char *dst)
{
	size_t i = *pos;

	for (;;) {
		char *q = memchr(buf + i, '"', len - i);
		size_t n;
		if (q == NULL)
			return NULL;
		n = (size_t)(q - (buf + i));
		memmove(dst, buf + i, n);
		dst += n;
		i += n + 1;
		if (i < len && buf[i] == '"') {
			*dst++ = '"';
			i++;
			continue;
		}
		if (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
			return NULL;
		*pos = i;
		return dst;
	}
}

int
csvio_parse_inplace(const char *path, char *buf, size_t len, char **cells,
		    size_t max, csvio_row_fn fn, void *arg, bool *whole,
		    struct diag *d)
{
	size_t i = 0, bad;
	unsigned row = 1;

	*whole = len == 0 || buf[len - 1] == '\n' || buf[len - 1] == '\r';
	buf[len] = '\0';
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (!utf8_valid(buf, len, &bad)) {
		diag_add(d, DIAG_ERROR, path, row_of(buf, bad), NULL,
			 "not valid UTF-8 text");
		return -1;
	}
	if (memchr(buf, '\0', len) != NULL) {
		bad = (size_t)((char *)memchr(buf, '\0', len) - buf);
		diag_add(d, DIAG_ERROR, path, row_of(buf, bad), NULL,
			 "a NUL byte in the text");
		return -1;
	}
	while (i < len) {
		size_t n = 0;
		char sep;
		int rc;
		if (buf[i] == '\n' || buf[i] == '\r') { /* a blank line */
			i += buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n' ? 2 : 1;
			row++;
			continue;
		}
		for (;;) {
			char *start = buf + i, *end;
			if (n == max) {
				diag_add(d, DIAG_ERROR, path, row, NULL,
					 "more than %zu cells in a row", max);
				return -1;
			}
			if (buf[i] == '"') {
				i++;
				end = quoted_cell(buf, len, &i, start);
				if (end == NULL) {
					diag_add(d, DIAG_ERROR, path, row, NULL,
						 "malformed CSV: a quote must start "
						 "and end a cell, and quotes inside "
						 "it are doubled");
					return -1;
				}
			} else {
				size_t k = 0;
				while (!cell_end[(unsigned char)buf[i + k]])
					k++;
				if (buf[i + k] == '"') {
					diag_add(d, DIAG_ERROR, path, row, NULL,
						 "malformed CSV: a quote inside "
						 "an unquoted cell");
					return -1;
				}
				i += k;
				end = buf + i;
			}
			cells[n++] = start;
			sep = i < len ? buf[i] : '\0';
			*end = '\0'; /* may be where the separator was */
			if (sep != ',')
				break;
			i++;
		}
		if (sep == '\r' && i + 1 < len && buf[i + 1] == '\n')
			i += 2;
		else if (sep != '\0')
			i++;
		if ((rc = fn(arg, row, cells, n)) != 0)
			return rc;
		row++;
	}
	return 0;
}
