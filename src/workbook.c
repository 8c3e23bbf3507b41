/*
 * workbook: what .xlsx and .xls readers share (see xlsx.h): the table
 * builder both fill cell by cell, the sheet lookup, and the .xls reader,
 * which is FreeXL's cell API turned into builder calls.  The .xlsx reader
 * is in xlsx.c.
 */
#include "xlsx.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "xmem.h"

/* ---- building a table --------------------------------------------------- */

void
sheet_builder_init(struct sheet_builder *b, struct csv_table *t,
		   const char *path)
{
	memset(b, 0, sizeof(*b));
	memset(t, 0, sizeof(*t));
	b->t = t;
	t->path = xstrdup(path);
	t->cells = arena_new();
	b->empty = arena_strdup(t->cells, "");
}

static void
flush_row(struct sheet_builder *b)
{
	struct csv_table *t = b->t;

	if (b->cur.n == 0)
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = xreallocarray(t->rows, t->cap, sizeof(*t->rows));
	}
	t->rows[t->n++] = b->cur;
	memset(&b->cur, 0, sizeof(b->cur));
	b->cap = 0;
}

/* A copy in the arena with each no-break space (U+00A0) made a space, as
 * pyxform does. */
static char *
copy_value(struct sheet_builder *b, const char *s, size_t len)
{
	char *out = arena_strndup(b->t->cells, s, len), *w = out;

	for (const char *r = out; *r; r++) {
		if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0) {
			*w++ = ' ';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return out;
}

int
sheet_builder_put(struct sheet_builder *b, unsigned row, unsigned col,
		  const char *s, size_t len)
{
	if (b->cur.n > 0 && b->cur.row != row)
		flush_row(b);
	if (len == 0)
		return 0;
	if (col >= SHEET_MAX_COLS)
		return -1;
	if (col >= b->cur.n && b->cells + (col + 1 - b->cur.n) > SHEET_MAX_CELLS)
		return -1;
	b->cur.row = row;
	if (col >= b->cap) {
		size_t cap = b->cap ? b->cap : 8;
		while (cap <= col)
			cap *= 2;
		b->cur.cells = xreallocarray(b->cur.cells, cap, sizeof(char *));
		b->cap = cap;
	}
	while (b->cur.n <= col) {
		b->cur.cells[b->cur.n++] = (char *)b->empty;
		b->cells++;
	}
	b->cur.cells[col] = copy_value(b, s, len);
	return 0;
}

void
sheet_builder_finish(struct sheet_builder *b)
{
	flush_row(b);
	free(b->cur.cells);
	memset(&b->cur, 0, sizeof(b->cur));
}

/* ---- the workbook ------------------------------------------------------- */

bool
workbook_is_path(const char *path)
{
	size_t len = strlen(path);

	return (len > 5 && strcasecmp(path + len - 5, ".xlsx") == 0) ||
	       (len > 4 && strcasecmp(path + len - 4, ".xls") == 0);
}

struct wb_sheet *
workbook_sheet(struct workbook *wb, const char *name)
{
	for (size_t i = 0; i < wb->n; i++) {
		if (strcasecmp(wb->sheets[i].name, name) == 0)
			return &wb->sheets[i];
	}
	return NULL;
}

void
workbook_name_lone_sheet(struct workbook *wb)
{
	if (wb->n == 1 && strcasecmp(wb->sheets[0].name, "survey") != 0) {
		free(wb->sheets[0].name);
		wb->sheets[0].name = xstrdup("survey");
	}
}

bool
workbook_take(struct workbook *wb, const char *name, struct csv_table *t)
{
	struct wb_sheet *s = workbook_sheet(wb, name);

	memset(t, 0, sizeof(*t));
	if (s == NULL)
		return false;
	*t = s->t;
	memset(&s->t, 0, sizeof(s->t));
	return true;
}

void
workbook_free(struct workbook *wb)
{
	for (size_t i = 0; i < wb->n; i++) {
		free(wb->sheets[i].name);
		csvio_table_free(&wb->sheets[i].t);
	}
	free(wb->sheets);
	free(wb->path);
	memset(wb, 0, sizeof(*wb));
}

/* ---- .xls through FreeXL ------------------------------------------------ */

/* A cell as text: FreeXL gives dates and times already as text. */
static int
xls_cell_text(const FreeXL_CellValue *c, char *num, size_t size,
	      const char **out)
{
	switch (c->type) {
	case FREEXL_CELL_INT:
		snprintf(num, size, "%d", c->value.int_value);
		*out = num;
		return 0;
	case FREEXL_CELL_DOUBLE: {
		double v = c->value.double_value;
		if (v == (double)(long long)v && v > -1e15 && v < 1e15)
			snprintf(num, size, "%lld", (long long)v);
		else
			snprintf(num, size, "%.15g", v);
		*out = num;
		return 0;
	}
	case FREEXL_CELL_TEXT: case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE: case FREEXL_CELL_DATETIME: case FREEXL_CELL_TIME:
		*out = c->value.text_value ? c->value.text_value : "";
		return 0;
	default:
		*out = "";
		return 0;
	}
}

static int
xls_sheet(const void *h, struct wb_sheet *s, const char *path,
	  struct diag *d)
{
	unsigned rows = 0;
	unsigned short cols = 0;
	struct sheet_builder b;
	char *tpath = xasprintf("%s[%s]", path, s->name);
	int rc = 0;

	sheet_builder_init(&b, &s->t, tpath);
	free(tpath);
	if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
		rows = cols = 0;
	for (unsigned r = 0; r < rows && rc == 0; r++) {
		for (unsigned short c = 0; c < cols && rc == 0; c++) {
			FreeXL_CellValue v;
			char num[64];
			const char *text;
			if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
				continue;
			xls_cell_text(&v, num, sizeof(num), &text);
			rc = sheet_builder_put(&b, r + 1, c, text, strlen(text));
		}
	}
	sheet_builder_finish(&b);
	if (rc != 0)
		diag_add(d, DIAG_ERROR, s->t.path, 0, NULL,
			 "the sheet is too large (more than %u cells)",
			 SHEET_MAX_CELLS);
	return rc;
}

static int
xls_read(const char *path, struct workbook *wb, struct diag *d)
{
	const void *h = NULL;
	unsigned count = 0;
	int rc = 0;

	if (freexl_open(path, &h) != FREEXL_OK) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot read this .xls "
			 "file (damaged, encrypted or not a workbook)");
		if (h != NULL)
			freexl_close(h);
		return -1;
	}
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK)
		count = 0;
	wb->sheets = xcalloc(count + 1, sizeof(*wb->sheets));
	for (unsigned i = 0; i < count && rc == 0; i++) {
		const char *name = NULL;
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) !=
			    FREEXL_OK ||
		    freexl_select_active_worksheet(h, (unsigned short)i) !=
			    FREEXL_OK)
			continue;
		wb->sheets[wb->n].name = xstrdup(name ? name : "");
		rc = xls_sheet(h, &wb->sheets[wb->n++], path, d);
	}
	freexl_close(h);
	return rc;
}

int
workbook_read(const char *path, struct workbook *wb, struct diag *d)
{
	size_t len = strlen(path);

	memset(wb, 0, sizeof(*wb));
	wb->path = xstrdup(path);
	if (len > 4 && strcasecmp(path + len - 4, ".xls") == 0)
		return xls_read(path, wb, d);
	return xlsx_read_file(path, wb, d);
}
