/*
 * exportfs: records in, export files out, in bounded memory (see
 * exportfs.h).  Memory: 32 bytes of key per record, one read buffer as
 * large as the largest record, the plan's per-intake scratch and stdio's
 * buffers; nothing else grows with the number of records.
 */
#include "exportfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "clock.h"
#include "csvio.h"
#include "diag.h"
#include "fsutil.h"
#include "record.h"
#include "record_open.h"
#include "strbuf.h"
#include "xmem.h"

#define HEAD_BYTES 2048 /* enough for the metadata rows of most records */

int
exportfs_lock(const char *data_dir, struct diag *d)
{
	char *dir = xasprintf("%s/exports", data_dir);
	char *path = xasprintf("%s/.lock", dir), *msg = NULL;
	int fd = -1;

	if (fs_mkdirs(dir, &msg) != 0 || (fd = fs_lock(path, &msg)) < 0) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", msg ? msg : "cannot lock");
		fd = -1;
	}
	free(msg);
	free(path);
	free(dir);
	return fd;
}

void
exportfs_unlock(int fd)
{
	fs_unlock(fd);
}

/* ---- the keys -------------------------------------------------------------- */

/* One record to export: when it was finished and its file. */
struct rec_key {
	int64_t ended;           /* seconds since the epoch, UTC */
	unsigned char uuid[16];  /* the file name's id, when it is a UUID */
	uint32_t name;           /* else 1 + offset of its name in the pool */
	bool sealed;             /* <uuid>.age rather than <uuid>.csv */
};

struct keys {
	struct rec_key *v;
	size_t n, cap;
	struct strbuf pool;      /* names that are not <uuid>.csv */
};

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "0f1e...-....csv" (lower-case canonical UUID; or .age, sealed) into 16
 * bytes. */
static bool
uuid_name(const char *name, unsigned char out[16], bool *sealed)
{
	size_t k = 0;

	if (strlen(name) != 40 || (strcmp(name + 36, ".csv") != 0 &&
				   strcmp(name + 36, ".age") != 0))
		return false;
	*sealed = strcmp(name + 36, ".age") == 0;
	for (size_t i = 0; i < 36; i++) {
		int hi, lo;
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (name[i] != '-')
				return false;
			continue;
		}
		hi = hexval(name[i]), lo = hexval(name[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[k++] = (unsigned char)(hi << 4 | lo);
		i++;
	}
	return true;
}

static void
key_name(const struct keys *ks, const struct rec_key *k, struct strbuf *out)
{
	static const char hex[] = "0123456789abcdef";

	strbuf_reset(out);
	if (k->name) {
		strbuf_puts(out, ks->pool.buf + k->name - 1);
		return;
	}
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			strbuf_putc(out, '-');
		strbuf_putc(out, hex[k->uuid[i] >> 4]);
		strbuf_putc(out, hex[k->uuid[i] & 15]);
	}
	strbuf_puts(out, k->sealed ? ".age" : ".csv");
}

static int
key_order(const void *pa, const void *pb)
{
	const struct rec_key *a = pa, *b = pb;

	if (a->ended != b->ended)
		return a->ended < b->ended ? -1 : 1;
	return memcmp(a->uuid, b->uuid, 16);
}

/* What opens sealed records: the keys (NULL: none given), a scratch
 * buffer for the sealed bytes, and the count of sealed records met
 * without keys (reported once). */
struct opener {
	const struct record_keys *keys;
	struct record_buf *raw;
	size_t *unopened;
};

/* The metadata a first pass needs. */
struct head {
	const char *form_id, *status, *ended;
	bool past_meta;
};

static int
on_head_row(void *arg, unsigned row, char **cells, size_t n)
{
	struct head *h = arg;
	const char *name = cells[0], *value = n > 1 ? cells[1] : "";

	if (row == 1)
		return 0;
	if (strncmp(name, "meta:", 5) != 0) {
		h->past_meta = true;
		return 1;
	}
	if (strcmp(name + 5, "form_id") == 0)
		h->form_id = value;
	else if (strcmp(name + 5, "status") == 0)
		h->status = value;
	else if (strcmp(name + 5, "ended") == 0)
		h->ended = value;
	return 0;
}

/* Reads the metadata of the record at path.  1 when it belongs in the
 * export (with *ended), 0 when not (another form, not finished), -1 when
 * it cannot be read (an error in d). */
static int
read_head(int dirfd, const char *name, const char *path, const char *form_id,
	  const struct opener *op, struct record_buf *b, struct record_view *v,
	  int64_t *ended, struct diag *d)
{
	struct head h = {NULL, NULL, NULL, false};
	struct diag quiet = DIAG_INIT;
	struct clock_time t;
	char *cells[8];
	bool whole, full = false;
	size_t len;
	int rc;

	if (!record_is_sealed(path)) { /* only its metadata rows */
		if (record_read_meta_at(dirfd, name, path, b, v, d) != 0)
			return -1;
		if (strcmp(record_view_meta(v, "form_id"), form_id) != 0 ||
		    strcmp(record_view_meta(v, "status"), "complete") != 0)
			return 0;
		*ended = clock_parse(record_view_meta(v, "ended"), &t) ?
			(int64_t)t.epoch : 0;
		return 1;
	}
	/* a sealed record is opened whole, in memory */
	if (record_read_any(path, op->keys, op->raw, b, op->unopened, d) != 0)
		return -1;
	full = true;
	len = b->len;
	if (!full) { /* up to the last whole line */
		while (len > 0 && b->data[len - 1] != '\n')
			len--;
	}
	rc = csvio_parse_inplace(path, b->data, len, cells, 8, on_head_row, &h,
				 &whole, &quiet);
	if ((rc < 0 || !h.past_meta) && !full) {
		/* metadata longer than the head: read it all */
		diag_free(&quiet);
		h = (struct head){NULL, NULL, NULL, false};
		if (record_read(path, b, d) != 0)
			return -1;
		full = true;
		rc = csvio_parse_inplace(path, b->data, b->len, cells, 8,
					 on_head_row, &h, &whole, &quiet);
	}
	if (rc < 0) {
		/* the second pass names the problem; here it is just unread */
		for (size_t i = 0; i < quiet.n; i++)
			diag_add(d, DIAG_ERROR, quiet.v[i].path, quiet.v[i].row,
				 quiet.v[i].column, "%s", quiet.v[i].message);
		diag_free(&quiet);
		return -1;
	}
	diag_free(&quiet);
	if (h.form_id == NULL || strcmp(h.form_id, form_id) != 0 ||
	    h.status == NULL || strcmp(h.status, "complete") != 0)
		return 0;
	*ended = h.ended && clock_parse(h.ended, &t) ? (int64_t)t.epoch : 0;
	return 1;
}

static void
key_add(struct keys *ks, const char *name, int64_t ended)
{
	struct rec_key *k;

	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? 2 * ks->cap : 1024;
		ks->v = xreallocarray(ks->v, ks->cap, sizeof(*ks->v));
	}
	k = &ks->v[ks->n++];
	memset(k, 0, sizeof(*k));
	k->ended = ended;
	if (!uuid_name(name, k->uuid, &k->sealed)) {
		k->name = (uint32_t)ks->pool.len + 1;
		strbuf_puts(&ks->pool, name);
		strbuf_putc(&ks->pool, '\0');
	}
}

/* First pass: the keys of every record of the form. */
static int
collect_keys(const char *dir, const char *form_id, const struct opener *op,
	     struct keys *ks, struct record_buf *b, struct exportfs_stats *st,
	     struct diag *d)
{
	char *msg = NULL;
	DIR *dp = fs_opendir(dir, &msg); /* a linked records/ is refused */
	struct dirent *de;
	struct strbuf path = STRBUF_INIT;
	struct record_view v = {0};

	if (dp == NULL) {
		int e = errno;
		if (e != ENOENT)
			diag_add(d, DIAG_ERROR, dir, 0, NULL, "%s", msg);
		free(msg);
		return e == ENOENT ? 0 : -1; /* none: no intake finished yet */
	}
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		int64_t ended = 0;
		int rc;
		if (len < 5 || !record_is_file(de->d_name))
			continue;
		strbuf_reset(&path);
		strbuf_printf(&path, "%s/%s", dir, de->d_name);
		rc = read_head(dirfd(dp), de->d_name, strbuf_str(&path), form_id,
			       op, b, &v, &ended, d);
		if (rc < 0)
			st->unreadable++;
		else if (rc > 0)
			key_add(ks, de->d_name, ended);
	}
	closedir(dp);
	strbuf_free(&path);
	record_view_free(&v);
	if (*op->unopened > 0)
		diag_add(d, DIAG_ERROR, dir, 0, NULL, "%zu record%s here %s "
			 "sealed: give the legal team's key with --identity "
			 "FILE", *op->unopened, *op->unopened == 1 ? "" : "s",
			 *op->unopened == 1 ? "is" : "are");
	if (ks->n > 0)
		qsort(ks->v, ks->n, sizeof(*ks->v), key_order);
	return 0;
}

/* ---- streaming ------------------------------------------------------------------ */

int
exportfs_stream(struct export_plan *p, const char *data_dir,
		const struct record_keys *keys, const struct export_sink *sink,
		struct exportfs_stats *st, struct diag *d)
{
	char *dir = xasprintf("%s/records", data_dir);
	struct keys ks = {NULL, 0, 0, STRBUF_INIT};
	struct record_buf b = {0}, raw = {0};
	struct record_view v = {0};
	struct strbuf name = STRBUF_INIT, path = STRBUF_INIT;
	size_t unopened = 0;
	struct opener op = {keys, &raw, &unopened};
	int rc = collect_keys(dir, p->form->id, &op, &ks, &b, st, d);

	int dfd = ks.n ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (ks.n && dfd < 0) {
		diag_add(d, DIAG_ERROR, dir, 0, NULL, "cannot open: %s",
			 strerror(errno));
		rc = -1;
	}
	for (size_t i = 0; i < ks.n && rc == 0; i++) {
		key_name(&ks, &ks.v[i], &name);
		strbuf_reset(&path);
		strbuf_printf(&path, "%s/%s", dir, strbuf_str(&name));
		/* a plain record is read relative to the open folder */
		if ((record_is_sealed(strbuf_str(&name)) ?
		     record_read_any(strbuf_str(&path), keys, &raw, &b, NULL, d) :
		     record_read_at(dfd, strbuf_str(&name), strbuf_str(&path), &b,
				    d)) != 0 ||
		    record_parse(strbuf_str(&path), b.data, b.len, &v, d) != 0) {
			st->unreadable++;
			continue;
		}
		if (export_intake(p, &v, sink) != 0)
			rc = -1;
		else
			st->exported++;
	}
	if (dfd >= 0)
		close(dfd);
	record_view_free(&v);
	if (b.data != NULL) /* it held opened records */
		memset(b.data, 0, b.cap);
	record_buf_free(&b);
	record_buf_free(&raw);
	strbuf_free(&name);
	strbuf_free(&path);
	strbuf_free(&ks.pool);
	free(ks.v);
	free(dir);
	return rc;
}

/* ---- writing files ------------------------------------------------------------- */

struct outfile {
	char *path, *tmp;
	FILE *f;
};

static void
outfiles_discard(struct outfile *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (o[i].f)
			fclose(o[i].f);
		if (o[i].tmp)
			unlink(o[i].tmp);
		free(o[i].path);
		free(o[i].tmp);
	}
	free(o);
}

static int
outfile_open(struct outfile *o, const char *dir, const char *stem,
	     struct diag *d)
{
	int fd;

	o->path = xasprintf("%s/%s.csv", dir, stem);
	o->tmp = xasprintf("%s.tmp.XXXXXX", o->path);
	fd = mkstemp(o->tmp);
	if (fd >= 0)
		flock(fd, LOCK_EX); /* fs_remove_stale_tmp leaves it alone */
	if (fd < 0 || fchmod(fd, 0600) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
		diag_add(d, DIAG_ERROR, o->path, 0, NULL, "cannot create a file "
			 "beside it: %s", strerror(errno));
		if (fd >= 0)
			close(fd), unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
	return 0;
}

/* Flushes and syncs every file, then renames them all into place. */
static int
outfiles_commit(struct outfile *o, size_t n, struct diag *d)
{
	for (size_t i = 0; i < n; i++) {
		int bad = fflush(o[i].f) != 0 || ferror(o[i].f) ||
			  fsync(fileno(o[i].f)) != 0;
		int e = errno;
		if (fclose(o[i].f) != 0 && !bad)
			bad = 1, e = errno;
		o[i].f = NULL;
		if (bad) {
			diag_add(d, DIAG_ERROR, o[i].path, 0, NULL,
				 "cannot write: %s", strerror(e));
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (rename(o[i].tmp, o[i].path) != 0) {
			diag_add(d, DIAG_ERROR, o[i].path, 0, NULL,
				 "cannot write: %s", strerror(errno));
			return -1;
		}
		free(o[i].tmp);
		o[i].tmp = NULL;
	}
	if (n > 0 && fs_sync_folder(o[0].path) != 0) {
		diag_add(d, DIAG_ERROR, o[0].path, 0, NULL,
			 "cannot sync its folder: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int
write_headers_and_docs(struct export_plan *p, FILE **out,
		       struct export_csv_files *w)
{
	struct export_sink sink = {w, export_csv_sink_row};
	int rc = 0;

	for (size_t i = 0; i < p->ntables && rc == 0; i++)
		rc = export_csv_header(p, &p->tables[i], out[i]);
	if (rc == 0)
		rc = export_csv_header(p, &p->codebook, out[p->ntables]);
	if (rc == 0)
		rc = export_codebook_rows(p, &sink);
	if (rc == 0)
		rc = export_csv_header(p, &p->choices, out[p->ntables + 1]);
	if (rc == 0)
		rc = export_choices_rows(p, &sink);
	return rc;
}

int
exportfs_records_source(void *arg, struct export_plan *p,
			const struct export_sink *sink,
			struct exportfs_stats *st, struct diag *d)
{
	const struct exportfs_records *r = arg;

	return exportfs_stream(p, r->data_dir, r->keys, sink, st, d);
}

int
exportfs_rebuild_csv(struct export_plan *p, const char *data_dir,
		     const struct record_keys *keys, const char *dir,
		     struct exportfs_stats *st, struct diag *d)
{
	struct exportfs_records r = {data_dir, keys};

	return exportfs_rebuild_csv_from(p, exportfs_records_source, &r,
					 data_dir, dir, st, d);
}

int
exportfs_rebuild_csv_from(struct export_plan *p, exportfs_source src,
			  void *arg, const char *data_dir, const char *dir,
			  struct exportfs_stats *st, struct diag *d)
{
	size_t n = p->ntables + 2;
	struct outfile *o = xcalloc(n, sizeof(*o));
	FILE **out = xcalloc(n, sizeof(FILE *));
	struct export_csv_files w = {p, out};
	struct export_sink sink = {&w, export_csv_sink_row};
	char *msg = NULL;
	int lock, rc = EX_OK;

	memset(st, 0, sizeof(*st));
	if ((lock = exportfs_lock(data_dir, d)) < 0) {
		free(o), free(out);
		return EX_CANTCREAT;
	}
	if (fs_mkdirs(dir, &msg) != 0) {
		diag_add(d, DIAG_ERROR, dir, 0, NULL, "%s", msg);
		free(msg);
		rc = EX_CANTCREAT;
		goto done;
	}
	for (size_t i = 0; i < n && rc == EX_OK; i++) {
		const char *stem = i < p->ntables ? p->tables[i].name :
			i == p->ntables ? p->codebook.name : p->choices.name;
		if (outfile_open(&o[i], dir, stem, d) != 0)
			rc = EX_CANTCREAT;
		else
			out[i] = o[i].f;
	}
	if (rc == EX_OK && write_headers_and_docs(p, out, &w) != 0)
		rc = EX_IOERR;
	if (rc == EX_OK && src(arg, p, &sink, st, d) != 0)
		rc = EX_IOERR;
	if (rc == EX_OK && st->unreadable > 0)
		rc = EX_DATAERR;
	if (rc == EX_OK && outfiles_commit(o, n, d) != 0)
		rc = EX_IOERR;
done:
	outfiles_discard(o, n);
	free(out);
	exportfs_unlock(lock);
	return rc;
}

/* ---- appended ids ------------------------------------------------------------ */

bool
exportfs_has_id(const char *path, const char *id)
{
	FILE *f = fs_fopen_read(path, NULL);
	char *line = NULL;
	size_t cap = 0, n = strlen(id);
	bool found = false;
	ssize_t len;

	if (f == NULL)
		return false;
	while (!found && (len = getline(&line, &cap, f)) > 0) {
		const char *s = line;
		if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
		found = strncmp(s, id, n) == 0 && (s[n] == ',' || s[n] == '\r' ||
						   s[n] == '\n');
	}
	free(line);
	fclose(f);
	return found;
}
