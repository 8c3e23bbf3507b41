/* fsutil: crash-safe files (see fsutil.h). */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmem.h"

static int
failed(char **msg, const char *what, const char *path)
{
	int e = errno;

	if (msg != NULL)
		*msg = xasprintf("cannot %s %s: %s", what, path, strerror(e));
	errno = e;
	return -1;
}

int
fs_mkdirs(const char *dir, char **msg)
{
	char *p = xstrdup(dir);
	struct stat st;

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
	if (stat(p, &st) == 0 && (st.st_mode & 077) != 0)
		chmod(p, st.st_mode & 0700);
	free(p);
	return 0;
}

static int
sync_folder(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;

	if (fd >= 0)
		close(fd);
	free(copy);
	return rc;
}

int
fs_write_atomic(const char *path, int (*write)(FILE *out, void *arg),
		void *arg, char **msg)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp), ok;
	FILE *f;

	if (fd < 0) {
		ok = failed(msg, "create a file beside", path);
		free(tmp);
		return ok;
	}
	fchmod(fd, 0600);
	f = fdopen(fd, "w");
	ok = f != NULL && write(f, arg) == 0 && fflush(f) == 0 && !ferror(f) &&
	     fsync(fd) == 0;
	if (f != NULL ? fclose(f) != 0 : close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		int rc = failed(msg, "write", path);
		int e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return rc;
	}
	free(tmp);
	if (sync_folder(path) != 0)
		return failed(msg, "sync the folder of", path);
	return 0;
}

FILE *
fs_append_locked(const char *path, long *size, char **msg)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
	struct stat st;
	FILE *f;

	if (fd < 0) {
		failed(msg, "open", path);
		return NULL;
	}
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
	if (unlink(path) != 0) {
		if (errno == ENOENT)
			return 0; /* nothing to remove */
		return failed(msg, "remove", path);
	}
	return sync_folder(path) == 0 ? 0 : failed(msg, "sync the folder of", path);
}

int
fs_lock(const char *path, char **msg)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return failed(msg, "open the lock file", path);
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
	return sync_folder(path);
}
