/*
 * qvalue: typed answer parsing (see qvalue.h).  One function per type,
 * chosen by a switch on the question type; each returns the canonical
 * stored string or the message that tells the person what to type.
 */
#include "qvalue.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

/* A copy of s without leading and trailing white space (caller frees). */
static char *
trimmed(const char *s)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

/* Removes thousands separators "1,200" / "1 200" only when well placed. */
static bool
strip_grouping(char *s)
{
	char *digits = s + (*s == '-' || *s == '+');
	size_t n = 0, group = 0;
	bool grouped = false;
	char *w = s;

	for (char *p = digits; *p && *p != '.'; p++) {
		if (*p == ',' || *p == ' ')
			grouped = true;
	}
	if (!grouped)
		return true;
	for (char *p = digits; *p && *p != '.'; p++) {
		if (*p == ',' || *p == ' ') {
			if (n == 0 || (group != 0 && n != 3) || (group == 0 && n > 3))
				return false;
			group++, n = 0;
		} else {
			n++;
		}
	}
	if (n != 3)
		return false;
	for (char *p = s; *p; p++) {
		if (*p != ',' && *p != ' ')
			*w++ = *p;
	}
	*w = '\0';
	return true;
}

static bool
parse_integer(const char *in, char **out, enum msg_id *err)
{
	char *s = trimmed(in), *end;
	const char *digits = s + (*s == '-' || *s == '+');
	long long v;

	*err = MSG_BAD_INTEGER;
	if (!strip_grouping(s) || *digits == '\0' ||
	    strspn(digits, "0123456789") != strlen(digits)) {
		free(s);
		return false;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	free(s);
	if (errno == ERANGE || v > INT_MAX || v < INT_MIN) {
		*err = MSG_INTEGER_RANGE;
		return false;
	}
	*out = xasprintf("%lld", v);
	return true;
}

static bool
parse_decimal(const char *in, char **out, enum msg_id *err)
{
	char *s = trimmed(in), *p;
	size_t int_digits, frac_digits = 0;

	*err = MSG_BAD_DECIMAL;
	if (!strip_grouping(s))
		goto bad;
	p = s + (*s == '-' || *s == '+');
	int_digits = strspn(p, "0123456789");
	p += int_digits;
	if (*p == '.') {
		frac_digits = strspn(p + 1, "0123456789");
		p += 1 + frac_digits;
	}
	if (*p != '\0' || int_digits + frac_digits == 0)
		goto bad;
	/* stored without a leading '+' and with a digit before the point */
	{
		const char *body = s + (*s == '-' || *s == '+');
		*out = xasprintf("%s%s%s", *s == '-' ? "-" : "",
				 int_digits ? "" : "0", body);
	}
	free(s);
	return true;
bad:
	free(s);
	return false;
}

bool
qvalue_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Splits "a?b?c" on one separator kind into three digit runs. */
static int
split3(const char *s, char sep, char part[3][8])
{
	int n = 0;
	size_t len = 0;

	for (; *s; s++) {
		if (*s == sep) {
			if (n == 2 || len == 0)
				return -1;
			part[n++][len] = '\0';
			len = 0;
		} else if (isdigit((unsigned char)*s) && len < 7) {
			part[n][len++] = *s;
		} else {
			return -1;
		}
	}
	if (len == 0)
		return -1;
	part[n][len] = '\0';
	return n + 1;
}

/* An 8-digit date: in the language's order (MMDDYYYY, or DDMMYYYY when
 * day_first) when that is a real date from 1800 on, else YYYYMMDD.  The
 * reading is shown spelled out while typing, so it is never silent. */
static bool
scan_8_digits(const char *s, bool day_first, int *y, int *m, int *d)
{
	int a, b;

	if (sscanf(s, "%2d%2d%4d", &a, &b, y) == 3 && *y >= 1800) {
		*m = day_first ? b : a, *d = day_first ? a : b;
		if (qvalue_valid_ymd(*y, *m, *d))
			return true;
	}
	return sscanf(s, "%4d%2d%2d", y, m, d) == 3;
}

bool
qvalue_parse_date_order(const char *in, bool day_first, int *y, int *m,
			int *d, enum msg_id *err)
{
	char *s = trimmed(in);
	char part[3][8];
	char sep = strchr(s, '/') ? '/' : strchr(s, '-') ? '-' : strchr(s, '.') ? '.' : 0;
	bool ok = false;

	*err = MSG_BAD_DATE;
	if (sep == 0 && strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		ok = scan_8_digits(s, day_first, y, m, d);
	} else if (sep != 0 && split3(s, sep, part) == 3) {
		if (strlen(part[0]) == 4) { /* ISO: year first, always */
			*y = atoi(part[0]), *m = atoi(part[1]), *d = atoi(part[2]);
			ok = strlen(part[1]) <= 2 && strlen(part[2]) <= 2;
		} else if (strlen(part[2]) == 4 && strlen(part[0]) <= 2 &&
			   strlen(part[1]) <= 2) {
			int a = atoi(part[0]), b = atoi(part[1]);
			*m = day_first ? b : a, *d = day_first ? a : b;
			*y = atoi(part[2]);
			ok = true;
		} else if (strlen(part[2]) <= 2 && strlen(part[0]) <= 2) {
			*err = MSG_YEAR_DIGITS;
		}
	}
	free(s);
	if (ok && !qvalue_valid_ymd(*y, *m, *d)) {
		*err = MSG_NO_SUCH_DATE;
		ok = false;
	}
	return ok;
}

bool
qvalue_parse_date(const char *in, int *y, int *m, int *d, enum msg_id *err)
{
	return qvalue_parse_date_order(in, false, y, m, d, err);
}

static const char *const month_en[] = {"January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December"};
static const char *const month_es[] = {"enero", "febrero", "marzo", "abril",
	"mayo", "junio", "julio", "agosto", "septiembre", "octubre",
	"noviembre", "diciembre"};

char *
qvalue_date_words(int y, int m, int d, bool spanish)
{
	if (m < 1 || m > 12)
		return xstrdup("");
	if (spanish)
		return xasprintf("%d de %s de %d", d, month_es[m - 1], y);
	return xasprintf("%s %d, %d", month_en[m - 1], d, y);
}

char *
qvalue_date_part_words(int y, int m, int d, enum qdate_part part,
		       bool spanish)
{
	if (part == QDATE_FULL)
		return qvalue_date_words(y, m, d, spanish);
	if (part == QDATE_YEAR)
		return xasprintf("%d", y);
	if (m < 1 || m > 12)
		return xstrdup("");
	if (spanish)
		return xasprintf("%s de %d", month_es[m - 1], y);
	return xasprintf("%s %d", month_en[m - 1], y);
}

enum qdate_part
qvalue_date_part(const struct form_field *q)
{
	if (q->type != Q_DATE)
		return QDATE_FULL;
	if (form_has_appearance(q, "month-year"))
		return QDATE_MONTH_YEAR;
	if (form_has_appearance(q, "year"))
		return QDATE_YEAR;
	return QDATE_FULL;
}

/* A month and a year without a day: "8/2015", "08-2015", "2015-08",
 * "2015/8", or six digits, MMYYYY when that reads as a month from 1800
 * on, else YYYYMM.  *err says why when it is none of them. */
static bool
scan_month_year(const char *s, int *y, int *m, enum msg_id *err)
{
	char sep = strchr(s, '/') ? '/' : strchr(s, '-') ? '-' : strchr(s, '.') ? '.' : 0;
	char part[3][8];
	int a, b;

	if (sep == 0 && strlen(s) == 6 && strspn(s, "0123456789") == 6) {
		if (sscanf(s, "%2d%4d", &a, &b) == 2 && a >= 1 && a <= 12 &&
		    b >= 1800)
			return *m = a, *y = b, true;
		return sscanf(s, "%4d%2d", y, m) == 2 && *m >= 1 && *m <= 12;
	}
	if (sep == 0 || split3(s, sep, part) != 2)
		return false;
	if (strlen(part[0]) == 4 && strlen(part[1]) <= 2) {
		*y = atoi(part[0]), *m = atoi(part[1]);
	} else if (strlen(part[1]) == 4 && strlen(part[0]) <= 2) {
		*m = atoi(part[0]), *y = atoi(part[1]);
	} else {
		if (strlen(part[0]) <= 2 && strlen(part[1]) <= 2)
			*err = MSG_YEAR_DIGITS;
		return false;
	}
	return *m >= 1 && *m <= 12 && *y >= 1;
}

bool
qvalue_parse_date_part(const char *in, enum qdate_part part, bool day_first,
		       int *y, int *m, int *d, enum msg_id *err)
{
	char *s;
	enum msg_id ignored;
	bool ok = false;

	if (part == QDATE_FULL)
		return qvalue_parse_date_order(in, day_first, y, m, d, err);
	s = trimmed(in);
	*err = part == QDATE_YEAR ? MSG_BAD_YEAR : MSG_BAD_MONTH_YEAR;
	*d = 1;
	if (part == QDATE_YEAR && strlen(s) == 4 && strspn(s, "0123456789") == 4) {
		*y = atoi(s), *m = 1;
		ok = *y >= 1;
	} else if (part == QDATE_MONTH_YEAR && scan_month_year(s, y, m, err)) {
		ok = true;
	} else if (qvalue_parse_date_order(s, day_first, y, m, d, &ignored)) {
		/* a whole date: only the first day the answer stands for
		 * (the stored form, from a replay or a draft) */
		ok = *d == 1 && (part == QDATE_MONTH_YEAR || *m == 1);
		if (!ok)
			*err = part == QDATE_YEAR ? MSG_YEAR_DAY : MSG_MONTH_YEAR_DAY;
	}
	free(s);
	return ok;
}

static bool
parse_date(const struct form_field *q, const char *in, bool day_first,
	   char **out, enum msg_id *err)
{
	int y, m, d;

	if (!qvalue_parse_date_part(in, qvalue_date_part(q), day_first, &y, &m,
				    &d, err))
		return false;
	*out = xasprintf("%04d-%02d-%02d", y, m, d);
	return true;
}

/* "14:30", "14:30:05", "2:30 pm", "2pm"; *rest gets what follows. */
static bool
scan_time(const char *s, int *h, int *mi, int *sec, const char **rest)
{
	int n = 0;
	const char *p;

	*mi = *sec = 0;
	if (sscanf(s, "%2d:%2d:%2d%n", h, mi, sec, &n) != 3 &&
	    sscanf(s, "%2d:%2d%n", h, mi, &n) != 2 && sscanf(s, "%2d%n", h, &n) != 1)
		return false;
	p = s + n;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "am", 2) == 0 || strncasecmp(p, "pm", 2) == 0 ||
	    strncasecmp(p, "a.m.", 4) == 0 || strncasecmp(p, "p.m.", 4) == 0) {
		bool pm = tolower((unsigned char)*p) == 'p';
		if (*h < 1 || *h > 12)
			return false;
		*h = (*h % 12) + (pm ? 12 : 0);
		p += p[1] == '.' ? 4 : 2;
	} else if (n <= 2 && strchr(s, ':') == NULL) {
		return false; /* a bare "14" is not a time */
	}
	*rest = p;
	return *h >= 0 && *h < 24 && *mi >= 0 && *mi < 60 && *sec >= 0 &&
	       *sec < 60;
}

static bool
parse_time(const char *in, char **out, enum msg_id *err)
{
	char *s = trimmed(in);
	const char *rest;
	int h, mi, sec;
	bool ok = scan_time(s, &h, &mi, &sec, &rest) && *rest == '\0';

	free(s);
	*err = MSG_BAD_TIME;
	if (ok)
		*out = xasprintf("%02d:%02d:%02d", h, mi, sec);
	return ok;
}

/* An ISO offset "Z", "+05:30", "-0600" at the end, or "". */
static bool
scan_offset(const char *p, char off[16])
{
	int oh, om = 0;
	char sign;

	off[0] = '\0';
	if (*p == '\0')
		return true;
	if (strcmp(p, "Z") == 0) {
		strcpy(off, "Z");
		return true;
	}
	sign = *p;
	if ((sign != '+' && sign != '-') ||
	    (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 &&
	     sscanf(p + 1, "%2d%2d", &oh, &om) < 1) ||
	    oh < 0 || oh > 14 || om < 0 || om > 59)
		return false;
	snprintf(off, 16, "%c%02d:%02d", sign, oh, om);
	return true;
}

static bool
parse_datetime(const char *in, bool day_first, char **out, enum msg_id *err)
{
	char *s = trimmed(in), *sep = strpbrk(s, "T ");
	const char *rest;
	char off[16];
	int y, m, d, h, mi, sec;
	enum msg_id ignored;
	bool ok = false;

	*err = MSG_BAD_DATETIME;
	if (sep != NULL) {
		*sep = '\0';
		ok = qvalue_parse_date_order(s, day_first, &y, &m, &d, &ignored) &&
		     scan_time(sep + 1 + strspn(sep + 1, " "), &h, &mi, &sec,
			       &rest) &&
		     scan_offset(rest, off);
	}
	free(s);
	if (ok)
		*out = xasprintf("%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, h,
				 mi, sec, off);
	return ok;
}

static const struct form_choice *
find_choice(const struct form_list *l, const char *name)
{
	for (size_t i = 0; l != NULL && i < l->n; i++) {
		if (strcmp(l->choices[i].name, name) == 0)
			return &l->choices[i];
	}
	return NULL;
}

static bool
parse_select_one(const struct form_field *q, const char *in, char **out,
		 enum msg_id *err)
{
	char *s = trimmed(in);

	if (find_choice(q->list, s) == NULL &&
	    !(q->or_other && strcmp(s, "other") == 0)) {
		*err = strchr(s, ' ') ? MSG_ONE_CHOICE : MSG_BAD_CHOICE;
		free(s);
		return false;
	}
	*out = s;
	return true;
}

static bool
token_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* select_multiple: every token must be a choice; stored in list order. */
static bool
parse_select_multiple(const struct form_field *q, const char *in, char **out,
		      enum msg_id *err)
{
	char *s = trimmed(in), *save = NULL;
	struct strbuf sb = STRBUF_INIT;
	char *copy = xstrdup(s);

	*err = MSG_BAD_CHOICE;
	for (char *c = s; *c; c++) /* commas separate like spaces */
		if (*c == ',')
			*c = ' ';
	for (char *t = strtok_r(copy, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		if (find_choice(q->list, t) == NULL &&
		    !(q->or_other && strcmp(t, "other") == 0)) {
			free(copy), free(s);
			return false;
		}
	}
	free(copy);
	for (size_t i = 0; q->list != NULL && i < q->list->n; i++) {
		const char *name = q->list->choices[i].name;
		if (token_listed(s, name)) {
			if (sb.len)
				strbuf_putc(&sb, ' ');
			strbuf_puts(&sb, name);
		}
	}
	if (q->or_other && token_listed(s, "other") &&
	    find_choice(q->list, "other") == NULL) {
		if (sb.len)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, "other");
	}
	free(s);
	*out = strbuf_detach(&sb);
	return true;
}

static bool
parse_ack(const char *in, char **out, enum msg_id *err)
{
	char *s = trimmed(in);
	bool ok = strcasecmp(s, "ok") == 0 || strcasecmp(s, "yes") == 0 ||
		  strcasecmp(s, "y") == 0 || strcasecmp(s, "sí") == 0 ||
		  strcasecmp(s, "si") == 0 || strcmp(s, "1") == 0 ||
		  strcasecmp(s, "true") == 0;

	free(s);
	*err = MSG_BAD_ACK;
	if (ok)
		*out = xstrdup("OK");
	return ok;
}

static bool
parse_text(const char *in, char **out, enum msg_id *err)
{
	size_t len = strlen(in), bad;

	*err = MSG_BAD_TEXT;
	/* C0, DEL, C1 and bidi controls could act on a terminal that later
	 * shows the answer: refused, as invalid UTF-8 is */
	if (!utf8_valid(in, len, &bad) ||
	    !utf8_is_safe(in, UTF8_KEEP_NEWLINE | UTF8_KEEP_TAB))
		return false;
	*out = xstrdup(in);
	return true;
}

bool
qvalue_parse(const struct form_field *q, const char *input, char **out,
	     enum msg_id *err)
{
	return qvalue_parse_order(q, input, false, out, err);
}

bool
qvalue_parse_order(const struct form_field *q, const char *input,
		   bool day_first, char **out, enum msg_id *err)
{
	*out = NULL;
	switch (q->type) {
	case Q_INTEGER:
		return parse_integer(input, out, err);
	case Q_DECIMAL:
		return parse_decimal(input, out, err);
	case Q_DATE:
	case Q_TODAY:
		return parse_date(q, input, day_first, out, err);
	case Q_TIME:
		return parse_time(input, out, err);
	case Q_DATETIME:
	case Q_START:
	case Q_END:
		return parse_datetime(input, day_first, out, err);
	case Q_SELECT_ONE:
		return parse_select_one(q, input, out, err);
	case Q_SELECT_MULTIPLE:
		return parse_select_multiple(q, input, out, err);
	case Q_ACKNOWLEDGE:
		return parse_ack(input, out, err);
	default: {
		bool handled, ok = qvalue_parse_more(q, input, out, err, &handled);
		return handled ? ok : parse_text(input, out, err);
	}
	}
}
