/*
 * libFuzzer target: the age header parser, then the whole opening path
 * (stanza unwrapping, header MAC, STREAM chunks) with the identity of the
 * age test vectors, on any bytes.  A file must never open unless it is
 * whole; a parse must never read past the input (ASan) nor claim more
 * header than there is.  Seeds: tests/data/age (see README.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "age.h"

#define VECTOR_ID "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct age_identity id;
	static int ready;
	struct age_header h;
	uint8_t *copy, *out;
	size_t olen;
	int rc;

	if (!ready) {
		if (age_init() != AGE_OK ||
		    age_identity_parse(VECTOR_ID, &id, NULL) != AGE_OK)
			abort();
		ready = 1;
	}
	/* an exact-size copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (age_header_parse(copy, size, &h, NULL) == AGE_OK) {
		if (h.len > size || h.mac_covers + 1 + 43 + 1 != h.len)
			abort();
		for (size_t i = 0; i < h.n; i++)
			if (h.stanzas[i].nargs == 0)
				abort();
		age_header_free(&h);
	}
	rc = age_decrypt(&id, 1, copy, size, &out, &olen, NULL);
	if (rc == AGE_OK) {
		if (olen > size)
			abort();
		age_free_secret(out, olen);
	} else if (out != NULL) {
		abort(); /* nothing is kept from a failed file */
	}
	free(copy);
	return 0;
}
