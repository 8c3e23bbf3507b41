/*
 * libFuzzer target for the form loader: the input is split at the first
 * two 0xFF bytes into survey.csv, choices.csv and settings.csv, written
 * to a private folder and loaded with every check on, expressions
 * included.  Build and run: see README.md here.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void
put(const char *name, const uint8_t *p, size_t n)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL)
		abort();
	fwrite(p, 1, n, f);
	fclose(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *end = data + size, *a, *b;
	struct diag d = DIAG_INIT;
	struct form *f;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/intake-fuzz-form-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	a = memchr(data, 0xFF, size);
	a = a ? a : end;
	b = a < end ? memchr(a + 1, 0xFF, (size_t)(end - a - 1)) : NULL;
	b = b ? b : end;
	put("survey.csv", data, (size_t)(a - data));
	put("choices.csv", a < end ? a + 1 : a, a < end ? (size_t)(b - a - 1) : 0);
	put("settings.csv", b < end ? b + 1 : b, b < end ? (size_t)(end - b - 1) : 0);
	f = form_load(dir, &d, true);
	diag_free(&d);
	form_free(&f);
	return 0;
}
