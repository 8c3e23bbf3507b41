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

#endif
