/*
 * expr_date: dates for the expression language.  A date is a day number
 * since 1970-01-01 (a dateTime adds the fraction of the day, in UTC when
 * an offset is given), computed with the civil-calendar algorithms of
 * H. Hinnant, valid for any Gregorian year.
 */
#include "expr_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "clock.h"

long
days_from_civil(long y, int m, int d)
{
	return clock_days_from_civil(y, m, d);
}

void
civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

static bool
valid_ymd(long y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] + (m == 2 && leap);
}

/* Reads 1 to max digits at *s into *v; false when there is none. */
static bool
digits(const char **s, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && **s >= '0' && **s <= '9') {
		*v = *v * 10 + (**s - '0');
		(*s)++, n++;
	}
	return n > 0;
}

static bool
expect(const char **s, char c)
{
	if (**s != c)
		return false;
	(*s)++;
	return true;
}

/* "YYYY-MM-DD" (month and day may have one digit), then optionally
 * "THH:MM[:SS[.fff]]" and "Z" or "+HH:MM".  Hand-written rather than
 * sscanf: every comparison of a date answer comes through here. */
bool
date_parse(const char *s, double *days, bool *has_time)
{
	int y, m, d, h = 0, mi = 0, oh = 0, om = 0;
	double sec = 0;
	char sign = 0;
	const char *start = s;

	*has_time = false;
	if (!digits(&s, 4, &y) || s - start != 4 || !expect(&s, '-') ||
	    !digits(&s, 2, &m) || !expect(&s, '-') || !digits(&s, 2, &d) ||
	    !valid_ymd(y, m, d))
		return false;
	if (*s == 'T') {
		s++;
		if (!digits(&s, 2, &h) || !expect(&s, ':') || !digits(&s, 2, &mi))
			return false;
		if (*s == ':') {
			const char *end = s + 1;
			while ((*end >= '0' && *end <= '9') || *end == '.')
				end++;
			/* seconds like 30.000 without strtod when exact; only
			 * before a character strtod would stop at too */
			if (!((*end == 'Z' || *end == '+' || *end == '-' ||
			       *end == '\0') && read_short_decimal(s + 1, end, &sec))) {
				char *e;
				sec = strtod(s + 1, &e);
				end = e;
			}
			if (end == s + 1)
				return false;
			s = end;
		}
		*has_time = true;
		if (*s == 'Z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			sign = *s++;
			if (!digits(&s, 2, &oh) || !expect(&s, ':') || !digits(&s, 2, &om))
				return false;
		}
	}
	if (*s != '\0')
		return false;
	*days = (double)days_from_civil(y, m, d) +
		(h * 3600 + mi * 60 + sec) / 86400.0 -
		(sign ? (sign == '-' ? -1 : 1) * (oh * 60 + om) / 1440.0 : 0);
	return true;
}

bool
date_days_ok(double days)
{
	return fabs(days) <= DATE_MAX_DAYS; /* false for NaN too */
}

/* n as exactly width digits (0 <= n < 10^width) at p; returns the end. */
static char *
put_fixed(char *p, long n, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + n % 10);
		n /= 10;
	}
	return p + width;
}

char *
date_put_ymd(char *buf, long y, int m, int d)
{
	char *p = buf;

	if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99)
		/* a sign or more digits: printf's way */
		return buf + snprintf(buf, 32, "%04ld-%02d-%02d", y, m, d);
	p = put_fixed(p, y, 4);
	*p++ = '-';
	p = put_fixed(p, m, 2);
	*p++ = '-';
	p = put_fixed(p, d, 2);
	*p = '\0';
	return p;
}

char *
date_format(struct arena *a, double days, bool with_time)
{
	long y, z;
	int m, d;
	char buf[64], *p;

	if (!date_days_ok(days))
		return arena_strdup(a, "");
	z = (long)floor(days);
	civil_from_days(z, &y, &m, &d);
	p = date_put_ymd(buf, y, m, d);
	if (with_time) {
		double secs = (days - (double)z) * 86400.0;
		long s = lround(secs);
		*p++ = 'T';
		p = put_fixed(p, s / 3600, 2); /* s <= 86400: 24 at most */
		*p++ = ':';
		p = put_fixed(p, (s / 60) % 60, 2);
		*p++ = ':';
		p = put_fixed(p, s % 60, 2);
		memcpy(p, ".000Z", 5);
		p += 5;
	}
	return arena_strndup(a, buf, (size_t)(p - buf));
}

double
now_days(bool date_only, int *offset_min)
{
	struct clock_time t;
	double local;

	clock_now(&t);
	*offset_min = t.offset_min;
	local = ((double)t.epoch + t.offset_min * 60.0) / 86400.0;
	if (date_only)
		return floor(local);
	return (double)t.epoch / 86400.0;
}
