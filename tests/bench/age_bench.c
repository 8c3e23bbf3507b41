/*
 * age_bench: what sealing costs, in process.  Run by hand (see
 * age-bench.sh, which also times the intake commands).
 *
 *   age_bench micro RECORD.csv      medians of sealing and opening one record
 *   age_bench seal KEYFILE DIR      replaces every DIR/<id>.csv by a sealed
 *                                   DIR/<id>.age, for KEYFILE's public key
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "age.h"
#include "xmem.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		fatal(1, "cannot read %s", path);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

/* Median of 9 rounds of 1,000 seals and 1,000 opens of one record. */
static int
micro(const char *path)
{
	enum { ROUNDS = 9, EACH = 1000 };
	struct age_identity id;
	struct age_recipient r;
	double seal[ROUNDS], open[ROUNDS];
	size_t len, slen, olen;
	char *plain = slurp(path, &len);
	uint8_t *sealed, *out;

	age_identity_generate(&id);
	memcpy(r.pk, id.pk, sizeof(r.pk));
	for (int k = 0; k < ROUNDS; k++) {
		double t = now_us();
		for (int i = 0; i < EACH; i++) {
			age_encrypt(&r, 1, plain, len, &sealed, &slen);
			free(sealed);
		}
		seal[k] = (now_us() - t) / EACH;
		age_encrypt(&r, 1, plain, len, &sealed, &slen);
		t = now_us();
		for (int i = 0; i < EACH; i++) {
			if (age_decrypt(&id, 1, sealed, slen, &out, &olen,
					NULL) != AGE_OK)
				fatal(1, "cannot open what was sealed");
			age_free_secret(out, olen);
		}
		open[k] = (now_us() - t) / EACH;
		free(sealed);
	}
	qsort(seal, ROUNDS, sizeof(double), cmp_double);
	qsort(open, ROUNDS, sizeof(double), cmp_double);
	printf("one record of %zu bytes (%zu sealed): seal %.1f us, open %.1f us "
	       "(medians of %d x %d)\n", len, slen, seal[ROUNDS / 2],
	       open[ROUNDS / 2], ROUNDS, EACH);
	free(plain);
	return 0;
}

/* Seals every DIR/<id>.csv into DIR/<id>.age and removes the .csv. */
static int
seal_dir(const char *keyfile, const char *dir)
{
	struct age_identity *ids;
	struct age_recipient r;
	char *detail = NULL;
	size_t n, count = 0;
	DIR *dp;
	struct dirent *de;

	if (age_identity_file_read(keyfile, &ids, &n, &detail) != AGE_OK)
		fatal(1, "%s", detail);
	memcpy(r.pk, ids[0].pk, sizeof(r.pk));
	age_identities_free(ids, n);
	if ((dp = opendir(dir)) == NULL)
		fatal(1, "cannot open %s", dir);
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name), plen, slen;
		char *in, *outp, *plain;
		uint8_t *sealed;
		FILE *f;

		if (len < 5 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		in = xasprintf("%s/%s", dir, de->d_name);
		outp = xasprintf("%s/%.*s.age", dir, (int)(len - 4), de->d_name);
		plain = slurp(in, &plen);
		age_encrypt(&r, 1, plain, plen, &sealed, &slen);
		if ((f = fopen(outp, "wb")) == NULL ||
		    fwrite(sealed, 1, slen, f) != slen || fclose(f) != 0)
			fatal(1, "cannot write %s", outp);
		unlink(in);
		free(sealed);
		free(plain);
		free(in);
		free(outp);
		count++;
	}
	closedir(dp);
	printf("sealed %zu records\n", count);
	return 0;
}

int
main(int argc, char **argv)
{
	if (age_init() != AGE_OK)
		return 1;
	if (argc == 3 && strcmp(argv[1], "micro") == 0)
		return micro(argv[2]);
	if (argc == 4 && strcmp(argv[1], "seal") == 0)
		return seal_dir(argv[2], argv[3]);
	fprintf(stderr, "usage: age_bench micro RECORD.csv | age_bench seal KEYFILE DIR\n");
	return 64;
}
