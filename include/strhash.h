/*
 * strhash: the one string hash of the hash tables (answers, form names,
 * the engine's caches): 64-bit FNV-1a, then a final mix (MurmurHash3's
 * fmix64).  The tables take the low bits, and FNV-1a's low bits depend
 * only on the low bits of the characters (bit 0 is the parity of their
 * bit 0s), so paths that differ only in an instance number ("r[12]/x",
 * "r[13]/x") crowded into a few slots: replaying a repeat of 64,000
 * instances spent a third of its time comparing strings in long probe
 * chains.  Nothing stores these hashes; they can change freely.
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
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

#endif
