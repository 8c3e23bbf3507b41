/*
 * cmd_export: `intake export [--redact] [--no-bom] [--split] [FORM]`
 * rebuilds every export of a form from records/ (the finished intakes),
 * each file written atomically: the main table, one table per repeat and
 * the codebook.  --redact leaves out every pii field and writes into
 * exports/redacted/.  `intake codebook FORM` prints the codebook.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "answers.h"
#include "commands.h"
#include "diag.h"
#include "export.h"
#include "form.h"
#include "fsutil.h"
#include "record.h"
#include "xmem.h"

struct intake_rows {
	struct answers **values, **meta;
	size_t n;
};

struct export_job {
	const struct form *f;
	const struct form_field *repeat; /* NULL: the main table */
	const struct export_opts *o;
	const struct intake_rows *rows;
};

/* Rows in the order the intakes were finished (ties by id), as the
 * appended export has them. */
static const struct intake_rows *sort_rows;

static int
finished_order(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct answer *ea = answers_get(sort_rows->meta[a], "ended");
	const struct answer *eb = answers_get(sort_rows->meta[b], "ended");
	int c = strcmp(ea ? ea->value : "", eb ? eb->value : "");

	if (c == 0) {
		const struct answer *ia = answers_get(sort_rows->meta[a], "instance_id");
		const struct answer *ib = answers_get(sort_rows->meta[b], "instance_id");
		c = strcmp(ia ? ia->value : "", ib ? ib->value : "");
	}
	return c;
}

static void
sort_by_finish(struct intake_rows *r)
{
	size_t *order = xcalloc(r->n + 1, sizeof(size_t));
	struct answers **v = xcalloc(r->n + 1, sizeof(*v));
	struct answers **m = xcalloc(r->n + 1, sizeof(*m));

	for (size_t i = 0; i < r->n; i++)
		order[i] = i;
	sort_rows = r;
	qsort(order, r->n, sizeof(size_t), finished_order);
	for (size_t i = 0; i < r->n; i++)
		v[i] = r->values[order[i]], m[i] = r->meta[order[i]];
	free(r->values);
	free(r->meta);
	r->values = v;
	r->meta = m;
	free(order);
}

static void
add_record(struct intake_rows *r, const struct record_data *rd)
{
	struct answers *v = answers_new(), *m = answers_new();

	for (size_t i = 0; i < rd->n; i++) {
		answers_set(v, rd->entries[i].path, rd->entries[i].value,
			    rd->entries[i].state);
		if (*rd->entries[i].note)
			answers_set_note(v, rd->entries[i].path, rd->entries[i].note);
	}
	for (size_t i = 0; rd->meta[i]; i += 2)
		answers_set(m, rd->meta[i], rd->meta[i + 1], IV_ANSWERED);
	r->values = xreallocarray(r->values, r->n + 1, sizeof(*r->values));
	r->meta = xreallocarray(r->meta, r->n + 1, sizeof(*r->meta));
	r->values[r->n] = v;
	r->meta[r->n++] = m;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads every finished record of form f, in file name order. */
static int
read_records(const char *data_dir, const struct form *f, struct intake_rows *r,
	     struct diag *d)
{
	char *dir = xasprintf("%s/records", data_dir), **names = NULL;
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".csv") == 0) {
			names = xreallocarray(names, n + 1, sizeof(char *));
			names[n++] = xasprintf("%s/%s", dir, de->d_name);
		}
	}
	if (dp)
		closedir(dp);
	qsort(names, n, sizeof(char *), compare_names);
	for (size_t i = 0; i < n; i++) {
		struct record_data rd;
		if (record_load(names[i], &rd, d) == 0 &&
		    strcmp(record_meta(&rd, "form_id"), f->id) == 0 &&
		    strcmp(record_meta(&rd, "status"), "complete") == 0)
			add_record(r, &rd);
		record_data_free(&rd);
		free(names[i]);
	}
	free(names);
	free(dir);
	sort_by_finish(r);
	return 0;
}

static int
write_table(FILE *out, void *arg)
{
	const struct export_job *j = arg;
	int rc = export_header(j->f, j->repeat, j->o, out);

	for (size_t i = 0; i < j->rows->n && rc == 0; i++)
		rc = j->repeat ? export_repeat_rows(j->f, j->repeat, j->rows->values[i],
						    j->rows->meta[i], j->o, out) :
				 export_row(j->f, j->rows->values[i], j->rows->meta[i],
					    j->o, out);
	return rc;
}

static int
write_codebook(FILE *out, void *arg)
{
	const struct export_job *j = arg;

	return export_codebook(j->f, j->o, out);
}

static int
write_file(const char *dir, const char *name, int (*fn)(FILE *, void *),
	   struct export_job *j, struct diag *d)
{
	char *path = xasprintf("%s/%s", dir, name), *msg = NULL;
	int rc = fs_write_atomic(path, fn, j, &msg);

	if (rc != 0)
		diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", msg);
	else
		printf("%s\n", path);
	free(msg);
	free(path);
	return rc;
}

static int
rebuild(const struct form *f, const char *data_dir, const struct export_opts *o,
	struct diag *d)
{
	struct intake_rows rows = {0};
	struct export_job j = {f, NULL, o, &rows};
	char *dir = xasprintf("%s/exports%s", data_dir, o->redact ? "/redacted" : "");
	char *msg = NULL, *name;
	int rc = 0;

	if (fs_mkdirs(dir, &msg) != 0) {
		diag_add(d, DIAG_ERROR, dir, 0, NULL, "%s", msg);
		free(msg);
		free(dir);
		return -1;
	}
	read_records(data_dir, f, &rows, d);
	name = xasprintf("%s.csv", f->id);
	rc |= write_file(dir, name, write_table, &j, d);
	free(name);
	for (size_t i = 0; i < f->nfields; i++) {
		if (f->fields[i].type != Q_BEGIN_REPEAT)
			continue;
		j.repeat = &f->fields[i];
		name = xasprintf("%s-%s.csv", f->id, f->fields[i].name);
		rc |= write_file(dir, name, write_table, &j, d);
		free(name);
	}
	name = xasprintf("%s-codebook.csv", f->id);
	rc |= write_file(dir, name, write_codebook, &j, d);
	free(name);
	fprintf(stderr, "intake: %zu intake%s exported\n", rows.n, rows.n == 1 ? "" : "s");
	for (size_t i = 0; i < rows.n; i++) {
		answers_free(&rows.values[i]);
		answers_free(&rows.meta[i]);
	}
	free(rows.values);
	free(rows.meta);
	free(dir);
	return rc;
}

int
cmd_export(int argc, char **argv, const struct global_opts *g)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct diag d = DIAG_INIT;
	const char *form = "screening";
	struct form *f;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--redact") == 0)
			o.redact = true;
		else if (strcmp(argv[i], "--no-bom") == 0)
			o.bom = false;
		else if (strcmp(argv[i], "--split") == 0)
			o.split_multi = true;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: intake export [--redact] [--no-bom] [--split] [FORM]\n");
			return EX_USAGE;
		} else
			form = argv[i];
	}
	if ((f = intake_load_form(form)) == NULL)
		return EX_DATAERR;
	rc = rebuild(f, g->data_dir, &o, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	form_free(&f);
	return rc == 0 ? EX_OK : EX_CANTCREAT;
}

int
cmd_codebook(int argc, char **argv, const struct global_opts *g)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct form *f;
	int rc;

	(void)g;
	o.bom = false;
	if (argc != 2) {
		fprintf(stderr, "usage: intake codebook FORM\n");
		return EX_USAGE;
	}
	if ((f = intake_load_form(argv[1])) == NULL)
		return EX_DATAERR;
	rc = export_codebook(f, &o, stdout) == 0 ? EX_OK : EX_IOERR;
	form_free(&f);
	return rc;
}
