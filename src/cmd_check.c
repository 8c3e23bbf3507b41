/*
 * cmd_check: `intake check FORM...` loads each form and prints every
 * problem at once, sorted, as path:row: column: error|warning: message,
 * then the fields that are pii without being marked (derived: inside a
 * pii group, or computed from a pii field), then one summary line per
 * form.  Exit 0 when no form has errors
 * (warnings allowed), 65 when one has, 66 when a folder or its survey.csv
 * (or a workbook file) is missing, 64 without arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "commands.h"
#include "diag.h"
#include "form.h"
#include "xlsx.h"
#include "xmem.h"

/* A folder holding survey.csv, or a workbook file. */
static bool
has_survey(const char *dir)
{
	struct stat st;
	char *path = xasprintf("%s/survey.csv", dir);
	bool ok = stat(path, &st) == 0 ||
		  (workbook_is_path(dir) && stat(dir, &st) == 0 &&
		   S_ISREG(st.st_mode));

	free(path);
	return ok;
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* Questions: every row but the begin and end rows of groups and repeats. */
static size_t
count_questions(const struct form *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nfields; i++) {
		enum qtype t = f->fields[i].type;
		n += t != Q_BEGIN_GROUP && t != Q_END_GROUP &&
		     t != Q_BEGIN_REPEAT && t != Q_END_REPEAT;
	}
	return n;
}

/* A language as a person reads it: "Español (es)" -> "Español". */
static void
print_lang(const struct form_lang *l)
{
	const char *open = strrchr(l->name, '(');
	int len = (int)strlen(l->name);

	if (open != NULL && open > l->name && open[-1] == ' ')
		len = (int)(open - l->name - 1);
	printf("%.*s", len, l->name);
}

/* One line per form: problems on stderr, or OK and its size on stdout. */
static void
summary(const char *dir, const struct form *f, const struct diag *d)
{
	size_t nq;

	if (f == NULL || d->errors > 0) {
		fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", dir, d->errors,
			plural(d->errors), d->warnings, plural(d->warnings));
		return;
	}
	nq = count_questions(f);
	printf("%s: OK (%zu question%s, %zu choice list%s, language%s: ", dir,
	       nq, plural(nq), f->nlists, plural(f->nlists), plural(f->nlangs));
	print_lang(&f->langs[f->default_lang]);
	for (size_t i = 0; i < f->nlangs; i++) {
		if (i == f->default_lang)
			continue;
		printf(", ");
		print_lang(&f->langs[i]);
	}
	if (d->warnings > 0)
		printf("), %zu warning%s\n", d->warnings, plural(d->warnings));
	else
		printf(")\n");
	if (f->nrecipients > 0)
		printf("%s: finished records are sealed (age) for %zu public "
		       "key%s: only their holders can read them\n", dir,
		       f->nrecipients, plural(f->nrecipients));
}

/* The fields that are personal data without being marked pii: inside a
 * pii group, or computed from a pii field.  The redacted export leaves
 * them out too; the author sees which. */
static void
print_derived_pii(const char *dir, const struct form *f)
{
	for (size_t i = 0; f && i < f->nfields; i++) {
		const struct form_field *q = &f->fields[i];
		if (!q->pii_derived || q->type == Q_END_GROUP ||
		    q->type == Q_END_REPEAT)
			continue;
		printf("%s/survey.csv:%u: %s: note: personal data (pii), %s "
		       "\"%s\"\n", dir, q->row, q->name,
		       q->pii_from == q->parent ? "inside the pii group" :
		       "computed from", q->pii_from->name);
	}
	if (f && f->instance_name_pii)
		printf("%s/settings.csv:2: instance_name: note: personal data "
		       "(pii), computed from \"%s\"\n", dir,
		       f->instance_name_pii->name);
}

static int
check_one(const char *arg)
{
	char *dir = intake_form_path(arg);
	size_t len = strlen(dir);
	struct diag d = DIAG_INIT;
	struct form *f;
	int rc;

	while (len > 1 && dir[len - 1] == '/') /* "forms/x/" reads "forms/x" */
		dir[--len] = '\0';
	if (!has_survey(dir)) {
		fprintf(stderr, "%s: no such form (a form is a folder holding "
				"survey.csv, or an .xlsx or .xls workbook)\n", dir);
		free(dir);
		return EX_NOINPUT;
	}
	f = form_load(dir, &d, true);
	diag_sort(&d);
	diag_print(&d, stdout);
	print_derived_pii(dir, f);
	summary(dir, f, &d);
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
