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

/*
 * A record parsed in place (record_parse): every string points into the
 * caller's buffer, which must outlive the view.  The arrays grow as
 * needed and are kept between calls, so parsing many records in turn
 * allocates nothing once the largest has been seen.
 */
struct record_row {
	const char *path, *value, *note;
	enum iv_state state;
	unsigned row;             /* spreadsheet row in the file */
};

struct record_view {
	const char *path;         /* the file, for messages */
	const char **meta;        /* key, value pairs (2 * nmeta) */
	size_t nmeta, metacap;
	struct record_row *rows;  /* entries in file order */
	size_t n, cap;
};

/* A reusable read buffer. */
struct record_buf {
	char *data;
	size_t len, cap;
};

/*
 * Parses the record in buf[0..len) in place (buf needs len + 1 bytes and
 * is changed).  path names it in messages.  The record must be whole: the
 * name,value,state,note header, every row ending with a line end and
 * holding a known state.  0, or -1 with errors in d naming path and row.
 * Works on any bytes (a decrypted record in memory as well as a file).
 */
int record_parse(const char *path, char *buf, size_t len,
		 struct record_view *v, struct diag *d);
/* Reads path whole into b with one read() for a file that fits (b grows
 * as needed); the file is opened without following a symlink.  0, or -1
 * with an error in d naming the file. */
int record_read(const char *path, struct record_buf *b, struct diag *d);
/* Reads at most max bytes of the start of path into b (for metadata). */
int record_read_head(const char *path, struct record_buf *b, size_t max,
		     struct diag *d);
/* Reads only the metadata rows at the start of the record at path (its
 * first 2 KB, or all of it when the metadata is longer) into v, whose
 * entries are left empty; v points into b.  For listing drafts and
 * sorting records without reading them whole.  0, or -1 with an error in
 * d naming the file and row. */
int record_read_meta(const char *path, struct record_buf *b,
		     struct record_view *v, struct diag *d);
/* The same for file name in the open folder dirfd (saves the path walk
 * when reading many files of one folder); path is for messages. */
int record_read_meta_at(int dirfd, const char *name, const char *path,
			struct record_buf *b, struct record_view *v,
			struct diag *d);
int record_read_at(int dirfd, const char *name, const char *path,
		   struct record_buf *b, struct diag *d);
/* The metadata value of key, or "". */
const char *record_view_meta(const struct record_view *v, const char *key);
void record_view_free(struct record_view *v);
void record_buf_free(struct record_buf *b);

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
/* The same from the plaintext already in memory (record_text's bytes):
 * seals plain[0..len) to the n recipients and writes it atomically to
 * path.  The plaintext stays the caller's.  0, or -1 with *msg. */
int record_write_sealed(const char *path, const char *plain, size_t len,
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
