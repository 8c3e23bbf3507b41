/*
 * media: checking and copying the files that answer image, audio, video
 * and file questions (see media.h).  Engine code: no terminal.
 */
#include "media.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "age.h"
#include "diag.h"
#include "form.h"
#include "fsutil.h"
#include "interview.h"
#include "ivpos.h"
#include "record.h"
#include "strbuf.h"
#include "xmem.h"

/* Longest file name kept from the original (bytes, before "-2" etc.). */
#define MEDIA_NAME_MAX 100

/* Largest file sealed: it is read whole into memory, sealed there and
 * wiped.  A phone's video of a few minutes fits. */
#define MEDIA_SEAL_MAX (256u << 20)

/* Opens path for reading if it is a regular file: the descriptor, or -1
 * with *err.  O_NONBLOCK so that a FIFO cannot hang the interview. */
static int
open_regular(const char *path, enum msg_id *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		*err = errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG ?
		       MSG_MEDIA_MISSING : errno == EACCES || errno == EPERM ?
		       MSG_MEDIA_UNREADABLE : MSG_MEDIA_NOT_FILE;
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		*err = MSG_MEDIA_NOT_FILE;
		return -1;
	}
	return fd;
}

bool
media_check_path(const char *input, char **abs, enum msg_id *err)
{
	size_t len;
	char *path, *real;
	int fd;

	*abs = NULL;
	*err = MSG_MEDIA_MISSING;
	while (*input == ' ' || *input == '\t')
		input++;
	len = strlen(input);
	while (len > 0 && strchr(" \t\r\n", input[len - 1]))
		len--;
	if (input[0] == '~' && (len == 1 || input[1] == '/') && getenv("HOME"))
		path = xasprintf("%s%.*s", getenv("HOME"), (int)len - 1, input + 1);
	else
		path = xstrndup(input, len);
	if (*path == '\0' || strpbrk(path, "\r\n") != NULL) {
		free(path);
		return false;
	}
	fd = open_regular(path, err);
	if (fd >= 0)
		close(fd);
	real = fd >= 0 ? realpath(path, NULL) : NULL;
	free(path);
	if (real == NULL)
		return false;
	*abs = xstrdup(real);
	free(real);
	return true;
}

/* The last component of path with only letters, digits, '.', '-' and '_'
 * (anything else '_'), never starting with '.', at most MEDIA_NAME_MAX
 * bytes: a name that cannot climb out of its folder.  Caller frees. */
static char *
safe_name(const char *path)
{
	const char *base = strrchr(path, '/');
	struct strbuf sb = STRBUF_INIT;

	base = base ? base + 1 : path;
	for (const char *s = base; *s && sb.len < MEDIA_NAME_MAX; s++) {
		unsigned char c = (unsigned char)*s;
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			    (c == '.' && sb.len > 0);
		strbuf_putc(&sb, keep ? (char)c : '_');
	}
	if (sb.len == 0)
		strbuf_puts(&sb, "file");
	return strbuf_detach(&sb);
}

/* One media answer to copy. */
struct media_job {
	char *path;   /* the question's position */
	char *source; /* the file typed */
};

struct media_list {
	const struct form *f;
	const char *prefix; /* "records/<id>-media/" */
	struct media_job *v;
	size_t n;
	char **taken; /* names already used in this intake */
	size_t ntaken;
};

static void
collect(void *arg, const struct iv_entry *e)
{
	struct media_list *l = arg;
	struct ivpos p;

	if (e->state != IV_ANSWERED || !e->relevant || *e->value == '\0' ||
	    !ivpos_parse(l->f, e->path, &p) ||
	    !qtype_is_media(l->f->fields[p.row].type))
		return;
	if (strncmp(e->value, l->prefix, strlen(l->prefix)) == 0) {
		l->taken = xreallocarray(l->taken, l->ntaken + 1, sizeof(char *));
		l->taken[l->ntaken++] = xstrdup(e->value + strlen(l->prefix));
		return; /* copied by an earlier finish */
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].path = xstrdup(e->path);
	l->v[l->n++].source = xstrdup(e->value);
}

static bool
is_taken(const struct media_list *l, const char *name)
{
	for (size_t i = 0; i < l->ntaken; i++)
		if (strcmp(l->taken[i], name) == 0)
			return true;
	return false;
}

/* A name for source not yet used in this intake: "scan.jpg", else
 * "scan-2.jpg", "scan-3.jpg" ..., each followed by suffix ("" or
 * ".age").  Caller frees. */
static char *
unique_name(struct media_list *l, const char *source, const char *suffix)
{
	char *base = safe_name(source), *name = xasprintf("%s%s", base, suffix);
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);

	for (unsigned k = 2; is_taken(l, name); k++) {
		free(name);
		name = xasprintf("%.*s-%u%s%s", (int)stem, base, k, base + stem,
				 suffix);
	}
	free(base);
	l->taken = xreallocarray(l->taken, l->ntaken + 1, sizeof(char *));
	l->taken[l->ntaken++] = xstrdup(name);
	return name;
}

static int
copy_stream(FILE *out, void *arg)
{
	int fd = *(int *)arg;
	char buf[65536];
	ssize_t got;

	while ((got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (fwrite(buf, 1, (size_t)got, out) != (size_t)got)
			return -1;
	}
	return 0;
}

/* Reads all of fd (a regular file) into *buf (caller frees with
 * age_free_secret); 0, or -1 with *why (caller frees), *buf NULL and
 * what was read wiped.  One allocation
 * of the file's size: a buffer grown by realloc would leave copies of
 * the plaintext behind, unwiped (record_open.c's read_whole reads sealed
 * bytes, which may). */
static int
read_whole(int fd, uint8_t **buf, size_t *len, char **why)
{
	struct stat st;
	size_t got = 0;

	*buf = NULL;
	if (fstat(fd, &st) != 0) {
		*why = xasprintf("could not read it: %s", strerror(errno));
		return -1;
	}
	if ((uintmax_t)st.st_size > MEDIA_SEAL_MAX) {
		*why = xasprintf("larger than the %u MiB a sealed form takes",
				 MEDIA_SEAL_MAX >> 20);
		return -1;
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*why = xasprintf("could not read it: %s",
					 n < 0 ? strerror(errno) : "it shrank");
			age_free_secret(*buf, got); /* what was read is wiped */
			*buf = NULL;
			return -1;
		}
		got += (size_t)n;
	}
	*len = got;
	return 0;
}

/* Seals the file open on fd to the form's recipients and writes the age
 * file at target; the plaintext is wiped.  0, or -1 with *why. */
static int
seal_to(const struct form *f, int fd, const char *target, char **why)
{
	uint8_t *plain = NULL;
	size_t len = 0;
	int rc = read_whole(fd, &plain, &len, why);

	if (rc == 0)
		rc = record_write_sealed(target, (const char *)plain, len,
					 f->recipients, f->nrecipients, why);
	age_free_secret(plain, len);
	return rc;
}

/* Copies one file, or seals it when the form seals its records; 0, or -1
 * with an error in d. */
static int
copy_one(const struct form *f, const char *source, const char *target,
	 const char *question, const char *record_path, struct diag *d)
{
	enum msg_id err;
	char *why = NULL;
	int fd = open_regular(source, &err), rc;

	if (fd < 0) {
		diag_add(d, DIAG_ERROR, record_path, 0, question,
			 "the file \"%s\" answering %s: %s", source, question,
			 msg("en", err));
		return -1;
	}
	/* a FIFO is refused above; reading a regular file never blocks */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = f->nrecipients > 0 ? seal_to(f, fd, target, &why) :
	     fs_write_atomic(target, copy_stream, &fd, &why);
	close(fd);
	if (rc != 0) {
		diag_add(d, DIAG_ERROR, target, 0, question,
			 "could not copy \"%s\": %s", source, why ? why : "");
		free(why);
	}
	return rc;
}

static void
list_free(struct media_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path), free(l->v[i].source);
	for (size_t i = 0; i < l->ntaken; i++)
		free(l->taken[i]);
	free(l->v);
	free(l->taken);
}

int
media_copy_all(struct interview *iv, const char *data_dir,
	       const char *record_path, struct diag *d)
{
	char *prefix = xasprintf("records/%s-media/", iv_meta(iv, "instance_id"));
	char *folder = xasprintf("%s/%.*s", data_dir, (int)strlen(prefix) - 1,
				 prefix);
	struct media_list l = {.f = iv_form(iv), .prefix = prefix};
	char *msg = NULL;
	int rc = 0;

	iv_entries(iv, collect, &l);
	if (l.n > 0 && fs_mkdirs(folder, &msg) != 0) {
		diag_add(d, DIAG_ERROR, folder, 0, NULL, "%s", msg ? msg : "");
		free(msg);
		rc = -1;
	}
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		char *name = unique_name(&l, l.v[i].source,
					 l.f->nrecipients > 0 ? ".age" : "");
		char *rel = xasprintf("%s%s", prefix, name);
		char *target = xasprintf("%s/%s", data_dir, rel);
		rc = copy_one(l.f, l.v[i].source, target, l.v[i].path,
			      record_path, d);
		if (rc == 0)
			iv_set_value(iv, l.v[i].path, rel);
		free(name), free(rel), free(target);
	}
	list_free(&l);
	free(prefix);
	free(folder);
	return rc;
}
