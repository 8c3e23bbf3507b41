/*
 * cmd_keygen: `intake keygen [-o FILE]` makes a new age identity for the
 * legal team, in the text format of age-keygen (so `age -d -i FILE`
 * reads it): a comment with the creation time, a comment with the public
 * key, then the secret key.  With -o the file is created 0600 and never
 * overwritten; the public key (for a form's public_key setting) goes to
 * stderr.  Without -o everything goes to stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "age.h"
#include "clock.h"
#include "commands.h"
#include "xmem.h"

/* Makes the new name durable: fsync of the folder that holds path. */
static void
sync_folder(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Creates path (0600, never an existing file) holding text, synced. */
static int
write_new_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t done = 0;

	if (fd < 0) {
		fprintf(stderr, "intake: cannot create %s: %s%s\n", path,
			strerror(errno), errno == EEXIST ?
			" (a key file is never overwritten)" : "");
		return -1;
	}
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done < len || fsync(fd) != 0 || close(fd) != 0) {
		fprintf(stderr, "intake: cannot write %s: %s\n", path,
			strerror(errno));
		unlink(path);
		return -1;
	}
	sync_folder(path);
	return 0;
}

int
cmd_keygen(int argc, char **argv, const struct global_opts *g)
{
	const char *out = NULL;
	struct age_identity id;
	struct age_recipient r;
	char pub[AGE_RECIPIENT_LEN + 1], *created, *text;
	size_t len;
	int rc = EX_OK;

	if (argc == 3 && cmd_is_option(g, argv, 1) && strcmp(argv[1], "-o") == 0)
		out = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: intake keygen [-o FILE]\n");
		return EX_USAGE;
	}
	if (age_identity_generate(&id) != AGE_OK) {
		fprintf(stderr, "intake: no random numbers for a key\n");
		return EX_OSERR;
	}
	memcpy(r.pk, id.pk, sizeof(r.pk));
	age_recipient_format(&r, pub);
	created = clock_iso(false);
	text = age_identity_file_text(&id, created, &len);
	age_identity_wipe(&id);
	if (out == NULL) {
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
			rc = EX_IOERR;
	} else if (write_new_file(out, text, len) != 0) {
		rc = EX_CANTCREAT;
	} else {
		fprintf(stderr, "Public key: %s\n", pub);
	}
	age_free_secret(text, len);
	free(created);
	return rc;
}
