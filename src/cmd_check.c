/*
 * cmd_check: `intake check FORM...` loads each form and prints every
 * problem at once, sorted, as path:row: column: error|warning: message,
 * then one summary line per form.  Exit 0 when no form has errors
 * (warnings allowed), 65 when one has, 66 when a folder or its survey.csv
 * is missing, 64 without arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "commands.h"
#include "diag.h"
#include "form.h"
#include "xmem.h"

static bool
has_survey(const char *dir)
{
	struct stat st;
	char *path = xasprintf("%s/survey.csv", dir);
	bool ok = stat(path, &st) == 0;

	free(path);
	return ok;
}

static void
summary(const char *dir, const struct form *f, const struct diag *d)
{
	if (d->errors > 0) {
		fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", dir, d->errors,
			d->errors == 1 ? "" : "s", d->warnings,
			d->warnings == 1 ? "" : "s");
		return;
	}
	printf("%s: OK (%zu rows, %zu choice lists, languages: %s", dir,
	       f->nfields, f->nlists, f->langs[f->default_lang].name);
	for (size_t i = 0; i < f->nlangs; i++)
		if (i != f->default_lang)
			printf(", %s", f->langs[i].name);
	printf(")%s\n", d->warnings ? ", with warnings" : "");
}

static int
check_one(const char *arg)
{
	char *dir = intake_form_path(arg);
	struct diag d = DIAG_INIT;
	struct form *f;
	int rc;

	if (!has_survey(dir)) {
		fprintf(stderr, "%s: no such form (a form is a folder holding "
				"survey.csv)\n", dir);
		free(dir);
		return EX_NOINPUT;
	}
	f = form_load(dir, &d, true);
	diag_sort(&d);
	diag_print(&d, stdout);
	if (f != NULL)
		summary(dir, f, &d);
	else
		fprintf(stderr, "%s: %zu error%s\n", dir, d.errors,
			d.errors == 1 ? "" : "s");
	rc = d.errors > 0 ? EX_DATAERR : EX_OK;
	diag_free(&d);
	form_free(&f);
	free(dir);
	return rc;
}

int
cmd_check(int argc, char **argv, const struct global_opts *g)
{
	int rc = EX_OK;

	(void)g;
	if (argc < 2) {
		fprintf(stderr, "usage: intake check FORM...\n");
		return EX_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		int one = check_one(argv[i]);
		if (one == EX_NOINPUT || (one != EX_OK && rc == EX_OK))
			rc = one;
	}
	return rc;
}
