/*
 * answers: the engine's in-memory answer store, keyed by path
 * ("dob", "children[2]/child_dob"; see interview.h).
 *
 * Each entry holds a value, a state (answered, don't know, refused) and an
 * interviewer note.  Lookups are hashed, so a form of thousands of fields
 * costs the same per answer as a small one.  Entries keep the order in
 * which they were first set.  The store owns copies of every string; the
 * pointers it returns are borrowed until the entry changes.
 */
#ifndef INTAKE_ANSWERS_H
#define INTAKE_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

enum iv_state {
	IV_EMPTY,     /* not answered */
	IV_ANSWERED,
	IV_DONT_KNOW,
	IV_REFUSED,
};

struct answer {
	char *path;
	char *value; /* never NULL; "" when empty */
	enum iv_state state;
	char *note;  /* never NULL */
};

struct answers;

struct answers *answers_new(void);
void answers_free(struct answers **a);

/* The entry for path, or NULL. */
const struct answer *answers_get(const struct answers *a, const char *path);
/* Sets value and state, creating the entry; keeps the note. */
void answers_set(struct answers *a, const char *path, const char *value,
		 enum iv_state state);
void answers_set_note(struct answers *a, const char *path, const char *note);
bool answers_remove(struct answers *a, const char *path);
/* Removes every entry whose path starts with prefix; returns how many. */
size_t answers_remove_prefix(struct answers *a, const char *prefix);
/* Renames the prefix of every path that starts with from to to. */
void answers_rename_prefix(struct answers *a, const char *from,
			   const char *to);

/* Entries in first-set order: i from 0 while answers_at returns non-NULL
 * (removed entries are skipped, so use answers_next). */
const struct answer *answers_next(const struct answers *a, size_t *cursor);
size_t answers_count(const struct answers *a);

#endif
