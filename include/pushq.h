/*
 * pushq: which finished records still wait to be pushed to the database.
 *
 * A record (records/<id>.csv, or a sealed records/<id>.age) is
 * acknowledged by a file pushed/<id> written atomically (temp, fsync,
 * rename) once the database has committed it.  A record is queued while
 * it has no acknowledgement, or when the record file is newer than its
 * acknowledgement (it changed since: the push updates the row).  An
 * interrupted push acknowledged nothing of its last batch, so the next
 * push sends that batch again; the database ignores what it already has.
 *
 * `intake push --auto-on` writes push.conf in the data folder: the
 * database to push to after each finished intake (see pushq_auto_url).
 */
#ifndef INTAKE_PUSHQ_H
#define INTAKE_PUSHQ_H

#include <stdbool.h>
#include <stddef.h>

struct pushq_item {
	char *id;     /* the record's id (its file name without extension) */
	char *path;   /* records/<id>.csv or .age */
	bool sealed;  /* an .age file */
};

/* The queued records of data_dir, in file name order.  Returns how many;
 * *items is the caller's (free with pushq_free). */
size_t pushq_list(const char *data_dir, struct pushq_item **items);
void pushq_free(struct pushq_item *items, size_t n);
/* How many records wait to be pushed (for the start screen). */
size_t pushq_count(const char *data_dir);
/* Records the acknowledgement of id.  0, or -1 with *msg (caller frees). */
int pushq_ack(const char *data_dir, const char *id, char **msg);

/* The database URL saved by `intake push --auto-on` ("" for libpq's
 * environment), or NULL when automatic pushes are off.  Caller frees. */
char *pushq_auto_url(const char *data_dir);
/* Turns automatic pushes on (url may be "") or off (url NULL). */
int pushq_set_auto(const char *data_dir, const char *url, char **msg);

#endif
