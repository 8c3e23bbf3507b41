/*
 * Tests for exportfs and session_finish together: rebuilds of a data
 * folder, records that cannot be read whole (named, exit 65, old files
 * kept), and finishing that stays idempotent whatever the order of
 * failures, retries and rebuilds.  Intakes are the example form answered
 * by tests/data/example-answers.csv, in a temporary data folder.
 */
#include "unittest.h"

#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "diag.h"
#include "export.h"
#include "exportfs.h"
#include "form.h"
#include "replay.h"
#include "session.h"

static char data[256];
static struct form *form;

static int
setup(void **state)
{
	char path[512];
	struct diag d = DIAG_INIT;

	(void)state;
	setenv("INTAKE_NOW", "2026-11-22T10:00:00-06:00", 1);
	form = form_load(srcpath(path, sizeof(path), "forms/example"), &d, false);
	diag_free(&d);
	return form == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	form_free(&form);
	return 0;
}

static int
fresh_data(void **state)
{
	(void)state;
	return tmpdir_make(data, sizeof(data), "exportfs");
}

static int
remove_data(void **state)
{
	(void)state;
	return tmpdir_remove(data);
}

/* A session answered from the example answers, not yet finished. */
static struct session *
answered(void)
{
	char path[512];
	struct iv_options o = {NULL, NULL, NULL};
	struct replay_answers a = {0};
	struct diag d = DIAG_INIT;
	struct session *s = session_new(form, data, &o);

	assert_int_equal(replay_read(srcpath(path, sizeof(path),
		"tests/data/example-answers.csv"), &a, &d), 0);
	assert_int_equal(replay_run(s->iv, &a, &d), 0);
	replay_answers_free(&a);
	diag_free(&d);
	return s;
}

static char *
file(const char *name)
{
	static char path[600];

	snprintf(path, sizeof(path), "%s/%s", data, name);
	return path;
}

/* Lines of file name that start with id. */
static int
rows_of(const char *name, const char *id)
{
	FILE *f = fopen(file(name), "r");
	char line[8192];
	int n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strncmp(line, id, strlen(id)) == 0 ||
		     (strncmp(line, "\xEF\xBB\xBF", 3) == 0 &&
		      strncmp(line + 3, id, strlen(id)) == 0);
	fclose(f);
	return n;
}

static char *
slurp(const char *name)
{
	FILE *f = fopen(file(name), "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int c;

	assert_non_null(f);
	while ((c = getc(f)) != EOF)
		putc(c, mem);
	fclose(f);
	fclose(mem);
	return buf;
}

static void
spit(const char *name, const char *text)
{
	FILE *f = fopen(file(name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
rebuild(struct diag *d, struct exportfs_stats *st)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *p = export_plan_new(form, &o, NULL);
	char dir[600];
	int rc;

	snprintf(dir, sizeof(dir), "%s/exports", data);
	fflush(stdout);
	rc = exportfs_rebuild_csv(p, data, NULL, dir, st, d);
	export_plan_free(&p);
	return rc;
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_finish_is_idempotent(void **state)
{
	struct session *s = answered();
	struct diag d = DIAG_INIT;
	struct exportfs_stats st;
	char id[64], *text;

	(void)state;
	snprintf(id, sizeof(id), "%s", iv_meta(s->iv, "instance_id"));
	/* the export was made with another form version: the append fails,
	 * the record is saved */
	mkdir(file("exports"), 0700);
	spit("exports/example.csv", "_intake_id,old_column\r\n");
	assert_int_not_equal(session_finish(s, &d), 0);
	diag_free(&d);
	assert_int_equal(access(s->record_path, F_OK), 0);
	/* the documented fix: rebuild; then finishing again adds nothing */
	assert_int_equal(rebuild(&d, &st), EX_OK);
	assert_int_equal(st.exported, 1);
	assert_int_equal(rows_of("exports/example.csv", id), 1);
	assert_int_equal(rows_of("exports/example-child.csv", id), 2);
	assert_int_equal(session_finish(s, &d), 0);
	assert_int_equal(rows_of("exports/example.csv", id), 1);
	assert_int_equal(rows_of("exports/example-child.csv", id), 2);
	/* finished again (a retry after a kill before the draft went) */
	assert_int_equal(session_finish(s, &d), 0);
	assert_int_equal(rows_of("exports/example.csv", id), 1);
	/* killed after the record, before the main row: the retry adds it */
	text = slurp("exports/example.csv");
	*strchr(text, '\n') = '\0';
	strcat(text, "\n");
	spit("exports/example.csv", text);
	free(text);
	assert_int_equal(rows_of("exports/example.csv", id), 0);
	assert_int_equal(session_finish(s, &d), 0);
	assert_int_equal(rows_of("exports/example.csv", id), 1);
	assert_int_equal(rows_of("exports/example-child.csv", id), 2);
	assert_int_equal(d.errors, 0);
	diag_free(&d);
	session_free(&s);
}

static void
test_rebuild_matches_appends(void **state)
{
	struct diag d = DIAG_INIT;
	struct exportfs_stats st;
	char *appended, *rebuilt;

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct session *s = answered();
		assert_int_equal(session_finish(s, &d), 0);
		session_free(&s);
	}
	appended = slurp("exports/example-child.csv");
	assert_int_equal(rebuild(&d, &st), EX_OK);
	assert_int_equal(st.exported, 3);
	rebuilt = slurp("exports/example-child.csv");
	/* the same rows (all finished at one pinned instant: compare sizes
	 * and row sets by length, the order is by id) */
	assert_int_equal(strlen(appended), strlen(rebuilt));
	assert_int_equal(access(file("exports/example-choices.csv"), F_OK), 0);
	free(appended);
	free(rebuilt);
	diag_free(&d);
}

/* Damages the one record of the folder with fn, then rebuilds. */
static void
damaged_rebuild(void (*damage)(const char *path), const char *want)
{
	struct session *s = answered();
	struct diag d = DIAG_INIT;
	struct exportfs_stats st;
	char *before, *after, *path;

	assert_int_equal(session_finish(s, &d), 0);
	path = strdup(s->record_path);
	session_free(&s);
	before = slurp("exports/example.csv");
	damage(path);
	assert_int_equal(rebuild(&d, &st), EX_DATAERR);
	assert_int_equal(st.unreadable, 1);
	assert_true(d.errors >= 1);
	assert_string_equal(d.v[0].path, path);
	assert_non_null(strstr(d.v[0].message, want));
	after = slurp("exports/example.csv");
	assert_string_equal(before, after); /* the old export is kept */
	free(before);
	free(after);
	free(path);
	diag_free(&d);
}

static void
bad_state(const char *path)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "sed -i '20s/answered/answred/' '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void
cut_off(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - 7), 0);
}

static void
test_bad_cell_fails_the_rebuild(void **state)
{
	(void)state;
	damaged_rebuild(bad_state, "answred");
}

static void
test_cut_record_fails_the_rebuild(void **state)
{
	(void)state;
	damaged_rebuild(cut_off, "cut off");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_finish_is_idempotent,
						fresh_data, remove_data),
		cmocka_unit_test_setup_teardown(test_rebuild_matches_appends,
						fresh_data, remove_data),
		cmocka_unit_test_setup_teardown(test_bad_cell_fails_the_rebuild,
						fresh_data, remove_data),
		cmocka_unit_test_setup_teardown(test_cut_record_fails_the_rebuild,
						fresh_data, remove_data),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
