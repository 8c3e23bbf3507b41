/*
 * exportfs: exports on disk.  Reads the finished records of a data folder
 * in the order they were finished and streams them through an export
 * plan (export.h), in bounded memory whatever their number; writes the
 * CSV files of a rebuild atomically; holds the lock that appends and
 * rebuilds share.
 *
 * Streaming: a first pass reads the start of each record (its metadata
 * rows) into a small key array (finish time, id); the keys are sorted;
 * a second pass reads each record whole with one read() into a reused
 * buffer, parses it in place and hands it to the plan, which writes every
 * table's rows in the same pass.
 *
 * The lock: <data>/exports/.lock, held by a rebuild from before it lists
 * the records until its files are renamed into place, and by a finishing
 * intake from before its record is written until its rows are appended,
 * so a rebuild sees each intake with all its rows or not at all.
 */
#ifndef INTAKE_EXPORTFS_H
#define INTAKE_EXPORTFS_H

#include <stdbool.h>
#include <stddef.h>

#include "export.h"

struct diag;
struct record_keys;

/* Takes the exports lock of data_dir (creating exports/); the descriptor
 * for exportfs_unlock, or -1 with an error in d. */
int exportfs_lock(const char *data_dir, struct diag *d);
void exportfs_unlock(int fd);

struct exportfs_stats {
	size_t exported;   /* intakes streamed */
	size_t unreadable; /* records that could not be read whole */
};

/*
 * Streams every finished record of the plan's form under
 * data_dir/records through the sink, in finishing order (end time, then
 * id).  Sealed records (<id>.age) are opened in memory with keys (NULL:
 * none given; see record_open.h).  A record that cannot be read whole, or
 * opened, is an error in d naming the file (and row), counted in
 * st->unreadable; the others still stream.  Returns 0, or -1 when the
 * sink failed or records/ cannot be listed.
 */
int exportfs_stream(struct export_plan *p, const char *data_dir,
		    const struct record_keys *keys,
		    const struct export_sink *sink, struct exportfs_stats *st,
		    struct diag *d);

/*
 * Rebuilds the CSV files of the plan in dir (every table, the codebook
 * and the choices), all or nothing: each is written to a temporary file
 * and the files replace the old ones only when every record was read
 * whole and every write succeeded.  Holds the lock throughout.  Returns 0; 65 (EX_DATAERR) when a record
 * could not be read (nothing replaced); 73 (EX_CANTCREAT) or 74
 * (EX_IOERR) when a file could not be written; errors are in d.
 */
int exportfs_rebuild_csv(struct export_plan *p, const char *data_dir,
			 const struct record_keys *keys, const char *dir,
			 struct exportfs_stats *st, struct diag *d);

/* A source of finished records with exportfs_stream's contract (every
 * record of the plan's form, in finishing order, through the sink; the
 * database of `export --from` is one). */
typedef int (*exportfs_source)(void *arg, struct export_plan *p,
			       const struct export_sink *sink,
			       struct exportfs_stats *st, struct diag *d);
/* exportfs_rebuild_csv with the records from src instead of records/. */
int exportfs_rebuild_csv_from(struct export_plan *p, exportfs_source src,
			      void *arg, const char *data_dir, const char *dir,
			      struct exportfs_stats *st, struct diag *d);

/* The data folder's records/ (and the keys of its sealed records) as a
 * source: arg is a struct exportfs_records. */
struct exportfs_records {
	const char *data_dir;
	const struct record_keys *keys;
};
int exportfs_records_source(void *arg, struct export_plan *p,
			    const struct export_sink *sink,
			    struct exportfs_stats *st, struct diag *d);

/* True when the export file at path already holds a row whose first cell
 * is id (an intake appended earlier). */
bool exportfs_has_id(const char *path, const char *id);

#endif
