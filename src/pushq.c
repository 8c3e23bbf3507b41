/*
 * pushq: the local push queue, kept as acknowledgement files next to the
 * records (see pushq.h).  Only stat() and small atomic writes: counting
 * the queue never reads a record.
 */
#include "pushq.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "xmem.h"

static int
compare_items(const void *a, const void *b)
{
	return strcmp(((const struct pushq_item *)a)->path,
		      ((const struct pushq_item *)b)->path);
}

static bool
newer(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

/* The id of a record file name, or NULL when it is not one. */
static char *
record_id(const char *name, bool *sealed)
{
	size_t len = strlen(name);

	if (name[0] == '.' || len <= 4)
		return NULL;
	if (strcmp(name + len - 4, ".csv") == 0)
		*sealed = false;
	else if (strcmp(name + len - 4, ".age") == 0)
		*sealed = true;
	else
		return NULL;
	return xstrndup(name, len - 4);
}

static bool
queued(const char *data_dir, const char *id, const char *path)
{
	char *ack = xasprintf("%s/pushed/%s", data_dir, id);
	struct stat rs, as;
	bool q = stat(ack, &as) != 0 || (stat(path, &rs) == 0 && newer(&rs, &as));

	free(ack);
	return q;
}

size_t
pushq_list(const char *data_dir, struct pushq_item **items)
{
	char *dir = xasprintf("%s/records", data_dir);
	DIR *dp = fs_opendir(dir, NULL); /* never through a link */
	struct dirent *de;
	size_t n = 0;

	*items = NULL;
	while (dp && (de = readdir(dp)) != NULL) {
		bool sealed = false;
		char *id = record_id(de->d_name, &sealed);
		char *path;
		if (id == NULL)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (!queued(data_dir, id, path)) {
			free(id);
			free(path);
			continue;
		}
		*items = xreallocarray(*items, n + 1, sizeof(**items));
		(*items)[n++] = (struct pushq_item){id, path, sealed};
	}
	if (dp)
		closedir(dp);
	free(dir);
	if (n > 1)
		qsort(*items, n, sizeof(**items), compare_items);
	return n;
}

void
pushq_free(struct pushq_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].id);
		free(items[i].path);
	}
	free(items);
}

size_t
pushq_count(const char *data_dir)
{
	struct pushq_item *items;
	size_t n = pushq_list(data_dir, &items);

	pushq_free(items, n);
	return n;
}

static int
write_text(FILE *out, void *arg)
{
	return fputs(arg, out) < 0 ? -1 : 0;
}

int
pushq_ack(const char *data_dir, const char *id, char **msg)
{
	char *dir = xasprintf("%s/pushed", data_dir);
	char *path = xasprintf("%s/%s", dir, id);
	int rc = fs_mkdirs(dir, msg);

	if (rc == 0)
		rc = fs_write_atomic(path, write_text, "pushed\n", msg);
	free(path);
	free(dir);
	return rc;
}

char *
pushq_auto_url(const char *data_dir)
{
	char *path = xasprintf("%s/push.conf", data_dir);
	FILE *fp = fs_fopen_read(path, NULL);
	char line[4096];
	char *url = NULL;

	free(path);
	if (fp == NULL)
		return NULL;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "url=", 4) == 0) {
			free(url);
			url = xstrdup(line + 4);
		}
	}
	fclose(fp);
	return url;
}

int
pushq_set_auto(const char *data_dir, const char *url, char **msg)
{
	char *path = xasprintf("%s/push.conf", data_dir);
	char *text;
	int rc = fs_mkdirs(data_dir, msg);

	if (rc == 0 && url == NULL) {
		rc = fs_remove(path, msg);
	} else if (rc == 0) {
		text = xasprintf("# intake push --auto-on: push after each "
				 "finished intake\nurl=%s\n", url);
		rc = fs_write_atomic(path, write_text, text, msg);
		free(text);
	}
	free(path);
	return rc;
}
