/*
 * cmd_show: `intake show [--redact] [--lang CODE] [--form FORM] ID` prints
 * the one-page summary of a finished intake (summary.h) for the attorney.
 * ID is the intake id, a unique start of it, or the intake's short code
 * (meta:intake_code).  The record's own form_id names the form unless
 * --form is given.
 *
 * A sealed record (<id>.age) is opened in memory with the identities of
 * --identity FILE; a wrong key or a damaged file is an error naming it.
 *
 * Exit: 0; 64 usage or an ambiguous ID; 65 a record or form that cannot
 * be read; 66 no finished intake matches (a draft is named as such).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "diag.h"
#include "form.h"
#include "fsutil.h"
#include "record.h"
#include "record_open.h"
#include "summary.h"
#include "xmem.h"

struct show_args {
	const char *id, *form, *lang, *identity;
	bool redact;
	struct record_keys keys;
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

/* Files dir/<id>.csv (or .age, sealed) whose id starts with prefix; an
 * exact id wins. */
static void
match_ids(const char *dir, const char *prefix, struct matches *m)
{
	DIR *dp = fs_opendir(dir, NULL); /* a linked folder lists nothing */
	struct dirent *de;
	size_t plen = strlen(prefix);

	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len <= 4 || !record_is_file(de->d_name) ||
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

/* Reads the record at path (opening it with k when sealed) into r.  0, or
 * -1 with the reason in d. */
static int
load_record(const char *path, const struct record_keys *k,
	    struct record_data *r, struct diag *d)
{
	char *data, *msg = NULL;
	size_t len;
	int rc;

	memset(r, 0, sizeof(*r));
	if (record_bytes(path, k, &data, &len, &msg) != 0) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "%s", msg);
		free(msg);
		return -1;
	}
	rc = record_load_mem(path, data, len, r, d);
	record_bytes_free(data, len);
	return rc;
}

/* Records whose meta:intake_code is code (every record is read; sealed
 * ones only with keys). */
static void
match_codes(const char *dir, const char *code, const struct record_keys *k,
	    struct matches *m)
{
	DIR *dp = fs_opendir(dir, NULL); /* a linked folder lists nothing */
	struct dirent *de;

	while (dp && (de = readdir(dp)) != NULL) {
		char *path;
		struct record_data r;
		struct diag d = DIAG_INIT;
		if (!record_is_file(de->d_name) ||
		    (record_is_sealed(de->d_name) && k->n == 0))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (load_record(path, k, &r, &d) == 0 &&
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
find_record(const char *data_dir, const char *id, const struct record_keys *k,
	    char **path)
{
	char *dir = xasprintf("%s/records", data_dir);
	struct matches m = {NULL, 0};
	int rc = EX_OK;

	if (*id != '\0' && strchr(id, '/') == NULL)
		match_ids(dir, id, &m);
	if (m.n == 0 && *id != '\0')
		match_codes(dir, id, k, &m);
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

/* The form the record was made with: --form, else the bundled form
 * named by the record's form_id. */
static struct form *
record_form(const struct show_args *a, const char *path, const char *data,
	    size_t len)
{
	struct record_data r;
	struct diag d = DIAG_INIT;
	struct form *f = NULL;

	if (a->form != NULL)
		return intake_load_form(a->form);
	if (record_load_mem(path, data, len, &r, &d) == 0)
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
	struct form *f = NULL;
	size_t len = 0;
	char *data = NULL, *text = NULL, *msg = NULL;

	if (record_bytes(path, &a->keys, &data, &len, &msg) != 0) {
		fprintf(stderr, "intake: %s: %s\n", path, msg);
		free(msg);
		return EX_DATAERR;
	}
	f = record_form(a, path, data, len);
	if (f != NULL)
		text = summary_from_record(f, path, data, len, &o, &d);
	record_bytes_free(data, len);
	diag_print(&d, stderr);
	diag_free(&d);
	if (text != NULL)
		fputs(text, stdout);
	free(text);
	form_free(&f);
	if (text == NULL)
		return EX_DATAERR;
	return fflush(stdout) == 0 && !ferror(stdout) ? EX_OK : EX_IOERR;
}

static int
usage(void)
{
	fprintf(stderr, "usage: intake show [--redact] [--lang CODE] [--form FORM] "
		"[--identity FILE] ID\n");
	return EX_USAGE;
}

int
cmd_show(int argc, char **argv, const struct global_opts *g)
{
	struct show_args a = {NULL, NULL, g->lang, NULL, false, {NULL, 0}};
	char *path = NULL, *msg = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!cmd_is_option(g, argv, i)) {
			if (a.id != NULL)
				return usage();
			a.id = argv[i];
		} else if (strcmp(argv[i], "--redact") == 0)
			a.redact = true;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			a.lang = argv[++i];
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			a.form = argv[++i];
		else if (strcmp(argv[i], "--identity") == 0 && i + 1 < argc)
			a.identity = argv[++i];
		else
			return usage();
	}
	if (a.id == NULL)
		return usage();
	if (a.identity != NULL && record_keys_load(a.identity, &a.keys, &msg) != 0) {
		fprintf(stderr, "intake: %s\n", msg);
		free(msg);
		return EX_NOINPUT;
	}
	if ((rc = find_record(g->data_dir, a.id, &a.keys, &path)) == EX_OK)
		rc = show(&a, path);
	free(path);
	record_keys_free(&a.keys);
	return rc;
}
