/*
 * fsutil: files that survive a crash, a kill or a full disk.
 *
 * fs_write_atomic writes a whole file through a temporary file in the
 * same folder (mode 0600, O_EXCL), checks every write, fsyncs it, renames
 * it over the target and fsyncs the folder: afterwards the target holds
 * either the old content or the new, never a mix.  On failure the temp
 * file is removed and the old file is untouched.
 *
 * Errors: functions return 0, or -1 with errno set and, when msg is not
 * NULL, *msg set to a sentence naming the file (caller frees).
 */
#ifndef INTAKE_FSUTIL_H
#define INTAKE_FSUTIL_H

#include <stdbool.h>
#include <stdio.h>

/* Creates dir and its parents with mode 0700 (existing ones are left as
 * they are, but a data folder readable by others is tightened to 0700). */
int fs_mkdirs(const char *dir, char **msg);
/* Writes path atomically; write() fills the FILE and returns 0 or -1. */
int fs_write_atomic(const char *path, int (*write)(FILE *out, void *arg),
		    void *arg, char **msg);
/* Opens path for appending under an exclusive lock (mode 0600 if new).
 * *size gets its size before appending.  Close with fs_append_close. */
FILE *fs_append_locked(const char *path, long *size, char **msg);
/* Flushes, fsyncs, unlocks and closes; -1 if any step failed.  With ok
 * false (the caller's writes failed) or a failed flush, the file is cut
 * back to size, so a full disk never leaves half a row behind. */
int fs_append_close(FILE *f, const char *path, long size, bool ok, char **msg);
/* Removes path and fsyncs its folder; a missing file is not an error. */
int fs_remove(const char *path, char **msg);

/* Takes an exclusive lock on path (created 0600, never through a
 * symlink), waiting for it.  Returns the descriptor to pass to
 * fs_unlock, or -1 with *msg. */
int fs_lock(const char *path, char **msg);
void fs_unlock(int fd);
/* fsyncs the folder holding path. */
int fs_sync_folder(const char *path);

#endif
