/*
 * cmd_import: `intake import FORM.xlsx DIR` writes a workbook's form as a
 * form folder (survey.csv, choices.csv, settings.csv and, when the
 * workbook has one, external_choices.csv) for those who edit forms as
 * text.  Each file is written atomically; blank lines stand for the
 * workbook's empty rows, so `intake check DIR` names the same rows as
 * `intake check FORM.xlsx`.  The form is not checked here.  Exit 0, 64 on
 * usage, 65 when the workbook cannot be read, 66 when it is missing, 73
 * when DIR already holds a form or cannot be written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "csvio.h"
#include "diag.h"
#include "fsutil.h"
#include "xlsx.h"
#include "xmem.h"

static const char *const sheets[] = {"survey", "choices", "settings",
				     "external_choices"};

/* Writes a table as CSV, a blank line for each row the sheet skips. */
static int
write_table(FILE *out, void *arg)
{
	const struct csv_table *t = arg;
	unsigned row = 1;

	for (size_t i = 0; i < t->n; i++) {
		const struct csv_row *r = &t->rows[i];
		for (; row < r->row; row++)
			if (fputs("\n", out) == EOF)
				return -1;
		if (csvio_write_row(out, (const char *const *)r->cells, r->n,
				    "\n") != 0)
			return -1;
		row = r->row + 1;
	}
	return 0;
}

static int
write_sheets(struct workbook *wb, const char *dir)
{
	for (size_t i = 0; i < sizeof(sheets) / sizeof(*sheets); i++) {
		struct wb_sheet *s = workbook_sheet(wb, sheets[i]);
		char *path, *msg = NULL;
		if (s == NULL)
			continue;
		path = xasprintf("%s/%s.csv", dir, sheets[i]);
		if (fs_write_atomic(path, write_table, &s->t, &msg) != 0) {
			fprintf(stderr, "intake import: %s\n", msg);
			free(msg);
			free(path);
			return EX_CANTCREAT;
		}
		printf("%s\n", path);
		free(path);
	}
	return EX_OK;
}

static bool
holds_form(const char *dir)
{
	struct stat st;
	char *path = xasprintf("%s/survey.csv", dir);
	bool yes = stat(path, &st) == 0;

	free(path);
	return yes;
}

static int
import(const char *file, const char *dir)
{
	struct workbook wb = {0};
	struct diag d = DIAG_INIT;
	char *msg = NULL;
	int rc;

	if (workbook_read(file, &wb, &d) != 0) {
		diag_print(&d, stderr);
		rc = access(file, R_OK) != 0 ? EX_NOINPUT : EX_DATAERR;
	} else if (workbook_name_lone_sheet(&wb), !workbook_sheet(&wb, "survey")) {
		fprintf(stderr, "%s: the workbook has no sheet called "
			"\"survey\"\n", file);
		rc = EX_DATAERR;
	} else if (holds_form(dir)) {
		fprintf(stderr, "intake import: %s already holds a form "
			"(survey.csv); choose another folder\n", dir);
		rc = EX_CANTCREAT;
	} else if (fs_mkdirs(dir, &msg) != 0) {
		fprintf(stderr, "intake import: %s\n", msg);
		free(msg);
		rc = EX_CANTCREAT;
	} else {
		rc = write_sheets(&wb, dir);
	}
	diag_free(&d);
	workbook_free(&wb);
	return rc;
}

int
cmd_import(int argc, char **argv, const struct global_opts *g)
{
	int i = 1;

	(void)g;
	if (argc - i != 2) {
		fprintf(stderr, "usage: intake import FORM.xlsx DIR\n");
		return EX_USAGE;
	}
	if (!workbook_is_path(argv[i])) {
		fprintf(stderr, "intake import: %s is not an .xlsx or .xls "
			"file\n", argv[i]);
		return EX_USAGE;
	}
	return import(argv[i], argv[i + 1]);
}
