/*
 * commands: the subcommands of the intake executable.  Each lives in its
 * own src/cmd_<name>.c and is listed in main.c's table.  A command gets
 * the arguments after its name (argv[0] is the command name) and the
 * global options, and returns a sysexits exit status.
 */
#ifndef INTAKE_COMMANDS_H
#define INTAKE_COMMANDS_H

#include <limits.h>
#include <stdbool.h>

struct global_opts {
	const char *data_dir;    /* --data, $INTAKE_DATA, else "./intakes" */
	const char *lang;        /* --lang, or NULL for the form's default */
	const char *interviewer; /* --interviewer, or NULL */
	const char *resume;      /* --resume ID */
	bool plain;              /* --plain */
	int opts_end;            /* in the command's argv: where a "--" was
				    (the arguments from there on are never
				    options), else INT_MAX */
};

/* Whether argv[i] of a command is one of its options: it starts with '-'
 * and comes before the "--" that ends options. */
static inline bool
cmd_is_option(const struct global_opts *g, char **argv, int i)
{
	return i < g->opts_end && argv[i][0] == '-';
}

/* The folder of the bundled forms (the source tree's forms/ when run from a
 * build folder, else the installed copy). */
const char *intake_forms_dir(void);
/* Resolves a form argument: a folder path, or the name of a bundled form.
 * Returns a string the caller frees. */
char *intake_form_path(const char *arg);

/* Loads the form named by arg (a folder or a bundled form), printing its
 * problems to stderr; NULL when it cannot be used.  Caller frees with
 * form_free. */
struct form *intake_load_form(const char *arg);

int cmd_check(int argc, char **argv, const struct global_opts *g);
int cmd_export(int argc, char **argv, const struct global_opts *g);
int cmd_codebook(int argc, char **argv, const struct global_opts *g);
int cmd_drafts(int argc, char **argv, const struct global_opts *g);
int cmd_eval(int argc, char **argv, const struct global_opts *g);
int cmd_import(int argc, char **argv, const struct global_opts *g);
int cmd_replay(int argc, char **argv, const struct global_opts *g);
int cmd_show(int argc, char **argv, const struct global_opts *g);
int cmd_keygen(int argc, char **argv, const struct global_opts *g);
int cmd_push(int argc, char **argv, const struct global_opts *g);
int cmd_schema(int argc, char **argv, const struct global_opts *g);

/* When `intake push --auto-on` was set for data_dir, tries a push in a
 * background process that nobody waits for (see cmd_push.c). */
struct session_finished;
void push_after_finish(const struct session_finished *f);

#endif
