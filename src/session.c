/*
 * session: one intake from first answer to export (see session.h).
 *
 * Files, under the data folder (0700; files 0600):
 *   drafts/<id>.csv    rewritten atomically after every committed answer
 *   records/<id>.csv   written once, when the intake is finished
 *   records/<id>.age   instead, when the form has a public_key: the same
 *                      CSV sealed in memory (age), and no export row
 *   records/<id>-media/<file>
 *                      the files answering image, audio, video and file
 *                      questions, copied just before the record is
 *                      written (media.h)
 *   codes/<CODE>       an empty file per intake code handed out, so that
 *                      each code is unique in the data folder
 *   exports/<form_id>.csv, exports/<form_id>-<repeat>.csv
 *                      one row appended per finished intake, under an
 *                      exclusive lock, only while the header still
 *                      matches the form (else: run `intake export`)
 * The record is written before the export row and the draft is removed
 * last, so a crash at any point leaves the answers in at least one file.
 * While the form's save_if is false (the client is not safe) nothing is
 * written and any draft is removed.  An intake nobody has answered yet
 * leaves no draft either.
 */
#include "session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "age.h"
#include "answers.h"
#include "diag.h"
#include "draft_index.h"
#include "export.h"
#include "exportfs.h"
#include "fsutil.h"
#include "media.h"
#include "record.h"
#include "uuid.h"
#include "xmem.h"

static char *
sub(const char *data_dir, const char *folder, const char *file)
{
	return file ? xasprintf("%s/%s/%s", data_dir, folder, file) :
		      xasprintf("%s/%s", data_dir, folder);
}

void
session_tidy(const char *data_dir)
{
	static bool done;
	static const char *const folders[] = {"drafts", "records", "exports",
					       "exports/redacted"};

	if (done)
		return;
	done = true;
	for (size_t i = 0; i < sizeof(folders) / sizeof(*folders); i++) {
		char *dir = sub(data_dir, folders[i], NULL), *msg = NULL;
		if (fs_remove_stale_tmp(dir, &msg) < 0 && msg != NULL)
			fprintf(stderr, "intake: %s\n", msg);
		free(msg);
		free(dir);
	}
}

static struct session *
session_of(const struct form *f, const char *data_dir, struct interview *iv)
{
	struct session *s = xcalloc(1, sizeof(*s));
	char *file = xasprintf("%s.csv", iv_meta(iv, "instance_id"));

	s->form = f;
	s->iv = iv;
	s->data_dir = xstrdup(data_dir);
	s->draft_path = sub(data_dir, "drafts", file);
	free(file);
	return s;
}

struct session *
session_new(const struct form *f, const char *data_dir,
	    const struct iv_options *o)
{
	session_tidy(data_dir);
	return session_of(f, data_dir, iv_new(f, o));
}

void
session_free(struct session **sp)
{
	struct session *s;

	if (sp == NULL || *sp == NULL)
		return;
	s = *sp;
	iv_free(&s->iv);
	free(s->data_dir);
	free(s->draft_path);
	free(s->record_path);
	free(s);
	*sp = NULL;
}

static int
report(struct diag *d, const char *path, char *msg)
{
	diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", msg ? msg : "failed");
	free(msg);
	return -1;
}

/* The form's save_if is false: remove any draft, keep nothing. */
static int
discard(struct session *s, struct diag *d)
{
	char *msg = NULL;

	s->discarded = true;
	if (fs_remove(s->draft_path, &msg) != 0)
		return report(d, s->draft_path, msg);
	return 0;
}

/* ---- the intake code ------------------------------------------------------- */

/* Characters no one confuses when reading them off a card or a phone:
 * no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V. */
static const char code_alphabet[] = "3467ACEFGHJKMNPRTWXY";

static void
random_code(char out[SESSION_CODE_LEN + 1])
{
	unsigned char r[SESSION_CODE_LEN];
	size_t n = sizeof(code_alphabet) - 1;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		for (size_t i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)rand();
	for (size_t i = 0; i < SESSION_CODE_LEN; i++)
		out[i] = code_alphabet[r[i] % n];
	out[SESSION_CODE_LEN] = '\0';
}

/* Gives the intake a code not used before in this data folder: the code
 * is claimed by creating codes/<CODE> exclusively (no two processes can
 * claim the same one).  0, or -1 with an error in d. */
static int
claim_code(struct session *s, struct diag *d)
{
	char *dir = sub(s->data_dir, "codes", NULL), *msg = NULL;
	char code[SESSION_CODE_LEN + 1];
	int rc = -1;

	if (*iv_meta(s->iv, "intake_code") != '\0') {
		free(dir);
		return 0;
	}
	if (fs_mkdirs(dir, &msg) != 0) {
		free(dir);
		return report(d, s->data_dir, msg);
	}
	for (int tries = 0; tries < 1000 && rc != 0; tries++) {
		char *path;
		int fd;
		random_code(code);
		path = xasprintf("%s/%s", dir, code);
		fd = fs_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600, NULL);
		if (fd >= 0) {
			close(fd);
			iv_set_meta(s->iv, "intake_code", code);
			rc = 0;
		} else if (errno != EEXIST) {
			diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot create: %s",
				 strerror(errno));
			free(path);
			break;
		}
		free(path);
	}
	free(dir);
	return rc;
}

int
session_save(struct session *s, struct diag *d)
{
	char *dir, *msg = NULL;

	if (!iv_keep(s->iv))
		return discard(s, d);
	s->discarded = false;
	if (!iv_touched(s->iv))
		return 0; /* nothing answered: nothing to keep */
	if (claim_code(s, d) != 0)
		return -1;
	dir = sub(s->data_dir, "drafts", NULL);

	if (fs_mkdirs(dir, &msg) != 0 ||
	    record_save(s->iv, s->draft_path, false, &msg) != 0) {
		free(dir);
		return report(d, s->draft_path, msg);
	}
	free(dir);
	return 0;
}

/* ---- export rows ----------------------------------------------------------- */

/* The rows of one intake per table, gathered in memory. */
struct pending {
	struct export_plan *plan;
	char **buf;
	size_t *len;
	FILE **mem;
};

static int
pending_row(void *arg, const struct export_table *t,
	    const struct export_cell *cells)
{
	struct pending *pd = arg;

	return export_csv_row(t, cells, pd->mem[t - pd->plan->tables]);
}

/* The first line of a file, without BOM and line end; NULL if empty. */
static char *
first_line(const char *path)
{
	FILE *f = fs_fopen_read(path, NULL);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		return NULL;
	n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		memmove(line, line + 3, strlen(line + 3) + 1);
	return line;
}

/* Writes the header (for a new file) and the rows with one write(): a
 * process killed at any moment leaves all of them or none. */
static int
write_once(const struct export_plan *p, const struct export_table *t,
	   const char *rows, size_t len, bool header, FILE *out)
{
	char *buf = NULL;
	size_t n = 0, done = 0;
	FILE *mem = open_memstream(&buf, &n);
	int rc = header ? export_csv_header(p, t, mem) : 0;

	if (rc == 0 && fwrite(rows, 1, len, mem) != len)
		rc = -1;
	if (fclose(mem) != 0)
		rc = -1;
	fflush(out);
	while (rc == 0 && done < n) {
		ssize_t w = write(fileno(out), buf + done, n - done);
		if (w <= 0)
			rc = -1;
		else
			done += (size_t)w;
	}
	free(buf);
	return rc;
}

/* Appends this intake's rows to the export file of table t, unless an
 * earlier try already did (again: the record existed before). */
static int
append_table(struct session *s, const struct export_plan *p,
	     const struct export_table *t, const char *rows, size_t len,
	     bool again, struct diag *d)
{
	char *file = xasprintf("%s.csv", t->name);
	char *path = sub(s->data_dir, "exports", file), *msg = NULL;
	char *want = export_csv_header_line(p, t), *have = NULL;
	long size = 0;
	FILE *out;
	int rc = 0;

	free(file);
	if (again && exportfs_has_id(path, iv_meta(s->iv, "instance_id")))
		goto done; /* appended before a kill, or by a rebuild */
	if ((out = fs_append_locked(path, &size, &msg)) == NULL) {
		rc = report(d, path, msg);
		goto done;
	}
	have = size > 0 ? first_line(path) : NULL;
	if (size > 0 && (have == NULL || strcmp(have, want) != 0)) {
		diag_add(d, DIAG_ERROR, path, 1, NULL,
			 "this export was made with another version of the "
			 "form, so the row was not added; the intake is saved in "
			 "records/: run `intake export` to rebuild the exports");
		rc = -1;
	} else if (len > 0 || size == 0) {
		rc = write_once(p, t, rows, len, size == 0, out);
	}
	if (fs_append_close(out, path, size, rc == 0, &msg) != 0)
		rc = msg ? report(d, path, msg) : -1;
done:
	free(have);
	free(want);
	free(path);
	return rc;
}

/* The rows of the record just saved, read back from its file (so they
 * are exactly what a rebuild makes), appended to every table. */
static int
append_exports(struct session *s, bool again, struct diag *d)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p = export_plan_new(s->form, &o, NULL);
	struct record_buf b = {0};
	struct record_view v = {0};
	struct pending pd = {p, NULL, NULL, NULL};
	struct export_sink sink = {&pd, pending_row};
	int rc = -1;

	pd.buf = xcalloc(p->ntables, sizeof(char *));
	pd.len = xcalloc(p->ntables, sizeof(size_t));
	pd.mem = xcalloc(p->ntables, sizeof(FILE *));
	for (size_t i = 0; i < p->ntables; i++)
		pd.mem[i] = open_memstream(&pd.buf[i], &pd.len[i]);
	if (record_read(s->record_path, &b, d) == 0 &&
	    record_parse(s->record_path, b.data, b.len, &v, d) == 0)
		rc = export_intake(p, &v, &sink);
	for (size_t i = 0; i < p->ntables; i++)
		if (fclose(pd.mem[i]) != 0)
			rc = -1;
	for (size_t i = 0; i < p->ntables && rc >= 0; i++)
		rc |= append_table(s, p, &p->tables[i], pd.buf[i], pd.len[i],
				   again, d);
	for (size_t i = 0; i < p->ntables; i++)
		free(pd.buf[i]);
	free(pd.buf);
	free(pd.len);
	free(pd.mem);
	record_view_free(&v);
	record_buf_free(&b);
	export_plan_free(&p);
	return rc;
}

static void (*finish_hook)(const struct session_finished *f);

void
session_set_finish_hook(void (*hook)(const struct session_finished *f))
{
	finish_hook = hook;
}

/* Tells the hook (if any) that the intake is finished and saved; plain
 * is the sealed record's plaintext, or NULL. */
static void
tell_finished(const struct session *s, const char *plain, size_t len)
{
	struct session_finished f = {s->data_dir, iv_meta(s->iv, "instance_id"),
				     s->form->dir, plain, len};

	if (finish_hook != NULL)
		finish_hook(&f);
}

/* A sealed record: nothing readable is written (no export row), and the
 * draft goes only once the sealed file and its folder are synced.  The
 * plaintext exists only in memory, for the hook (a push of its non-pii
 * values), and is wiped after it. */
static int
finish_sealed(struct session *s, struct diag *d)
{
	char *records = sub(s->data_dir, "records", NULL);
	char *file = xasprintf("%s.age", iv_meta(s->iv, "instance_id"));
	char *msg = NULL, *plain = NULL;
	size_t len = 0;
	bool saved = false;
	int rc = 0;

	free(s->record_path);
	s->record_path = sub(s->data_dir, "records", file);
	if (fs_mkdirs(records, &msg) != 0)
		rc = report(d, records, msg);
	else if (media_copy_all(s->iv, s->data_dir, s->record_path, d) != 0)
		rc = -1; /* sealed there too; the draft keeps the paths */
	else if (record_text(s->iv, true, &plain, &len) != 0)
		rc = report(d, s->record_path,
			    xstrdup("cannot prepare the record"));
	else if (record_write_sealed(s->record_path, plain, len,
				     s->form->recipients, s->form->nrecipients,
				     &msg) != 0)
		rc = report(d, s->record_path, msg);
	else if (saved = true, fs_remove(s->draft_path, &msg) != 0)
		rc = report(d, s->draft_path, msg);
	s->sealed = rc == 0;
	if (saved)
		tell_finished(s, plain, len); /* the record is safe */
	if (plain != NULL)
		age_free_secret(plain, len);
	free(records);
	free(file);
	return rc;
}

/*
 * Under the exports lock: the record, then the export rows, so a rebuild
 * sees this intake whole or not at all.  When the record was already
 * there (a finish that failed or was killed after writing it), tables
 * that already hold the intake's id are left alone: an intake appears
 * once in an export whatever the order of kills, retries and rebuilds.
 */
int
session_finish(struct session *s, struct diag *d)
{
	char *records = sub(s->data_dir, "records", NULL);
	char *file = xasprintf("%s.csv", iv_meta(s->iv, "instance_id"));
	char *msg = NULL;
	bool again, saved = false;
	int rc = 0, lock;

	if (!iv_keep(s->iv)) {
		free(records), free(file);
		return discard(s, d);
	}
	if (!uuid_valid(iv_meta(s->iv, "instance_id"))) {
		diag_add(d, DIAG_ERROR, s->draft_path, 0, "meta:instance_id",
			 "the instance id \"%s\" is not a UUID: refused, as it "
			 "would name the record's file", iv_meta(s->iv, "instance_id"));
		free(records), free(file);
		return -1;
	}
	if (claim_code(s, d) != 0) {
		free(records), free(file);
		return -1;
	}
	if (s->form->nrecipients > 0) {
		free(records), free(file);
		return finish_sealed(s, d);
	}
	free(s->record_path);
	s->record_path = sub(s->data_dir, "records", file);
	if ((lock = exportfs_lock(s->data_dir, d)) < 0) {
		rc = -1;
	} else if (fs_mkdirs(records, &msg) != 0) {
		rc = report(d, records, msg);
	} else if (media_copy_all(s->iv, s->data_dir, s->record_path, d) != 0) {
		rc = -1; /* the draft keeps the files' paths: finish again */
	} else {
		again = access(s->record_path, F_OK) == 0;
		if (record_save(s->iv, s->record_path, true, &msg) != 0)
			rc = report(d, s->record_path, msg);
		else if (saved = true, append_exports(s, again, d) != 0)
			rc = -1; /* the record is safe; exports can be rebuilt */
	}
	exportfs_unlock(lock);
	if (rc == 0 && fs_remove(s->draft_path, &msg) != 0)
		rc = report(d, s->draft_path, msg);
	if (saved)
		tell_finished(s, NULL, 0); /* the record is safe, even if rc < 0 */
	free(records);
	free(file);
	return rc;
}

/* ---- listing drafts ------------------------------------------------------------- */

static int
newest_first(const void *pa, const void *pb)
{
	const struct draft_info *a = pa, *b = pb;

	return a->saved < b->saved ? 1 : a->saved > b->saved ? -1 :
	       strcmp(a->id, b->id);
}

/* Only the metadata rows at the start of the draft are read. */
static bool
read_draft_info(int dirfd, const char *name, struct record_buf *b,
		struct record_view *v, struct draft_info *out)
{
	struct diag d = DIAG_INIT;
	bool ok = record_read_meta_at(dirfd, name, name, b, v, &d) == 0;

	if (ok) {
		out->id = xstrdup(record_view_meta(v, "instance_id"));
		out->form_id = xstrdup(record_view_meta(v, "form_id"));
		out->name = xstrdup(record_view_meta(v, "instance_name"));
		out->code = xstrdup(record_view_meta(v, "intake_code"));
		out->progress = xstrdup(record_view_meta(v, "progress"));
	}
	diag_free(&d);
	return ok;
}

static void
copy_draft_info(const struct draft_info *in, struct draft_info *out)
{
	out->id = xstrdup(in->id);
	out->form_id = xstrdup(in->form_id);
	out->name = xstrdup(in->name);
	out->code = xstrdup(in->code);
	out->progress = xstrdup(in->progress);
}

/* Each draft costs one stat when drafts/.index still holds it
 * (draft_index.h), else a read of its first rows; the index is rewritten
 * when that happened. */
size_t
session_drafts(const char *data_dir, struct draft_info **list)
{
	char *dir = sub(data_dir, "drafts", NULL);
	DIR *dp = fs_opendir(dir, NULL);
	struct draft_index *ix = draft_index_load(dp ? dirfd(dp) : -1);
	struct dirent *de;
	struct record_buf b = {0};
	struct record_view v = {0};
	size_t n = 0, cap = 0;

	*list = NULL;
	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		const struct draft_info *hit;
		struct draft_key key;
		struct stat st;
		bool read;
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*list = xreallocarray(*list, cap, sizeof(**list));
		}
		/* relative to the open folder: no path walk per draft */
		if (fstatat(dirfd(dp), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		draft_key_of(&st, &key);
		hit = draft_index_find(ix, de->d_name, &key);
		read = hit == NULL;
		if (hit != NULL)
			copy_draft_info(hit, &(*list)[n]);
		else if (!read_draft_info(dirfd(dp), de->d_name, &b, &v, &(*list)[n]))
			continue;
		(*list)[n].saved = st.st_mtime;
		draft_index_note(ix, de->d_name, &key, &(*list)[n], read);
		n++;
	}
	if (dp) {
		draft_index_save(ix, dir);
		closedir(dp);
	}
	draft_index_free(&ix);
	free(dir);
	record_view_free(&v);
	record_buf_free(&b);
	if (n > 0)
		qsort(*list, n, sizeof(**list), newest_first);
	return n;
}

void
session_drafts_free(struct draft_info *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].id);
		free(list[i].form_id);
		free(list[i].name);
		free(list[i].progress);
		free(list[i].code);
	}
	free(list);
}

/* ---- resuming ----------------------------------------------------------------- */

/* A draft names its file: its instance id must be a UUID and the file
 * <id>.csv, or a tampered id could write the record anywhere. */
static bool
id_matches_file(const char *path, const struct record_data *r, struct diag *d)
{
	const char *id = record_meta(r, "instance_id");
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len = strlen(id);

	if (uuid_valid(id) && strncmp(base, id, len) == 0 &&
	    strcmp(base + len, ".csv") == 0)
		return true;
	diag_add(d, DIAG_ERROR, path, 0, "meta:instance_id",
		 "the instance id \"%s\" is not a UUID matching the file's "
		 "name: the draft is refused", id);
	return false;
}

/* The draft whose file name starts with id; NULL (with an error) if none
 * or several. */
static char *
find_draft(const char *data_dir, const char *id, struct diag *d)
{
	char *dir = sub(data_dir, "drafts", NULL), *found = NULL, *msg = NULL;
	DIR *dp = fs_opendir(dir, &msg);
	struct dirent *de;
	int n = 0;

	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0 ||
		    strncmp(de->d_name, id, strlen(id)) != 0)
			continue;
		free(found);
		found = xasprintf("%s/%s", dir, de->d_name);
		n++;
	}
	if (dp)
		closedir(dp);
	if (dp == NULL && msg != NULL && errno != ENOENT) {
		diag_add(d, DIAG_ERROR, dir, 0, NULL, "%s", msg);
		n = 0;
	} else if (n != 1) {
		diag_add(d, DIAG_ERROR, dir, 0, NULL, n ? "several drafts start with \"%s\"" :
			 "no draft starts with \"%s\"", id);
	}
	free(msg);
	if (n != 1) {
		free(found);
		found = NULL;
	}
	free(dir);
	return found;
}

struct session *
session_resume(const struct form *f, const char *data_dir, const char *id,
	       const struct iv_options *o, struct diag *d)
{
	char *path = find_draft(data_dir, id, d);
	struct record_data r;
	struct interview *iv;
	struct session *s = NULL;

	if (path == NULL)
		return NULL;
	session_tidy(data_dir);
	if (record_load(path, &r, d) == 0 && id_matches_file(path, &r, d)) {
		iv = iv_restore(f, o, (const char *const *)r.meta, r.entries, r.n,
				d, path);
		if (iv != NULL) {
			s = session_of(f, data_dir, iv);
			free(s->draft_path);
			s->draft_path = xstrdup(path);
		}
	}
	record_data_free(&r);
	free(path);
	return s;
}

int
session_delete_draft(const char *data_dir, const char *id, struct diag *d)
{
	char *path = find_draft(data_dir, id, d), *msg = NULL;
	int rc = 0;

	if (path == NULL)
		return -1;
	if (fs_remove(path, &msg) != 0)
		rc = report(d, path, msg);
	free(path);
	return rc;
}
