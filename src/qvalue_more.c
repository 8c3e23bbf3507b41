/*
 * qvalue_more: typed answers for the XLSForm types a phone captures with
 * a sensor or a special widget, as a terminal can take them (see
 * qvalue.h):
 *
 *   geopoint  "lat lon [alt [acc]]": latitude -90..90, longitude
 *             -180..180, accuracy not negative; stored with one space
 *             between the numbers, as ODK does
 *   geotrace  two or more points separated by ";"
 *   geoshape  three or more distinct points; stored closed (the first
 *             point repeated at the end), as ODK stores a shape
 *   range     a number from start to end in steps of step (parameters)
 *   rank      every choice exactly once, by code or by its number in the
 *             list, separated by spaces or commas; stored as the codes
 *             in the order given (the interview passes the options its
 *             choice_filter leaves to qvalue_parse_rank)
 */
#include "qvalue.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xmem.h"

/* A decimal number in the C locale, the whole token; false otherwise. */
static bool
number(const char *s, size_t len, double *v)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strspn(buf, "+-0123456789.") != len)
		return false; /* no hex, inf, nan or exponents */
	*v = strtod(buf, &end);
	return *end == '\0' && isfinite(*v);
}

/* One point: 2 to 4 numbers separated by white space, appended to sb
 * normalised.  False when it is not a point. */
static bool
geo_point(const char *s, size_t len, struct strbuf *sb)
{
	double v[4];
	size_t n = 0, i = 0;

	while (i < len) {
		size_t start;
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && !isspace((unsigned char)s[i]))
			i++;
		if (n == 4 || !number(s + start, i - start, &v[n]))
			return false;
		n++;
	}
	if (n < 2 || fabs(v[0]) > 90 || fabs(v[1]) > 180 || (n == 4 && v[3] < 0))
		return false;
	for (size_t k = 0; k < n; k++)
		strbuf_printf(sb, "%s%.10g", k ? " " : "", v[k]);
	return true;
}

/* Points separated by ";" (a trailing ";" allowed); returns how many, or
 * 0 when one is not a point.  Each is stored in sb, "; "-separated. */
static size_t
geo_points(const char *in, struct strbuf *sb, size_t *first_len)
{
	size_t n = 0;

	for (const char *p = in; *p;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		size_t before = sb->len;
		bool blank = strspn(p, " \t") >= len;
		if (!blank) {
			if (n > 0)
				strbuf_puts(sb, ";");
			before = sb->len;
			if (!geo_point(p, len, sb))
				return 0;
			if (n++ == 0)
				*first_len = sb->len - before;
		} else if (semi != NULL && semi[1] != '\0') {
			return 0; /* an empty point in the middle */
		}
		p += len + (semi != NULL);
	}
	return n;
}

static bool
parse_geo(const struct form_field *q, const char *in, char **out,
	  enum msg_id *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t first = 0, n;

	*err = q->type == Q_GEOPOINT ? MSG_BAD_GEOPOINT :
	       q->type == Q_GEOTRACE ? MSG_BAD_GEOTRACE : MSG_BAD_GEOSHAPE;
	n = geo_points(in, &sb, &first);
	if (q->type == Q_GEOSHAPE && n >= 2) {
		/* a shape typed closed: its last point is its first */
		const char *last = strrchr(strbuf_str(&sb), ';') + 1;
		if (strlen(last) == first && strncmp(last, sb.buf, first) == 0)
			n--;
		else
			strbuf_printf(&sb, ";%.*s", (int)first, sb.buf);
	}
	if ((q->type == Q_GEOPOINT && n != 1) ||
	    (q->type == Q_GEOTRACE && n < 2) || (q->type == Q_GEOSHAPE && n < 3)) {
		strbuf_free(&sb);
		return false;
	}
	*out = strbuf_detach(&sb);
	return true;
}

static bool
parse_range(const struct form_field *q, const char *in, char **out,
	    enum msg_id *err)
{
	double v, lo = q->range_start, hi = q->range_end, steps;
	size_t len = strlen(in);

	*err = MSG_BAD_RANGE;
	while (len > 0 && isspace((unsigned char)in[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*in))
		in++, len--;
	if (!number(in, len, &v))
		return false;
	if (lo > hi) {
		double t = lo;
		lo = hi, hi = t;
	}
	steps = (v - q->range_start) / q->range_step;
	if (v < lo - 1e-9 || v > hi + 1e-9 ||
	    fabs(steps - round(steps)) > 1e-9 * fmax(1, fabs(steps)))
		return false;
	*out = xasprintf("%.15g", v);
	return true;
}

/* The option named by a code or by its 1-based number among names. */
static long
rank_item(const char *const *names, size_t n, const char *tok)
{
	char *end;
	long k;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], tok) == 0)
			return (long)i;
	}
	k = strtol(tok, &end, 10);
	return *end == '\0' && k >= 1 && (size_t)k <= n ? k - 1 : -1;
}

bool
qvalue_parse_rank(const char *const *names, size_t n, const char *in,
		  char **out, enum msg_id *err)
{
	char *s = xstrdup(in), *tok, *save = NULL;
	bool *seen = xcalloc(n + 1, sizeof(bool));
	struct strbuf sb = STRBUF_INIT;
	size_t got = 0;
	bool ok = n > 0;

	*out = NULL;
	*err = MSG_BAD_RANK;
	for (tok = strtok_r(s, " ,\t", &save); ok && tok;
	     tok = strtok_r(NULL, " ,\t", &save)) {
		long i = rank_item(names, n, tok);
		ok = i >= 0 && !seen[i];
		if (ok) {
			seen[i] = true;
			strbuf_printf(&sb, "%s%s", got++ ? " " : "", names[i]);
		}
	}
	ok = ok && got == n;
	free(s);
	free(seen);
	if (!ok) {
		strbuf_free(&sb);
		return false;
	}
	*out = strbuf_detach(&sb);
	return true;
}

/* Every choice of the list, in its order. */
static bool
parse_rank(const struct form_field *q, const char *in, char **out,
	   enum msg_id *err)
{
	const struct form_list *l = q->list;
	size_t n = l ? l->n : 0;
	const char **names = xcalloc(n + 1, sizeof(*names));
	bool ok;

	for (size_t i = 0; i < n; i++)
		names[i] = l->choices[i].name;
	ok = qvalue_parse_rank(names, n, in, out, err);
	free(names);
	return ok;
}

bool
qvalue_parse_more(const struct form_field *q, const char *input, char **out,
		  enum msg_id *err, bool *handled)
{
	*handled = true;
	switch (q->type) {
	case Q_GEOPOINT:
	case Q_GEOTRACE:
	case Q_GEOSHAPE:
		return parse_geo(q, input, out, err);
	case Q_RANGE:
		return parse_range(q, input, out, err);
	case Q_RANK:
		return parse_rank(q, input, out, err);
	default:
		*handled = false;
		return false;
	}
}
