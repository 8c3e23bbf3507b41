/*
 * Tests for age: HKDF (RFC 5869) and bech32 (BIP 173) against their
 * published vectors, keys, sealing and opening round trips, and every
 * file of the age test-vector collection in tests/data/age/ (one TAP
 * line each): the expected result, and for "success" and "payload
 * failure" the SHA-256 of the plaintext released.
 */
#include "unittest.h"

#include <dirent.h>
#include <sys/stat.h>

#include <sodium.h>
#include <zlib.h>

#include "age.h"

#define VECTOR_ID "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define VECTOR_PK "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"
#define VECTOR_COUNT 67

static void
from_hex(const char *hex, uint8_t *out, size_t *len)
{
	size_t n = strlen(hex) / 2;

	assert_int_equal(sodium_hex2bin(out, n, hex, strlen(hex), NULL, len,
					NULL), 0);
}

static void
assert_hkdf(const char *ikm, const char *salt, const char *info, size_t L,
	    const char *okm_hex)
{
	uint8_t k[128], s[128], i[128], want[128], got[128];
	size_t kl, sl, il, wl;

	from_hex(ikm, k, &kl);
	from_hex(salt, s, &sl);
	from_hex(info, i, &il);
	from_hex(okm_hex, want, &wl);
	assert_int_equal(wl, L);
	age_hkdf_sha256(k, kl, s, sl, i, il, got, L);
	assert_memory_equal(got, want, L);
}

/* RFC 5869, appendix A, test cases 1 to 3. */
static void
test_hkdf_rfc5869(void **state)
{
	(void)state;
	assert_hkdf("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		    "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
		    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56"
		    "ecc4c5bf34007208d5b887185865");
	assert_hkdf("000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
		    "1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"
		    "38393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
		    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b"
		    "7c7d7e7f808182838485868788898a8b8c8d8e8f9091929394959697"
		    "98999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
		    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacb"
		    "cccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7"
		    "e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 82,
		    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c"
		    "19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8"
		    "367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
	assert_hkdf("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
		    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f"
		    "3c738d2d9d201395faa4b61a96c8");
}

/* BIP 173, "Test vectors": valid checksums decode and re-encode. */
static void
test_bech32_valid(void **state)
{
	static const char *valid[] = {
		"A12UEL5L",
		"a12uel5l",
		"an83characterlonghumanreadablepartthatcontainsthenumber1andthe"
		"excludedcharactersbio1tt5tgs",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"11" "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
		"qqqqqqqqqqqqqqqqqqqqqqqq" "c8247j", /* 82 q, 90 in all */
		"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
		"?1ezyfcl",
	};
	char hrp[91], again[91];
	uint8_t data[90];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(*valid); i++) {
		assert_int_equal(age_bech32_decode(valid[i], hrp, sizeof(hrp),
						   data, sizeof(data), &n), 0);
		assert_int_equal(age_bech32_encode(hrp, data, n, again,
						   sizeof(again)), 0);
		assert_int_equal(strcasecmp(again, valid[i]), 0);
	}
}

/* BIP 173's invalid strings, and mixed case. */
static void
test_bech32_invalid(void **state)
{
	static const char *invalid[] = {
		"\x20" "1nwldj5",       /* HRP character out of range */
		"\x7f" "1axkwrx",
		"\x80" "1eym55h",
		"an84characterslonghumanreadablepartthatcontainsthenumber1andthe"
		"excludedcharactersbio1569pvx", /* overall max length exceeded */
		"pzry9x0s0muk",         /* no separator */
		"1pzry9x0s0muk",        /* empty HRP */
		"x1b4n0q5v",            /* invalid data character */
		"li1dgmt3",             /* too short checksum */
		"de1lg7wt\xff",         /* invalid character in checksum */
		"A1G7SGD8",             /* checksum with upper-case HRP */
		"10a06t8",              /* empty HRP */
		"1qzzfhee",             /* empty HRP */
		"a12UEL5L",             /* mixed case */
		"A12uEL5L",
	};
	char hrp[91];
	uint8_t data[90];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(invalid) / sizeof(*invalid); i++)
		assert_int_equal(age_bech32_decode(invalid[i], hrp, sizeof(hrp),
						   data, sizeof(data), &n), -1);
}

/* BIP 173's data part "qpzry9x8..." is the 32 symbols in order; as bytes
 * they are 00443214c74254b635cf84653a56d7c675be77df. */
static void
test_convert_bits(void **state)
{
	uint8_t five[32], bytes[20], want[20], back[32];
	size_t n, wl;

	(void)state;
	for (uint8_t i = 0; i < 32; i++)
		five[i] = i;
	assert_int_equal(age_convert_bits(five, 32, 5, 8, false, bytes,
					  sizeof(bytes), &n), 0);
	from_hex("00443214c74254b635cf84653a56d7c675be77df", want, &wl);
	assert_int_equal(n, 20);
	assert_memory_equal(bytes, want, 20);
	assert_int_equal(age_convert_bits(bytes, 20, 8, 5, true, back,
					  sizeof(back), &n), 0);
	assert_int_equal(n, 32);
	assert_memory_equal(back, five, 32);
	/* non-zero padding bits are refused */
	five[31] = 1;
	assert_int_equal(age_convert_bits(five, 32, 5, 8, false, bytes,
					  sizeof(bytes), &n), 0);
	five[0] = 31;
	five[1] = 31;
	five[2] = 1; /* 15 bits: one byte and 7 bits left, too many */
	assert_int_equal(age_convert_bits(five, 3, 5, 8, false, bytes,
					  sizeof(bytes), &n), -1);
}

static void
test_keys(void **state)
{
	struct age_identity id;
	struct age_recipient r;
	char text[AGE_IDENTITY_LEN + 1], pub[AGE_RECIPIENT_LEN + 1];
	char *detail = NULL;

	(void)state;
	assert_int_equal(age_identity_parse(VECTOR_ID, &id, NULL), AGE_OK);
	memcpy(r.pk, id.pk, sizeof(r.pk));
	age_recipient_format(&r, pub);
	assert_string_equal(pub, VECTOR_PK); /* as age-keygen -y says */
	age_identity_format(&id, text);
	assert_string_equal(text, VECTOR_ID);
	assert_int_equal(age_recipient_parse(VECTOR_PK, &r, NULL), AGE_OK);
	assert_memory_equal(r.pk, id.pk, sizeof(r.pk));

	/* a changed character breaks the checksum */
	assert_int_equal(age_recipient_parse("age1xmwwc06ly3ee5rytxm9mflaz2u56j"
		"jj36s0mypdrwsvlul66mv4q47ryeq", &r, &detail), AGE_ERR_KEY);
	assert_non_null(strstr(detail, "checksum"));
	/* valid bech32 strings of 31 and 33 bytes */
	assert_int_equal(age_recipient_parse("age1qqqqqqqqqqqqqqqqqqqqqqqqqqqq"
		"qqqqqqqqqqqqqqqqqqqqqqar9jk6", &r, &detail), AGE_ERR_KEY);
	assert_non_null(strstr(detail, "wrong length"));
	assert_int_equal(age_recipient_parse("age1qqqqqqqqqqqqqqqqqqqqqqqqqqqq"
		"qqqqqqqqqqqqqqqqqqqqqqqqqzhlqeg", &r, &detail), AGE_ERR_KEY);
	assert_non_null(strstr(detail, "wrong length"));
	/* another prefix; upper case; the secret key given as public */
	assert_int_equal(age_recipient_parse("bc1qw508d6qejxtdg4y5r3zarvary0c5"
		"xw7kv8f3t4", &r, &detail), AGE_ERR_KEY);
	assert_int_equal(age_recipient_parse("AGE1XMWWC06LY3EE5RYTXM9MFLAZ2U56"
		"JJJ36S0MYPDRWSVLUL66MV4Q47RYEF", &r, &detail), AGE_ERR_KEY);
	assert_int_equal(age_recipient_parse(VECTOR_ID, &r, &detail),
			 AGE_ERR_KEY);
	assert_null(strstr(detail, "EGTZ")); /* never quotes a secret */
	assert_int_equal(age_identity_parse(VECTOR_PK, &id, &detail),
			 AGE_ERR_KEY);
	free(detail);
}

static void
test_generate(void **state)
{
	struct age_identity a, b, back;
	char text[AGE_IDENTITY_LEN + 1];

	(void)state;
	assert_int_equal(age_identity_generate(&a), AGE_OK);
	assert_int_equal(age_identity_generate(&b), AGE_OK);
	assert_memory_not_equal(a.sk, b.sk, sizeof(a.sk));
	age_identity_format(&a, text);
	assert_int_equal(strlen(text), AGE_IDENTITY_LEN);
	assert_int_equal(age_identity_parse(text, &back, NULL), AGE_OK);
	assert_memory_equal(&back, &a, sizeof(a));
	age_identity_wipe(&a);
	for (size_t i = 0; i < sizeof(a.sk); i++)
		assert_int_equal(a.sk[i], 0);
}

/* Seals len bytes to n fresh recipients; opens with each identity. */
static void
round_trip(size_t len, size_t n)
{
	struct age_identity ids[3];
	struct age_recipient rs[3];
	uint8_t *plain = malloc(len + 1), *sealed, *opened;
	size_t slen, olen, chunks = len == 0 ? 1 : (len + 65535) / 65536;

	for (size_t i = 0; i < len; i++)
		plain[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(age_identity_generate(&ids[i]), AGE_OK);
		memcpy(rs[i].pk, ids[i].pk, 32);
	}
	assert_int_equal(age_encrypt(rs, n, plain, len, &sealed, &slen),
			 AGE_OK);
	/* header: intro 22, per stanza 10+43+1 + 43+1, "--- " 43 "\n" */
	assert_int_equal(slen, 22 + n * 98 + 48 + 16 + len + 16 * chunks);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(age_decrypt(&ids[i], 1, sealed, slen, &opened,
					     &olen, NULL), AGE_OK);
		assert_int_equal(olen, len);
		if (len)
			assert_memory_equal(opened, plain, len);
		age_free_secret(opened, olen);
	}
	free(sealed);
	free(plain);
}

static void
test_round_trips(void **state)
{
	static const size_t sizes[] = {0, 1, 100, 65535, 65536, 65537,
				       3 * 65536, 3 * 65536 + 5};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
		round_trip(sizes[i], 1);
	round_trip(1000, 2);
	round_trip(70000, 3);
}

/* Each kind of damage gives its own status, and nothing on failure. */
static void
test_damage(void **state)
{
	struct age_identity id, other;
	struct age_recipient r;
	const char *text = "name,value\nfirst_name,Rosa\n";
	uint8_t *sealed, *copy, *out;
	size_t slen, olen, hdr;
	char *detail = NULL;

	(void)state;
	age_identity_generate(&id);
	age_identity_generate(&other);
	memcpy(r.pk, id.pk, 32);
	assert_int_equal(age_encrypt(&r, 1, text, strlen(text), &sealed, &slen),
			 AGE_OK);
	hdr = (size_t)((uint8_t *)strstr((char *)sealed, "\n---") - sealed);
	copy = malloc(slen + 10);

	assert_int_equal(age_decrypt(&other, 1, sealed, slen, &out, &olen,
				     &detail), AGE_ERR_NO_MATCH);
	assert_null(out);
	/* a flipped bit in the header's recipient body, in the MAC */
	memcpy(copy, sealed, slen);
	copy[hdr - 2] ^= 0x01; /* a base64 letter of the wrapped key */
	assert_int_not_equal(age_decrypt(&id, 1, copy, slen, &out, &olen,
					 &detail), AGE_OK);
	memcpy(copy, sealed, slen);
	copy[hdr + 10] = copy[hdr + 10] == 'A' ? 'B' : 'A';
	assert_int_equal(age_decrypt(&id, 1, copy, slen, &out, &olen, &detail),
			 AGE_ERR_HMAC);
	/* the intro line */
	memcpy(copy, sealed, slen);
	copy[4] ^= 0x20;
	assert_int_equal(age_decrypt(&id, 1, copy, slen, &out, &olen, &detail),
			 AGE_ERR_HEADER);
	/* payload: a flipped bit, one byte short, one byte more */
	memcpy(copy, sealed, slen);
	copy[slen - 20] ^= 0x04;
	assert_int_equal(age_decrypt(&id, 1, copy, slen, &out, &olen, &detail),
			 AGE_ERR_PAYLOAD);
	assert_null(out);
	assert_int_equal(age_decrypt(&id, 1, sealed, slen - 1, &out, &olen,
				     &detail), AGE_ERR_PAYLOAD);
	memcpy(copy, sealed, slen);
	copy[slen] = 0;
	assert_int_equal(age_decrypt(&id, 1, copy, slen + 1, &out, &olen,
				     &detail), AGE_ERR_PAYLOAD);
	/* cut inside the header (after a whole stanza: the fuzzer found a
	 * leak there), or in the nonce */
	assert_int_equal(age_decrypt(&id, 1, sealed, hdr, &out, &olen,
				     &detail), AGE_ERR_HEADER);
	assert_int_equal(age_decrypt(&id, 1, sealed, hdr + 1, &out, &olen,
				     &detail), AGE_ERR_HEADER);
	assert_int_equal(age_decrypt(&id, 1, sealed, hdr + 48 + 8, &out, &olen,
				     &detail), AGE_ERR_HEADER);
	/* the second identity matches */
	struct age_identity both[2] = {other, id};
	assert_int_equal(age_decrypt(both, 2, sealed, slen, &out, &olen,
				     &detail), AGE_OK);
	assert_string_equal((char *)out, text);
	age_free_secret(out, olen);
	free(detail);
	free(copy);
	free(sealed);
}

static char *
concat(const char *a, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 1);

	strcpy(s, a);
	strcat(s, b);
	return s;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void
test_identity_file(void **state)
{
	char path[] = "/tmp/intake-age-test-XXXXXX";
	struct age_identity *ids, gen;
	size_t n, len;
	char *detail = NULL, *text;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "# created: 2026-12-02T07:33:17Z\n# public key: "
		   VECTOR_PK "\n" VECTOR_ID "\n\n", 0600);
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_OK);
	assert_int_equal(n, 1);
	age_identities_free(ids, n);
	/* two keys, one of them generated, the other with CRLF */
	age_identity_generate(&gen);
	text = age_identity_file_text(&gen, "2026-12-02T07:33:17Z", &len);
	assert_non_null(strstr(text, "# created: 2026-12-02T07:33:17Z\n"
			       "# public key: age1"));
	assert_int_equal(len, strlen(text));
	{
		char *both = concat(text, VECTOR_ID "\r\n");
		write_file(path, both, 0600);
		free(both);
	}
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_OK);
	assert_int_equal(n, 2);
	assert_memory_equal(ids[0].sk, gen.sk, 32);
	age_identities_free(ids, n);
	age_free_secret(text, len);
	/* readable by the group: refused, and says why */
	chmod(path, 0640);
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_ERR_KEY);
	assert_non_null(strstr(detail, "chmod 600"));
	assert_null(ids);
	chmod(path, 0604);
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_ERR_KEY);
	/* a bad line is named; no key at all */
	write_file(path, "# c\n" VECTOR_ID "\nAGE-SECRET-KEY-1XYZ\n", 0600);
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_ERR_KEY);
	assert_non_null(strstr(detail, ":3: "));
	write_file(path, "# only a comment\n", 0600);
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_ERR_KEY);
	unlink(path);
	assert_int_equal(age_identity_file_read(path, &ids, &n, &detail),
			 AGE_ERR_SYSTEM);
	free(detail);
}

/* ---- the test-vector collection ---- */

struct vector {
	char name[64];
	char expect[32];
	char payload[65];
	char *ids[4];
	size_t nids;
	uint8_t *body; /* the age file */
	size_t len;
};

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	assert_non_null(f);
	do {
		if (n == cap)
			buf = realloc(buf, cap = cap * 2 + 4096);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

static uint8_t *
inflate_all(const uint8_t *in, size_t len, size_t *outlen)
{
	z_stream z = {0};
	size_t cap = len * 4 + 1024;
	uint8_t *out = malloc(cap);
	int rc;

	assert_int_equal(inflateInit(&z), Z_OK);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	do {
		if (z.total_out == cap)
			out = realloc(out, cap *= 2);
		z.next_out = out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR);
	} while (rc != Z_STREAM_END);
	*outlen = z.total_out;
	inflateEnd(&z);
	return out;
}

static void
vector_load(const char *name, struct vector *v)
{
	char path[4096], rel[512];
	size_t len, pos = 0;
	char *raw, *nl;
	bool zlib = false;

	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", name);
	snprintf(rel, sizeof(rel), "tests/data/age/%s", name);
	raw = read_all(srcpath(path, sizeof(path), rel), &len);
	while ((nl = memchr(raw + pos, '\n', len - pos)) != NULL &&
	       nl != raw + pos) {
		char *line = raw + pos, *val;

		*nl = '\0';
		pos = (size_t)(nl - raw) + 1;
		val = strstr(line, ": ");
		assert_non_null(val);
		*val = '\0';
		val += 2;
		if (strcmp(line, "expect") == 0)
			snprintf(v->expect, sizeof(v->expect), "%s", val);
		else if (strcmp(line, "payload") == 0)
			snprintf(v->payload, sizeof(v->payload), "%s", val);
		else if (strcmp(line, "identity") == 0 && v->nids < 4)
			v->ids[v->nids++] = strdup(val);
		else if (strcmp(line, "compressed") == 0)
			zlib = strcmp(val, "zlib") == 0;
	}
	assert_non_null(nl); /* the blank line */
	pos++;
	if (zlib) {
		v->body = inflate_all((uint8_t *)raw + pos, len - pos, &v->len);
	} else {
		v->len = len - pos;
		v->body = malloc(v->len + 1);
		memcpy(v->body, raw + pos, v->len);
	}
	free(raw);
}

static int
expected_status(const char *expect)
{
	static const struct { const char *word; int status; } map[] = {
		{"success", AGE_OK},
		{"no match", AGE_ERR_NO_MATCH},
		{"HMAC failure", AGE_ERR_HMAC},
		{"header failure", AGE_ERR_HEADER},
		{"payload failure", AGE_ERR_PAYLOAD},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strcmp(expect, map[i].word) == 0)
			return map[i].status;
	fail_msg("unknown expect: %s", expect);
	return 1;
}

static int
hash_chunk(const uint8_t *chunk, size_t len, void *arg)
{
	crypto_hash_sha256_update(arg, chunk, len);
	return 0;
}

static void
test_vector(void **state)
{
	const char *name = *state;
	struct vector v;
	struct age_identity ids[4];
	crypto_hash_sha256_state sha;
	uint8_t digest[32];
	char hex[65], *detail = NULL;
	int want, got;

	vector_load(name, &v);
	for (size_t i = 0; i < v.nids; i++)
		assert_int_equal(age_identity_parse(v.ids[i], &ids[i], NULL),
				 AGE_OK);
	want = expected_status(v.expect);
	crypto_hash_sha256_init(&sha);
	got = age_decrypt_stream(ids, v.nids, v.body, v.len, hash_chunk, &sha,
				 &detail);
	if (got != want)
		fail_msg("%s: expected %s, got %d (%s)", name, v.expect, got,
			 detail ? detail : age_strerror(got));
	if (want == AGE_OK || want == AGE_ERR_PAYLOAD) {
		crypto_hash_sha256_final(&sha, digest);
		sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
		assert_string_equal(hex, v.payload);
	}
	/* age_decrypt agrees, and keeps nothing on failure */
	{
		uint8_t *out;
		size_t olen;

		assert_int_equal(age_decrypt(ids, v.nids, v.body, v.len, &out,
					     &olen, NULL), want);
		if (want != AGE_OK)
			assert_null(out);
		age_free_secret(out, olen);
	}
	for (size_t i = 0; i < v.nids; i++)
		free(v.ids[i]);
	free(v.body);
	free(detail);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every vector file in tests/data/age, sorted. */
static size_t
vector_names(char ***names)
{
	char path[4096];
	DIR *d = opendir(srcpath(path, sizeof(path), "tests/data/age"));
	struct dirent *e;
	size_t n = 0;

	*names = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		*names = realloc(*names, (n + 1) * sizeof(**names));
		(*names)[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(*names, n, sizeof(**names), cmp_names);
	return n;
}

static size_t vector_total;

/* The collection is whole: a lost file would otherwise go unnoticed. */
static void
test_vector_count(void **state)
{
	(void)state;
	assert_int_equal(vector_total, VECTOR_COUNT);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_hkdf_rfc5869),
		cmocka_unit_test(test_bech32_valid),
		cmocka_unit_test(test_bech32_invalid),
		cmocka_unit_test(test_convert_bits),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_identity_file),
		cmocka_unit_test(test_vector_count),
	};
	size_t nfixed = sizeof(fixed) / sizeof(*fixed), total;
	struct CMUnitTest *tests;
	char **names;
	int rc;

	if (sodium_init() < 0)
		return 1;
	vector_total = vector_names(&names);
	total = nfixed + vector_total;
	tests = calloc(total, sizeof(*tests));
	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < vector_total; i++) {
		tests[nfixed + i].name = names[i];
		tests[nfixed + i].test_func = test_vector;
		tests[nfixed + i].initial_state = names[i];
	}
	rc = _cmocka_run_group_tests("age", tests, total, NULL, NULL);
	for (size_t i = 0; i < vector_total; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}
