/* clock: see clock.h. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

long
clock_days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
parse_pinned(const char *s, struct clock_time *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, n = 0;
	char sign = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return false;
	s += n;
	if (*s == 'T' || *s == ' ') {
		n = 0;
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n) < 2)
			return false;
		s += 1 + n;
		if (*s == ':' && sscanf(s + 1, "%2d%n", &sec, &n) == 1)
			s += 1 + n;
		while (*s == '.' || (*s >= '0' && *s <= '9'))
			s++;
	}
	if (*s == 'Z') {
		sign = '+';
	} else if (*s == '+' || *s == '-') {
		sign = *s;
		if (sscanf(s + 1, "%2d:%2d", &oh, &om) < 1)
			return false;
	}
	t->offset_min = sign ? (sign == '-' ? -1 : 1) * (oh * 60 + om) : 0;
	t->epoch = (time_t)(clock_days_from_civil(y, mo, d) * 86400L + h * 3600L +
			    mi * 60L + sec) - t->offset_min * 60L;
	return true;
}

bool
clock_parse(const char *s, struct clock_time *t)
{
	return parse_pinned(s, t);
}

void
clock_now(struct clock_time *t)
{
	const char *pin = getenv("INTAKE_NOW");
	struct tm lt;

	if (pin != NULL && *pin && parse_pinned(pin, t))
		return;
	t->epoch = time(NULL);
	localtime_r(&t->epoch, &lt);
	t->offset_min = (int)(lt.tm_gmtoff / 60);
}

char *
clock_iso(bool date_only)
{
	struct clock_time t;
	time_t local;
	struct tm tm;
	char buf[64];
	int off;

	clock_now(&t);
	local = t.epoch + t.offset_min * 60L;
	gmtime_r(&local, &tm);
	if (date_only) {
		strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
		return xstrdup(buf);
	}
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	off = t.offset_min < 0 ? -t.offset_min : t.offset_min;
	return xasprintf("%s%c%02d:%02d", buf, t.offset_min < 0 ? '-' : '+',
			 off / 60, off % 60);
}
