/*
 * main: the intake command line.  Parses the global options, then hands
 * the rest to one subcommand from the table below.  No subcommand means an
 * interview on the given (or the default screening) form.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "fsutil.h"
#include "diag.h"
#include "form.h"
#include "plain.h"
#include "script.h"
#include "session.h"
#include "ui.h"
#include "xmem.h"

#ifndef INTAKE_FORMSDIR
#define INTAKE_FORMSDIR "/usr/local/share/intake/forms"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv, const struct global_opts *g);
	const char *usage;
};

static const struct command commands[] = {
	{"check", cmd_check, "check FORM...         report every problem in forms"},
	{"drafts", cmd_drafts, "drafts                list saved drafts, newest first"},
	{"eval", cmd_eval, "eval [--form FORM] [NAME=VALUE...] EXPR\n"
			   "                       evaluate an expression"},
	{"export", cmd_export, "export [--xlsx] [--redact] [--no-bom] [--split] [FORM]\n"
			       "                       rebuild the CSV (or XLSX) exports from records/"},
	{"codebook", cmd_codebook, "codebook FORM         print the data dictionary"},
	{"show", cmd_show, "show [--redact] [--lang CODE] [--form FORM] ID\n"
			   "                       one-page summary of a finished intake"},
	{"keygen", cmd_keygen, "keygen [-o FILE]      make a key pair for sealed records"},
	{"push", cmd_push, "push [--to URL] [--batch N] [--auto-on|--auto-off] [FORM...]\n"
			   "                       send finished intakes to PostgreSQL"},
	{"schema", cmd_schema, "schema FORM           print the PostgreSQL tables of a form"},
	{"import", cmd_import, "import FORM.xlsx DIR  write a workbook's form as a CSV folder"},
	{"replay", cmd_replay, "replay [--print] [--no-save] [--verbose] FORM ANSWERS.csv...\n"
			       "                       run scripted interviews"},
};

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: intake [OPTIONS] [FORM]\n"
		"       intake [OPTIONS] COMMAND [ARGS]\n\n"
		"Screening interviews for legal clinics, from XLSForm forms "
		"saved as CSV.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(out, "  intake %s\n", commands[i].usage);
	fprintf(out,
		"\noptions:\n"
		"  --data DIR          data folder (default $INTAKE_DATA or "
		"./intakes)\n"
		"  --lang CODE         interview language (en, es)\n"
		"  --interviewer NAME  who is screening\n"
		"  --plain             line-by-line prompts, no full screen\n"
		"  --resume ID         continue a saved draft (id or its start)\n"
		"  --help, --version\n\n"
		"FORM is a form folder, an .xlsx or .xls XLSForm workbook, or "
		"a bundled form\nname (default: screening).\n"
		"See intake(1).\n");
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
intake_forms_dir(void)
{
	static char *dir;
	const char *env = getenv("INTAKE_FORMS");

	if (dir != NULL)
		return dir;
	if (env != NULL && *env != '\0')
		dir = xstrdup(env);
#ifdef INTAKE_SOURCE_FORMS
	else if (is_dir(INTAKE_SOURCE_FORMS))
		dir = xstrdup(INTAKE_SOURCE_FORMS);
#endif
	else
		dir = xstrdup(INTAKE_FORMSDIR);
	return dir;
}

char *
intake_form_path(const char *arg)
{
	char *bundled;

	if (strchr(arg, '/') != NULL || is_dir(arg))
		return xstrdup(arg);
	bundled = xasprintf("%s/%s", intake_forms_dir(), arg);
	if (is_dir(bundled))
		return bundled;
	free(bundled);
	return xstrdup(arg);
}

struct form *
intake_load_form(const char *arg)
{
	char *dir = intake_form_path(arg);
	struct diag d = DIAG_INIT;
	struct form *f = form_load(dir, &d, false);

	diag_print(&d, stderr);
	diag_free(&d);
	free(dir);
	return f;
}

/* Is a the name of a subcommand? */
static bool
is_command(const char *a)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(a, commands[i].name) == 0)
			return true;
	return false;
}

/* One global option at argv[*i]: 1 when taken (and *i moved past its
 * value), 0 when it is not a global option, -1 on an error (*status set). */
static int
take_global(int argc, char **argv, int *i, struct global_opts *g, int *status)
{
	const char *a = argv[*i];
	const char **slot = NULL;

	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		usage(stdout);
		*status = EX_OK;
		return -1;
	} else if (strcmp(a, "--version") == 0) {
		printf("intake %s\n", INTAKE_VERSION);
		*status = EX_OK;
		return -1;
	} else if (strcmp(a, "--plain") == 0) {
		g->plain = true;
		return 1;
	} else if (strcmp(a, "--data") == 0) {
		slot = &g->data_dir;
	} else if (strcmp(a, "--lang") == 0) {
		slot = &g->lang;
	} else if (strcmp(a, "--interviewer") == 0) {
		slot = &g->interviewer;
	} else if (strcmp(a, "--resume") == 0) {
		slot = &g->resume;
	} else {
		return 0;
	}
	if (*i + 1 >= argc) {
		fprintf(stderr, "intake: %s needs a value\n", a);
		*status = EX_USAGE;
		return -1;
	}
	*slot = argv[++*i];
	return 1;
}

/*
 * Takes the global options out of argv wherever they are (before or
 * after the command), up to a "--", which ends the options of every
 * command and is itself dropped.  What is left (the command or form and
 * their own arguments) is compacted into argv[1..]; returns its end (the
 * new argc), or -1 with *status set.  An unknown option is an error when
 * there is no command to take it.
 */
static int
parse_globals(int argc, char **argv, struct global_opts *g, int *status)
{
	int out = 1;
	bool ended = false, command = false;

	g->opts_end = INT_MAX;
	for (int i = 1; i < argc; i++) {
		int r = 0;
		if (!ended && strcmp(argv[i], "--") == 0) {
			ended = true;
			g->opts_end = out - 1; /* in the command's argv */
			continue;
		}
		if (!ended && argv[i][0] == '-' && (r = take_global(argc, argv, &i, g, status)) < 0)
			return -1;
		if (r == 1)
			continue;
		if (!ended && argv[i][0] == '-' && !command) {
			fprintf(stderr, "intake: unknown option %s\n", argv[i]);
			usage(stderr);
			*status = EX_USAGE;
			return -1;
		}
		if (out == 1 && (ended || argv[i][0] != '-'))
			command = is_command(argv[i]);
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

static bool
use_curses(const struct global_opts *g)
{
	return !g->plain && ((isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) ||
			     script_active());
}

/* The start screen: every bundled form, and the one named on the command
 * line when it is not one of them. */
static int
run_start_screen(const char *arg, const struct global_opts *g)
{
	struct iv_options o = {g->lang, g->interviewer, NULL};
	struct form *forms[64];
	size_t n = 0;
	DIR *dp = opendir(intake_forms_dir());
	struct dirent *de;
	int rc;

	if (arg != NULL && (forms[n] = intake_load_form(arg)) != NULL)
		n++;
	while (dp && (de = readdir(dp)) != NULL && n < 64) {
		char *dir = xasprintf("%s/%s", intake_forms_dir(), de->d_name);
		char *survey = xasprintf("%s/survey.csv", dir);
		struct stat st;
		if (de->d_name[0] != '.' && stat(survey, &st) == 0 &&
		    (arg == NULL || strcmp(de->d_name, arg) != 0) &&
		    (forms[n] = intake_load_form(dir)) != NULL)
			n++;
		free(dir);
		free(survey);
	}
	if (dp)
		closedir(dp);
	if (n == 0)
		return EX_DATAERR;
	rc = ui_start(forms, n, g->data_dir, &o);
	for (size_t i = 0; i < n; i++)
		form_free(&forms[i]);
	return rc;
}

/* An interview on form arg: plain line mode when asked or when stdin or
 * stdout is not a terminal. */
static int
run_interview(const char *arg, const struct global_opts *g)
{
	struct form *f = intake_load_form(arg);
	struct iv_options o = {g->lang, g->interviewer, NULL};
	struct diag d = DIAG_INIT;
	struct session *s;
	char *asked = NULL; /* the interviewer's name, asked in line mode */
	int rc;

	if (f == NULL)
		return EX_DATAERR;
	if (g->resume != NULL) {
		s = session_resume(f, g->data_dir, g->resume, &o, &d);
		diag_print(&d, stderr);
		diag_free(&d);
	} else {
		if (!use_curses(g) && o.interviewer == NULL &&
		    (o.interviewer = asked = plain_ask_interviewer(stdin, stdout,
				g->lang ? g->lang : f->nlangs ? f->langs[f->default_lang].code : "en")) == NULL) {
			form_free(&f);
			return PLAIN_UNFINISHED;
		}
		s = session_new(f, g->data_dir, &o);
	}
	if (s == NULL) {
		form_free(&f);
		return EX_NOINPUT;
	}
	if (use_curses(g)) {
		rc = ui_run(f, s, g->data_dir, &o);
		s = NULL; /* the ui freed it */
	} else
		rc = plain_run(s, stdin, stdout);
	session_free(&s);
	form_free(&f);
	free(asked);
	return rc == 1 ? EX_OK : rc;
}

static void
default_data_dir(struct global_opts *g)
{
	const char *env = getenv("INTAKE_DATA");

	if (g->data_dir == NULL)
		g->data_dir = env != NULL && *env != '\0' ? env : "./intakes";
}

int
main(int argc, char **argv)
{
	struct global_opts g = {0};
	int status = EX_OK;
	int end = parse_globals(argc, argv, &g, &status);

	if (end < 0)
		return status;
	default_data_dir(&g);
	session_set_finish_hook(push_after_finish);
	fs_set_root(g.data_dir); /* nothing below it through a link */
	if (end > 1) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(*commands);
		     i++) {
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].run(end - 1, argv + 1, &g);
		}
	}
	if (end > 2) {
		fprintf(stderr, "intake: one form at a time (got \"%s\" too)\n", argv[2]);
		return EX_USAGE;
	}
	/* the start screen, unless the form and the interviewer are both
	 * given (a shortcut) or a draft is resumed */
	if (use_curses(&g) && g.resume == NULL &&
	    (end <= 1 || g.interviewer == NULL))
		return run_start_screen(end > 1 ? argv[1] : NULL, &g);
	return run_interview(end > 1 ? argv[1] : "screening", &g);
}
