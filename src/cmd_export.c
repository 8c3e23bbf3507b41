/*
 * cmd_export: `intake export [--redact] [--no-bom] [--split] [--labels]
 * [--lang CODE] [--headers names|labels] [FORM]` rebuilds every export of
 * a form from records/ (see exportfs.h): the main table, one table per
 * repeat, the codebook and the choices table, all replaced together or
 * not at all.  --redact leaves out pii and writes into exports/redacted/.
 * --identity FILE opens sealed records (<id>.age) in memory with the
 * legal team's key; plain and sealed records export together.
 * --from URL reads the records from a PostgreSQL database instead (the
 * raw table that `intake push` fills; pgsink.h), into the same files
 * (CSV or --xlsx); its sealed records open with --identity too.
 * `intake codebook [--lang CODE] FORM` prints the codebook.
 *
 * Exit status: 0; 64 for a usage error; 65 when a record cannot be read
 * whole or opened (named by file and row; the old exports are kept); 66
 * when the identity file cannot be used; 73/74 when a file cannot be
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "diag.h"
#include "export.h"
#include "export_xlsx.h"
#include "exportfs.h"
#include "form.h"
#include "fsutil.h"
#include "pgsink.h"
#include "record_open.h"
#include "session.h"
#include "xmem.h"

static const char usage_text[] =
	"usage: intake export [--xlsx] [--redact] [--no-bom] [--split] [--labels]\n"
	"                     [--lang CODE] [--headers names|labels]\n"
	"                     [--identity FILE] [--from URL] [FORM]\n";

/* The command line's choices beyond the export options. */
struct export_cli {
	const char *form, *identity, *from;
	bool xlsx;
};

/* Reads the options into o and c.  -1 on a usage error. */
static int
parse_opts(int argc, char **argv, const struct global_opts *g,
	   struct export_opts *o, struct export_cli *c)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!cmd_is_option(g, argv, i))
			c->form = a;
		else if (strcmp(a, "--xlsx") == 0)
			c->xlsx = true;
		else if (strcmp(a, "--identity") == 0 && i + 1 < argc)
			c->identity = argv[++i];
		else if (strcmp(a, "--from") == 0 && i + 1 < argc)
			c->from = argv[++i];
		else if (strcmp(a, "--redact") == 0)
			o->redact = true;
		else if (strcmp(a, "--no-bom") == 0)
			o->bom = false;
		else if (strcmp(a, "--split") == 0)
			o->split_multi = true;
		else if (strcmp(a, "--labels") == 0)
			o->labels = true;
		else if (strcmp(a, "--lang") == 0 && i + 1 < argc)
			o->lang = argv[++i];
		else if (strcmp(a, "--headers") == 0 && i + 1 < argc &&
			 (strcmp(argv[i + 1], "labels") == 0 ||
			  strcmp(argv[i + 1], "names") == 0))
			o->label_headers = strcmp(argv[++i], "labels") == 0;
		else
			return -1;
	}
	return 0;
}

/* Where the records come from: records/, or the database when db is
 * not NULL; sealed records open with keys either way. */
struct source {
	exportfs_source fn;
	void *arg;
	struct exportfs_records local;
	struct pgsink_source remote;
};

static void
source_init(struct source *s, const char *data_dir,
	    const struct record_keys *keys, struct pgsink *db)
{
	s->local = (struct exportfs_records){data_dir, keys};
	s->remote = (struct pgsink_source){db, keys};
	s->fn = db ? pgsink_stream : exportfs_records_source;
	s->arg = db ? (void *)&s->remote : (void *)&s->local;
}

/* A database failure overrides rc with its status, and says why. */
static int
db_status(struct pgsink *db, int rc)
{
	if (db == NULL || pgsink_error(db) == NULL)
		return rc;
	fprintf(stderr, "intake: %s\n", pgsink_error(db));
	return pgsink_status(db);
}

static int
rebuild(struct export_plan *p, const char *data_dir,
	const struct record_keys *keys, struct pgsink *db)
{
	struct diag d = DIAG_INIT;
	struct exportfs_stats st;
	struct source src;
	char *dir = xasprintf("%s/exports%s", data_dir,
			      p->opts.redact ? "/redacted" : "");
	int rc;

	source_init(&src, data_dir, keys, db);
	rc = db_status(db, exportfs_rebuild_csv_from(p, src.fn, src.arg,
						     data_dir, dir, &st, &d));

	diag_print(&d, stderr);
	diag_free(&d);
	for (size_t i = 0; rc == EX_OK && i < p->ntables + 2; i++)
		printf("%s/%s.csv\n", dir, i < p->ntables ? p->tables[i].name :
		       i == p->ntables ? p->codebook.name : p->choices.name);
	if (rc == EX_OK)
		fprintf(stderr, "intake: %zu intake%s exported\n", st.exported,
			st.exported == 1 ? "" : "s");
	else if (rc == EX_DATAERR)
		fprintf(stderr, "intake: %zu record%s could not be read whole "
			"(named above), so the exports in %s were left as they "
			"were: %s and run intake export again\n", st.unreadable,
			st.unreadable == 1 ? "" : "s", dir, db ?
			"give the key that opens them, or repair those rows" :
			"move or repair those files");
	else
		fprintf(stderr, "intake: the exports in %s were left as they "
			"were\n", dir);
	free(dir);
	return rc;
}

/* --xlsx: the workbook exports/[redacted/]<form_id>.xlsx instead of the
 * CSV files. */
static int
rebuild_xlsx(struct export_plan *p, const char *data_dir,
	     const struct record_keys *keys, struct pgsink *db)
{
	struct diag d = DIAG_INIT;
	struct exportfs_stats st;
	struct source src;
	char *dir = xasprintf("%s/exports%s", data_dir,
			      p->opts.redact ? "/redacted" : "");
	char *path = xasprintf("%s/%s.xlsx", dir, p->form->id), *msg = NULL;
	int rc;

	source_init(&src, data_dir, keys, db);
	rc = fs_mkdirs(dir, &msg) == 0 ?
		db_status(db, export_xlsx_rebuild_from(p, src.fn, src.arg,
						       data_dir, path, &st, &d)) :
		EX_CANTCREAT;

	if (msg != NULL)
		diag_add(&d, DIAG_ERROR, dir, 0, NULL, "%s", msg);
	diag_print(&d, stderr);
	diag_free(&d);
	if (rc == EX_OK) {
		printf("%s\n", path);
		fprintf(stderr, "intake: %zu intake%s exported\n", st.exported,
			st.exported == 1 ? "" : "s");
	} else {
		fprintf(stderr, "intake: %s was left as it was\n", path);
	}
	free(msg);
	free(path);
	free(dir);
	return rc;
}

int
cmd_export(int argc, char **argv, const struct global_opts *g)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_cli c = {"screening", NULL, NULL, false};
	struct record_keys keys = {NULL, 0};
	struct pgsink *db = NULL;
	struct export_plan *p;
	struct form *f;
	char *err = NULL;
	int rc;

	o.lang = g->lang;
	if (parse_opts(argc, argv, g, &o, &c) != 0) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	if (c.identity != NULL && record_keys_load(c.identity, &keys, &err) != 0) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		return EX_NOINPUT;
	}
	if ((f = intake_load_form(c.form)) == NULL) {
		record_keys_free(&keys);
		return EX_DATAERR;
	}
	if ((p = export_plan_new(f, &o, &err)) == NULL) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		form_free(&f);
		record_keys_free(&keys);
		return EX_USAGE;
	}
	session_tidy(g->data_dir); /* temp files of killed writes */
	if (c.from != NULL)
		db = pgsink_open(*c.from ? c.from : getenv("INTAKE_DATABASE_URL"), 10);
	if (db != NULL && pgsink_error(db) != NULL) {
		fprintf(stderr, "intake: %s\n", pgsink_error(db));
		rc = pgsink_status(db);
	} else {
		rc = c.xlsx ? rebuild_xlsx(p, g->data_dir, &keys, db) :
			      rebuild(p, g->data_dir, &keys, db);
	}
	pgsink_close(db);
	record_keys_free(&keys);
	export_plan_free(&p);
	form_free(&f);
	return rc;
}

int
cmd_codebook(int argc, char **argv, const struct global_opts *g)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	const char *form = NULL;
	struct export_plan *p;
	struct form *f;
	char *err = NULL;
	int rc;

	o.bom = false;
	o.lang = g->lang;
	for (int i = 1; i < argc; i++) {
		if (cmd_is_option(g, argv, i) && strcmp(argv[i], "--lang") == 0 &&
		    i + 1 < argc)
			o.lang = argv[++i];
		else if (!cmd_is_option(g, argv, i) && form == NULL)
			form = argv[i];
		else
			form = NULL, i = argc;
	}
	if (form == NULL) {
		fprintf(stderr, "usage: intake codebook [--lang CODE] FORM\n");
		return EX_USAGE;
	}
	if ((f = intake_load_form(form)) == NULL)
		return EX_DATAERR;
	if ((p = export_plan_new(f, &o, &err)) == NULL) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		form_free(&f);
		return EX_USAGE;
	}
	{
		FILE *out[2] = {stdout, stdout};
		FILE **outs = xcalloc(p->ntables + 2, sizeof(FILE *));
		struct export_csv_files w = {p, outs};
		struct export_sink sink = {&w, export_csv_sink_row};
		outs[p->ntables] = out[0];
		rc = export_csv_header(p, &p->codebook, stdout) == 0 &&
		     export_codebook_rows(p, &sink) == 0 && fflush(stdout) == 0 ?
			EX_OK : EX_IOERR;
		free(outs);
	}
	export_plan_free(&p);
	form_free(&f);
	return rc;
}
