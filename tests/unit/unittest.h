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

/* Makes a fresh folder /tmp/intake-test-TAG-XXXXXX, its name in dir; 0
 * on success (cmocka's setup convention). */
static inline int
tmpdir_make(char *dir, size_t size, const char *tag)
{
	snprintf(dir, size, "/tmp/intake-test-%s-XXXXXX", tag);
	return mkdtemp(dir) == NULL;
}

/* Removes that folder and everything in it; 0 on success. */
static inline int
tmpdir_remove(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

#endif
