/*
 * cmd_show: `intake show [--redact] [--lang CODE] [--form FORM] ID` prints
 * the one-page summary of a finished intake (summary.h) for the attorney.
 * ID is the intake id, a unique start of it, or the intake's short code
 * (meta:intake_code).  The record's own form_id names the form unless
 * --form is given.
 *
 * Exit: 0; 64 usage or an ambiguous ID; 65 a record or form that cannot
 * be read; 66 no finished intake matches (a draft is named as such).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "diag.h"
#include "form.h"
#include "record.h"
#include "summary.h"
#include "xmem.h"

struct show_args {
	const char *id, *form, *lang;
	bool redact;
};

struct matches {
	char **paths; /* caller frees each and the array */
	size_t n;
};

static void
add_match(struct matches *m, char *path)
{
	m->paths = xreallocarray(m->paths, m->n + 1, sizeof(char *));
	m->paths[m->n++] = path;
}

static void
matches_free(struct matches *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->paths[i]);
	free(m->paths);
	m->paths = NULL;
	m->n = 0;
}

/* Files dir/<id>.csv whose id starts with prefix; an exact id wins. */
static void
match_ids(const char *dir, const char *prefix, struct matches *m)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t plen = strlen(prefix);

	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".csv") != 0 ||
		    strncmp(de->d_name, prefix, plen) != 0)
			continue;
		if (len - 4 == plen) { /* the whole id */
			matches_free(m);
			add_match(m, xasprintf("%s/%s", dir, de->d_name));
			break;
		}
		add_match(m, xasprintf("%s/%s", dir, de->d_name));
	}
	if (dp)
		closedir(dp);
}

/* A short code compared without case, spaces or dashes. */
static bool
same_code(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-' || *a == ' ')
			a++;
		while (*b == '-' || *b == ' ')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		if (*a == '\0')
			return true;
		a++, b++;
	}
}

/* Records whose meta:intake_code is code (every record is read). */
static void
match_codes(const char *dir, const char *code, struct matches *m)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		char *path;
		struct record_data r;
		struct diag d = DIAG_INIT;
		if (len <= 4 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (record_load(path, &r, &d) == 0 &&
		    *record_meta(&r, "intake_code") &&
		    same_code(record_meta(&r, "intake_code"), code))
			add_match(m, path);
		else
			free(path);
		record_data_free(&r);
		diag_free(&d);
	}
	if (dp)
		closedir(dp);
}

/* Finds the one record ID names; prints why not and returns the exit
 * status otherwise. */
static int
find_record(const char *data_dir, const char *id, char **path)
{
	char *dir = xasprintf("%s/records", data_dir);
	struct matches m = {NULL, 0};
	int rc = EX_OK;

	if (*id != '\0' && strchr(id, '/') == NULL)
		match_ids(dir, id, &m);
	if (m.n == 0 && *id != '\0')
		match_codes(dir, id, &m);
	if (m.n == 1) {
		*path = m.paths[0];
		m.paths[0] = NULL;
	} else if (m.n > 1) {
		fprintf(stderr, "intake: \"%s\" matches %zu intakes in %s; give more of the id:\n",
			id, m.n, dir);
		for (size_t i = 0; i < m.n && i < 10; i++)
			fprintf(stderr, "  %s\n", m.paths[i]);
		rc = EX_USAGE;
	} else {
		char *drafts = xasprintf("%s/drafts", data_dir);
		match_ids(drafts, id, &m);
		if (m.n > 0 && *id != '\0')
			fprintf(stderr, "intake: \"%s\" is a draft that is not finished "
				"(intake --resume %s); show needs a finished intake\n", id, id);
		else
			fprintf(stderr, "intake: no finished intake has the id or code \"%s\" in %s\n",
				id, dir);
		free(drafts);
		rc = EX_NOINPUT;
	}
	matches_free(&m);
	free(dir);
	return rc;
}

/* The whole file in memory (caller frees), or NULL with errno set. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap)
			buf = xrealloc(buf, cap = cap ? 2 * cap : 8192);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* The form the record was made with: --form, else the bundled form
 * named by the record's form_id. */
static struct form *
record_form(const struct show_args *a, const char *path)
{
	struct record_data r;
	struct diag d = DIAG_INIT;
	struct form *f = NULL;

	if (a->form != NULL)
		return intake_load_form(a->form);
	if (record_load(path, &r, &d) == 0)
		f = intake_load_form(record_meta(&r, "form_id"));
	diag_print(&d, stderr);
	diag_free(&d);
	record_data_free(&r);
	return f;
}

static int
show(const struct show_args *a, const char *path)
{
	struct summary_opts o = {a->lang, a->redact, 80};
	struct diag d = DIAG_INIT;
	struct form *f = record_form(a, path);
	size_t len = 0;
	char *data = f ? slurp(path, &len) : NULL, *text = NULL;

	if (f != NULL && data == NULL)
		fprintf(stderr, "intake: cannot read %s: %s\n", path, strerror(errno));
	if (data != NULL)
		text = summary_from_record(f, path, data, len, &o, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (text != NULL)
		fputs(text, stdout);
	free(text);
	free(data);
	form_free(&f);
	if (text == NULL)
		return EX_DATAERR;
	return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_IOERR;
}

static int
usage(void)
{
	fprintf(stderr, "usage: intake show [--redact] [--lang CODE] [--form FORM] ID\n");
	return EX_USAGE;
}

int
cmd_show(int argc, char **argv, const struct global_opts *g)
{
	struct show_args a = {NULL, NULL, g->lang, false};
	char *path = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--redact") == 0)
			a.redact = true;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			a.lang = argv[++i];
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			a.form = argv[++i];
		else if (argv[i][0] == '-' || a.id != NULL)
			return usage();
		else
			a.id = argv[i];
	}
	if (a.id == NULL)
		return usage();
	if ((rc = find_record(g->data_dir, a.id, &path)) != EX_OK)
		return rc;
	rc = show(&a, path);
	free(path);
	return rc;
}
