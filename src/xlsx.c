/*
 * xlsx: the Office Open XML workbook reader (see xlsx.h).  An .xlsx file
 * is a zip archive (read with libzip) of XML parts (parsed with expat, a
 * chunk at a time, never whole in memory):
 *
 *   xl/workbook.xml             sheet names, in order, and their rel ids
 *   xl/_rels/workbook.xml.rels  rel id -> part holding the sheet
 *   xl/sharedStrings.xml        the strings cells refer to by index
 *   xl/styles.xml               which cell styles are dates or times
 *   xl/worksheets/sheetN.xml    rows of cells
 *
 * Element and attribute names are matched by local name, so prefixed
 * parts (x:row) read the same.  Each part is limited to XLSX_MAX_PART
 * bytes unpacked, a guard against zip bombs.
 */
#include "xlsx.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "diag.h"
#include "strbuf.h"
#include "utf8.h"
#include "xmem.h"

#define XLSX_MAX_PART (256u << 20)

enum numkind { NK_NUMBER, NK_DATE, NK_TIME, NK_DATETIME };

struct xlsx {
	zip_t *zip;
	const char *path;
	struct diag *d;
	struct workbook *wb;
	char **sst;             /* shared strings, owned */
	size_t nsst, capsst;
	unsigned char *xf_kind; /* enum numkind per cell style index */
	size_t nxf;
	struct { unsigned id; enum numkind kind; } *fmts; /* custom formats */
	size_t nfmts;
	bool date1904;
	char **rel_id, **rel_target; /* workbook relationships, owned */
	size_t nrels;
	char **sheet_rel;       /* per sheet: its rel id, owned */
	XML_Parser parser;      /* the part being parsed, for stopping it */
};

/* ---- XML helpers ------------------------------------------------------------ */

static const char *
local_name(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon ? colon + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i] != NULL; i += 2) {
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* Excel writes characters XML cannot hold as _xHHHH_; decodes them in
 * place (a code that is not a character is left as written). */
static void
decode_excel_escapes(struct strbuf *sb)
{
	char *s = sb->buf, *w = s;
	size_t len = sb->len;

	if (s == NULL)
		return;
	for (size_t i = 0; i < len;) {
		unsigned long cp;
		char *end;
		if (i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' &&
		    s[i + 6] == '_' && strspn(s + i + 2, "0123456789abcdefABCDEF") >= 4) {
			char hex[5] = {s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0};
			cp = strtoul(hex, &end, 16);
			if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				w += utf8_encode((uint32_t)cp, w);
				i += 7;
				continue;
			}
		}
		*w++ = s[i++];
	}
	sb->len = (size_t)(w - s);
	s[sb->len] = '\0';
}

/* The part called name, or -1 when the archive has none. */
static zip_int64_t
find_part(struct xlsx *x, const char *name)
{
	zip_int64_t i = zip_name_locate(x->zip, name, 0);

	return i >= 0 ? i : zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
}

/*
 * Streams part name through an expat parser with these handlers and data.
 * Returns 0, 1 when the part is missing (an error only when mandatory),
 * or -1 after an error in d.
 */
static int
parse_part(struct xlsx *x, const char *name, bool mandatory,
	   XML_StartElementHandler start, XML_EndElementHandler end,
	   XML_CharacterDataHandler text, void *data)
{
	zip_int64_t idx = find_part(x, name);
	zip_file_t *zf;
	XML_Parser p;
	char buf[65536];
	zip_int64_t n;
	size_t total = 0;
	int rc = 0;

	if (idx < 0) {
		if (mandatory)
			diag_add(x->d, DIAG_ERROR, x->path, 0, NULL, "not an "
				 "XLSForm workbook: the archive has no %s", name);
		return mandatory ? -1 : 1;
	}
	if ((zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)) == NULL) {
		diag_add(x->d, DIAG_ERROR, x->path, 0, NULL, "cannot read %s "
			 "in the workbook: %s", name, zip_strerror(x->zip));
		return -1;
	}
	p = XML_ParserCreate("UTF-8");
	if (p == NULL)
		fatal(70, "out of memory");
	x->parser = p;
	XML_SetUserData(p, data);
	XML_SetElementHandler(p, start, end);
	if (text != NULL)
		XML_SetCharacterDataHandler(p, text);
	while (rc == 0 && (n = zip_fread(zf, buf, sizeof(buf))) > 0) {
		total += (size_t)n;
		if (total > XLSX_MAX_PART) {
			diag_add(x->d, DIAG_ERROR, x->path, 0, NULL, "%s is larger "
				 "than %u MB unpacked", name, XLSX_MAX_PART >> 20);
			rc = -1;
		} else if (XML_Parse(p, buf, (int)n, 0) != XML_STATUS_OK) {
			rc = -1;
		}
	}
	if (rc == 0 && n < 0) {
		diag_add(x->d, DIAG_ERROR, x->path, 0, NULL, "cannot read %s "
			 "in the workbook: %s", name, zip_file_strerror(zf));
		rc = -1;
	}
	if (rc == 0 && XML_Parse(p, "", 0, 1) != XML_STATUS_OK)
		rc = -1;
	if (rc != 0 && XML_GetErrorCode(p) != XML_ERROR_NONE &&
	    XML_GetErrorCode(p) != XML_ERROR_ABORTED)
		diag_add(x->d, DIAG_ERROR, x->path, 0, NULL, "%s is not "
			 "well-formed XML (line %lu: %s)", name,
			 (unsigned long)XML_GetCurrentLineNumber(p),
			 XML_ErrorString(XML_GetErrorCode(p)));
	XML_ParserFree(p);
	x->parser = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---- shared strings ------------------------------------------------------- */

struct sst_state {
	struct xlsx *x;
	struct strbuf text;
	int in_t;      /* inside a <t> of the string itself */
	int in_rph;    /* inside phonetic hints, which are not the text */
};

static void
sst_start(void *data, const char *el, const char **atts)
{
	struct sst_state *s = data;
	const char *n = local_name(el);

	(void)atts;
	if (strcmp(n, "si") == 0)
		strbuf_reset(&s->text);
	else if (strcmp(n, "rPh") == 0)
		s->in_rph++;
	else if (strcmp(n, "t") == 0 && s->in_rph == 0)
		s->in_t = 1;
}

static void
sst_end(void *data, const char *el)
{
	struct sst_state *s = data;
	struct xlsx *x = s->x;
	const char *n = local_name(el);

	if (strcmp(n, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(n, "si") == 0) {
		if (x->nsst == x->capsst) {
			x->capsst = x->capsst ? x->capsst * 2 : 256;
			x->sst = xreallocarray(x->sst, x->capsst, sizeof(char *));
		}
		decode_excel_escapes(&s->text);
		x->sst[x->nsst++] = xstrdup(strbuf_str(&s->text));
	}
}

static void
collect_text(void *data, const char *s, int len)
{
	struct sst_state *st = data;

	if (st->in_t)
		strbuf_add(&st->text, s, (size_t)len);
}

static int
read_shared_strings(struct xlsx *x)
{
	struct sst_state s = {x, STRBUF_INIT, 0, 0};
	int rc = parse_part(x, "xl/sharedStrings.xml", false, sst_start,
			    sst_end, collect_text, &s);

	strbuf_free(&s.text);
	return rc < 0 ? -1 : 0;
}

/* ---- styles: which numbers are dates --------------------------------------- */

/* Date, time or plain number, from an Excel number format code. */
static enum numkind
format_kind(const char *code)
{
	bool date = false, time = false;

	for (const char *c = code; *c; c++) {
		if (*c == '"') { /* literal text */
			const char *e = strchr(c + 1, '"');
			if (e == NULL)
				break;
			c = e;
		} else if (*c == '\\' && c[1] != '\0') {
			c++;
		} else if (*c == '[') { /* colour, locale; [h] is a duration */
			const char *e = strchr(c, ']');
			time |= c[1] == 'h' || c[1] == 'H' || c[1] == 'm' ||
				c[1] == 's';
			if (e == NULL)
				break;
			c = e;
		} else if (strchr("yYdD", *c)) {
			date = true;
		} else if (strchr("hHsS", *c)) {
			time = true;
		}
	}
	return date && time ? NK_DATETIME : date ? NK_DATE :
	       time ? NK_TIME : NK_NUMBER;
}

static enum numkind
builtin_kind(unsigned id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return NK_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return NK_TIME;
	return id == 22 ? NK_DATETIME : NK_NUMBER;
}

struct styles_state {
	struct xlsx *x;
	int in_xfs; /* inside <cellXfs> */
};

static void
styles_start(void *data, const char *el, const char **atts)
{
	struct styles_state *s = data;
	struct xlsx *x = s->x;
	const char *n = local_name(el), *id = attr(atts, "numFmtId");

	if (strcmp(n, "cellXfs") == 0) {
		s->in_xfs = 1;
	} else if (strcmp(n, "numFmt") == 0 && id != NULL) {
		const char *code = attr(atts, "formatCode");
		x->fmts = xreallocarray(x->fmts, x->nfmts + 1, sizeof(*x->fmts));
		x->fmts[x->nfmts].id = (unsigned)strtoul(id, NULL, 10);
		x->fmts[x->nfmts++].kind = format_kind(code ? code : "");
	} else if (strcmp(n, "xf") == 0 && s->in_xfs) {
		unsigned fid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
		enum numkind k = builtin_kind(fid);
		for (size_t i = 0; i < x->nfmts; i++) {
			if (x->fmts[i].id == fid)
				k = x->fmts[i].kind;
		}
		x->xf_kind = xrealloc(x->xf_kind, x->nxf + 1);
		x->xf_kind[x->nxf++] = (unsigned char)k;
	}
}

static void
styles_end(void *data, const char *el)
{
	struct styles_state *s = data;

	if (strcmp(local_name(el), "cellXfs") == 0)
		s->in_xfs = 0;
}

static int
read_styles(struct xlsx *x)
{
	struct styles_state s = {x, 0};

	return parse_part(x, "xl/styles.xml", false, styles_start, styles_end,
			  NULL, &s) < 0 ? -1 : 0;
}

/* ---- workbook and relationships ------------------------------------------------ */

static void
workbook_start(void *data, const char *el, const char **atts)
{
	struct xlsx *x = data;
	const char *n = local_name(el);

	if (strcmp(n, "workbookPr") == 0) {
		const char *v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(n, "sheet") == 0) {
		struct workbook *wb = x->wb;
		const char *name = attr(atts, "name"), *id = attr(atts, "id");
		wb->sheets = xreallocarray(wb->sheets, wb->n + 1,
					   sizeof(*wb->sheets));
		x->sheet_rel = xreallocarray(x->sheet_rel, wb->n + 1,
					     sizeof(char *));
		memset(&wb->sheets[wb->n], 0, sizeof(*wb->sheets));
		wb->sheets[wb->n].name = xstrdup(name ? name : "");
		x->sheet_rel[wb->n++] = id ? xstrdup(id) : NULL;
	}
}

static void
ignore_end(void *data, const char *el)
{
	(void)data;
	(void)el;
}

static void
rels_start(void *data, const char *el, const char **atts)
{
	struct xlsx *x = data;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");

	if (strcmp(local_name(el), "Relationship") != 0 || !id || !target)
		return;
	x->rel_id = xreallocarray(x->rel_id, x->nrels + 1, sizeof(char *));
	x->rel_target = xreallocarray(x->rel_target, x->nrels + 1,
				      sizeof(char *));
	x->rel_id[x->nrels] = xstrdup(id);
	/* targets are relative to xl/, or absolute from the archive root */
	x->rel_target[x->nrels++] = *target == '/' ? xstrdup(target + 1) :
				    xasprintf("xl/%s", target);
}

/* The part holding sheet i: by its relationship, else sheet<i+1>.xml. */
static char *
sheet_part(const struct xlsx *x, size_t i)
{
	for (size_t k = 0; x->sheet_rel[i] && k < x->nrels; k++) {
		if (strcmp(x->rel_id[k], x->sheet_rel[i]) == 0)
			return xstrdup(x->rel_target[k]);
	}
	return xasprintf("xl/worksheets/sheet%zu.xml", i + 1);
}

/* ---- cell values ------------------------------------------------------------- */

/* Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm). */
static void
civil_from_days(long long z, int *y, unsigned *m, unsigned *d)
{
	long long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A serial date as text; false when it is out of Excel's range. */
static bool
format_serial(const struct xlsx *x, double v, enum numkind k, char *out,
	      size_t size)
{
	long long days, secs;
	int y;
	unsigned m, d;

	if (!(v >= 0 && v < 2958466))
		return false;
	days = (long long)floor(v);
	secs = llround((v - (double)days) * 86400.0);
	if (secs >= 86400)
		days++, secs -= 86400;
	if (k == NK_TIME) {
		snprintf(out, size, "%02lld:%02lld:%02lld", secs / 3600,
			 secs / 60 % 60, secs % 60);
		return true;
	}
	/* serial 1 is 1900-01-01 (1904-01-02 in the 1904 system); the 1900
	 * system counts a 29 February 1900 that never was */
	if (x->date1904)
		days += 1462;
	else if (days < 61)
		days += 1;
	civil_from_days(days - 25569, &y, &m, &d);
	if (secs == 0 && k == NK_DATE)
		snprintf(out, size, "%04d-%02u-%02u", y, m, d);
	else
		snprintf(out, size, "%04d-%02u-%02u %02lld:%02lld:%02lld", y, m,
			 d, secs / 3600, secs / 60 % 60, secs % 60);
	return true;
}

/* A number as pyxform writes it: whole numbers without ".0", others in
 * the shortest form that reads back the same. */
static void
format_number(double v, char *out, size_t size)
{
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(out, size, "%.0f", v);
		if (strcmp(out, "-0") == 0)
			snprintf(out, size, "0");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(out, size, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/* ---- worksheets --------------------------------------------------------------- */

struct sheet_state {
	struct xlsx *x;
	struct sheet_builder b;
	const char *tpath;
	unsigned row, next_col, col;
	char type[16];
	unsigned style;
	struct strbuf text;
	int in_v, in_is, in_t;
	bool failed;
};

/* "AB12" -> column 27 (0-based), or -1 without letters. */
static long
ref_column(const char *ref)
{
	long col = 0;
	const char *c = ref;

	for (; (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z'); c++) {
		col = col * 26 + ((*c | 0x20) - 'a' + 1);
		if (col > (long)SHEET_MAX_COLS)
			return (long)SHEET_MAX_COLS;
	}
	return c == ref ? -1 : col - 1;
}

static void
cell_start(struct sheet_state *s, const char **atts)
{
	const char *r = attr(atts, "r"), *t = attr(atts, "t");
	const char *st = attr(atts, "s");
	long col = r ? ref_column(r) : -1;

	s->col = col >= 0 ? (unsigned)col : s->next_col;
	snprintf(s->type, sizeof(s->type), "%s", t ? t : "n");
	s->style = st ? (unsigned)strtoul(st, NULL, 10) : 0;
	strbuf_reset(&s->text);
}

static void
sheet_start(void *data, const char *el, const char **atts)
{
	struct sheet_state *s = data;
	const char *n = local_name(el);

	if (s->failed)
		return;
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		unsigned long v = r ? strtoul(r, NULL, 10) : 0;
		s->row = v > 0 && v <= 1048576 ? (unsigned)v : s->row + 1;
		s->next_col = 0;
	} else if (strcmp(n, "c") == 0) {
		cell_start(s, atts);
	} else if (strcmp(n, "v") == 0) {
		s->in_v = 1;
	} else if (strcmp(n, "is") == 0) {
		s->in_is = 1;
	} else if (strcmp(n, "t") == 0 && s->in_is) {
		s->in_t = 1;
	}
}

static void
sheet_text(void *data, const char *txt, int len)
{
	struct sheet_state *s = data;

	if (s->in_v || s->in_t)
		strbuf_add(&s->text, txt, (size_t)len);
}

static void
fail(struct sheet_state *s, const char *fmt, unsigned a)
{
	char ref[16];
	unsigned col = s->col + 1;
	size_t k = sizeof(ref) - 1;

	ref[k] = '\0';
	do {
		ref[--k] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	} while (col > 0 && k > 0);
	diag_add(s->x->d, DIAG_ERROR, s->tpath, s->row, ref + k, fmt, a);
	s->failed = true;
	XML_StopParser(s->x->parser, XML_FALSE);
}

/* The text of the cell just ended, in buf or in the shared strings. */
static const char *
cell_value(struct sheet_state *s, char *buf, size_t size)
{
	const struct xlsx *x = s->x;
	const char *v = strbuf_str(&s->text);
	char *end;

	if (strcmp(s->type, "s") == 0) {
		unsigned long i = strtoul(v, &end, 10);
		if (end == v || i >= x->nsst) {
			fail(s, "the cell refers to shared string %u, which the "
			     "workbook does not have", (unsigned)i);
			return "";
		}
		return x->sst[i];
	}
	if (strcmp(s->type, "b") == 0)
		return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ?
		       "TRUE" : "FALSE";
	if (strcmp(s->type, "n") == 0 && *v != '\0') {
		double d = strtod(v, &end);
		enum numkind k = s->style < x->nxf ? x->xf_kind[s->style] :
				 NK_NUMBER;
		if (*end != '\0' || !isfinite(d))
			return v;
		if (k == NK_NUMBER || !format_serial(x, d, k, buf, size))
			format_number(d, buf, size);
		return buf;
	}
	decode_excel_escapes(&s->text); /* inline strings, str, e, d */
	return strbuf_str(&s->text);
}

static void
cell_end(struct sheet_state *s)
{
	char buf[64];
	const char *v = cell_value(s, buf, sizeof(buf));

	if (s->failed)
		return;
	if (s->row == 0)
		s->row = 1; /* a cell outside any row */
	if (sheet_builder_put(&s->b, s->row, s->col, v, strlen(v)) != 0)
		fail(s, "the sheet is too large (more than %u cells)",
		     SHEET_MAX_CELLS);
	s->next_col = s->col + 1;
}

static void
sheet_end(void *data, const char *el)
{
	struct sheet_state *s = data;
	const char *n = local_name(el);

	if (s->failed)
		return;
	if (strcmp(n, "c") == 0)
		cell_end(s);
	else if (strcmp(n, "v") == 0)
		s->in_v = 0;
	else if (strcmp(n, "is") == 0)
		s->in_is = 0;
	else if (strcmp(n, "t") == 0)
		s->in_t = 0;
}

static int
read_sheet(struct xlsx *x, size_t i)
{
	struct wb_sheet *sh = &x->wb->sheets[i];
	char *part = sheet_part(x, i);
	char *tpath = xasprintf("%s[%s]", x->path, sh->name);
	struct sheet_state s = {.x = x, .tpath = tpath};
	int rc;

	sheet_builder_init(&s.b, &sh->t, tpath);
	rc = parse_part(x, part, true, sheet_start, sheet_end, sheet_text, &s);
	sheet_builder_finish(&s.b);
	strbuf_free(&s.text);
	free(part);
	free(tpath);
	return rc != 0 || s.failed ? -1 : 0;
}

/* ---- the whole workbook -------------------------------------------------------- */

static void
xlsx_free(struct xlsx *x)
{
	for (size_t i = 0; i < x->nsst; i++)
		free(x->sst[i]);
	for (size_t i = 0; i < x->nrels; i++) {
		free(x->rel_id[i]);
		free(x->rel_target[i]);
	}
	for (size_t i = 0; i < x->wb->n; i++)
		free(x->sheet_rel[i]);
	free(x->sst);
	free(x->xf_kind);
	free(x->fmts);
	free(x->rel_id);
	free(x->rel_target);
	free(x->sheet_rel);
	if (x->zip != NULL)
		zip_discard(x->zip);
}

static int
read_parts(struct xlsx *x)
{
	if (parse_part(x, "xl/workbook.xml", true, workbook_start, ignore_end,
		       NULL, x) != 0)
		return -1;
	if (parse_part(x, "xl/_rels/workbook.xml.rels", false, rels_start,
		       ignore_end, NULL, x) < 0)
		return -1;
	if (read_shared_strings(x) != 0 || read_styles(x) != 0)
		return -1;
	if (x->wb->n == 0) {
		diag_add(x->d, DIAG_ERROR, x->path, 0, NULL,
			 "the workbook has no sheets");
		return -1;
	}
	for (size_t i = 0; i < x->wb->n; i++) {
		if (read_sheet(x, i) != 0)
			return -1;
	}
	return 0;
}

static int
read_archive(struct xlsx *x, zip_source_t *src)
{
	zip_error_t err;
	int rc;

	zip_error_init(&err);
	x->zip = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (x->zip == NULL) {
		diag_add(x->d, DIAG_ERROR, x->path, 0, NULL, "not an .xlsx "
			 "workbook (%s); a workbook protected by a password "
			 "must be saved without one", zip_error_strerror(&err));
		zip_error_fini(&err);
		zip_source_free(src);
		return -1;
	}
	zip_error_fini(&err);
	rc = read_parts(x);
	xlsx_free(x);
	return rc;
}

int
xlsx_read_mem(const char *path, const void *data, size_t len,
	      struct workbook *wb, struct diag *d)
{
	struct xlsx x = {.path = path, .d = d, .wb = wb};
	zip_error_t err;
	zip_source_t *src;

	if (wb->path == NULL)
		wb->path = xstrdup(path);
	zip_error_init(&err);
	src = zip_source_buffer_create(data, len, 0, &err);
	zip_error_fini(&err);
	if (src == NULL)
		fatal(70, "out of memory");
	return read_archive(&x, src);
}

int
xlsx_read_file(const char *path, struct workbook *wb, struct diag *d)
{
	struct xlsx x = {.path = path, .d = d, .wb = wb};
	zip_error_t err;
	zip_source_t *src;

	if (wb->path == NULL)
		wb->path = xstrdup(path);
	zip_error_init(&err);
	src = zip_source_file_create(path, 0, -1, &err);
	if (src == NULL) {
		diag_add(d, DIAG_ERROR, path, 0, NULL, "cannot open: %s",
			 zip_error_strerror(&err));
		zip_error_fini(&err);
		return -1;
	}
	zip_error_fini(&err);
	return read_archive(&x, src);
}
