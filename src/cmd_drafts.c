/*
 * cmd_drafts: `intake drafts` lists the saved drafts, newest first, with
 * what a volunteer needs to pick one: the start of its id (enough for
 * --resume), the form, progress, when it was saved and its name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <time.h>

#include "commands.h"
#include "session.h"
#include "utf8.h"

/* Prints one untrusted field (from a draft file) through the sanitizer. */
static void
put_field(const char *fmt, const char *text)
{
	char *safe = utf8_sanitize(text, 0);

	printf(fmt, safe);
	free(safe);
}

int
cmd_drafts(int argc, char **argv, const struct global_opts *g)
{
	struct draft_info *v;
	size_t n = session_drafts(g->data_dir, &v);

	(void)argc, (void)argv;
	if (n == 0)
		put_field("No saved drafts in %s/drafts.\n", g->data_dir);
	else
		printf("%-8s  %-12s %4s  %-16s  %s\n", "id", "form", "done",
		       "saved", "name");
	for (size_t i = 0; i < n; i++) {
		char when[32];
		struct tm tm;
		localtime_r(&v[i].saved, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		put_field("%-8.8s  ", v[i].id);
		put_field("%-12s ", v[i].form_id);
		put_field("%3s%%  ", v[i].progress);
		printf("%s  ", when);
		put_field("%s\n", v[i].name);
	}
	if (n > 0)
		printf("\nTo continue one: intake --resume ID\n");
	session_drafts_free(v, n);
	return EX_OK;
}
