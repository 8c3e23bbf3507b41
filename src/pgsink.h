/*
 * pgsink: finished intakes into PostgreSQL through libpq, and back.
 *
 * Only the intake executable links this module (the engine library stays
 * free of libpq).  The tables are those of pg_schema.h.  Every value is a
 * parameter of a prepared statement, never spliced into SQL text.
 *
 * A record goes first to the raw table (ON CONFLICT on the intake id: an
 * update only when the record changed), then, when that inserted or
 * changed a row and the record's form is known, to the typed tables.  So
 * a batch sent twice (after a crash, a timeout or a restored backup)
 * never duplicates a row.
 *
 * Errors: functions return 0, or -1 with pgsink_error() describing the
 * failure in a sentence and pgsink_status() giving its sysexits status:
 * EX_UNAVAILABLE (69) for an unreachable server or a lost connection,
 * EX_NOPERM (77) for authentication and privileges, EX_TEMPFAIL (75) for
 * a statement timeout or a full disk on the server, EX_DATAERR (65) for a
 * value the server refused, EX_SOFTWARE (70) otherwise.
 */
#ifndef INTAKE_PGSINK_H
#define INTAKE_PGSINK_H

#include <stdbool.h>
#include <stddef.h>

struct pg_schema;
struct record_data;

struct pgsink;

enum pgsink_outcome { PGSINK_NEW, PGSINK_CHANGED, PGSINK_SAME };

/* Connects to url (a libpq URI or conninfo string; NULL or "" for libpq's
 * environment) waiting at most timeout seconds.  Always returns a sink;
 * check pgsink_error() (NULL when connected).  Free with pgsink_close. */
struct pgsink *pgsink_open(const char *url, int timeout);
void pgsink_close(struct pgsink *s);
const char *pgsink_error(const struct pgsink *s);
int pgsink_status(const struct pgsink *s);
/* The database as "db on host" for messages (borrowed). */
const char *pgsink_name(const struct pgsink *s);

/* Creates what is missing of the raw table and of schema's tables (in
 * its own transaction, serialised between pushers by an advisory lock)
 * and prepares the inserts.  A column whose type in the database differs
 * from the form's is marked skip and reported in *warnings (one line
 * each, caller frees; NULL when none). */
int pgsink_prepare(struct pgsink *s, struct pg_schema *schema, char **warnings);
/* Prepares the raw table alone (records whose form is not known). */
int pgsink_prepare_raw(struct pgsink *s);

int pgsink_begin(struct pgsink *s);
int pgsink_commit(struct pgsink *s);
void pgsink_rollback(struct pgsink *s);

/* Sends one record inside the open transaction: to the raw table, and to
 * schema's tables when schema is not NULL. */
int pgsink_put(struct pgsink *s, const struct pg_schema *schema,
	       const struct record_data *r, enum pgsink_outcome *out);

/*
 * Sends one sealed record inside the open transaction: its age bytes
 * (records/<id>.age, len bytes) to the raw table's sealed column (bytea,
 * the record column NULL), never its plaintext.  r is the plaintext
 * record when it is known (in memory, right after the intake finished):
 * its form id, version and end time then go to the raw row and, when
 * schema is not NULL, only its non-pii values to the typed tables: no
 * pii field (marked, in a pii group or repeat, or derived from one), no
 * pii metadata (the instance name), no notes (free text), and the
 * answer states of non-pii fields only.  With r NULL (a push long after
 * the finish: the laptop cannot read the record) the raw row gets the id
 * alone, an empty form id and no version nor end time; a later push that
 * knows them fills them in.
 */
int pgsink_put_sealed(struct pgsink *s, const struct pg_schema *schema,
		      const char *id, const unsigned char *bytes, size_t len,
		      const struct record_data *r, enum pgsink_outcome *out);

/*
 * Filling in sealed rows (`intake push --fill`, the legal team, which
 * holds the key): the rows a push wrote without the plaintext get what
 * the at-finish push writes.
 *
 * pgsink_unfilled appends to *ids (*n of them; caller frees each and the
 * array) the intake ids of the sealed rows to fill: with schema NULL,
 * those pushed without their plaintext (form id ''); else those of
 * schema's form that have no row in its intake table.
 * pgsink_sealed_forms appends the form ids ('' left out) that sealed
 * rows have.  pgsink_sealed_bytes reads the age bytes of row id into
 * *bytes (caller frees): 0, 1 when the row holds none (gone), or -1.
 *
 * pgsink_fill_sealed, inside the open transaction, locks the raw row of
 * id (FOR UPDATE, as a push's upsert does) if it still holds these bytes,
 * then, r being their plaintext (opened in memory by the caller): when its
 * form id is '', sets its form id, version and end time; and when schema
 * is not NULL and its intake table has no row for id, writes exactly the
 * at-finish push's typed rows (only the non-pii values, see
 * pgsink_put_sealed; inserts ON CONFLICT DO NOTHING, so a push or another
 * fill at the same time never duplicates one).  *out is PGSINK_NEW when
 * it wrote something, PGSINK_SAME when the row was already filled, is
 * gone or holds other bytes.  Errors carry the server's primary message
 * only.  0, or -1 with pgsink_error set.
 */
int pgsink_unfilled(struct pgsink *s, const struct pg_schema *schema,
		    char ***ids, size_t *n);
int pgsink_sealed_forms(struct pgsink *s, char ***forms, size_t *n);
int pgsink_sealed_bytes(struct pgsink *s, const char *id,
			unsigned char **bytes, size_t *len);
int pgsink_fill_sealed(struct pgsink *s, const struct pg_schema *schema,
		       const char *id, const unsigned char *bytes, size_t len,
		       const struct record_data *r, enum pgsink_outcome *out);

/*
 * An exportfs_source (exportfs.h; arg is a struct pgsink_source): every
 * finished record of the plan's form, through the plan in the local
 * export's order (end time, then id), one row of the result at a time.
 * Plain records are rebuilt from the raw table's jsonb.  Sealed ones are
 * opened in memory with keys: a first pass opens each sealed row that
 * may be of the form (its form id, or '' when it was pushed without its
 * plaintext) to learn its form and end time, keeping only those (32
 * bytes or so each); the second pass opens each again in its place in
 * the order.  A sealed row that cannot be opened, or any sealed row
 * when no keys are given, is an error in d counted in st->unreadable
 * (the export then writes nothing), as for records/.  0, or -1 with
 * pgsink_error set.
 */
struct record_keys;
struct pgsink_source {
	struct pgsink *sink;
	const struct record_keys *keys; /* NULL: none given */
};
struct export_plan;
struct export_sink;
struct exportfs_stats;
struct diag;
int pgsink_stream(void *arg, struct export_plan *p,
		  const struct export_sink *sink, struct exportfs_stats *st,
		  struct diag *d);

#endif
