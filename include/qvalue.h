/*
 * qvalue: turning what a person typed into the stored answer of a question
 * type, and checking it.
 *
 * Stored forms (what expressions, drafts and exports see):
 *   integer   "-12"           decimal  "12.5" (as typed, normalised)
 *   date      "2024-03-14"    time     "14:30:00"
 *   dateTime  "2024-03-14T14:30:00" (an offset typed is kept)
 *   select_one  a choice name;  select_multiple  names separated by one
 *   space, in the list's order;  acknowledge  "OK";  text  as typed.
 *   geopoint, geotrace, geoshape, range, rank: see qvalue_more.c.
 *
 * Dates are accepted as ISO (2024-03-14, 2024-3-14, always year first),
 * in the interview language's order (English month/day/year: 3/14/2024,
 * 03-14-2024; Spanish day/month/year: 14/3/2024), or as 8 digits in that
 * order (03142024 / 14032024) when that is a real date from 1800 on, else
 * as 20240314.  Two-digit years are refused rather than guessed.
 *
 * A date with the appearance month-year asks only the month and year
 * (8/2015, 08/2015, 2015-08, or 082015, in either language) and stores
 * the first day of the month, 2015-08-01; year asks only the year (2015)
 * and stores 2015-01-01, as ODK Collect does.  The stored form itself
 * is accepted too (a replayed or resumed answer), and any other whole
 * date is refused, saying what is expected.
 */
#ifndef INTAKE_QVALUE_H
#define INTAKE_QVALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "msg.h"

/*
 * Parses input for field q.  On success returns true and sets *out to the
 * stored form (caller frees).  On failure returns false, sets *err to the
 * message saying what is expected, and *out to NULL.  An empty input is
 * not handled here (the engine decides whether an answer is required).
 */
bool qvalue_parse(const struct form_field *q, const char *input, char **out,
		  enum msg_id *err);

/* The same, reading dates day first when day_first (the Spanish order);
 * qvalue_parse reads them month first. */
bool qvalue_parse_order(const struct form_field *q, const char *input,
			bool day_first, char **out, enum msg_id *err);

/* The types of qvalue_more.c (geopoint, geotrace, geoshape, range,
 * rank): *handled is false for any other type. */
bool qvalue_parse_more(const struct form_field *q, const char *input,
		       char **out, enum msg_id *err, bool *handled);

/* A rank among the n options names (the list after its choice_filter):
 * each exactly once, by name or 1-based number.  As qvalue_parse. */
bool qvalue_parse_rank(const char *const *names, size_t n, const char *in,
		       char **out, enum msg_id *err);

/* How much of a date a question asks: its appearance. */
enum qdate_part {
	QDATE_FULL,       /* the whole date */
	QDATE_MONTH_YEAR, /* month-year: stored as the month's first day */
	QDATE_YEAR,       /* year: stored as January 1 */
};
enum qdate_part qvalue_date_part(const struct form_field *q);

/* Date helpers shared with the front ends. */
bool qvalue_parse_date(const char *in, int *y, int *m, int *d,
		       enum msg_id *err);
bool qvalue_parse_date_order(const char *in, bool day_first, int *y, int *m,
			     int *d, enum msg_id *err);
/* The same for a date that asks part of a date (qvalue_date_part):
 * "8/2015" gives 2015, 8, 1. */
bool qvalue_parse_date_part(const char *in, enum qdate_part part,
			    bool day_first, int *y, int *m, int *d,
			    enum msg_id *err);
/* "February 20, 2010" or "20 de febrero de 2010".  Caller frees. */
char *qvalue_date_words(int y, int m, int d, bool spanish);
/* The same for part of a date: "August 2015" / "agosto de 2015", or
 * "2015".  Caller frees. */
char *qvalue_date_part_words(int y, int m, int d, enum qdate_part part,
			     bool spanish);
bool qvalue_valid_ymd(int y, int m, int d);

#endif
