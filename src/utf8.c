/*
 * utf8: see utf8.h.  The decoder rejects overlong forms, surrogates and
 * code points above U+10FFFF, as RFC 3629 requires.
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int32_t
utf8_decode(const char *str, size_t len, size_t *adv)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp, min;
	size_t n;

	*adv = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2, cp = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3, cp = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (len < n)
		return -1;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*adv = n;
	return (int32_t)cp;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, adv;

	while (i < len) {
		uint64_t w;
		if (i + 8 <= len) { /* eight ASCII bytes at a time */
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) { /* ASCII: nothing to decode */
			i++;
			continue;
		}
		if (utf8_decode(s + i, len - i, &adv) < 0) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += adv;
	}
	return true;
}

size_t
utf8_chars_n(const char *s, size_t len)
{
	size_t i = 0, n = 0, adv;

	while (i < len) {
		utf8_decode(s + i, len - i, &adv);
		i += adv;
		n++;
	}
	return n;
}

size_t
utf8_chars(const char *s)
{
	return utf8_chars_n(s, strlen(s));
}

size_t
utf8_char_offset(const char *s, size_t nchar)
{
	size_t len = strlen(s), i = 0, adv;

	while (nchar > 0 && i < len) {
		utf8_decode(s + i, len - i, &adv);
		i += adv;
		nchar--;
	}
	return i;
}

size_t
utf8_next(const char *s, size_t len, size_t i)
{
	size_t adv;

	if (i >= len)
		return len;
	utf8_decode(s + i, len - i, &adv);
	return i + adv;
}

size_t
utf8_prev(const char *s, size_t i)
{
	size_t j, adv;

	if (i == 0)
		return 0;
	/* step back over at most 3 continuation bytes to a valid start */
	for (j = i - 1; j > 0 && i - j < 4; j--) {
		if (((unsigned char)s[j] & 0xC0) != 0x80)
			break;
	}
	if (utf8_decode(s + j, i - j, &adv) >= 0 && j + adv == i)
		return j;
	return i - 1;
}

struct range {
	uint32_t lo, hi;
};

static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},
	{0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},
	{0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
	{0xE0100, 0xE01EF},
};

static const struct range wide[] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
	{0x23E9, 0x23EC},   {0x2614, 0x2615},   {0x2648, 0x2653},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
	{0x2705, 0x2705},   {0x270A, 0x270B},   {0x2753, 0x2755},
	{0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
	{0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},
	{0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
	{0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
	{0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
	{0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
	{0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};

static bool
in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int
utf8_cpwidth(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (in_table(cp, zero_width, sizeof(zero_width) / sizeof(*zero_width)))
		return 0;
	if (in_table(cp, wide, sizeof(wide) / sizeof(*wide)))
		return 2;
	return 1;
}

int
utf8_width_n(const char *s, size_t n)
{
	size_t i = 0, adv;
	int w = 0;

	while (i < n) {
		int32_t cp = utf8_decode(s + i, n - i, &adv);
		w += cp < 0 ? 1 : utf8_cpwidth((uint32_t)cp);
		i += adv;
	}
	return w;
}

int
utf8_width(const char *s)
{
	return utf8_width_n(s, strlen(s));
}

size_t
utf8_fit(const char *s, size_t len, int cols)
{
	size_t i = 0, adv;
	int w = 0;

	while (i < len) {
		int32_t cp = utf8_decode(s + i, len - i, &adv);
		int cw = cp < 0 ? 1 : utf8_cpwidth((uint32_t)cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += adv;
	}
	return i;
}

/* ---- terminal safety ------------------------------------------------------ */

bool
utf8_unsafe_cp(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool
kept(uint32_t cp, unsigned flags)
{
	return (cp == '\n' && (flags & UTF8_KEEP_NEWLINE)) ||
	       (cp == '\t' && (flags & UTF8_KEEP_TAB));
}

/* Appends the visible form of an unsafe code point. */
static void
put_visible(struct strbuf *sb, uint32_t cp, unsigned flags)
{
	char enc[4];

	if (cp == '\t' && !(flags & UTF8_KEEP_TAB))
		strbuf_putc(sb, ' ');
	else if (cp < 0x20)
		strbuf_add(sb, enc, utf8_encode(0x2400 + cp, enc));
	else if (cp == 0x7F)
		strbuf_add(sb, enc, utf8_encode(0x2421, enc));
	else
		strbuf_printf(sb, "<U+%04X>", (unsigned)cp);
}

char *
utf8_sanitize(const char *s, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = s ? strlen(s) : 0, i = 0, adv;
	char enc[4];

	strbuf_puts(&sb, "");
	while (i < len) {
		size_t run = i;
		while (run < len && (unsigned char)s[run] >= 0x20 &&
		       (unsigned char)s[run] < 0x7F)
			run++; /* printable ASCII is always safe: copied at once */
		if (run > i) {
			strbuf_add(&sb, s + i, run - i);
			i = run;
			continue;
		}
		int32_t cp = utf8_decode(s + i, len - i, &adv);
		if (cp < 0)
			strbuf_add(&sb, enc, utf8_encode(UTF8_REPLACEMENT, enc));
		else if (utf8_unsafe_cp((uint32_t)cp) && !kept((uint32_t)cp, flags))
			put_visible(&sb, (uint32_t)cp, flags);
		else
			strbuf_add(&sb, s + i, adv);
		i += adv;
	}
	return strbuf_detach(&sb);
}

bool
utf8_is_safe(const char *s, unsigned flags)
{
	size_t len = strlen(s), i = 0, adv;

	while (i < len) {
		int32_t cp = utf8_decode(s + i, len - i, &adv);
		if (cp < 0 || (utf8_unsafe_cp((uint32_t)cp) && !kept((uint32_t)cp, flags)))
			return false;
		i += adv;
	}
	return true;
}

/* ---- folding for matching ------------------------------------------------- */

/* The base letter of U+00C0-U+017F, lower case; 0 when none. */
static uint32_t
latin_base(uint32_t cp)
{
	static const char latin1[] = /* U+00C0 .. U+00FF */
		"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
		"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";
	static const char ext_a[] = /* U+0100 .. U+017F, pairs */
		"aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii"
		"iiiijjkkklllllll" "lllnnnnnnnnnoooo" "oooorrrrrrssssss"
		"ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

	if (cp >= 0xC0 && cp <= 0xFF)
		return (uint32_t)(unsigned char)latin1[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F)
		return (uint32_t)(unsigned char)ext_a[cp - 0x100];
	return 0;
}

char *
utf8_fold(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(s), i = 0, adv;

	strbuf_puts(&sb, "");
	while (i < len) {
		int32_t cp = utf8_decode(s + i, len - i, &adv);
		uint32_t base = cp < 0 ? 0 : latin_base((uint32_t)cp);
		if (cp >= 'A' && cp <= 'Z')
			strbuf_putc(&sb, (char)(cp - 'A' + 'a'));
		else if (base != 0)
			strbuf_putc(&sb, (char)base);
		else if (cp >= 0 && utf8_cpwidth((uint32_t)cp) == 0 && cp >= 0x300)
			; /* combining accents vanish */
		else
			strbuf_add(&sb, s + i, adv);
		i += adv;
	}
	return strbuf_detach(&sb);
}

bool
utf8_fold_contains(const char *hay, const char *needle)
{
	char *h = utf8_fold(hay), *n = utf8_fold(needle);
	bool r = strstr(h, n) != NULL;

	free(h);
	free(n);
	return r;
}
