/*
 * cmd_drafts: `intake drafts` lists the saved drafts, newest first, with
 * what a volunteer needs to pick one: the start of its id (enough for
 * --resume), the form, the instance name, progress and when it was saved.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>

#include "commands.h"
#include "diag.h"
#include "record.h"
#include "xmem.h"

struct draft {
	char *path;
	time_t saved;
};

static int
newest_first(const void *pa, const void *pb)
{
	const struct draft *a = pa, *b = pb;

	return a->saved < b->saved ? 1 : a->saved > b->saved ? -1 :
	       strcmp(a->path, b->path);
}

static void
print_draft(const struct draft *dr)
{
	struct record_data r;
	struct diag d = DIAG_INIT;
	char when[32];
	struct tm tm;

	if (record_load(dr->path, &r, &d) != 0) {
		diag_print(&d, stderr);
	} else {
		localtime_r(&dr->saved, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%-8.8s  %-12s %3s%%  %s  %s\n", record_meta(&r, "instance_id"),
		       record_meta(&r, "form_id"), record_meta(&r, "progress"), when,
		       record_meta(&r, "instance_name"));
	}
	record_data_free(&r);
	diag_free(&d);
}

int
cmd_drafts(int argc, char **argv, const struct global_opts *g)
{
	char *dir = xasprintf("%s/drafts", g->data_dir);
	DIR *dp = opendir(dir);
	struct dirent *de;
	struct draft *v = NULL;
	size_t n = 0;

	(void)argc, (void)argv;
	while (dp && (de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		struct stat st;
		char *path;
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0) {
			free(path);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].path = path;
		v[n++].saved = st.st_mtime;
	}
	if (dp)
		closedir(dp);
	if (n == 0)
		printf("No saved drafts in %s.\n", dir);
	else
		printf("%-8s  %-12s %4s  %-16s  %s\n", "id", "form", "done",
		       "saved", "name");
	qsort(v, n, sizeof(*v), newest_first);
	for (size_t i = 0; i < n; i++) {
		print_draft(&v[i]);
		free(v[i].path);
	}
	if (n > 0)
		printf("\nTo continue one: intake --resume ID\n");
	free(v);
	free(dir);
	return EX_OK;
}
