/*
 * form: lookups over a loaded form (see form.h) and the table of question
 * types.  The name index is an open-addressing hash of field and list
 * names, built once by the loader in the form's arena.
 */
#include "form.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "strhash.h"

struct form_lookup {
	const struct form_field **fields; /* nfields slots */
	const struct form_list **lists;
	size_t nfields, nlists;           /* powers of two */
};

static const struct {
	enum qtype type;
	const char *name;
	bool input;
} qtypes[] = {
	{Q_TEXT, "text", true},
	{Q_INTEGER, "integer", true},
	{Q_DECIMAL, "decimal", true},
	{Q_DATE, "date", true},
	{Q_TIME, "time", true},
	{Q_DATETIME, "dateTime", true},
	{Q_SELECT_ONE, "select_one", true},
	{Q_SELECT_MULTIPLE, "select_multiple", true},
	{Q_NOTE, "note", false},
	{Q_CALCULATE, "calculate", false},
	{Q_HIDDEN, "hidden", false},
	{Q_ACKNOWLEDGE, "acknowledge", true},
	{Q_BEGIN_GROUP, "begin_group", false},
	{Q_END_GROUP, "end_group", false},
	{Q_BEGIN_REPEAT, "begin_repeat", false},
	{Q_END_REPEAT, "end_repeat", false},
	{Q_START, "start", false},
	{Q_END, "end", false},
	{Q_TODAY, "today", false},
	{Q_DEVICEID, "deviceid", false},
	{Q_USERNAME, "username", false},
	{Q_GEOPOINT, "geopoint", true},
	{Q_GEOTRACE, "geotrace", true},
	{Q_GEOSHAPE, "geoshape", true},
	{Q_RANGE, "range", true},
	{Q_RANK, "rank", true},
	{Q_BARCODE, "barcode", true},
	{Q_IMAGE, "image", true},
	{Q_AUDIO, "audio", true},
	{Q_VIDEO, "video", true},
	{Q_FILE, "file", true},
	{Q_START_GEOPOINT, "start-geopoint", false},
	{Q_IMEI, "imei", false},
	{Q_PHONENUMBER, "phonenumber", false},
	{Q_AUDIT, "audit", false},
	{Q_BACKGROUND_AUDIO, "background-audio", false},
	{Q_SIMSERIAL, "simserial", false},
	{Q_SUBSCRIBERID, "subscriberid", false},
	{Q_EMAIL, "email", false},
};

const struct form_meta_column form_meta_columns[] = {
	{"_intake_id", "instance_id", Q_TEXT, false,
	 {"Intake id", "Identificador de la entrevista"}},
	{"_form_id", "form_id", Q_TEXT, false,
	 {"Form id", "Identificador del formulario"}},
	{"_form_version", "form_version", Q_TEXT, false,
	 {"Form version", "Versión del formulario"}},
	{"_language", "language", Q_TEXT, false,
	 {"Interview language", "Idioma de la entrevista"}},
	{"_interviewer", "interviewer", Q_TEXT, false,
	 {"Interviewer", "Entrevistador(a)"}},
	{"_started", "started", Q_DATETIME, false,
	 {"Started", "Inicio"}},
	{"_ended", "ended", Q_DATETIME, false,
	 {"Finished", "Fin"}},
	/* built from answers, often names */
	{"_instance_name", "instance_name", Q_TEXT, true,
	 {"Intake name", "Nombre de la entrevista"}},
	/* the short code written on the client's card (session.h) */
	{"_intake_code", "intake_code", Q_TEXT, false,
	 {"Intake code", "Código de la entrevista"}},
	{NULL, NULL, Q_TEXT, false, {NULL, NULL}},
};

const char *const form_reserved_columns[] = {
	"_notes", "_parent_key", "_key", "_instance", NULL,
};

size_t
form_name_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) :
					     (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

const char *
form_closest_name(const struct form *f, const char *name)
{
	const char *best = NULL;
	size_t bestd = strlen(name) < 5 ? 2 : 3;

	for (size_t i = 0; i < f->nfields; i++) {
		size_t d = form_name_distance(name, f->fields[i].name);
		if (*f->fields[i].name && d < bestd &&
		    !form_key_qualified(&f->fields[i]))
			bestd = d, best = f->fields[i].name;
	}
	return best;
}

bool
qtype_is_unavailable(enum qtype t)
{
	return t >= Q_START_GEOPOINT && t <= Q_EMAIL;
}

bool
qtype_is_media(enum qtype t)
{
	return t >= Q_IMAGE && t <= Q_FILE;
}

bool
form_has_appearance(const struct form_field *q, const char *word)
{
	size_t n = strlen(word);

	for (const char *s = q->appearance; s && *s;) {
		size_t len = strcspn(s, " \t");
		if (len == n && strncasecmp(s, word, n) == 0)
			return true;
		s += len;
		s += strspn(s, " \t");
	}
	return false;
}

bool
qtype_is_input(enum qtype t)
{
	for (size_t i = 0; i < sizeof(qtypes) / sizeof(*qtypes); i++) {
		if (qtypes[i].type == t)
			return qtypes[i].input;
	}
	return false;
}

const char *
qtype_name(enum qtype t)
{
	for (size_t i = 0; i < sizeof(qtypes) / sizeof(*qtypes); i++) {
		if (qtypes[i].type == t)
			return qtypes[i].name;
	}
	return "?";
}

bool
qtype_from_name(const char *name, enum qtype *t)
{
	for (size_t i = 0; i < sizeof(qtypes) / sizeof(*qtypes); i++) {
		if (strcasecmp(qtypes[i].name, name) == 0) {
			*t = qtypes[i].type;
			return true;
		}
	}
	return false;
}

static size_t
pow2_above(size_t n)
{
	size_t p = 16;

	while (p < n * 2)
		p *= 2;
	return p;
}

const char *
form_title_in(const struct form *f, size_t lang)
{
	static const char prefix[] = "form_title::";

	for (size_t i = 0; lang < f->nlangs && i < f->nsettings; i++) {
		const char *col = f->settings[i].column;
		if (strncasecmp(col, prefix, sizeof(prefix) - 1) == 0 &&
		    f->settings[i].value && *f->settings[i].value &&
		    form_lang_index(f, col + sizeof(prefix) - 1) == (int)lang)
			return f->settings[i].value;
	}
	return f->title;
}

void
form_index(struct form *f)
{
	struct form_lookup *l = arena_alloc(f->arena, sizeof(*l));

	l->nfields = pow2_above(f->nfields);
	l->fields = arena_array(f->arena, l->nfields, sizeof(*l->fields));
	for (size_t i = 0; i < f->nfields; i++) {
		const char *name = f->fields[i].name;
		size_t s;
		if (name == NULL || *name == '\0' || form_field_in(l, name))
			continue;
		s = str_hash(name) & (l->nfields - 1);
		while (l->fields[s] != NULL)
			s = (s + 1) & (l->nfields - 1);
		l->fields[s] = &f->fields[i];
	}
	l->nlists = pow2_above(f->nlists);
	l->lists = arena_array(f->arena, l->nlists, sizeof(*l->lists));
	for (size_t i = 0; i < f->nlists; i++) {
		size_t s = str_hash(f->lists[i].name) & (l->nlists - 1);
		while (l->lists[s] != NULL)
			s = (s + 1) & (l->nlists - 1);
		l->lists[s] = &f->lists[i];
	}
	f->lookup = l;
}

const struct form_field *
form_field_in(const struct form_lookup *l, const char *name)
{
	size_t s = str_hash(name) & (l->nfields - 1);

	while (l->fields[s] != NULL) {
		if (strcmp(l->fields[s]->name, name) == 0)
			return l->fields[s];
		s = (s + 1) & (l->nfields - 1);
	}
	return NULL;
}

const struct form_field *
form_field(const struct form *f, const char *name)
{
	return f->lookup ? form_field_in(f->lookup, name) : NULL;
}

bool
form_key_qualified(const struct form_field *q)
{
	return q->xls_name != NULL && q->xls_name != q->name;
}

const struct form_field *
form_field_ref(const struct form *f, const char *name)
{
	const struct form_field *q = form_field(f, name);

	return q != NULL && !q->reused && !form_key_qualified(q) ? q : NULL;
}

bool
form_name_ambiguous(const struct form *f, const char *name, unsigned *row1,
		    unsigned *row2)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nfields && n < 2; i++) {
		const struct form_field *q = &f->fields[i];
		const char *xn = q->xls_name ? q->xls_name : q->name;
		if (xn == NULL || strcmp(xn, name) != 0)
			continue;
		*(n++ == 0 ? row1 : row2) = q->row;
	}
	return n == 2;
}

const struct form_list *
form_list(const struct form *f, const char *name)
{
	const struct form_lookup *l = f->lookup;
	size_t s;

	if (l == NULL)
		return NULL;
	s = str_hash(name) & (l->nlists - 1);
	while (l->lists[s] != NULL) {
		if (strcmp(l->lists[s]->name, name) == 0)
			return l->lists[s];
		s = (s + 1) & (l->nlists - 1);
	}
	return NULL;
}

const char *
form_text(const struct form *f, const char *const *text, size_t lang)
{
	if (text == NULL || f->nlangs == 0)
		return NULL;
	if (lang < f->nlangs && text[lang] != NULL)
		return text[lang];
	if (text[f->default_lang] != NULL)
		return text[f->default_lang];
	for (size_t i = 0; i < f->nlangs; i++) {
		if (text[i] != NULL)
			return text[i];
	}
	return NULL;
}

int
form_lang_index(const struct form *f, const char *code_or_name)
{
	if (code_or_name == NULL)
		return -1;
	for (size_t i = 0; i < f->nlangs; i++) {
		if (strcasecmp(f->langs[i].name, code_or_name) == 0 ||
		    strcasecmp(f->langs[i].code, code_or_name) == 0)
			return (int)i;
	}
	return -1;
}

void
form_free(struct form **f)
{
	struct arena *a;

	if (f == NULL || *f == NULL)
		return;
	a = (*f)->arena;
	arena_free(&a); /* the form itself lives in its arena */
	*f = NULL;
}
