/*
 * age: the age v1 file format (c2sp.org/age) with X25519 recipients, in
 * memory, on libsodium.  See age.h for the contract.
 *
 * Layout of a file:
 *
 *     age-encryption.org/v1\n
 *     -> X25519 <ephemeral share, base64>\n          one stanza per recipient
 *     <wrapped file key, base64, 64 columns a line, last line short>\n
 *     --- <HMAC-SHA-256 of the header through "---", base64>\n
 *     <16-byte nonce><STREAM chunks of 64 KiB + 16-byte tag>
 *
 * The parser is as strict as the reference implementation: canonical
 * unpadded base64, no CR, arguments of visible ASCII, every stanza ended by
 * a short body line, the final STREAM chunk marked and never empty unless
 * the whole payload is, nothing after it.
 */
#include "age.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "strbuf.h"
#include "xmem.h"

#define INTRO "age-encryption.org/v1\n"
#define X25519_LABEL "age-encryption.org/v1/X25519"
#define TAG_SIZE 16
#define NONCE_SIZE 16
#define ENC_CHUNK_SIZE (AGE_CHUNK_SIZE + TAG_SIZE)
#define WRAPPED_SIZE (AGE_FILE_KEY_SIZE + TAG_SIZE)
#define BODY_LINE_BYTES 48 /* 64 base64 columns */
#define BECH32_MAX 90

/* Sets *detail (when the caller wants it) and returns status. */
__attribute__((format(printf, 3, 4))) static int
fail(char **detail, int status, const char *fmt, ...)
{
	va_list ap;

	if (detail != NULL) {
		free(*detail);
		va_start(ap, fmt);
		*detail = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return status;
}

int
age_init(void)
{
	return sodium_init() < 0 ? AGE_ERR_SYSTEM : AGE_OK;
}

const char *
age_strerror(int status)
{
	switch (status) {
	case AGE_OK:
		return "no error";
	case AGE_ERR_HEADER:
		return "not an age file, or its header is damaged";
	case AGE_ERR_NO_MATCH:
		return "it was sealed for another key (wrong key?)";
	case AGE_ERR_HMAC:
		return "its header was changed after it was sealed";
	case AGE_ERR_PAYLOAD:
		return "its contents are damaged or truncated";
	case AGE_ERR_KEY:
		return "invalid key";
	default:
		return "system error";
	}
}

void
age_free_secret(void *p, size_t len)
{
	if (p != NULL)
		sodium_memzero(p, len);
	free(p);
}

/* ---- HKDF-SHA-256 (RFC 5869) ---- */

static void
hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *a, size_t alen,
	    const uint8_t *b, size_t blen, const uint8_t *c, size_t clen,
	    uint8_t out[32])
{
	crypto_auth_hmacsha256_state st;
	static const uint8_t none[1];

	crypto_auth_hmacsha256_init(&st, keylen ? key : none, keylen);
	crypto_auth_hmacsha256_update(&st, alen ? a : none, alen);
	crypto_auth_hmacsha256_update(&st, blen ? b : none, blen);
	crypto_auth_hmacsha256_update(&st, clen ? c : none, clen);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void
age_hkdf_sha256(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt,
		size_t saltlen, const uint8_t *info, size_t infolen,
		uint8_t *okm, size_t okmlen)
{
	uint8_t prk[32], t[32];
	size_t tlen = 0, done = 0;
	uint8_t i = 1;

	hmac_sha256(salt, saltlen, ikm, ikmlen, NULL, 0, NULL, 0, prk);
	while (done < okmlen && i != 0) {
		size_t take;

		hmac_sha256(prk, sizeof(prk), t, tlen, info, infolen, &i, 1, t);
		tlen = sizeof(t);
		take = okmlen - done < 32 ? okmlen - done : 32;
		memcpy(okm + done, t, take);
		done += take;
		i++;
	}
	sodium_memzero(prk, sizeof(prk));
	sodium_memzero(t, sizeof(t));
}

/* ---- base64, standard alphabet, no padding, canonical only ---- */

static const char b64chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64_encode(struct strbuf *sb, const uint8_t *in, size_t len)
{
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			strbuf_putc(sb, b64chars[(acc >> bits) & 63]);
		}
	}
	if (bits > 0)
		strbuf_putc(sb, b64chars[(acc << (6 - bits)) & 63]);
}

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes len characters into out (room for len * 3 / 4 bytes); -1 for a
 * character outside the alphabet (padding, CR, LF included), an impossible
 * length or non-zero leftover bits (a non-canonical encoding). */
static int
b64_decode(const char *in, size_t len, uint8_t *out, size_t *outlen)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;

	if (len % 4 == 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64_value((unsigned char)in[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
		return -1;
	*outlen = n;
	return 0;
}

/* ---- bech32 (BIP 173) ---- */

static const char bech32_chars[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t
bech32_polymod_step(uint32_t chk, uint8_t v)
{
	static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
					0x3d4233dd, 0x2a1462b3};
	uint8_t top = (uint8_t)(chk >> 25);

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (int i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= gen[i];
	return chk;
}

/* The checksum state after the expanded hrp (lower case). */
static uint32_t
bech32_hrp_polymod(const char *hrp, size_t len)
{
	uint32_t chk = 1;

	for (size_t i = 0; i < len; i++)
		chk = bech32_polymod_step(chk, (uint8_t)((unsigned char)hrp[i] >> 5));
	chk = bech32_polymod_step(chk, 0);
	for (size_t i = 0; i < len; i++)
		chk = bech32_polymod_step(chk, (uint8_t)(hrp[i] & 31));
	return chk;
}

static int
bech32_value(char c)
{
	const char *p;

	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	p = c ? strchr(bech32_chars, c) : NULL;
	return p ? (int)(p - bech32_chars) : -1;
}

/* Checks the characters of s: printable ASCII, not mixed case. */
static int
bech32_check_chars(const char *s, size_t len)
{
	bool lower = false, upper = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 33 || c > 126)
			return -1;
		lower |= c >= 'a' && c <= 'z';
		upper |= c >= 'A' && c <= 'Z';
	}
	return lower && upper ? -1 : 0;
}

int
age_bech32_decode(const char *s, char *hrp, size_t hrpsize, uint8_t *data,
		  size_t datasize, size_t *datalen)
{
	size_t len = strlen(s), sep, ndata;
	uint32_t chk;

	if (len > BECH32_MAX || bech32_check_chars(s, len) < 0)
		return -1;
	sep = len;
	while (sep > 0 && s[sep - 1] != '1')
		sep--;
	if (sep < 2 || len - sep < 6 || sep > hrpsize)
		return -1;
	sep--; /* index of the separator */
	for (size_t i = 0; i < sep; i++) {
		char c = s[i];
		hrp[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	hrp[sep] = '\0';
	ndata = len - sep - 1 - 6;
	if (ndata > datasize)
		return -1;
	chk = bech32_hrp_polymod(hrp, sep);
	for (size_t i = sep + 1; i < len; i++) {
		int v = bech32_value(s[i]);

		if (v < 0)
			return -1;
		chk = bech32_polymod_step(chk, (uint8_t)v);
		if (i < len - 6)
			data[i - sep - 1] = (uint8_t)v;
	}
	if (chk != 1)
		return -1;
	*datalen = ndata;
	return 0;
}

int
age_bech32_encode(const char *hrp, const uint8_t *data, size_t datalen,
		  char *out, size_t outsize)
{
	size_t hlen = strlen(hrp), len = hlen + 1 + datalen + 6, o = 0;
	uint32_t chk;

	if (len > BECH32_MAX || len + 1 > outsize)
		return -1;
	chk = bech32_hrp_polymod(hrp, hlen);
	memcpy(out, hrp, hlen);
	o = hlen;
	out[o++] = '1';
	for (size_t i = 0; i < datalen; i++) {
		chk = bech32_polymod_step(chk, data[i]);
		out[o++] = bech32_chars[data[i] & 31];
	}
	for (int i = 0; i < 6; i++)
		chk = bech32_polymod_step(chk, 0);
	chk ^= 1;
	for (int i = 0; i < 6; i++)
		out[o++] = bech32_chars[(chk >> (5 * (5 - i))) & 31];
	out[o] = '\0';
	return 0;
}

int
age_convert_bits(const uint8_t *in, size_t inlen, int from, int to, bool pad,
		 uint8_t *out, size_t outsize, size_t *outlen)
{
	uint32_t acc = 0, maxv = (1u << to) - 1;
	int bits = 0;
	size_t n = 0;

	for (size_t i = 0; i < inlen; i++) {
		if (in[i] >> from)
			return -1;
		acc = (acc << from) | in[i];
		bits += from;
		while (bits >= to) {
			bits -= to;
			if (n == outsize)
				return -1;
			out[n++] = (uint8_t)((acc >> bits) & maxv);
		}
	}
	if (pad && bits > 0) {
		if (n == outsize)
			return -1;
		out[n++] = (uint8_t)((acc << (to - bits)) & maxv);
	} else if (!pad && (bits >= from || ((acc << (to - bits)) & maxv))) {
		return -1;
	}
	*outlen = n;
	return 0;
}

/* ---- keys ---- */

/* Decodes a bech32 key of 32 bytes with the given hrp (lower case); what
 * names the key in messages, which never quote a secret. */
static int
key_decode(const char *s, const char *want_hrp, const char *what,
	   uint8_t key[AGE_KEY_SIZE], char **detail)
{
	char hrp[BECH32_MAX + 1];
	uint8_t five[BECH32_MAX];
	size_t n5, n8;
	int rc = AGE_OK;

	if (age_bech32_decode(s, hrp, sizeof(hrp), five, sizeof(five), &n5) < 0)
		rc = fail(detail, AGE_ERR_KEY, "%s is not valid bech32 (a "
			  "mistyped or missing character, or a wrong "
			  "checksum)", what);
	else if (strcmp(hrp, want_hrp) != 0)
		rc = fail(detail, AGE_ERR_KEY, "%s does not start with \"%s1\"",
			  what, want_hrp);
	else if (age_convert_bits(five, n5, 5, 8, false, key, AGE_KEY_SIZE,
				  &n8) < 0 || n8 != AGE_KEY_SIZE)
		rc = fail(detail, AGE_ERR_KEY, "%s does not hold a 32-byte key "
			  "(wrong length)", what);
	sodium_memzero(five, sizeof(five));
	return rc;
}

/* Encodes a 32-byte key with hrp into out (lower case). */
static void
key_encode(const uint8_t key[AGE_KEY_SIZE], const char *hrp, char *out,
	   size_t outsize)
{
	uint8_t five[64];
	size_t n5 = 0;

	age_convert_bits(key, AGE_KEY_SIZE, 8, 5, true, five, sizeof(five), &n5);
	age_bech32_encode(hrp, five, n5, out, outsize);
	sodium_memzero(five, sizeof(five));
}

int
age_recipient_parse(const char *s, struct age_recipient *r, char **detail)
{
	if (strncmp(s, "age1", 4) != 0)
		return fail(detail, AGE_ERR_KEY, "a public key starts with "
			    "\"age1\" in small letters");
	return key_decode(s, "age", "the public key", r->pk, detail);
}

void
age_recipient_format(const struct age_recipient *r,
		     char out[AGE_RECIPIENT_LEN + 1])
{
	key_encode(r->pk, "age", out, AGE_RECIPIENT_LEN + 1);
}

int
age_identity_parse(const char *s, struct age_identity *id, char **detail)
{
	int rc;

	if (strncmp(s, "AGE-SECRET-KEY-1", 16) != 0)
		return fail(detail, AGE_ERR_KEY, "a secret key starts with "
			    "\"AGE-SECRET-KEY-1\" in capitals");
	rc = key_decode(s, "age-secret-key-", "the secret key", id->sk, detail);
	if (rc == AGE_OK && crypto_scalarmult_base(id->pk, id->sk) != 0)
		rc = fail(detail, AGE_ERR_KEY, "the secret key is unusable");
	if (rc != AGE_OK)
		age_identity_wipe(id);
	return rc;
}

void
age_identity_format(const struct age_identity *id,
		    char out[AGE_IDENTITY_LEN + 1])
{
	key_encode(id->sk, "age-secret-key-", out, AGE_IDENTITY_LEN + 1);
	for (char *p = out; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
}

int
age_identity_generate(struct age_identity *id)
{
	if (age_init() != AGE_OK)
		return AGE_ERR_SYSTEM;
	randombytes_buf(id->sk, sizeof(id->sk));
	if (crypto_scalarmult_base(id->pk, id->sk) != 0) {
		age_identity_wipe(id);
		return AGE_ERR_SYSTEM;
	}
	return AGE_OK;
}

void
age_identity_wipe(struct age_identity *id)
{
	sodium_memzero(id, sizeof(*id));
}

void
age_identities_free(struct age_identity *ids, size_t n)
{
	age_free_secret(ids, n * sizeof(*ids));
}

char *
age_identity_file_text(const struct age_identity *id, const char *created,
		       size_t *len)
{
	char pub[AGE_RECIPIENT_LEN + 1], sec[AGE_IDENTITY_LEN + 1];
	struct age_recipient r;
	char *text;

	memcpy(r.pk, id->pk, sizeof(r.pk));
	age_recipient_format(&r, pub);
	age_identity_format(id, sec);
	text = xasprintf("# created: %s\n# public key: %s\n%s\n", created, pub,
			 sec);
	sodium_memzero(sec, sizeof(sec));
	*len = strlen(text);
	return text;
}

/* Reads the whole file at path into a buffer the caller wipes and frees. */
static int
read_secret_file(const char *path, char **buf, size_t *len, char **detail)
{
	struct stat st;
	ssize_t got;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fail(detail, AGE_ERR_SYSTEM, "cannot open %s: %s", path,
			    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > 1 << 20) {
		close(fd);
		return fail(detail, AGE_ERR_KEY, "%s is not a key file", path);
	}
	if (st.st_mode & 077) {
		close(fd);
		return fail(detail, AGE_ERR_KEY, "%s can be read by other "
			    "accounts (mode %03o); a secret key must be "
			    "private: chmod 600 %s", path,
			    (unsigned)(st.st_mode & 0777), path);
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	while (n < (size_t)st.st_size &&
	       (got = read(fd, *buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)got;
	close(fd);
	(*buf)[n] = '\0';
	*len = (size_t)st.st_size + 1;
	return AGE_OK;
}

/* How many lines buf has (an upper bound on its keys). */
static size_t
count_lines(const char *buf)
{
	size_t n = 1;

	for (const char *p = buf; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

int
age_identity_file_read(const char *path, struct age_identity **ids, size_t *n,
		       char **detail)
{
	char *buf = NULL, *line, *next;
	size_t len = 0, lineno = 0, max;
	int rc = read_secret_file(path, &buf, &len, detail);

	*ids = NULL;
	*n = 0;
	if (rc != AGE_OK)
		return rc;
	/* Allocated once: a realloc could leave a copy of a key behind. */
	max = count_lines(buf);
	*ids = xcalloc(max, sizeof(**ids));
	for (line = buf; rc == AGE_OK && line != NULL; line = next) {
		char *nl = strchr(line, '\n');

		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (age_identity_parse(line, &(*ids)[*n], NULL) == AGE_OK)
			(*n)++;
		else
			rc = fail(detail, AGE_ERR_KEY, "%s:%zu: not an age "
				  "secret key (AGE-SECRET-KEY-1...)", path,
				  lineno);
	}
	age_free_secret(buf, len);
	if (rc == AGE_OK && *n == 0)
		rc = fail(detail, AGE_ERR_KEY, "%s holds no secret key", path);
	if (rc != AGE_OK) {
		age_identities_free(*ids, max);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- header ---- */

void
age_header_free(struct age_header *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->stanzas[i].args);
		free(h->stanzas[i].body);
	}
	free(h->stanzas);
	memset(h, 0, sizeof(*h));
}

/* The next line at *pos (without its LF), or -1 when no LF ends it. */
static int
next_line(const uint8_t *in, size_t inlen, size_t *pos, const char **line,
	  size_t *len)
{
	const uint8_t *nl;

	if (*pos >= inlen)
		return -1;
	nl = memchr(in + *pos, '\n', inlen - *pos);
	if (nl == NULL)
		return -1;
	*line = (const char *)in + *pos;
	*len = (size_t)(nl - (in + *pos));
	*pos += *len + 1;
	return 0;
}

static bool
valid_arg(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 33 || (unsigned char)s[i] > 126)
			return false;
	return true;
}

/* Splits "-> a b c" into arguments; -1 unless it is a stanza line with at
 * least one argument, each of visible ASCII. */
static int
parse_stanza_line(const char *line, size_t len, struct age_stanza *st)
{
	size_t start;

	if (len < 3 || memcmp(line, "-> ", 3) != 0)
		return -1;
	for (start = 3; start <= len;) {
		const char *sp = memchr(line + start, ' ', len - start);
		size_t end = sp ? (size_t)(sp - line) : len;

		if (!valid_arg(line + start, end - start))
			return -1;
		st->args = xreallocarray(st->args, st->nargs + 1,
					 sizeof(*st->args));
		st->args[st->nargs].s = line + start;
		st->args[st->nargs++].len = end - start;
		start = end + 1;
	}
	return 0;
}

/* Reads body lines of 64 columns up to a short one into st->body. */
static int
parse_stanza_body(const uint8_t *in, size_t inlen, size_t *pos,
		  struct age_stanza *st, char **detail)
{
	const char *line;
	size_t len, got;

	for (;;) {
		if (next_line(in, inlen, pos, &line, &len) < 0)
			return fail(detail, AGE_ERR_HEADER, "the header ends "
				    "inside a recipient stanza");
		if (len > 64)
			return fail(detail, AGE_ERR_HEADER, "a stanza body line "
				    "is longer than 64 columns");
		st->body = xrealloc(st->body, st->bodylen + BODY_LINE_BYTES);
		if (b64_decode(line, len, st->body + st->bodylen, &got) < 0)
			return fail(detail, AGE_ERR_HEADER, "a stanza body line "
				    "is not canonical base64 (or a stanza "
				    "lacks its final short line)");
		st->bodylen += got;
		if (got < BODY_LINE_BYTES)
			return AGE_OK;
	}
}

/* Parses "--- <mac>" into h->mac. */
static int
parse_mac_line(const char *line, size_t len, struct age_header *h,
	       char **detail)
{
	uint8_t mac[33];
	size_t got;

	if (len != 4 + 43 || memcmp(line, "--- ", 4) != 0 ||
	    b64_decode(line + 4, len - 4, mac, &got) < 0 || got != 32)
		return fail(detail, AGE_ERR_HEADER, "the header's closing "
			    "line (--- and its MAC) is malformed");
	memcpy(h->mac, mac, 32);
	return AGE_OK;
}

int
age_header_parse(const uint8_t *in, size_t inlen, struct age_header *h,
		 char **detail)
{
	size_t pos = 0, len;
	const char *line;
	int rc = AGE_OK;

	memset(h, 0, sizeof(*h));
	if (inlen < strlen(INTRO) || memcmp(in, INTRO, strlen(INTRO)) != 0)
		return fail(detail, AGE_ERR_HEADER, "it does not start with "
			    "\"age-encryption.org/v1\"");
	pos = strlen(INTRO);
	while (rc == AGE_OK) {
		struct age_stanza *st;
		size_t start = pos;

		if (next_line(in, inlen, &pos, &line, &len) < 0) {
			rc = fail(detail, AGE_ERR_HEADER, "the header is "
				  "truncated (no closing --- line)");
			break;
		}
		if (len >= 3 && memcmp(line, "---", 3) == 0) {
			h->mac_covers = start + 3;
			h->len = pos;
			rc = parse_mac_line(line, len, h, detail);
			break;
		}
		h->stanzas = xreallocarray(h->stanzas, h->n + 1,
					   sizeof(*h->stanzas));
		st = &h->stanzas[h->n++];
		memset(st, 0, sizeof(*st));
		if (parse_stanza_line(line, len, st) < 0)
			rc = fail(detail, AGE_ERR_HEADER, "a header line is "
				  "neither a recipient stanza (-> TYPE ARGS) "
				  "nor the closing --- line");
		else
			rc = parse_stanza_body(in, inlen, &pos, st, detail);
	}
	if (rc != AGE_OK)
		age_header_free(h);
	return rc;
}

/* ---- X25519 recipient stanzas ---- */

static bool
arg_is(const struct age_arg *a, const char *s)
{
	return a->len == strlen(s) && memcmp(a->s, s, a->len) == 0;
}

/* The wrapping key for share and recipient pk from the shared secret. */
static void
wrap_key(const uint8_t shared[32], const uint8_t share[32],
	 const uint8_t pk[32], uint8_t key[32])
{
	uint8_t salt[64];

	memcpy(salt, share, 32);
	memcpy(salt + 32, pk, 32);
	age_hkdf_sha256(shared, 32, salt, sizeof(salt),
			(const uint8_t *)X25519_LABEL, strlen(X25519_LABEL),
			key, 32);
}

/* Tries id on one stanza: AGE_OK with file_key, AGE_ERR_NO_MATCH when it is
 * not for id, AGE_ERR_HEADER when the stanza is malformed. */
static int
unwrap_x25519(const struct age_identity *id, const struct age_stanza *st,
	      uint8_t file_key[AGE_FILE_KEY_SIZE], char **detail)
{
	uint8_t share[33], shared[32], key[32];
	unsigned long long got;
	size_t n;
	int rc;

	if (!arg_is(&st->args[0], "X25519"))
		return AGE_ERR_NO_MATCH;
	if (st->nargs != 2 || st->args[1].len > 44 ||
	    b64_decode(st->args[1].s, st->args[1].len, share, &n) < 0 ||
	    n != 32)
		return fail(detail, AGE_ERR_HEADER, "an X25519 stanza has a "
			    "malformed share");
	if (st->bodylen != WRAPPED_SIZE)
		return fail(detail, AGE_ERR_HEADER, "an X25519 stanza wraps a "
			    "file key of the wrong size");
	if (crypto_scalarmult(shared, id->sk, share) != 0)
		return fail(detail, AGE_ERR_HEADER, "an X25519 stanza has a "
			    "low-order share");
	wrap_key(shared, share, id->pk, key);
	rc = crypto_aead_chacha20poly1305_ietf_decrypt(file_key, &got, NULL,
			st->body, st->bodylen, NULL, 0,
			(const uint8_t[12]){0}, key) == 0 ? AGE_OK
							  : AGE_ERR_NO_MATCH;
	sodium_memzero(shared, sizeof(shared));
	sodium_memzero(key, sizeof(key));
	return rc;
}

/* Finds the file key: the first identity, in order, that opens a stanza. */
static int
find_file_key(const struct age_identity *ids, size_t nids,
	      const struct age_header *h, uint8_t file_key[AGE_FILE_KEY_SIZE],
	      char **detail)
{
	for (size_t i = 0; i < nids; i++)
		for (size_t s = 0; s < h->n; s++) {
			int rc = unwrap_x25519(&ids[i], &h->stanzas[s],
					       file_key, detail);
			if (rc != AGE_ERR_NO_MATCH)
				return rc;
		}
	if (nids == 1)
		return fail(detail, AGE_ERR_NO_MATCH, "the secret key given "
			    "matches none of its %zu recipient%s", h->n,
			    h->n == 1 ? "" : "s");
	return fail(detail, AGE_ERR_NO_MATCH, "none of the %zu secret keys "
		    "given matches any of its %zu recipient%s", nids, h->n,
		    h->n == 1 ? "" : "s");
}

static void
header_mac(const uint8_t file_key[AGE_FILE_KEY_SIZE], const uint8_t *hdr,
	   size_t len, uint8_t mac[32])
{
	uint8_t key[32];

	age_hkdf_sha256(file_key, AGE_FILE_KEY_SIZE, NULL, 0,
			(const uint8_t *)"header", 6, key, sizeof(key));
	hmac_sha256(key, sizeof(key), hdr, len, NULL, 0, NULL, 0, mac);
	sodium_memzero(key, sizeof(key));
}

static void
payload_key(const uint8_t file_key[AGE_FILE_KEY_SIZE],
	    const uint8_t nonce[NONCE_SIZE], uint8_t key[32])
{
	age_hkdf_sha256(file_key, AGE_FILE_KEY_SIZE, nonce, NONCE_SIZE,
			(const uint8_t *)"payload", 7, key, 32);
}

/* STREAM nonce: 11-byte big-endian counter, then the last-chunk flag. */
static void
chunk_nonce(uint64_t counter, bool last, uint8_t nonce[12])
{
	memset(nonce, 0, 12);
	for (int i = 10; i >= 3; i--, counter >>= 8)
		nonce[i] = (uint8_t)counter;
	nonce[11] = last ? 1 : 0;
}

/* ---- sealing ---- */

/* Appends "-> X25519 <share>\n<body>\n" for recipient r. */
static int
add_x25519_stanza(struct strbuf *sb, const struct age_recipient *r,
		  const uint8_t file_key[AGE_FILE_KEY_SIZE])
{
	uint8_t eph[32], share[32], shared[32], key[32], body[WRAPPED_SIZE];
	unsigned long long blen;
	int rc = AGE_OK;

	randombytes_buf(eph, sizeof(eph));
	if (crypto_scalarmult_base(share, eph) != 0 ||
	    crypto_scalarmult(shared, eph, r->pk) != 0) {
		rc = AGE_ERR_SYSTEM;
	} else {
		wrap_key(shared, share, r->pk, key);
		crypto_aead_chacha20poly1305_ietf_encrypt(body, &blen,
			file_key, AGE_FILE_KEY_SIZE, NULL, 0, NULL,
			(const uint8_t[12]){0}, key);
		strbuf_puts(sb, "-> X25519 ");
		b64_encode(sb, share, sizeof(share));
		strbuf_putc(sb, '\n');
		b64_encode(sb, body, sizeof(body));
		strbuf_putc(sb, '\n');
	}
	sodium_memzero(eph, sizeof(eph));
	sodium_memzero(shared, sizeof(shared));
	sodium_memzero(key, sizeof(key));
	return rc;
}

/* Appends the STREAM payload of plain under key to out at *o. */
static void
seal_payload(const uint8_t key[32], const uint8_t *plain, size_t len,
	     uint8_t *out, size_t *o)
{
	uint64_t counter = 0;
	size_t done = 0;

	do {
		size_t take = len - done > AGE_CHUNK_SIZE ? AGE_CHUNK_SIZE
							  : len - done;
		bool last = done + take == len;
		uint8_t nonce[12];
		unsigned long long clen;

		chunk_nonce(counter++, last, nonce);
		crypto_aead_chacha20poly1305_ietf_encrypt(out + *o, &clen,
			len ? plain + done : (const uint8_t *)"", take, NULL, 0,
			NULL, nonce, key);
		*o += (size_t)clen;
		done += take;
	} while (done < len);
}

int
age_encrypt(const struct age_recipient *rs, size_t n, const void *plain,
	    size_t len, uint8_t **out, size_t *outlen)
{
	struct strbuf hdr = STRBUF_INIT;
	uint8_t file_key[AGE_FILE_KEY_SIZE], mac[32], key[32];
	uint8_t nonce[NONCE_SIZE];
	size_t chunks = len == 0 ? 1 : (len + AGE_CHUNK_SIZE - 1) / AGE_CHUNK_SIZE;
	size_t o;
	int rc = age_init();

	*out = NULL;
	*outlen = 0;
	if (rc != AGE_OK)
		return rc;
	randombytes_buf(file_key, sizeof(file_key));
	strbuf_puts(&hdr, INTRO);
	for (size_t i = 0; i < n && rc == AGE_OK; i++)
		rc = add_x25519_stanza(&hdr, &rs[i], file_key);
	if (rc == AGE_OK) {
		strbuf_puts(&hdr, "---");
		header_mac(file_key, (const uint8_t *)hdr.buf, hdr.len, mac);
		strbuf_putc(&hdr, ' ');
		b64_encode(&hdr, mac, sizeof(mac));
		strbuf_putc(&hdr, '\n');
		randombytes_buf(nonce, sizeof(nonce));
		payload_key(file_key, nonce, key);
		*out = xmalloc(hdr.len + NONCE_SIZE + len + chunks * TAG_SIZE);
		memcpy(*out, hdr.buf, hdr.len);
		memcpy(*out + hdr.len, nonce, NONCE_SIZE);
		o = hdr.len + NONCE_SIZE;
		seal_payload(key, plain, len, *out, &o);
		*outlen = o;
	}
	sodium_memzero(file_key, sizeof(file_key));
	sodium_memzero(key, sizeof(key));
	strbuf_free(&hdr);
	return rc;
}

/* ---- opening ---- */

/* Decrypts one chunk of clen bytes with the given flag into plain. */
static bool
open_chunk(const uint8_t key[32], uint64_t counter, bool last,
	   const uint8_t *c, size_t clen, uint8_t *plain, size_t *plen)
{
	uint8_t nonce[12];
	unsigned long long n;

	chunk_nonce(counter, last, nonce);
	if (clen < TAG_SIZE ||
	    crypto_aead_chacha20poly1305_ietf_decrypt(plain, &n, NULL, c, clen,
			NULL, 0, nonce, key) != 0)
		return false;
	*plen = (size_t)n;
	return true;
}

/* Opens the STREAM payload in[0..len) (after the nonce), releasing each
 * chunk to sink as it authenticates. */
static int
open_payload(const uint8_t key[32], const uint8_t *in, size_t len,
	     age_sink sink, void *arg, char **detail)
{
	uint8_t *plain = xmalloc(AGE_CHUNK_SIZE);
	uint64_t counter = 0;
	size_t pos = 0, plen = 0;
	bool last = false;
	int rc = AGE_OK;

	while (rc == AGE_OK && !last) {
		size_t clen = len - pos < ENC_CHUNK_SIZE ? len - pos
							 : ENC_CHUNK_SIZE;

		last = clen < ENC_CHUNK_SIZE;
		if (clen == 0) {
			rc = fail(detail, AGE_ERR_PAYLOAD, "it is truncated: "
				  "the final chunk is missing");
		} else if (last && clen == TAG_SIZE && counter > 0) {
			rc = fail(detail, AGE_ERR_PAYLOAD, "its final chunk is "
				  "empty");
		} else {
			bool ok = open_chunk(key, counter, last, in + pos,
					     clen, plain, &plen);
			/* A full chunk may also be the final one. */
			if (!ok && !last) {
				last = true;
				ok = open_chunk(key, counter, true, in + pos,
						clen, plain, &plen);
			}
			if (!ok)
				rc = fail(detail, AGE_ERR_PAYLOAD, "chunk %llu "
					  "is damaged or truncated",
					  (unsigned long long)counter + 1);
		}
		if (rc != AGE_OK)
			break;
		if (sink(plain, plen, arg) != 0)
			rc = fail(detail, AGE_ERR_SYSTEM, "the plaintext could "
				  "not be kept");
		sodium_memzero(plain, plen);
		pos += clen;
		counter++;
	}
	if (rc == AGE_OK && pos != len)
		rc = fail(detail, AGE_ERR_PAYLOAD, "%zu unexpected bytes follow "
			  "its final chunk", len - pos);
	age_free_secret(plain, AGE_CHUNK_SIZE);
	return rc;
}

/* Checks the header and derives the payload key. */
static int
open_header(const struct age_identity *ids, size_t n, const uint8_t *in,
	    size_t inlen, struct age_header *h, uint8_t key[32], char **detail)
{
	uint8_t file_key[AGE_FILE_KEY_SIZE], mac[32];
	int rc = age_header_parse(in, inlen, h, detail);

	if (rc != AGE_OK)
		return rc;
	rc = find_file_key(ids, n, h, file_key, detail);
	if (rc == AGE_OK) {
		header_mac(file_key, in, h->mac_covers, mac);
		if (sodium_memcmp(mac, h->mac, sizeof(mac)) != 0)
			rc = fail(detail, AGE_ERR_HMAC, "the header MAC does "
				  "not match");
	}
	if (rc == AGE_OK && inlen - h->len < NONCE_SIZE)
		rc = fail(detail, AGE_ERR_HEADER, "it is truncated after its "
			  "header (no payload nonce)");
	if (rc == AGE_OK)
		payload_key(file_key, in + h->len, key);
	sodium_memzero(file_key, sizeof(file_key));
	return rc;
}

int
age_decrypt_stream(const struct age_identity *ids, size_t n,
		   const uint8_t *in, size_t inlen, age_sink sink, void *arg,
		   char **detail)
{
	struct age_header h;
	uint8_t key[32];
	int rc = age_init();

	if (rc != AGE_OK)
		return rc;
	rc = open_header(ids, n, in, inlen, &h, key, detail);
	if (rc == AGE_OK)
		rc = open_payload(key, in + h.len + NONCE_SIZE,
				  inlen - h.len - NONCE_SIZE, sink, arg, detail);
	age_header_free(&h);
	sodium_memzero(key, sizeof(key));
	return rc;
}

struct collect {
	uint8_t *buf;
	size_t len, cap;
};

/* Grows the buffer by wiping the old one, so no plaintext is left behind
 * in freed memory. */
static int
collect_chunk(const uint8_t *chunk, size_t len, void *arg)
{
	struct collect *c = arg;

	if (c->len + len + 1 > c->cap) {
		size_t cap = (c->len + len + 1) * 2;
		uint8_t *nb = xmalloc(cap);

		if (c->len)
			memcpy(nb, c->buf, c->len);
		age_free_secret(c->buf, c->cap);
		c->buf = nb;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, chunk, len);
	c->len += len;
	c->buf[c->len] = '\0';
	return 0;
}

int
age_decrypt(const struct age_identity *ids, size_t n, const uint8_t *in,
	    size_t inlen, uint8_t **out, size_t *outlen, char **detail)
{
	struct collect c = {NULL, 0, 0};
	int rc;

	/* A payload's plaintext is its size less nonce and tags: reserve it
	 * so the buffer never moves. */
	c.cap = inlen + 1;
	c.buf = xmalloc(c.cap);
	c.buf[0] = '\0';
	rc = age_decrypt_stream(ids, n, in, inlen, collect_chunk, &c, detail);
	if (rc != AGE_OK) {
		age_free_secret(c.buf, c.cap);
		c.buf = NULL;
		c.len = 0;
	}
	*out = c.buf;
	*outlen = c.len;
	return rc;
}
