/*
 * age: files sealed in the age v1 format (c2sp.org/age), X25519 recipients
 * only, in memory.  Knows nothing of forms or records: bytes in, bytes out.
 *
 * Built on libsodium (X25519, ChaCha20-Poly1305, HMAC-SHA-256); HKDF-SHA-256
 * (RFC 5869), bech32 (BIP 173) and strict unpadded base64 are written here.
 * Every secret this module derives (file keys, shared secrets, ephemeral
 * scalars, stream keys) is wiped with sodium_memzero before it returns.
 *
 * Keys: a recipient is "age1..." (bech32, a 32-byte X25519 public key); an
 * identity is "AGE-SECRET-KEY-1..." (the 32-byte scalar, upper case).
 *
 * Errors: functions return AGE_OK (0) or a negative enum age_status; the
 * status sentence is age_strerror(), and where there is more to say (which
 * line of the header, which chunk) *detail gets a sentence the caller
 * frees.  No function prints.
 */
#ifndef INTAKE_AGE_H
#define INTAKE_AGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AGE_KEY_SIZE 32
#define AGE_FILE_KEY_SIZE 16
#define AGE_CHUNK_SIZE 65536
/* Longest text of a recipient ("age1" + 58) and an identity ("AGE-SECRET-
 * KEY-1" + 58), without the NUL. */
#define AGE_RECIPIENT_LEN 62
#define AGE_IDENTITY_LEN 74

enum age_status {
	AGE_OK = 0,
	AGE_ERR_HEADER = -1,  /* not an age v1 file, or a malformed header */
	AGE_ERR_NO_MATCH = -2, /* no identity opens any recipient stanza */
	AGE_ERR_HMAC = -3,    /* the header was changed after sealing */
	AGE_ERR_PAYLOAD = -4, /* payload damaged, truncated or extended */
	AGE_ERR_KEY = -5,     /* a key string or identity file is invalid */
	AGE_ERR_SYSTEM = -6,  /* libsodium could not start, a file read failed */
};

struct age_recipient {
	uint8_t pk[AGE_KEY_SIZE];
};

/* Secret: wipe with age_identity_wipe (or age_identities_free). */
struct age_identity {
	uint8_t sk[AGE_KEY_SIZE];
	uint8_t pk[AGE_KEY_SIZE];
};

/* Starts libsodium (idempotent); AGE_OK or AGE_ERR_SYSTEM. */
int age_init(void);
/* The sentence for a status ("the header MAC does not match..."). */
const char *age_strerror(int status);

/* ---- keys ---- */

/* Parses "age1..." (lower or upper case, not mixed); AGE_OK or
 * AGE_ERR_KEY with *detail saying what is wrong (bech32 checksum, prefix,
 * length). */
int age_recipient_parse(const char *s, struct age_recipient *r, char **detail);
/* Writes the "age1..." text (AGE_RECIPIENT_LEN + 1 bytes) into out. */
void age_recipient_format(const struct age_recipient *r,
			  char out[AGE_RECIPIENT_LEN + 1]);
/* Parses "AGE-SECRET-KEY-1..." (upper case, as age writes it). */
int age_identity_parse(const char *s, struct age_identity *id, char **detail);
/* Writes the identity's text into out (wipe it after use). */
void age_identity_format(const struct age_identity *id,
			 char out[AGE_IDENTITY_LEN + 1]);
/* A new random identity. */
int age_identity_generate(struct age_identity *id);
void age_identity_wipe(struct age_identity *id);
/* Reads an identity file in age-keygen's format ('#' comments, blank
 * lines, one AGE-SECRET-KEY-1... per line).  Refuses a file that its
 * group or others may read or write.  *ids (caller frees with
 * age_identities_free) gets every key; *detail names the file and line. */
int age_identity_file_read(const char *path, struct age_identity **ids,
			   size_t *n, char **detail);
void age_identities_free(struct age_identity *ids, size_t n);
/* The text age-keygen writes for id: "# created: <RFC 3339 local time>",
 * "# public key: age1...", "AGE-SECRET-KEY-1...".  Caller wipes (with
 * age_free_secret) and frees.  created may be NULL for the current time. */
char *age_identity_file_text(const struct age_identity *id, const char *created,
			     size_t *len);

/* ---- sealing and opening ---- */

/* Seals len bytes of plain to every recipient (n >= 1).  *out (caller
 * frees) gets the whole age file, *outlen its size.  AGE_OK, or
 * AGE_ERR_SYSTEM when the random generator fails. */
int age_encrypt(const struct age_recipient *rs, size_t n, const void *plain,
		size_t len, uint8_t **out, size_t *outlen);

/* Receives each chunk of plaintext as soon as it is authenticated; returns
 * 0 to go on, nonzero to stop (age_decrypt_stream then returns
 * AGE_ERR_SYSTEM).  The chunk is wiped after the call. */
typedef int (*age_sink)(const uint8_t *chunk, size_t len, void *arg);

/* Opens an age file held in memory with the first identity that matches.
 * Chunks are released one by one: on AGE_ERR_PAYLOAD the sink has seen the
 * chunks that authenticated before the damage, which are NOT the whole
 * plaintext.  A file that is not a whole, untouched age file never returns
 * AGE_OK. */
int age_decrypt_stream(const struct age_identity *ids, size_t n,
		       const uint8_t *in, size_t inlen, age_sink sink,
		       void *arg, char **detail);
/* The same, collecting the plaintext: on AGE_OK *out (NUL-terminated for
 * convenience, not counted in *outlen) is the caller's to release with
 * age_free_secret; on any error *out is NULL and nothing is kept. */
int age_decrypt(const struct age_identity *ids, size_t n, const uint8_t *in,
		size_t inlen, uint8_t **out, size_t *outlen, char **detail);
/* Wipes len bytes of p, then frees it. */
void age_free_secret(void *p, size_t len);

/* ---- the header alone (exposed for the fuzzer and tests) ---- */

struct age_arg {
	const char *s; /* into the parsed input, not NUL-terminated */
	size_t len;
};

struct age_stanza {
	struct age_arg *args; /* args[0] is the type ("X25519") */
	size_t nargs;
	uint8_t *body;        /* decoded */
	size_t bodylen;
};

struct age_header {
	struct age_stanza *stanzas;
	size_t n;
	uint8_t mac[32];
	size_t mac_covers; /* bytes the MAC covers: through "---" */
	size_t len;        /* bytes of the header, through the MAC line */
};

/* Parses the header at the start of in; AGE_OK or AGE_ERR_HEADER with
 * *detail.  h borrows in (the arguments point into it); free with
 * age_header_free. */
int age_header_parse(const uint8_t *in, size_t inlen, struct age_header *h,
		     char **detail);
void age_header_free(struct age_header *h);

/* ---- building blocks (exposed for their RFC test vectors) ---- */

/* HKDF-SHA-256 (RFC 5869): okm of okmlen <= 8160 bytes. */
void age_hkdf_sha256(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt,
		     size_t saltlen, const uint8_t *info, size_t infolen,
		     uint8_t *okm, size_t okmlen);
/* Bech32 (BIP 173) of 5-bit values.  Decode: lower or upper case (not
 * mixed), at most 90 characters; hrp gets the human-readable part in
 * lower case (hrpsize bytes at most, with the NUL), data the 5-bit values
 * without the checksum.  0 or -1. */
int age_bech32_decode(const char *s, char *hrp, size_t hrpsize, uint8_t *data,
		      size_t datasize, size_t *datalen);
/* Encodes hrp (lower case) and 5-bit data into out (lower case); 0, or -1
 * when outsize is too small or the result would pass 90 characters. */
int age_bech32_encode(const char *hrp, const uint8_t *data, size_t datalen,
		      char *out, size_t outsize);
/* Repacks bits (8 to 5 with padding, or 5 to 8 refusing non-zero padding
 * as BIP 173's convertbits); 0 or -1. */
int age_convert_bits(const uint8_t *in, size_t inlen, int from, int to,
		     bool pad, uint8_t *out, size_t outsize, size_t *outlen);

#endif
