/* record: reading and writing intake files (see record.h). */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "age.h"
#include "csvio.h"
#include "diag.h"
#include "fsutil.h"
#include "xmem.h"

static const char *const state_names[] = {
	[IV_EMPTY] = "empty", [IV_ANSWERED] = "answered",
	[IV_DONT_KNOW] = "dont_know", [IV_REFUSED] = "refused",
};

struct writer {
	struct interview *iv;
	FILE *out;
	bool finished;
	int rc;
};

static void
write_meta(void *arg, const char *key, const char *value)
{
	struct writer *w = arg;
	char *name = xasprintf("meta:%s", key);
	const char *cells[4] = {name, value, "", ""};

	if (csvio_write_row(w->out, cells, 4, "\n") != 0)
		w->rc = -1;
	free(name);
}

static void
write_entry(void *arg, const struct iv_entry *e)
{
	struct writer *w = arg;
	const char *cells[4] = {e->path, e->value, state_names[e->state], e->note};

	if (w->finished && !e->relevant)
		return;
	if (csvio_write_row(w->out, cells, 4, "\n") != 0)
		w->rc = -1;
}

static int
write_all(FILE *out, void *arg)
{
	struct writer *w = arg;
	const char *header[4] = {"name", "value", "state", "note"};

	w->out = out;
	if (csvio_write_row(out, header, 4, "\n") != 0)
		return -1;
	iv_meta_each(w->iv, write_meta, w);
	iv_entries(w->iv, write_entry, w);
	return w->rc;
}

int
record_save(struct interview *iv, const char *path, bool finished, char **msg)
{
	struct writer w = {iv, NULL, finished, 0};

	iv_checkpoint(iv);
	return fs_write_atomic(path, write_all, &w, msg);
}

int
record_text(struct interview *iv, bool finished, char **buf, size_t *len)
{
	struct writer w = {iv, NULL, finished, 0};
	FILE *mem;
	int rc;

	*buf = NULL;
	*len = 0;
	if ((mem = open_memstream(buf, len)) == NULL)
		return -1;
	iv_checkpoint(iv);
	rc = write_all(mem, &w);
	if (fclose(mem) != 0)
		rc = -1;
	if (rc != 0) {
		age_free_secret(*buf, *len);
		*buf = NULL;
		*len = 0;
	}
	return rc;
}

struct sealed {
	const uint8_t *bytes;
	size_t len;
};

static int
write_sealed(FILE *out, void *arg)
{
	const struct sealed *s = arg;

	return fwrite(s->bytes, 1, s->len, out) == s->len ? 0 : -1;
}

int
record_save_sealed(struct interview *iv, const char *path,
		   const struct age_recipient *rs, size_t n, char **msg)
{
	struct sealed s;
	uint8_t *sealed = NULL;
	char *plain;
	size_t len;
	int rc;

	if (record_text(iv, true, &plain, &len) != 0) {
		*msg = xasprintf("cannot prepare the record for %s", path);
		return -1;
	}
	rc = age_encrypt(rs, n, plain, len, &sealed, &s.len);
	age_free_secret(plain, len);
	if (rc != AGE_OK) {
		*msg = xasprintf("cannot seal %s: %s", path, age_strerror(rc));
		return -1;
	}
	s.bytes = sealed;
	rc = fs_write_atomic(path, write_sealed, &s, msg);
	free(sealed);
	return rc;
}

static int
parse_state(const char *s)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, state_names[i]) == 0)
			return i;
	}
	return *s == '\0' ? IV_ANSWERED : -1;
}

static void
add_meta(struct record_data *r, const char *key, const char *value)
{
	r->meta = xreallocarray(r->meta, 2 * r->nmeta + 3, sizeof(char *));
	r->meta[2 * r->nmeta] = xstrdup(key);
	r->meta[2 * r->nmeta + 1] = xstrdup(value);
	r->meta[2 * ++r->nmeta] = NULL;
}

/* Fills r from the rows of a parsed intake file. */
static int
record_from_table(const char *path, struct csv_table *t, struct record_data *r,
		  struct diag *d)
{
	int rc = 0;

	r->entries = xcalloc(t->n + 1, sizeof(*r->entries));
	for (size_t i = 1; i < t->n; i++) {
		const struct csv_row *row = &t->rows[i];
		const char *name = csvio_cell(row, 0);
		int st = parse_state(csvio_cell(row, 2));
		if (strncmp(name, "meta:", 5) == 0) {
			add_meta(r, name + 5, csvio_cell(row, 1));
			continue;
		}
		if (*name == '\0' || st < 0) {
			diag_add(d, DIAG_ERROR, path, row->row, *name ? "state" : "name",
				 *name ? "unknown state \"%s\"" : "a row without a name%s",
				 *name ? csvio_cell(row, 2) : "");
			rc = -1;
			continue;
		}
		r->entries[r->n++] = (struct iv_entry){
			xstrdup(name), xstrdup(csvio_cell(row, 1)), (enum iv_state)st,
			xstrdup(csvio_cell(row, 3)), true, false};
	}
	if (t->n == 0 || strcmp(csvio_cell(&t->rows[0], 0), "name") != 0) {
		diag_add(d, DIAG_ERROR, path, 1, NULL,
			 "not an intake file (the first row must be name,value,state,note)");
		rc = -1;
	}
	return rc;
}

int
record_load(const char *path, struct record_data *r, struct diag *d)
{
	struct csv_table t = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	r->meta = xcalloc(1, sizeof(char *));
	rc = csvio_read_file(path, &t, d) == 0 ? record_from_table(path, &t, r, d) : -1;
	csvio_table_free(&t);
	return rc;
}

int
record_load_mem(const char *source, const char *data, size_t len,
		struct record_data *r, struct diag *d)
{
	struct csv_table t = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	r->meta = xcalloc(1, sizeof(char *));
	rc = csvio_read_mem(source, data, len, &t, d) == 0 ?
		     record_from_table(source, &t, r, d) : -1;
	csvio_table_free(&t);
	return rc;
}

void
record_data_free(struct record_data *r)
{
	for (size_t i = 0; r->meta && r->meta[i]; i++)
		free(r->meta[i]);
	free(r->meta);
	for (size_t i = 0; i < r->n; i++) {
		free((char *)r->entries[i].path);
		free((char *)r->entries[i].value);
		free((char *)r->entries[i].note);
	}
	free(r->entries);
	memset(r, 0, sizeof(*r));
}

const char *
record_meta(const struct record_data *r, const char *key)
{
	for (size_t i = 0; r->meta && r->meta[i]; i += 2) {
		if (strcmp(r->meta[i], key) == 0)
			return r->meta[i + 1];
	}
	return "";
}
