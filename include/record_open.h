/*
 * record_open: the bytes of a finished record file, whether plain
 * (records/<id>.csv) or sealed (records/<id>.age, opened in memory with
 * the legal team's identities).  Used by export and show; knows nothing
 * of the record's contents.
 *
 * A sealed file opens only when it is whole and untouched: a wrong key, a
 * damaged or truncated file is an error naming the file, and none of its
 * plaintext is handed back.
 */
#ifndef INTAKE_RECORD_OPEN_H
#define INTAKE_RECORD_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct age_identity;
struct diag;
struct record_buf;

/* The identities to open sealed records with (from --identity FILE). */
struct record_keys {
	struct age_identity *ids;
	size_t n;
};

/* True when the file name is a sealed record's (ends in ".age"). */
bool record_is_sealed(const char *name);
/* True for a record file name, plain or sealed. */
bool record_is_file(const char *name);

/* Reads the identity file at path into k (age_identity_file_read's rules:
 * group or others may not read it).  0, or -1 with *msg (caller frees). */
int record_keys_load(const char *path, struct record_keys *k, char **msg);
void record_keys_free(struct record_keys *k);

/*
 * Reads the record at path into *data (NUL-terminated, *len bytes; free
 * with record_bytes_free, which wipes it).  A sealed record is opened with
 * k (NULL or no keys: an error saying --identity is needed).  0, or -1
 * with *msg saying what is wrong (the caller names the file).
 */
int record_bytes(const char *path, const struct record_keys *k, char **data,
		 size_t *len, char **msg);
void record_bytes_free(char *data, size_t len);

/*
 * Opens a sealed record held in memory (an age file's bytes, from a file
 * or a database row) with k into *data (*len bytes; free with
 * record_bytes_free).  0, or -1 with *msg ("cannot be opened: ...", or
 * that --identity is needed; caller frees, and names the record).
 */
int record_open_sealed(const uint8_t *sealed, size_t slen,
		       const struct record_keys *k, char **data, size_t *len,
		       char **msg);

/*
 * The same for readers that reuse their buffers (export): reads the record
 * at path into b like record_read; a sealed one is read into the scratch
 * buffer raw and opened into b.  0, or -1 with an error in d naming the
 * file.  Sealed records meet with no keys (k NULL or empty) are only
 * counted in *sealed_unopened (when not NULL) and not reported, so that a
 * caller can say it once.
 */
int record_read_any(const char *path, const struct record_keys *k,
		    struct record_buf *raw, struct record_buf *b,
		    size_t *sealed_unopened, struct diag *d);

#endif
