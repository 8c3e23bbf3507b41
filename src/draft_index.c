/*
 * draft_index: the cache of the drafts' metadata in drafts/.index (see
 * draft_index.h for what is trusted and when it is rewritten).
 */
#include "draft_index.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "fsutil.h"
#include "xmem.h"

#define INDEX_NAME ".index"
#define INDEX_MAGIC "intake-drafts-index"
#define INDEX_CELLS 12
#define RACY_SECONDS 2 /* a draft changed this recently is not cached */

struct ix_entry {
	const char *file;       /* in buf (loaded) or owned (noted) */
	struct draft_key key;
	struct draft_info info; /* in buf (loaded) or borrowed (noted) */
};

struct draft_index {
	char *buf;              /* the index file, parsed in place */
	struct ix_entry *old;   /* loaded, in the order of the last listing */
	size_t nold, capold;
	size_t next;            /* where the next lookup looks first */
	struct ix_entry **sorted; /* old by file name, made on a miss */
	struct ix_entry *cur;   /* this listing's drafts */
	size_t ncur, capcur;
	size_t hits;            /* drafts found in the index */
	bool read_any;          /* a draft was read from its file */
	bool reordered;         /* the folder lists them in another order */
	bool bad;               /* the index file could not be trusted */
	bool ended;             /* its "end" row was seen */
};

void
draft_key_of(const struct stat *st, struct draft_key *k)
{
	k->ino = (unsigned long long)st->st_ino;
	k->size = (unsigned long long)st->st_size;
	k->mtime_s = (long long)st->st_mtim.tv_sec;
	k->mtime_ns = (long long)st->st_mtim.tv_nsec;
	k->ctime_s = (long long)st->st_ctim.tv_sec;
	k->ctime_ns = (long long)st->st_ctim.tv_nsec;
}

static bool
same_key(const struct draft_key *a, const struct draft_key *b)
{
	return a->ino == b->ino && a->size == b->size &&
	       a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
	       a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

/* ---- reading ------------------------------------------------------------- */

/* A whole decimal number: 1 to 19 digits, nothing else. */
static bool
number_of(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t n = 0;

	for (; s[n] >= '0' && s[n] <= '9'; n++)
		v = 10 * v + (unsigned long long)(s[n] - '0');
	*out = v;
	return n > 0 && n <= 19 && s[n] == '\0';
}

static bool
key_of_cells(char **c, struct draft_key *k)
{
	unsigned long long v[6];

	for (size_t i = 0; i < 6; i++) {
		if (!number_of(c[i], &v[i]) || (i > 1 && v[i] > (1ULL << 62)))
			return false;
	}
	*k = (struct draft_key){v[0], v[1], (long long)v[2], (long long)v[3],
				(long long)v[4], (long long)v[5]};
	return true;
}

/* One row of the index file; a row out of place makes it untrusted. */
static int
on_index_row(void *arg, unsigned row, char **cells, size_t n)
{
	struct draft_index *ix = arg;
	struct ix_entry e;
	unsigned long long count;

	if (row == 1)
		ix->bad = n != 2 || strcmp(cells[0], INDEX_MAGIC) != 0 ||
			  strcmp(cells[1], "1") != 0;
	else if (ix->ended)
		ix->bad = true; /* nothing after the end row */
	else if (n == 2 && strcmp(cells[0], "end") == 0)
		ix->ended = true,
		ix->bad = !number_of(cells[1], &count) || count != ix->nold;
	else if (n != INDEX_CELLS || !key_of_cells(cells + 1, &e.key))
		ix->bad = true; /* not a draft row */
	else {
		e.file = cells[0];
		e.info = (struct draft_info){cells[7], cells[8], cells[10],
					     cells[9], cells[11], 0};
		if (ix->nold == ix->capold) {
			ix->capold = ix->capold ? 2 * ix->capold : 256;
			ix->old = xreallocarray(ix->old, ix->capold, sizeof(*ix->old));
		}
		ix->old[ix->nold++] = e;
	}
	return ix->bad ? 1 : 0;
}

/* The index file's bytes into ix->buf; false when there is none. */
static bool
read_index(struct draft_index *ix, int dirfd)
{
	int fd = openat(dirfd, INDEX_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	size_t len = 0;
	ssize_t got = 1;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 30)) {
		close(fd);
		return false;
	}
	ix->buf = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size && got > 0) {
		got = read(fd, ix->buf + len, (size_t)st.st_size - len);
		if (got < 0 && errno == EINTR)
			got = 1;
		else if (got > 0)
			len += (size_t)got;
	}
	close(fd);
	if (len != (size_t)st.st_size)
		return false;
	ix->buf[len] = '\0';
	return true;
}

struct draft_index *
draft_index_load(int dirfd)
{
	struct draft_index *ix = xcalloc(1, sizeof(*ix));
	struct diag d = DIAG_INIT;
	char *cells[INDEX_CELLS];
	bool whole;

	if (dirfd >= 0 && read_index(ix, dirfd)) {
		size_t len = strlen(ix->buf);
		if (csvio_parse_inplace(INDEX_NAME, ix->buf, len, cells, INDEX_CELLS,
					on_index_row, ix, &whole, &d) != 0 ||
		    !whole || !ix->ended)
			ix->bad = true;
	}
	diag_free(&d);
	if (ix->bad)
		ix->nold = 0; /* rebuilt from the drafts */
	return ix;
}

/* ---- looking up and noting ----------------------------------------------- */

static int
by_file(const void *a, const void *b)
{
	return strcmp((*(struct ix_entry *const *)a)->file,
		      (*(struct ix_entry *const *)b)->file);
}

/* The position of file name in ix->old, or SIZE_MAX. */
static size_t
position_of(struct draft_index *ix, const char *name)
{
	struct ix_entry probe = {.file = name}, *pp = &probe, **found;

	if (ix->sorted == NULL) {
		ix->sorted = xreallocarray(NULL, ix->nold + 1, sizeof(*ix->sorted));
		for (size_t i = 0; i < ix->nold; i++)
			ix->sorted[i] = &ix->old[i];
		qsort(ix->sorted, ix->nold, sizeof(*ix->sorted), by_file);
	}
	found = bsearch(&pp, ix->sorted, ix->nold, sizeof(*ix->sorted), by_file);
	return found ? (size_t)(*found - ix->old) : SIZE_MAX;
}

/* A folder that has not changed lists its files in the same order as
 * last time, the order the index was written in: the entry after the
 * last one found is tried first, the sorted lookup only after that. */
const struct draft_info *
draft_index_find(struct draft_index *ix, const char *name,
		 const struct draft_key *k)
{
	size_t at = ix->next;

	if (at >= ix->nold || strcmp(ix->old[at].file, name) != 0) {
		at = ix->nold ? position_of(ix, name) : SIZE_MAX;
		ix->reordered = true;
	}
	if (at == SIZE_MAX)
		return NULL;
	ix->next = at + 1;
	return same_key(&ix->old[at].key, k) ? &ix->old[at].info : NULL;
}

void
draft_index_note(struct draft_index *ix, const char *name,
		 const struct draft_key *k, const struct draft_info *info,
		 bool read)
{
	if (ix->ncur == ix->capcur) {
		ix->capcur = ix->capcur ? 2 * ix->capcur : 256;
		ix->cur = xreallocarray(ix->cur, ix->capcur, sizeof(*ix->cur));
	}
	ix->cur[ix->ncur++] = (struct ix_entry){xstrdup(name), *k, *info};
	if (read)
		ix->read_any = true;
	else
		ix->hits++;
}

/* ---- writing ------------------------------------------------------------- */

struct write_arg {
	const struct draft_index *ix;
	time_t racy_from;
};

static bool
is_racy(const struct ix_entry *e, time_t from)
{
	return e->key.mtime_s >= (long long)from || e->key.ctime_s >= (long long)from;
}

static int
write_index(FILE *out, void *arg)
{
	const struct write_arg *w = arg;
	size_t n = 0;
	char num[6][24], count[24];

	if (csvio_write_row(out, (const char *const[]){INDEX_MAGIC, "1"}, 2, "\n") != 0)
		return -1;
	for (size_t i = 0; i < w->ix->ncur; i++) {
		const struct ix_entry *e = &w->ix->cur[i];
		if (is_racy(e, w->racy_from))
			continue;
		snprintf(num[0], sizeof(num[0]), "%llu", e->key.ino);
		snprintf(num[1], sizeof(num[1]), "%llu", e->key.size);
		snprintf(num[2], sizeof(num[2]), "%lld", e->key.mtime_s);
		snprintf(num[3], sizeof(num[3]), "%lld", e->key.mtime_ns);
		snprintf(num[4], sizeof(num[4]), "%lld", e->key.ctime_s);
		snprintf(num[5], sizeof(num[5]), "%lld", e->key.ctime_ns);
		const char *row[INDEX_CELLS] = {
			e->file, num[0], num[1], num[2], num[3], num[4], num[5],
			e->info.id, e->info.form_id, e->info.progress,
			e->info.name, e->info.code};
		if (csvio_write_row(out, row, INDEX_CELLS, "\n") != 0)
			return -1;
		n++;
	}
	snprintf(count, sizeof(count), "%zu", n);
	return csvio_write_row(out, (const char *const[]){"end", count}, 2, "\n");
}

int
draft_index_save(struct draft_index *ix, const char *dir)
{
	struct write_arg w = {ix, time(NULL) - RACY_SECONDS};
	char *path, *msg = NULL;
	int rc;

	/* unchanged: every draft came from the index, in its order, and
	 * none is gone */
	if (!ix->read_any && !ix->reordered && ix->hits == ix->nold)
		return 0;
	path = xasprintf("%s/%s", dir, INDEX_NAME);
	rc = fs_write_atomic(path, write_index, &w, &msg);
	free(msg); /* a cache: the next listing tries again */
	free(path);
	return rc;
}

void
draft_index_free(struct draft_index **pix)
{
	struct draft_index *ix = *pix;

	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->ncur; i++)
		free((char *)ix->cur[i].file);
	free(ix->cur);
	free(ix->old);
	free(ix->sorted);
	free(ix->buf);
	free(ix);
	*pix = NULL;
}
