/*
 * record: the file of one intake, a draft or a finished record.
 *
 * A small CSV (UTF-8, through csvio) with the header name,value,state,note.
 * Metadata rows come first, named "meta:<key>" (field names never hold a
 * ':'), then one row per stored answer: a path ("dob",
 * "children[2]/child_dob", a repeat instance marker "children[2]"), its
 * value, its state (answered, dont_know, refused, empty) and the
 * interviewer's note.  A draft keeps every answer, relevant or not, so
 * toggling an earlier answer back restores later ones; a finished record
 * keeps only what was asked, plus the calculations.
 */
#ifndef INTAKE_RECORD_H
#define INTAKE_RECORD_H

#include <stdbool.h>

#include "interview.h"

struct age_recipient;
struct diag;

/* A record read back: owns everything. */
struct record_data {
	char **meta;              /* key, value pairs, NULL-terminated */
	size_t nmeta;
	struct iv_entry *entries; /* strings owned here */
	size_t n;
};

/* Writes iv's draft (finished = false) or record atomically to path.
 * 0, or -1 with *msg (caller frees). */
int record_save(struct interview *iv, const char *path, bool finished,
		char **msg);
/* The bytes record_save would write, in memory: *buf (caller releases it
 * with age_free_secret, which wipes it) and *len.  0, or -1. */
int record_text(struct interview *iv, bool finished, char **buf, size_t *len);
/* Writes iv's finished record to path as an age file sealed to the n
 * recipients (the plaintext is exactly record_text's and only ever in
 * memory), atomically like record_save.  0, or -1 with *msg. */
int record_save_sealed(struct interview *iv, const char *path,
		       const struct age_recipient *rs, size_t n, char **msg);
/* Reads a record file; -1 with errors in d (file and row named). */
int record_load(const char *path, struct record_data *r, struct diag *d);
/* The same from the bytes of an intake file already in memory (a sealed
 * record once opened); source names it in messages. */
int record_load_mem(const char *source, const char *data, size_t len,
		    struct record_data *r, struct diag *d);
void record_data_free(struct record_data *r);
/* The metadata value of key, or "". */
const char *record_meta(const struct record_data *r, const char *key);

#endif
