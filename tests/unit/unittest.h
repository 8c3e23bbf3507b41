/*
 * unittest.h: what every cmocka test file needs, in the order cmocka
 * requires, plus small helpers shared by the unit tests.
 */
#ifndef INTAKE_UNITTEST_H
#define INTAKE_UNITTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Path of a file in the source tree (INTAKE_SRCDIR is set by meson). */
static inline char *
srcpath(char *buf, size_t size, const char *rel)
{
	const char *root = getenv("INTAKE_SRCDIR");

	snprintf(buf, size, "%s/%s", root ? root : ".", rel);
	return buf;
}

#endif
