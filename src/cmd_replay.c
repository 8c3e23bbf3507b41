/*
 * cmd_replay: `intake replay [--print] [--no-save] [--verbose] FORM
 * ANSWERS.csv...` runs one scripted interview per answer file (see
 * replay.h), saving each as a finished intake like a person's, unless
 * --no-save.  --print writes each finished record (answers and
 * calculations, relevant ones only) to stdout as name,value CSV;
 * --verbose lists the answers that were never asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "diag.h"
#include "form.h"
#include "replay.h"
#include "session.h"
#include "xmem.h"

struct replay_opts {
	bool print, save, verbose;
};

static void
list_unused(const struct replay_answers *a)
{
	for (size_t i = 0; i < a->n; i++) {
		if (!a->v[i].used)
			fprintf(stderr, "%s:%u: %s: not asked, answer ignored\n",
				a->path, a->v[i].row, a->v[i].name);
	}
}

static int
replay_one(const struct form *f, const char *path, const struct replay_opts *ro,
	   const struct global_opts *g)
{
	struct iv_options o = {g->lang, g->interviewer, NULL};
	struct replay_answers a = {0};
	struct diag d = DIAG_INIT;
	struct session *s = NULL;
	struct interview *iv = NULL;
	int rc = EX_OK;

	if (replay_read(path, &a, &d) != 0) {
		rc = access(path, R_OK) != 0 ? EX_NOINPUT : EX_DATAERR;
		goto out;
	}
	if (ro->save)
		iv = (s = session_new(f, g->data_dir, &o))->iv;
	else
		iv = iv_new(f, &o);
	if (replay_run(iv, &a, &d) != 0) {
		rc = EX_DATAERR;
		goto out;
	}
	if (ro->verbose)
		list_unused(&a);
	if (ro->print && replay_print(iv, stdout) != 0)
		rc = EX_IOERR;
	if (s != NULL && session_finish(s, &d) != 0)
		rc = EX_CANTCREAT;
	else if (s != NULL && ro->verbose)
		fprintf(stderr, "%s: saved intake %s\n", path,
			iv_meta(iv, "instance_id"));
out:
	diag_print(&d, stderr);
	diag_free(&d);
	replay_answers_free(&a);
	if (s != NULL)
		session_free(&s);
	else
		iv_free(&iv);
	return rc;
}

int
cmd_replay(int argc, char **argv, const struct global_opts *g)
{
	struct replay_opts ro = {false, true, false};
	struct form *f;
	int i, rc = EX_OK;

	for (i = 1; i < argc && cmd_is_option(g, argv, i); i++) {
		if (strcmp(argv[i], "--print") == 0)
			ro.print = true;
		else if (strcmp(argv[i], "--no-save") == 0)
			ro.save = false;
		else if (strcmp(argv[i], "--verbose") == 0)
			ro.verbose = true;
		else
			break;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: intake replay [--print] [--no-save] "
				"[--verbose] FORM ANSWERS.csv...\n");
		return EX_USAGE;
	}
	if ((f = intake_load_form(argv[i])) == NULL)
		return EX_DATAERR;
	for (i++; i < argc; i++) {
		int one = replay_one(f, argv[i], &ro, g);
		if (one != EX_OK)
			rc = one;
	}
	form_free(&f);
	return rc;
}
