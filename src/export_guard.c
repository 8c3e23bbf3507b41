/*
 * export_guard: the formula guard of every text cell a spreadsheet opens
 * (see export_needs_guard in export.h).  A spreadsheet skips what it
 * does not show before deciding a cell is a formula, so we skip it too:
 * whitespace of every kind and the invisible characters (controls, DEL,
 * zero-width and bidi marks, the byte order mark, variation selectors,
 * tags), then look for a character that starts a formula.
 */
#include "export.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "xmem.h"

static bool
invisible(int32_t c)
{
	static const struct { int32_t lo, hi; } ranges[] = {
		{0x01, 0x20}, {0x7F, 0xA0}, {0xAD, 0xAD}, {0x34F, 0x34F},
		{0x61C, 0x61C}, {0x115F, 0x1160}, {0x1680, 0x1680},
		{0x17B4, 0x17B5}, {0x180B, 0x180E}, {0x2000, 0x200F},
		{0x2028, 0x202F}, {0x205F, 0x206F}, {0x3000, 0x3000},
		{0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
		{0xFFA0, 0xFFA0}, {0xFFF9, 0xFFFB}, {0x1D173, 0x1D17A},
		{0xE0000, 0xE007F}, {0xE0100, 0xE01EF},
	};

	for (size_t i = 0; i < sizeof(ranges) / sizeof(*ranges); i++) {
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return true;
	}
	return false;
}

static bool
starts_formula(int32_t c)
{
	switch (c) {
	case '=': case '+': case '-': case '@':
	case 0xFF1D: case 0xFF0B: case 0xFF0D: case 0xFF20: /* full width */
	case 0xFE66: case 0xFE62: case 0xFE63: case 0xFE6B: /* small forms */
	case 0x2212: /* minus sign */
		return true;
	default:
		return false;
	}
}

bool
export_needs_guard(const char *value)
{
	size_t len = strlen(value), i = 0;

	if (len == 0)
		return false;
	if (value[0] == '\t' || value[0] == '\r' || value[0] == '\n')
		return true;
	/* plain ASCII text that starts with a letter or digit: the usual */
	if ((unsigned char)value[0] > ' ' && (unsigned char)value[0] < 0x7F)
		return strchr("=+-@", value[0]) != NULL;
	while (i < len) {
		size_t adv;
		int32_t c = utf8_decode(value + i, len - i, &adv);
		if (c < 0)
			return false;
		if (starts_formula(c))
			return true;
		if (!invisible(c))
			return false;
		i += adv;
	}
	return false;
}

char *
export_safe_text(const char *value)
{
	if (export_needs_guard(value))
		return xasprintf("'%s", value);
	return xstrdup(value);
}
