/*
 * answers: an insertion-ordered hash map from path to answer.
 *
 * Entries live in a growing array (removed ones become holes with a NULL
 * path); an open-addressing index of array positions finds them by FNV-1a
 * hash of the path.  Removal leaves a tombstone in the index; the index is
 * rebuilt (and the holes compacted) when entries plus holes fill half of it.
 */
#include "answers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strhash.h"
#include "xmem.h"

#define EMPTY_SLOT SIZE_MAX
#define DEAD_SLOT (SIZE_MAX - 1) /* a removed entry: probing goes on */

struct answers {
	struct answer *v; /* entries; path NULL for a removed one */
	size_t n, cap, live;
	size_t *index;    /* positions in v, EMPTY_SLOT when free */
	size_t nindex;    /* power of two */
};

struct answers *
answers_new(void)
{
	return xcalloc(1, sizeof(struct answers));
}

static void
entry_free(struct answer *e)
{
	free(e->path);
	free(e->value);
	free(e->note);
	memset(e, 0, sizeof(*e));
}

void
answers_free(struct answers **a)
{
	if (a == NULL || *a == NULL)
		return;
	for (size_t i = 0; i < (*a)->n; i++)
		entry_free(&(*a)->v[i]);
	free((*a)->v);
	free((*a)->index);
	free(*a);
	*a = NULL;
}

/* Compacts the entries (dropping holes) and rebuilds the index. */
static void
rebuild(struct answers *a, size_t nindex)
{
	size_t w = 0;

	for (size_t i = 0; i < a->n; i++) {
		if (a->v[i].path != NULL)
			a->v[w++] = a->v[i];
	}
	a->n = w;
	free(a->index);
	a->nindex = nindex;
	a->index = xreallocarray(NULL, nindex, sizeof(size_t));
	for (size_t i = 0; i < nindex; i++)
		a->index[i] = EMPTY_SLOT;
	for (size_t i = 0; i < a->n; i++) {
		size_t s = str_hash(a->v[i].path) & (nindex - 1);
		while (a->index[s] != EMPTY_SLOT)
			s = (s + 1) & (nindex - 1);
		a->index[s] = i;
	}
}

/* The index slot holding path, or the free slot where it would go. */
static size_t
find_slot(const struct answers *a, const char *path)
{
	size_t s = str_hash(path) & (a->nindex - 1);

	while (a->index[s] != EMPTY_SLOT &&
	       (a->index[s] == DEAD_SLOT ||
		strcmp(a->v[a->index[s]].path, path) != 0))
		s = (s + 1) & (a->nindex - 1);
	return s;
}

static struct answer *
lookup(const struct answers *a, const char *path)
{
	size_t s;

	if (a->nindex == 0)
		return NULL;
	s = find_slot(a, path);
	return a->index[s] == EMPTY_SLOT ? NULL : &a->v[a->index[s]];
}

const struct answer *
answers_get(const struct answers *a, const char *path)
{
	return lookup(a, path);
}

static struct answer *
create(struct answers *a, const char *path)
{
	struct answer *e;

	if ((a->n + 1) * 2 > a->nindex)
		rebuild(a, a->nindex ? a->nindex * 2 : 64);
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	e = &a->v[a->n];
	e->path = xstrdup(path);
	e->value = xstrdup("");
	e->note = xstrdup("");
	e->state = IV_EMPTY;
	a->index[find_slot(a, path)] = a->n++;
	a->live++;
	return e;
}

void
answers_set(struct answers *a, const char *path, const char *value,
	    enum iv_state state)
{
	struct answer *e = lookup(a, path);

	if (e == NULL)
		e = create(a, path);
	free(e->value);
	e->value = xstrdup(value ? value : "");
	e->state = state;
}

void
answers_set_note(struct answers *a, const char *path, const char *note)
{
	struct answer *e = lookup(a, path);

	if (e == NULL)
		e = create(a, path);
	free(e->note);
	e->note = xstrdup(note ? note : "");
}

bool
answers_remove(struct answers *a, const char *path)
{
	size_t s;

	if (a->nindex == 0)
		return false;
	s = find_slot(a, path);
	if (a->index[s] == EMPTY_SLOT)
		return false;
	entry_free(&a->v[a->index[s]]);
	a->index[s] = DEAD_SLOT;
	a->live--;
	return true;
}

size_t
answers_remove_prefix(struct answers *a, const char *prefix)
{
	size_t len = strlen(prefix), removed = 0;

	for (size_t i = 0; i < a->n; i++) {
		if (a->v[i].path && strncmp(a->v[i].path, prefix, len) == 0) {
			entry_free(&a->v[i]);
			removed++;
		}
	}
	if (removed) {
		a->live -= removed;
		rebuild(a, a->nindex);
	}
	return removed;
}

void
answers_rename_prefix(struct answers *a, const char *from, const char *to)
{
	size_t len = strlen(from);
	bool changed = false;

	for (size_t i = 0; i < a->n; i++) {
		char *p = a->v[i].path;
		if (p && strncmp(p, from, len) == 0) {
			a->v[i].path = xasprintf("%s%s", to, p + len);
			free(p);
			changed = true;
		}
	}
	if (changed)
		rebuild(a, a->nindex);
}

const struct answer *
answers_next(const struct answers *a, size_t *cursor)
{
	while (*cursor < a->n) {
		const struct answer *e = &a->v[(*cursor)++];
		if (e->path != NULL)
			return e;
	}
	return NULL;
}

size_t
answers_count(const struct answers *a)
{
	return a->live;
}
