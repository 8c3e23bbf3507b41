/*
 * clock: the current time, for start/end stamps, today() and now().
 *
 * INTAKE_NOW pins the clock for tests and scenario runs: a date
 * (2026-11-22, read as local midnight) or a dateTime with an optional
 * offset (2026-11-22T10:00:00-06:00).  Otherwise the system clock and the
 * local time zone are used.
 */
#ifndef INTAKE_CLOCK_H
#define INTAKE_CLOCK_H

#include <stdbool.h>
#include <time.h>

struct clock_time {
	time_t epoch;    /* seconds since 1970-01-01T00:00:00Z */
	int offset_min;  /* local offset from UTC, minutes */
};

void clock_now(struct clock_time *t);
/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant). */
long clock_days_from_civil(long y, int m, int d);
/* Reads a date or dateTime as INTAKE_NOW is read; false if malformed. */
bool clock_parse(const char *s, struct clock_time *t);
/* "2026-11-22" or "2026-11-22T10:00:00-06:00"; caller frees. */
char *clock_iso(bool date_only);

#endif
