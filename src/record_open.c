/* record_open: plain or sealed record files, read whole (see record_open.h). */
#include "record_open.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "age.h"
#include "diag.h"
#include "fsutil.h"
#include "record.h"
#include "xmem.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

bool
record_is_sealed(const char *name)
{
	return ends_with(name, ".age");
}

bool
record_is_file(const char *name)
{
	return (ends_with(name, ".csv") || ends_with(name, ".age")) &&
	       name[0] != '.';
}

int
record_keys_load(const char *path, struct record_keys *k, char **msg)
{
	char *detail = NULL;

	if (age_identity_file_read(path, &k->ids, &k->n, &detail) == AGE_OK)
		return 0;
	*msg = detail ? detail : xasprintf("cannot read %s", path);
	return -1;
}

void
record_keys_free(struct record_keys *k)
{
	age_identities_free(k->ids, k->n);
	k->ids = NULL;
	k->n = 0;
}

/* The whole file at path (caller frees), or NULL with errno set. */
static char *
read_whole(const char *path, size_t *len)
{
	FILE *f = fs_fopen_read(path, NULL); /* never through a link */
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	int e;

	if (f == NULL)
		return NULL;
	do {
		if (n + 1 >= cap)
			buf = xrealloc(buf, cap = cap ? 2 * cap : 8192);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	e = errno;
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int
record_open_sealed(const uint8_t *sealed, size_t slen,
		   const struct record_keys *k, char **data, size_t *len,
		   char **msg)
{
	uint8_t *plain = NULL;
	char *detail = NULL;
	int rc;

	if (k == NULL || k->n == 0) {
		*msg = xstrdup("it is sealed: give the legal team's key "
			       "with --identity FILE");
		return -1;
	}
	rc = age_decrypt(k->ids, k->n, sealed, slen, &plain, len, &detail);
	if (rc != AGE_OK) {
		*msg = xasprintf("cannot be opened: %s (%s)",
				 age_strerror(rc), detail ? detail : "");
		free(detail);
		return -1;
	}
	free(detail);
	*data = (char *)plain;
	return 0;
}

int
record_bytes(const char *path, const struct record_keys *k, char **data,
	     size_t *len, char **msg)
{
	size_t n = 0;
	char *raw = read_whole(path, &n);
	int rc;

	*data = NULL;
	*len = 0;
	if (raw == NULL) {
		*msg = xasprintf("cannot read it: %s", strerror(errno));
		return -1;
	}
	if (!record_is_sealed(path)) {
		*data = raw;
		*len = n;
		return 0;
	}
	rc = record_open_sealed((const uint8_t *)raw, n, k, data, len, msg);
	free(raw);
	return rc;
}

void
record_bytes_free(char *data, size_t len)
{
	age_free_secret(data, len);
}

/* Appends an opened chunk to the buffer (sized beforehand: never moves). */
static int
append_chunk(const uint8_t *chunk, size_t len, void *arg)
{
	struct record_buf *b = arg;

	if (b->len + len + 1 > b->cap)
		return -1;
	memcpy(b->data + b->len, chunk, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
record_read_any(const char *path, const struct record_keys *k,
		struct record_buf *raw, struct record_buf *b,
		size_t *sealed_unopened, struct diag *d)
{
	char *detail = NULL;
	int rc;

	if (!record_is_sealed(path))
		return record_read(path, b, d);
	if (k == NULL || k->n == 0) {
		if (sealed_unopened != NULL)
			(*sealed_unopened)++;
		else
			diag_add(d, DIAG_ERROR, path, 0, NULL, "it is sealed: "
				 "give the legal team's key with --identity FILE");
		return -1;
	}
	if (record_read(path, raw, d) != 0)
		return -1;
	if (b->cap < raw->len + 1) { /* the plaintext is shorter */
		age_free_secret(b->data, b->cap);
		b->cap = raw->len + 1;
		b->data = xmalloc(b->cap);
	}
	b->len = 0;
	rc = age_decrypt_stream(k->ids, k->n, (const uint8_t *)raw->data,
				raw->len, append_chunk, b, &detail);
	if (rc != AGE_OK) {
		memset(b->data, 0, b->len);
		b->len = 0;
		diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot be opened: %s "
			 "(%s)", age_strerror(rc), detail ? detail : "");
	}
	free(detail);
	return rc == AGE_OK ? 0 : -1;
}
