/*
 * draft_index: a cache of each draft's metadata (id, form, progress,
 * name, code) in drafts/.index, so that listing many drafts (`intake
 * drafts`, the start screen) costs one stat per draft instead of an
 * open, a read and a close.
 *
 * An entry is trusted only while its draft's file has the same inode,
 * size, mtime and ctime (to the nanosecond) as when it was read: intake
 * replaces a draft by renaming a new file over it (a new inode), and any
 * other change moves the ctime.  A draft changed in the last two seconds
 * is not written to the index (a change within the same clock tick
 * could keep its times), so it is read again next time.  The index is
 * rewritten (atomically, fsutil) only when a listing found a draft it
 * did not hold or lost one; a missing, unreadable or malformed index is
 * treated as empty and rebuilt.  It is a cache: losing it loses nothing.
 *
 * File format (CSV, "\n" line ends): a row "intake-drafts-index,1"; one
 * row per draft, in the order the folder listed them (the order the next
 * listing will most likely meet them in): file, inode, size, mtime seconds,
 * mtime nanoseconds, ctime seconds, ctime nanoseconds, id, form_id,
 * progress, name, code; a last row "end,<number of drafts>".
 *
 * Ownership: draft_index_load returns an index the caller frees with
 * draft_index_free.  The draft_info that draft_index_find returns is
 * borrowed from the index.  draft_index_note copies the file name but
 * borrows info, which must live until draft_index_save.
 */
#ifndef INTAKE_DRAFT_INDEX_H
#define INTAKE_DRAFT_INDEX_H

#include <stdbool.h>
#include <sys/stat.h>

#include "session.h"

/* What says a draft's file has not changed since it was read. */
struct draft_key {
	unsigned long long ino, size;
	long long mtime_s, mtime_ns, ctime_s, ctime_ns;
};

void draft_key_of(const struct stat *st, struct draft_key *k);

struct draft_index;

/* The index of the drafts folder open as dirfd (empty when there is
 * none, or it cannot be read or trusted). */
struct draft_index *draft_index_load(int dirfd);

/* The cached metadata of draft file name, when its key still matches;
 * else NULL. */
const struct draft_info *draft_index_find(struct draft_index *ix,
					  const char *name,
					  const struct draft_key *k);

/* Notes a draft of this listing, for the index to write: read says its
 * metadata came from the file (the index did not hold it). */
void draft_index_note(struct draft_index *ix, const char *name,
		      const struct draft_key *k, const struct draft_info *info,
		      bool read);

/* Writes drafts/.index (dir is the drafts folder) when this listing read
 * a draft from its file or lost one; 0 when written or nothing to do,
 * -1 when it could not be written (the listing is still right). */
int draft_index_save(struct draft_index *ix, const char *dir);

void draft_index_free(struct draft_index **ix);

#endif
