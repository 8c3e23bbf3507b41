/* record: reading and writing intake files (see record.h). */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "age.h"
#include "csvio.h"
#include "diag.h"
#include "fsutil.h"
#include "xmem.h"

#include <unistd.h>

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
record_write_sealed(const char *path, const char *plain, size_t len,
		    const struct age_recipient *rs, size_t n, char **msg)
{
	struct sealed s;
	uint8_t *sealed = NULL;
	int rc = age_encrypt(rs, n, plain, len, &sealed, &s.len);

	if (rc != AGE_OK) {
		*msg = xasprintf("cannot seal %s: %s", path, age_strerror(rc));
		return -1;
	}
	s.bytes = sealed;
	rc = fs_write_atomic(path, write_sealed, &s, msg);
	free(sealed);
	return rc;
}

int
record_save_sealed(struct interview *iv, const char *path,
		   const struct age_recipient *rs, size_t n, char **msg)
{
	char *plain;
	size_t len;
	int rc;

	if (record_text(iv, true, &plain, &len) != 0) {
		*msg = xasprintf("cannot prepare the record for %s", path);
		return -1;
	}
	rc = record_write_sealed(path, plain, len, rs, n, msg);
	age_free_secret(plain, len);
	return rc;
}

static int
parse_state(const char *s)
{
	int st;

	switch (*s) { /* one compare, not four */
	case '\0': return IV_ANSWERED;
	case 'a': st = IV_ANSWERED; break;
	case 'd': st = IV_DONT_KNOW; break;
	case 'r': st = IV_REFUSED; break;
	case 'e': st = IV_EMPTY; break;
	default: return -1;
	}
	return strcmp(s, state_names[st]) == 0 ? st : -1;
}

/* ---- reading in place ---------------------------------------------------- */

#define HEAD_BYTES 2048 /* enough for the metadata rows of most records */

struct parse_state {
	struct record_view *v;
	struct diag *d;
	int rc;
	bool header;
};

static void
view_add_meta(struct record_view *v, const char *key, const char *value)
{
	if (2 * v->nmeta + 2 > v->metacap) {
		v->metacap = v->metacap ? 2 * v->metacap : 32;
		v->meta = xreallocarray(v->meta, v->metacap, sizeof(char *));
	}
	v->meta[2 * v->nmeta] = key;
	v->meta[2 * v->nmeta++ + 1] = value;
}

static int
on_record_row(void *arg, unsigned row, char **cells, size_t n)
{
	struct parse_state *ps = arg;
	struct record_view *v = ps->v;
	const char *name = cells[0], *value = n > 1 ? cells[1] : "";
	const char *state = n > 2 ? cells[2] : "", *note = n > 3 ? cells[3] : "";
	int st;

	if (row == 1) {
		if (strcmp(name, "name") != 0 || n < 2 || strcmp(value, "value") != 0) {
			diag_add(ps->d, DIAG_ERROR, v->path, 1, NULL,
				 "not an intake file (the first row must be "
				 "name,value,state,note)");
			ps->rc = -1;
			return 1;
		}
		ps->header = true;
		return 0;
	}
	if (name[0] == 'm' && strncmp(name, "meta:", 5) == 0) {
		view_add_meta(v, name + 5, value);
		return 0;
	}
	st = parse_state(state);
	if (*name == '\0' || st < 0) {
		diag_add(ps->d, DIAG_ERROR, v->path, row, *name ? "state" : "name",
			 *name ? "unknown state \"%s\"" : "a row without a name%s",
			 *name ? state : "");
		ps->rc = -1;
		return 0;
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 256;
		v->rows = xreallocarray(v->rows, v->cap, sizeof(*v->rows));
	}
	v->rows[v->n++] = (struct record_row){name, value, note,
					      (enum iv_state)st, row};
	return 0;
}

int
record_parse(const char *path, char *buf, size_t len, struct record_view *v,
	     struct diag *d)
{
	struct parse_state ps = {v, d, 0, false};
	char *cells[8];
	bool whole;
	int rc;

	v->path = path;
	v->n = v->nmeta = 0;
	if (len > 0 && buf[len - 1] != '\n' && buf[len - 1] != '\r') {
		unsigned rows = 1;
		for (size_t i = 0; i < len; i++)
			rows += buf[i] == '\n';
		diag_add(d, DIAG_ERROR, path, rows, NULL,
			 "the record stops in the middle of a row: it was cut "
			 "off (copy it again from a backup)");
		return -1;
	}
	rc = csvio_parse_inplace(path, buf, len, cells, 8, on_record_row, &ps,
				 &whole, d);
	if (rc < 0)
		return -1;
	if (ps.rc != 0)
		return -1;
	if (!ps.header) {
		diag_add(d, DIAG_ERROR, path, 1, NULL,
			 "not an intake file (the first row must be "
			 "name,value,state,note)");
		return -1;
	}
	(void)whole; /* checked above, with the row named */
	return 0;
}

/* Reads name (relative to folder dirfd, or AT_FDCWD) into b: at most max
 * bytes, 0 for all.  path names it in messages. */
static int
read_at(int dirfd, const char *name, const char *path, struct record_buf *b,
	size_t max, struct diag *d)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	b->len = 0;
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot open: %s",
			 errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return -1;
	}
	for (;;) {
		size_t want;
		ssize_t n;
		if (b->cap < b->len + 4097) {
			b->cap = b->cap < 16384 ? 16384 : 2 * b->cap;
			b->data = xrealloc(b->data, b->cap);
		}
		want = b->cap - b->len - 1;
		if (max && want > max - b->len)
			want = max - b->len;
		n = read(fd, b->data + b->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot read: %s",
				 strerror(errno));
			close(fd);
			return -1;
		}
		b->len += (size_t)n;
		/* a regular file reads short only at its end */
		if ((size_t)n < want || n == 0 || (max && b->len >= max))
			break;
	}
	close(fd);
	b->data[b->len] = '\0';
	return 0;
}

int
record_read(const char *path, struct record_buf *b, struct diag *d)
{
	return read_at(AT_FDCWD, path, path, b, 0, d);
}

int
record_read_head(const char *path, struct record_buf *b, size_t max,
		 struct diag *d)
{
	return read_at(AT_FDCWD, path, path, b, max, d);
}

static int
on_meta_row(void *arg, unsigned row, char **cells, size_t n)
{
	if (row > 1 && strncmp(cells[0], "meta:", 5) != 0)
		return 2; /* past the metadata: stop */
	return on_record_row(arg, row, cells, n);
}

/* Parses the metadata rows of b's first len bytes into v; 0 when they
 * were all there, 1 when they may go on past len, -1 on an error. */
static int
parse_meta(const char *path, struct record_buf *b, size_t len,
	   struct record_view *v, struct diag *d)
{
	struct parse_state ps = {v, d, 0, false};
	char *cells[8];
	bool whole;
	int rc;

	v->path = path;
	v->n = v->nmeta = 0;
	rc = csvio_parse_inplace(path, b->data, len, cells, 8, on_meta_row, &ps,
				 &whole, d);
	if (rc < 0 || ps.rc != 0)
		return -1;
	if (!ps.header) {
		diag_add(d, DIAG_ERROR, path, 1, NULL, "not an intake file (the "
			 "first row must be name,value,state,note)");
		return -1;
	}
	return rc == 2 ? 0 : 1;
}

int
record_read_meta_at(int dirfd, const char *name, const char *path,
		    struct record_buf *b, struct record_view *v, struct diag *d)
{
	struct diag quiet = DIAG_INIT;
	size_t len;
	int rc;

	if (read_at(dirfd, name, path, b, HEAD_BYTES, d) != 0)
		return -1;
	if (b->len < HEAD_BYTES) /* the whole file */
		return parse_meta(path, b, b->len, v, d) < 0 ? -1 : 0;
	for (len = b->len; len > 0 && b->data[len - 1] != '\n'; len--)
		;
	rc = parse_meta(path, b, len, v, &quiet); /* a cut quote is no error */
	diag_free(&quiet);
	if (rc == 0)
		return 0;
	if (read_at(dirfd, name, path, b, 0, d) != 0)
		return -1;
	return parse_meta(path, b, b->len, v, d) < 0 ? -1 : 0;
}

int
record_read_meta(const char *path, struct record_buf *b, struct record_view *v,
		 struct diag *d)
{
	return record_read_meta_at(AT_FDCWD, path, path, b, v, d);
}

int
record_read_at(int dirfd, const char *name, const char *path,
	       struct record_buf *b, struct diag *d)
{
	return read_at(dirfd, name, path, b, 0, d);
}

const char *
record_view_meta(const struct record_view *v, const char *key)
{
	for (size_t i = 0; i < v->nmeta; i++) {
		if (strcmp(v->meta[2 * i], key) == 0)
			return v->meta[2 * i + 1];
	}
	return "";
}

void
record_view_free(struct record_view *v)
{
	free(v->meta);
	free(v->rows);
	memset(v, 0, sizeof(*v));
}

void
record_buf_free(struct record_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* ---- reading into owned copies ------------------------------------------- */

static void
add_meta(struct record_data *r, const char *key, const char *value)
{
	r->meta = xreallocarray(r->meta, 2 * r->nmeta + 3, sizeof(char *));
	r->meta[2 * r->nmeta] = xstrdup(key);
	r->meta[2 * r->nmeta + 1] = xstrdup(value);
	r->meta[2 * ++r->nmeta] = NULL;
}

/* Fills r with copies of the parsed record v. */
static void
record_from_view(const struct record_view *v, struct record_data *r)
{
	for (size_t i = 0; i < v->nmeta; i++)
		add_meta(r, v->meta[2 * i], v->meta[2 * i + 1]);
	r->entries = xcalloc(v->n + 1, sizeof(*r->entries));
	for (size_t i = 0; i < v->n; i++)
		r->entries[r->n++] = (struct iv_entry){
			xstrdup(v->rows[i].path), xstrdup(v->rows[i].value),
			v->rows[i].state, xstrdup(v->rows[i].note), true, false};
}

int
record_load(const char *path, struct record_data *r, struct diag *d)
{
	struct record_buf b = {0};
	struct record_view v = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	r->meta = xcalloc(1, sizeof(char *));
	rc = record_read(path, &b, d);
	if (rc == 0)
		rc = record_parse(path, b.data, b.len, &v, d);
	if (rc == 0)
		record_from_view(&v, r);
	record_view_free(&v);
	record_buf_free(&b);
	return rc;
}

int
record_load_mem(const char *source, const char *data, size_t len,
		struct record_data *r, struct diag *d)
{
	char *buf = xmalloc(len + 1);
	struct record_view v = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	r->meta = xcalloc(1, sizeof(char *));
	memcpy(buf, data, len);
	rc = record_parse(source, buf, len, &v, d);
	if (rc == 0)
		record_from_view(&v, r);
	record_view_free(&v);
	free(buf);
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
