/*
 * diag: collecting and printing diagnostics (see diag.h).  The caret line
 * is placed by display columns, so it sits under the right character even
 * when the excerpt holds accented or wide characters.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xmem.h"

static struct diag_entry *
push(struct diag *d, enum diag_level level, const char *path, unsigned row,
     const char *column, const char *fmt, va_list ap)
{
	struct diag_entry *e;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	e = &d->v[d->n++];
	memset(e, 0, sizeof(*e));
	e->level = level;
	e->path = xstrdup(path ? path : "");
	e->row = row;
	e->column = column ? xstrdup(column) : NULL;
	e->message = xvasprintf(fmt, ap);
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	return e;
}

void
diag_add(struct diag *d, enum diag_level level, const char *path,
	 unsigned row, const char *column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push(d, level, path, row, column, fmt, ap);
	va_end(ap);
}

void
diag_add_caret(struct diag *d, enum diag_level level, const char *path,
	       unsigned row, const char *column, const char *excerpt,
	       size_t offset, const char *fmt, ...)
{
	va_list ap;
	struct diag_entry *e;

	va_start(ap, fmt);
	e = push(d, level, path, row, column, fmt, ap);
	va_end(ap);
	e->excerpt = xstrdup(excerpt);
	e->offset = offset;
}

bool
diag_has_errors(const struct diag *d)
{
	return d->errors > 0;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct diag_entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c != 0)
		return c;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return 0;
}

void
diag_sort(struct diag *d)
{
	/* insertion sort: stable, and lists are short */
	for (size_t i = 1; i < d->n; i++) {
		struct diag_entry tmp = d->v[i];
		size_t j = i;
		while (j > 0 && entry_cmp(&d->v[j - 1], &tmp) > 0) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = tmp;
	}
}

/* Every piece of a diagnostic can come from a hostile file: each goes
 * through utf8_sanitize, and the caret counts the sanitized columns. */
static void
put_safe(const char *text, FILE *out)
{
	char *safe = utf8_sanitize(text, 0);

	fputs(safe, out);
	free(safe);
}

static void
print_caret(const struct diag_entry *e, FILE *out)
{
	size_t len = strlen(e->excerpt);
	size_t off = e->offset > len ? len : e->offset;
	char *before = xmalloc(off + 1);
	char *safe;
	int cols;

	memcpy(before, e->excerpt, off);
	before[off] = '\0';
	safe = utf8_sanitize(before, 0);
	cols = utf8_width(safe);
	fputs("    ", out);
	put_safe(e->excerpt, out);
	fprintf(out, "\n    %*s^\n", cols < 0 ? 0 : cols, "");
	free(safe);
	free(before);
}

void
diag_print_entry(const struct diag_entry *e, FILE *out)
{
	put_safe(e->path, out);
	if (e->row > 0)
		fprintf(out, ":%u", e->row);
	fputs(": ", out);
	if (e->column != NULL) {
		put_safe(e->column, out);
		fputs(": ", out);
	}
	fprintf(out, "%s: ", e->level == DIAG_ERROR ? "error" : "warning");
	put_safe(e->message, out);
	fputc('\n', out);
	if (e->excerpt != NULL)
		print_caret(e, out);
}

void
diag_print(const struct diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++)
		diag_print_entry(&d->v[i], out);
}

void
diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].column);
		free(d->v[i].message);
		free(d->v[i].excerpt);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
