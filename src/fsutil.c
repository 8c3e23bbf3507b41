/* fsutil: crash-safe files, never through a link (see fsutil.h). */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xmem.h"

static char *root;          /* the data folder, without trailing "/" */

static void
notice_stderr(const char *message)
{
	fprintf(stderr, "intake: %s\n", message);
}

static void (*notice)(const char *) = notice_stderr;
static bool noticed;        /* the loosened-mode notice was given */

void
fs_set_root(const char *dir)
{
	size_t len;

	free(root);
	root = dir ? xstrdup(dir) : NULL;
	len = root ? strlen(root) : 0;
	while (len > 1 && root[len - 1] == '/')
		root[--len] = '\0';
}

void
fs_set_notice(void (*fn)(const char *message))
{
	notice = fn;
}

static int
failed(char **msg, const char *what, const char *path)
{
	int e = errno;

	if (msg != NULL)
		*msg = xasprintf("cannot %s %s: %s", what, path, strerror(e));
	errno = e;
	return -1;
}

static int
refuse_link(char **msg, const char *path)
{
	if (msg != NULL)
		*msg = xasprintf("%s is a symbolic link: files under the data "
				 "folder are never reached through links", path);
	errno = ELOOP;
	return -1;
}

/* A mode others could read or write (or, for a file, not exactly 0600)
 * is fixed, and said the first time. */
static void
tighten(int fd, const char *path, bool folder)
{
	struct stat st;
	mode_t want = folder ? 0700 : 0600;

	if (fstat(fd, &st) != 0 || (st.st_mode & 0777) == want)
		return;
	if (folder && (st.st_mode & 077) == 0)
		return; /* 0700 or stricter: the owner's choice */
	if (fchmod(fd, want) == 0 && !noticed && notice != NULL) {
		char *m = xasprintf("%s had mode %03o: made %03o, as everything "
				    "under the data folder is private", path,
				    (unsigned)(st.st_mode & 0777), (unsigned)want);
		notice(m);
		free(m);
		noticed = true;
	}
}

/* The part of path below the root ("" for the root), or NULL when path
 * is not under it. */
static const char *
below_root(const char *path)
{
	size_t n = root ? strlen(root) : 0;

	if (root == NULL || strncmp(path, root, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return path + n;
	if (path[n] == '/' || (n == 1 && root[0] == '/'))
		return path + n + (path[n] == '/');
	return NULL;
}

/*
 * Opens folder dir.  Under the root, each component is opened from the
 * root with O_NOFOLLOW; with make, missing ones are created (0700) and
 * every one is tightened to 0700.  Returns a descriptor or -1.
 */
static int
open_folder(const char *dir, bool make, char **msg)
{
	const char *rest = below_root(dir);
	char *copy, *save = NULL, *walked;
	int fd;

	if (rest == NULL) {
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		return fd >= 0 ? fd : failed(msg, "open the folder", dir);
	}
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return failed(msg, "open the folder", root);
	if (make)
		tighten(fd, root, true);
	copy = xstrdup(rest);
	walked = xstrdup(root);
	for (char *c = strtok_r(copy, "/", &save); c && fd >= 0;
	     c = strtok_r(NULL, "/", &save)) {
		char *next = xasprintf("%s/%s", walked, c);
		int sub;
		struct stat st;
		free(walked);
		walked = next;
		if (strcmp(c, ".") == 0)
			continue;
		if (make && mkdirat(fd, c, 0700) != 0 && errno != EEXIST) {
			close(fd);
			fd = failed(msg, "create the folder", walked);
			break;
		}
		sub = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 && fstatat(fd, c, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			sub = refuse_link(msg, walked);
		else if (sub < 0)
			sub = failed(msg, "open the folder", walked);
		close(fd);
		fd = sub;
		if (fd >= 0 && make)
			tighten(fd, walked, true);
	}
	free(copy);
	free(walked);
	return fd;
}

/* Splits path into its folder (malloc'd) and last component. */
static char *
split(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return xstrdup(".");
	}
	*base = slash + 1;
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

int
fs_mkdirs(const char *dir, char **msg)
{
	const char *rest = below_root(dir);
	char *p;
	struct stat st;
	int fd;

	/* the root and the folders above it: created as asked, never walked */
	p = xstrdup(rest != NULL ? root : dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			int rc = failed(msg, "create the folder", p);
			free(p);
			return rc;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		int rc = failed(msg, "create the folder", p);
		free(p);
		return rc;
	}
	if (rest == NULL && stat(p, &st) == 0 && (st.st_mode & 077) != 0)
		chmod(p, st.st_mode & 0700);
	free(p);
	if (rest == NULL)
		return 0;
	fd = open_folder(dir, true, msg);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static bool
writing(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT);
}

int
fs_open(const char *path, int flags, int mode, char **msg)
{
	const char *base;
	char *dir = split(path, &base);
	int dfd = open_folder(dir, false, msg), fd;
	struct stat st;

	free(dir);
	if (dfd < 0)
		return -1;
	if (below_root(path) != NULL || writing(flags))
		flags |= O_NOFOLLOW;
	fd = openat(dfd, base, flags | O_CLOEXEC, mode);
	/* (flags has O_NOFOLLOW for every file that must be a regular one) */
	if (fd < 0 && (flags & O_NOFOLLOW) &&
	    fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		fd = refuse_link(msg, path);
	else if (fd < 0)
		fd = failed(msg, "open", path);
	close(dfd);
	if (fd < 0)
		return -1;
	if ((flags & O_NOFOLLOW) && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		errno = EINVAL;
		if (msg != NULL)
			*msg = xasprintf("cannot open %s: not a regular file", path);
		return -1;
	}
	if (writing(flags))
		tighten(fd, path, false);
	return fd;
}

FILE *
fs_fopen_read(const char *path, char **msg)
{
	int fd = fs_open(path, O_RDONLY | O_NONBLOCK, 0, msg);
	FILE *f;

	if (fd < 0)
		return NULL;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (f == NULL) {
		failed(msg, "read", path);
		close(fd);
	}
	return f;
}

DIR *
fs_opendir(const char *path, char **msg)
{
	int fd = open_folder(path, false, msg);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (d == NULL) {
		failed(msg, "list the folder", path);
		close(fd);
	}
	return d;
}

/* A new temporary file beside base in folder dfd: its name in *tmp. */
static int
create_tmp(int dfd, const char *base, char **tmp)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[6];
		char suffix[7];
		int fd;
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		for (size_t i = 0; i < 6; i++)
			suffix[i] = digits[r[i] % 36];
		suffix[6] = '\0';
		*tmp = xasprintf("%s.tmp.%s", base, suffix);
		fd = openat(dfd, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			    O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*tmp);
		*tmp = NULL;
	}
	errno = EEXIST;
	return -1;
}

int
fs_write_atomic(const char *path, int (*write)(FILE *out, void *arg),
		void *arg, char **msg)
{
	const char *base;
	char *dir = split(path, &base), *tmp = NULL;
	int dfd = open_folder(dir, false, msg), fd, ok, rc = 0;
	struct stat st;
	FILE *f;

	free(dir);
	if (dfd < 0)
		return -1;
	if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
		close(dfd);
		return refuse_link(msg, path);
	}
	fd = create_tmp(dfd, base, &tmp);
	if (fd < 0) {
		rc = failed(msg, "create a file beside", path);
		goto out;
	}
	flock(fd, LOCK_EX); /* a sweeper leaves a locked temp file alone */
	fchmod(fd, 0600);
	f = fdopen(fd, "w");
	ok = f != NULL && write(f, arg) == 0 && fflush(f) == 0 && !ferror(f) &&
	     fsync(fd) == 0;
	if (ok && renameat(dfd, tmp, dfd, base) != 0)
		ok = 0;
	if (!ok)
		rc = failed(msg, "write", path);
	if (!ok)
		unlinkat(dfd, tmp, 0);
	if (f != NULL ? fclose(f) != 0 : close(fd) != 0) {
		if (rc == 0)
			rc = failed(msg, "write", path);
	}
	if (rc == 0 && fsync(dfd) != 0)
		rc = failed(msg, "sync the folder of", path);
out:
	free(tmp);
	close(dfd);
	return rc;
}

FILE *
fs_append_locked(const char *path, long *size, char **msg)
{
	int fd = fs_open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0600,
			 msg);
	struct stat st;
	FILE *f;

	if (fd < 0)
		return NULL;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (flock(fd, LOCK_EX) != 0 || fstat(fd, &st) != 0 ||
	    (f = fdopen(fd, "a")) == NULL) {
		failed(msg, "lock", path);
		close(fd);
		return NULL;
	}
	*size = (long)st.st_size;
	return f;
}

int
fs_append_close(FILE *f, const char *path, long size, bool written, char **msg)
{
	int ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
	int e = errno;

	if ((!ok || !written) && ftruncate(fileno(f), (off_t)size) == 0)
		fsync(fileno(f)); /* back to the last whole row */
	if (!written) {
		flock(fileno(f), LOCK_UN);
		fclose(f);
		return -1; /* the caller has said why */
	}

	flock(fileno(f), LOCK_UN);
	if (fclose(f) != 0)
		ok = 0, e = errno;
	errno = e;
	return ok ? 0 : failed(msg, "append to", path);
}

int
fs_remove(const char *path, char **msg)
{
	const char *base;
	char *dir = split(path, &base);
	int dfd = open_folder(dir, false, msg), rc = 0;

	free(dir);
	if (dfd < 0 && errno == ENOENT && msg != NULL) {
		free(*msg); /* no folder, no file: nothing to remove */
		*msg = NULL;
	}
	if (dfd < 0)
		return errno == ENOENT ? 0 : -1;
	if (unlinkat(dfd, base, 0) != 0)
		rc = errno == ENOENT ? 0 : failed(msg, "remove", path);
	else if (fsync(dfd) != 0)
		rc = failed(msg, "sync the folder of", path);
	close(dfd);
	return rc;
}

/* A temporary file whose writer is gone: unlocked, and old enough that a
 * writer cannot be between creating and locking it. */
static bool
abandoned(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	bool gone;

	if (fd < 0)
		return false;
	gone = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	       st.st_mtime < time(NULL) - 60 && flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return gone;
}

int
fs_remove_stale_tmp(const char *dir, char **msg)
{
	int dfd = open_folder(dir, false, msg), n = 0;
	DIR *d;
	struct dirent *de;

	if (dfd < 0) {
		if (errno != ENOENT)
			return -1;
		if (msg != NULL) {
			free(*msg);
			*msg = NULL;
		}
		return 0;
	}
	d = fdopendir(dup(dfd));
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".tmp.") == NULL || !abandoned(dfd, de->d_name))
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0)
			n++;
	}
	if (d != NULL)
		closedir(d);
	if (n > 0)
		fsync(dfd);
	close(dfd);
	return n;
}

int
fs_lock(const char *path, char **msg)
{
	int fd = fs_open(path, O_RDWR | O_CREAT, 0600, msg);

	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			failed(msg, "lock", path);
			close(fd);
			return -1;
		}
	}
	return fd;
}

void
fs_unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

int
fs_sync_folder(const char *path)
{
	const char *base;
	char *dir = split(path, &base);
	int dfd = open_folder(dir, false, NULL), rc;

	free(dir);
	if (dfd < 0)
		return -1;
	rc = fsync(dfd);
	close(dfd);
	return rc;
}
