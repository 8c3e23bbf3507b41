/*
 * arena: a bump allocator for data that lives and dies together.
 *
 * A loaded form (strings, questions, choice lists, expression trees) is
 * allocated from one arena and released by one arena_free().  Memory from
 * an arena is never freed piece by piece.  Allocations are aligned for any
 * object type.  OOM is fatal (see xmem.h).
 */
#ifndef INTAKE_ARENA_H
#define INTAKE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Frees every block of *a and sets *a to NULL; NULL is allowed. */
void arena_free(struct arena **a);

void *arena_alloc(struct arena *a, size_t size);   /* zero-filled */
/* Not cleared: for memory the caller fills before reading it. */
void *arena_alloc_raw(struct arena *a, size_t size);
void *arena_array(struct arena *a, size_t nmemb, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forgets every allocation but keeps the first block for reuse: the
 * arena is empty again, and cheap to fill. */
void arena_reset(struct arena *a);
/* True when p points into memory handed out by a since its last reset
 * (to tell a string of the arena from one that outlives it). */
bool arena_contains(const struct arena *a, const void *p);
/* Bytes handed out so far (for benchmarks and peak-memory reports). */
size_t arena_used(const struct arena *a);

#endif
