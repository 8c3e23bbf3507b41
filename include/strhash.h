/*
 * strhash: the one string hash of the hash tables (answers, form names,
 * the engine's caches): 64-bit FNV-1a.
 */
#ifndef INTAKE_STRHASH_H
#define INTAKE_STRHASH_H

#include <stdint.h>

static inline uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

#endif
