/*
 * cmd_drafts: `intake drafts` lists the saved drafts, newest first, with
 * what a volunteer needs to pick one: the start of its id (enough for
 * --resume), the form, progress, when it was saved and its name.
 */
#include <stdio.h>
#include <sysexits.h>
#include <time.h>

#include "commands.h"
#include "session.h"

int
cmd_drafts(int argc, char **argv, const struct global_opts *g)
{
	struct draft_info *v;
	size_t n = session_drafts(g->data_dir, &v);

	(void)argc, (void)argv;
	if (n == 0)
		printf("No saved drafts in %s/drafts.\n", g->data_dir);
	else
		printf("%-8s  %-12s %4s  %-16s  %s\n", "id", "form", "done",
		       "saved", "name");
	for (size_t i = 0; i < n; i++) {
		char when[32];
		struct tm tm;
		localtime_r(&v[i].saved, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%-8.8s  %-12s %3s%%  %s  %s\n", v[i].id, v[i].form_id,
		       v[i].progress, when, v[i].name);
	}
	if (n > 0)
		printf("\nTo continue one: intake --resume ID\n");
	session_drafts_free(v, n);
	return EX_OK;
}
