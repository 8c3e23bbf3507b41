/*
 * fsutil: files that survive a crash, a kill or a full disk, and that are
 * never reached through a symbolic link.
 *
 * The data folder is registered once (fs_set_root).  Every path under it
 * is then opened one component at a time from the root with O_NOFOLLOW
 * (openat): a symbolic link anywhere below the root (a linked records/,
 * a linked export file, a dangling link) is an error naming it, never
 * followed.  Outside the root only the last component of a file written
 * is protected so.  Files created or appended to end up mode 0600 and the
 * folders fs_mkdirs makes or meets under the root 0700, whatever they
 * were (a loosened mode is fixed and said once on stderr, see
 * fs_set_notice).
 *
 * fs_write_atomic writes a whole file through a temporary file
 * "<name>.tmp.XXXXXX" in the same folder (mode 0600, O_EXCL, locked while
 * written), checks every write, fsyncs it, renames it over the target and
 * fsyncs the folder: afterwards the target holds either the old content
 * or the new, never a mix.  On failure the temp file is removed and the
 * old file is untouched.  A process killed mid-write leaves its temp
 * file; fs_remove_stale_tmp removes those (unlocked and a minute old).
 *
 * Errors: functions return 0 (or a FILE / descriptor), or -1 (NULL) with
 * errno set and, when msg is not NULL, *msg set to a sentence naming the
 * file (caller frees).
 */
#ifndef INTAKE_FSUTIL_H
#define INTAKE_FSUTIL_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>

/* The data folder (copied; NULL forgets it).  The root itself may be a
 * link (the user chose it); nothing below it may. */
void fs_set_root(const char *dir);
/* Where the "permissions fixed" notice goes (default: stderr, once per
 * process); NULL silences it. */
void fs_set_notice(void (*fn)(const char *message));

/* Creates dir and its parents with mode 0700; folders under the root that
 * exist are tightened to 0700, and the root itself. */
int fs_mkdirs(const char *dir, char **msg);
/* open(2) of path with the rules above (O_NOFOLLOW under the root);
 * flags and mode as for open.  A new or appended file is made 0600. */
int fs_open(const char *path, int flags, int mode, char **msg);
/* A regular file opened for reading ("rb"), links refused under the root. */
FILE *fs_fopen_read(const char *path, char **msg);
/* The folder path opened for listing, links refused under the root. */
DIR *fs_opendir(const char *path, char **msg);

/* Writes path atomically; write() fills the FILE and returns 0 or -1. */
int fs_write_atomic(const char *path, int (*write)(FILE *out, void *arg),
		    void *arg, char **msg);
/* Opens path for appending under an exclusive lock (created 0600, an
 * existing file made 0600; not a regular file or a link: refused).
 * *size gets its size before appending.  Close with fs_append_close. */
FILE *fs_append_locked(const char *path, long *size, char **msg);
/* Flushes, fsyncs, unlocks and closes; -1 if any step failed.  With ok
 * false (the caller's writes failed) or a failed flush, the file is cut
 * back to size, so a full disk never leaves half a row behind. */
int fs_append_close(FILE *f, const char *path, long size, bool ok, char **msg);
/* Removes path and fsyncs its folder; a missing file is not an error. */
int fs_remove(const char *path, char **msg);
/* Removes the temporary files of killed writes in folder dir ("*.tmp.*",
 * not locked by a writer, older than a minute).  A missing folder is not
 * an error.  Returns how many were removed, or -1. */
int fs_remove_stale_tmp(const char *dir, char **msg);

/* Takes an exclusive lock on path (created 0600, never through a
 * symlink), waiting for it.  Returns the descriptor to pass to
 * fs_unlock, or -1 with *msg. */
int fs_lock(const char *path, char **msg);
void fs_unlock(int fd);
/* fsyncs the folder holding path. */
int fs_sync_folder(const char *path);

#endif
