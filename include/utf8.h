/*
 * utf8: UTF-8 decoding, validation, character counts and display widths.
 *
 * Text is kept as UTF-8 everywhere in intake.  This module does not depend
 * on the C locale: widths come from a small built-in table (combining marks
 * are 0 columns, East Asian wide and emoji are 2, everything else 1), so
 * layout and tests give the same answer on every machine.  Invalid bytes
 * decode as U+FFFD, one byte at a time, and are 1 column wide.
 */
#ifndef INTAKE_UTF8_H
#define INTAKE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from s (at most len bytes, len > 0); stores the
 * number of bytes used in *adv (always >= 1).  Returns the code point, or
 * -1 for an invalid or truncated sequence (then *adv is 1).
 */
int32_t utf8_decode(const char *s, size_t len, size_t *adv);
/* Writes cp as UTF-8 into out; returns the byte count (1-4), 0 if invalid. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* True when all len bytes are valid UTF-8; else *bad gets the first bad offset. */
bool utf8_valid(const char *s, size_t len, size_t *bad);
/* Number of characters (code points; an invalid byte counts as one). */
size_t utf8_chars(const char *s);
size_t utf8_chars_n(const char *s, size_t len);
/* Byte offset of character number nchar (clamped to the end). */
size_t utf8_char_offset(const char *s, size_t nchar);
/* Offset of the character after / before the one at byte i. */
size_t utf8_next(const char *s, size_t len, size_t i);
size_t utf8_prev(const char *s, size_t i);
/* Display columns of one code point (0, 1 or 2). */
int utf8_cpwidth(uint32_t cp);
/* Display columns of a string, or of its first n bytes. */
int utf8_width(const char *s);
int utf8_width_n(const char *s, size_t n);
/* Largest byte count of s that fits in cols columns, on a character boundary. */
size_t utf8_fit(const char *s, size_t len, int cols);

/*
 * Terminal safety.  A code point is *unsafe* on a terminal when it is a
 * C0 control (U+0000-U+001F), DEL, a C1 control (U+0080-U+009F), or a
 * bidirectional embedding, override or isolate (U+202A-U+202E,
 * U+2066-U+2069): any of them can move the cursor, start an escape
 * sequence or reorder what is shown.
 */
bool utf8_unsafe_cp(uint32_t cp);

/* Flags for utf8_sanitize. */
#define UTF8_KEEP_NEWLINE 1u /* "\n" passes (multi-line prose) */
#define UTF8_KEEP_TAB     2u /* "\t" passes; otherwise it becomes a space */

/*
 * The one sanitizer for untrusted text (forms, answers, drafts, names) on
 * its way to a terminal.  Returns a new string (caller frees) in which
 * every unsafe code point is shown visibly and never sent raw: C0 and DEL
 * as their Unicode control pictures (ESC as "␛", DEL as "␡"), C1 and bidi
 * controls as "<U+202E>"; invalid bytes become U+FFFD.  Everything else
 * is copied unchanged.  NULL gives "".
 */
char *utf8_sanitize(const char *s, unsigned flags);
/* True when s holds no unsafe code point (newline and tab allowed per
 * flags) and is valid UTF-8. */
bool utf8_is_safe(const char *s, unsigned flags);

/*
 * Folds text for matching as a person means it: lower case, accents
 * dropped (á→a, ñ→n, ü→u, ç→c ...) for Latin-1 and Latin Extended-A
 * letters.  Caller frees.  Used by "typing filters a list".
 */
char *utf8_fold(const char *s);
/* True when needle (folded by the caller or not) occurs in hay, both
 * compared folded. */
bool utf8_fold_contains(const char *hay, const char *needle);

#endif
