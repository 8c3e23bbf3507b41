/*
 * arena: blocks chained newest first; each allocation bumps an offset in
 * the newest block.  A request larger than a block gets a block of its own
 * so that big arrays do not waste the rest of the current block.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "xmem.h"

#define ARENA_BLOCK 16384
#define ARENA_ALIGN (sizeof(max_align_t))

struct block {
	struct block *next;
	size_t size, used;
	max_align_t data[];
};

struct arena {
	struct block *head;
	size_t total;
};

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena **a)
{
	struct block *b, *next;

	if (a == NULL || *a == NULL)
		return;
	for (b = (*a)->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(*a);
	*a = NULL;
}

static struct block *
block_new(size_t size)
{
	struct block *b = xmalloc(sizeof(*b) + size);

	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct block *b = a->head;
	size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	void *p;

	if (size > SIZE_MAX / 2)
		fatal(EX_OSERR, "arena request too large (%zu bytes)", size);
	if (need == 0)
		need = ARENA_ALIGN;
	if (b == NULL || b->size - b->used < need) {
		if (need > ARENA_BLOCK / 4 && b != NULL) {
			/* big request: own block, behind the current one */
			struct block *big = block_new(need);
			big->next = b->next;
			b->next = big;
			b = big;
		} else {
			b = block_new(need > ARENA_BLOCK ? need : ARENA_BLOCK);
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += need;
	a->total += size;
	memset(p, 0, size);
	return p;
}

void *
arena_array(struct arena *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / 2 / size)
		fatal(EX_OSERR, "arena array too large (%zu x %zu)", nmemb, size);
	return arena_alloc(a, nmemb * size);
}

void *
arena_alloc_raw(struct arena *a, size_t size)
{
	struct block *b = a->head;
	size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	void *p;

	if (b == NULL || b->size - b->used < need || need > ARENA_BLOCK / 4)
		return arena_alloc(a, size);
	p = (char *)b->data + b->used;
	b->used += need;
	a->total += size;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc_raw(a, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *tmp, *s;

	va_start(ap, fmt);
	tmp = xvasprintf(fmt, ap);
	va_end(ap);
	s = arena_strdup(a, tmp);
	free(tmp);
	return s;
}

void
arena_reset(struct arena *a)
{
	struct block *b = a->head, *keep = NULL, *next;

	for (; b != NULL; b = next) {
		next = b->next;
		if (keep == NULL && b->size == ARENA_BLOCK)
			keep = b;
		else
			free(b);
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->head = keep;
	a->total = 0;
}

bool
arena_contains(const struct arena *a, const void *p)
{
	uintptr_t u = (uintptr_t)p;

	for (const struct block *b = a->head; b != NULL; b = b->next) {
		uintptr_t start = (uintptr_t)b->data;
		if (u >= start && u < start + b->used)
			return true;
	}
	return false;
}

size_t
arena_used(const struct arena *a)
{
	return a->total;
}
