/*
 * form_load: an XLSForm folder (survey.csv, choices.csv, settings.csv)
 * becomes a struct form (see form.h).  Every problem is collected in the
 * caller's struct diag, each naming the file, the spreadsheet row and the
 * column, so a form author sees them all at once.
 *
 * Columns are matched by header name (lower-case, XLSForm's spelling) or
 * one of pyxform's aliases; unknown columns are kept on each row.  Text
 * columns may carry a language suffix (label::Español (es), label::es);
 * languages are matched by the code in parentheses, else by the suffix.
 *
 * A workbook (.xlsx, .xls) loads the same way: its survey, choices and
 * settings sheets are read into the tables the CSV files would give (see
 * xlsx.h), and diagnostics name them as FILE[sheet].  Other sheets are
 * ignored with a warning; a workbook of one sheet is its survey.
 */
#include "form.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "age.h"
#include "arena.h"
#include "csvio.h"
#include "diag.h"
#include "form_compile.h"
#include "ivpos.h"
#include "msg.h"
#include "strbuf.h"
#include "xlsx.h"
#include "strhash.h"
#include "xmem.h"

enum col {
	C_EXTRA, C_TYPE, C_NAME, C_LABEL, C_HINT, C_GUIDANCE,
	C_REQUIRED, C_REQUIRED_MSG, C_RELEVANT, C_CONSTRAINT, C_CONSTRAINT_MSG,
	C_CALCULATION, C_DEFAULT, C_READ_ONLY, C_CHOICE_FILTER, C_APPEARANCE,
	C_REPEAT_COUNT, C_TRIGGER, C_PII, C_EXPORT, C_PARAMETERS, C_LIST_NAME,
};

static const struct {
	const char *name;
	enum col col;
} columns[] = {
	{"type", C_TYPE}, {"name", C_NAME}, {"label", C_LABEL},
	{"caption", C_LABEL}, {"hint", C_HINT}, {"guidance_hint", C_GUIDANCE},
	{"required", C_REQUIRED}, {"required_message", C_REQUIRED_MSG},
	{"required message", C_REQUIRED_MSG}, {"requiredmsg", C_REQUIRED_MSG},
	{"relevant", C_RELEVANT}, {"relevance", C_RELEVANT},
	{"constraint", C_CONSTRAINT}, {"constraint_message", C_CONSTRAINT_MSG},
	{"constraint message", C_CONSTRAINT_MSG},
	{"constraining_message", C_CONSTRAINT_MSG},
	{"calculation", C_CALCULATION}, {"calculate", C_CALCULATION},
	{"default", C_DEFAULT}, {"read_only", C_READ_ONLY},
	{"readonly", C_READ_ONLY}, {"choice_filter", C_CHOICE_FILTER},
	{"choice filter", C_CHOICE_FILTER}, {"appearance", C_APPEARANCE},
	{"repeat_count", C_REPEAT_COUNT}, {"count", C_REPEAT_COUNT},
	{"jr:count", C_REPEAT_COUNT}, {"trigger", C_TRIGGER}, {"pii", C_PII},
	{"export", C_EXPORT}, {"parameters", C_PARAMETERS},
	{"list_name", C_LIST_NAME}, {"list name", C_LIST_NAME},
	{"value", C_NAME},
};

/* What one header cell of a sheet means. */
struct colmap {
	enum col col;
	int lang;          /* language index for text columns, else -1 */
	const char *header; /* as written */
};

struct loader {
	struct form *f;
	struct diag *d;
	struct workbook *wb; /* the workbook loaded from, or NULL */
	char *survey_path, *choices_path, *settings_path;
	bool clean_text;
	bool allow_choice_dups;
	char *default_name; /* settings default_language, or NULL */
	const char **no_text;  /* all NULL: for text columns the sheet lacks */
	bool has_col[C_LIST_NAME + 1]; /* survey.csv has this column */
	size_t ncols;
	struct name_slot *names;  /* list and choice names seen, see below */
	size_t names_cap, names_n;
	struct missing_text *missing; /* see check_translations */
	size_t nmissing;
};

/* The rows of one sheet's text column that lack one language while
 * other languages have them: one warning for all of them, so that a
 * form translated in part (hundreds of cells) does not bury its errors. */
#define MISSING_SHOWN 5
struct missing_text {
	const char *path, *column; /* the loader's path; a static name */
	size_t lang, count;
	unsigned rows[MISSING_SHOWN], last;
};

/* An open-addressing hash of the names in choices.csv, so that loading
 * stays linear however long the lists: list names (choice SIZE_MAX) and
 * choice names within a list (choice = its index in that list). */
struct name_slot {
	uint64_t hash;
	size_t list, choice; /* list + 1: 0 marks an empty slot */
};

static bool has_text(const struct form *f, const char *const *t);

/* ---- small helpers ---------------------------------------------------- */

/* dir/file, without doubling the slash of "forms/x/". */
static char *
path_join(const char *dir, const char *file)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, dir, file);
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Blank means only white space, by the same test cell_dup trims with. */
static bool
blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

static bool
row_blank(const struct csv_row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (!blank(r->cells[i]))
			return false;
	}
	return true;
}

/* A trimmed copy in the arena, with runs of white space collapsed to one
 * space when clean; NULL for a blank cell.  Done in place on the copy:
 * loading reads every cell of the form through here. */
static const char *
cell_dup(struct loader *L, const char *s, bool clean)
{
	size_t len;
	char *out, *w;
	bool space = false;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	out = arena_strndup(L->f->arena, s, len);
	if (!clean)
		return out;
	w = out;
	for (const char *r = out; *r; r++) {
		if (isspace((unsigned char)*r)) {
			space = true;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
	return out;
}

/* Cuts trailing white space off s, in place. */
static void
trim_end(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
}

static bool
is_yes(const char *s)
{
	return strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	       strcmp(s, "true()") == 0 || strcmp(s, "1") == 0;
}

static bool
is_no(const char *s)
{
	return strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	       strcmp(s, "false()") == 0 || strcmp(s, "0") == 0;
}

/* ---- languages ----------------------------------------------------------- */

/* The code of a suffix: "Español (es)" -> "es", "es" -> "es". */
static char *
lang_code(const char *suffix)
{
	const char *open = strrchr(suffix, '('), *close;

	if (open && (close = strchr(open, ')')) != NULL && close > open + 1)
		return xstrndup(open + 1, (size_t)(close - open - 1));
	return xstrdup(suffix);
}

static int
lang_find_or_add(struct loader *L, const char *suffix)
{
	struct form *f = L->f;
	char *code = lang_code(suffix);
	int found = -1;

	for (size_t i = 0; i < f->nlangs && found < 0; i++) {
		if (strcasecmp(f->langs[i].code, code) == 0) {
			found = (int)i;
			/* prefer the longer, more descriptive name */
			if (strlen(suffix) > strlen(f->langs[i].name))
				f->langs[i].name = arena_strdup(f->arena, suffix);
		}
	}
	if (found < 0) {
		struct form_lang *nl = arena_array(f->arena, f->nlangs + 1,
						   sizeof(*nl));
		if (f->nlangs > 0)
			memcpy(nl, f->langs, f->nlangs * sizeof(*nl));
		nl[f->nlangs].name = arena_strdup(f->arena, suffix);
		nl[f->nlangs].code = arena_strdup(f->arena, code);
		f->langs = nl;
		found = (int)f->nlangs++;
	}
	free(code);
	return found;
}

static bool
translatable(enum col c)
{
	return c == C_LABEL || c == C_HINT || c == C_GUIDANCE ||
	       c == C_REQUIRED_MSG || c == C_CONSTRAINT_MSG;
}

static enum col
column_kind(const char *base)
{
	for (size_t i = 0; i < sizeof(columns) / sizeof(*columns); i++) {
		if (strcasecmp(columns[i].name, base) == 0)
			return columns[i].col;
	}
	return C_EXTRA;
}

/* True when some header of the row holds "::": then, as in pyxform, only
 * "::" separates a column from its language in that sheet. */
static bool
sheet_uses_double_colon(const struct csv_row *h)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->cells[i] != NULL && strstr(h->cells[i], "::") != NULL)
			return true;
	return false;
}

/* Where a header's language suffix starts, after its separator: "::",
 * or, in a sheet without any "::", pyxform's legacy single colon when
 * what precedes it is a text column ("label:English (en)", "hint:es";
 * "jr:count" and other colons stay part of the name).  NULL when none;
 * *seplen is the separator's length. */
static const char *
suffix_separator(const char *cell, bool double_colon, size_t *seplen)
{
	const char *sep = strstr(cell, "::");
	char *base;
	bool text;

	*seplen = 2;
	if (sep != NULL || double_colon || (sep = strchr(cell, ':')) == NULL)
		return sep;
	base = xstrndup(cell, (size_t)(sep - cell));
	trim_end(base);
	text = translatable(column_kind(base));
	free(base);
	*seplen = 1;
	return text ? sep : NULL;
}

/* Reads a sheet's header into a column map; languages are registered. */
static struct colmap *
map_header(struct loader *L, const struct csv_row *h, bool choices)
{
	struct colmap *m = xcalloc(h->n + 1, sizeof(*m));
	bool double_colon = sheet_uses_double_colon(h);

	for (size_t i = 0; i < h->n; i++) {
		/* spreadsheets keep stray spaces around headers: trim them */
		const char *cell = cell_dup(L, h->cells[i], false);
		const char *sep, *suffix;
		size_t seplen;
		char *base;
		enum col c;

		if (cell == NULL)
			cell = "";
		sep = suffix_separator(cell, double_colon, &seplen);
		base = sep ? xstrndup(cell, (size_t)(sep - cell)) : xstrdup(cell);
		trim_end(base);
		c = column_kind(base);
		for (suffix = sep ? sep + seplen : NULL; suffix && *suffix == ' '; suffix++)
			;

		/* choices.csv knows three columns; the rest are kept for
		 * choice_filter.  survey.csv has no list_name, and "value" is
		 * a name only in choices.csv. */
		if (choices && c != C_LIST_NAME && c != C_NAME && c != C_LABEL)
			c = C_EXTRA;
		if (!choices && (c == C_LIST_NAME || strcasecmp(base, "value") == 0))
			c = C_EXTRA;
		m[i].col = c;
		m[i].header = cell;
		m[i].lang = -1;
		if (translatable(c) && (!choices || c == C_LABEL))
			m[i].lang = suffix ? lang_find_or_add(L, suffix) : -2;
		else if (sep != NULL && c != C_EXTRA)
			m[i].col = C_EXTRA;
		free(base);
	}
	return m;
}

/* Unsuffixed text columns (lang -2) belong to the default language. */
static void
settle_default_language(struct loader *L, struct colmap **maps, size_t nmaps,
			const size_t *ncols)
{
	struct form *f = L->f;
	bool unsuffixed = false;
	int def;

	for (size_t k = 0; k < nmaps; k++)
		for (size_t i = 0; i < ncols[k]; i++)
			unsuffixed |= maps[k][i].lang == -2;
	if (L->default_name != NULL) {
		def = lang_find_or_add(L, L->default_name);
	} else if (unsuffixed || f->nlangs == 0) {
		if (f->nlangs > 0)
			diag_add(L->d, DIAG_WARNING, L->settings_path, 0,
				 "default_language", "text columns without a "
				 "language suffix are in a language called "
				 "\"default\": name it in the settings, e.g. "
				 "default_language = English (en)");
		def = lang_find_or_add(L, "default");
	}
	else
		def = 0;
	f->default_lang = (size_t)def;
	for (size_t k = 0; k < nmaps; k++)
		for (size_t i = 0; i < ncols[k]; i++)
			if (maps[k][i].lang == -2)
				maps[k][i].lang = def;
}

/* Two header cells that mean the same thing.  The same header twice, or
 * a column and its alias ("relevant" and "relevance", "name" and "value"),
 * is an error, as in pyxform; "label" in the default language next to
 * "label::English (en)" is a warning: the later one wins, which is rarely
 * what the author meant. */
static void
check_duplicate_columns(struct loader *L, const char *path,
			const struct colmap *m, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		for (size_t k = 0; k < i; k++) {
			bool same = strcasecmp(m[k].header, m[i].header) == 0;
			if (!same && (m[i].col == C_EXTRA || m[k].col != m[i].col ||
				      m[k].lang != m[i].lang))
				continue;
			if (same || (!strstr(m[i].header, "::") &&
				     !strstr(m[k].header, "::"))) {
				if (*m[i].header == '\0')
					break; /* blank headers: unused columns */
				diag_add(L->d, DIAG_ERROR, path, 1, m[i].header,
					 "column %zu repeats column %zu (\"%s\"): "
					 "a column may appear only once", i + 1,
					 k + 1, m[k].header);
				break;
			}
			diag_add(L->d, DIAG_WARNING, path, 1, m[i].header,
				 "column %zu means the same as column %zu "
				 "(\"%s\")%s: only this one is used", i + 1,
				 k + 1, m[k].header, m[i].lang >= 0 ?
				 ", in the same language" : "");
			break;
		}
	}
}

/* ---- settings ------------------------------------------------------------- */

static const char *
setting(const struct form *f, const char *key)
{
	for (size_t i = 0; i < f->nsettings; i++) {
		if (strcasecmp(f->settings[i].column, key) == 0)
			return f->settings[i].value;
	}
	return NULL;
}

static const char *
folder_name(struct loader *L, const char *dir)
{
	char *copy = xstrdup(dir);
	size_t len = strlen(copy);
	const char *base;
	const char *out;

	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	if (L->wb != NULL && strrchr(copy, '.') != NULL)
		*strrchr(copy, '.') = '\0'; /* form.xlsx -> form */
	base = strrchr(copy, '/');
	out = arena_strdup(L->f->arena, base ? base + 1 : copy);
	free(copy);
	return out;
}

/* public_key: one or more age recipients ("age1..."), separated by
 * spaces; each must be valid, or the form cannot be used (records would
 * be sealed to a key nobody holds). */
static void
settings_public_keys(struct loader *L, const char *v)
{
	struct form *f = L->f;
	size_t max = 0;
	char *copy, *tok, *save = NULL;

	if (v == NULL)
		return;
	for (const char *p = v; *p; p++)
		max += *p == '1';
	copy = xstrdup(v);
	f->recipients = arena_array(f->arena, max + 1, sizeof(*f->recipients));
	for (tok = strtok_r(copy, " \t\r\n", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		char *why = NULL;

		if (age_recipient_parse(tok, &f->recipients[f->nrecipients],
					&why) == AGE_OK) {
			f->nrecipients++;
			continue;
		}
		diag_add(L->d, DIAG_ERROR, L->settings_path, 2, "public_key",
			 "\"%.24s%s\" is not an age public key: %s (intake "
			 "seals records with age keys, age1..., not ODK's RSA "
			 "keys; `intake keygen` makes one)", tok,
			 strlen(tok) > 24 ? "..." : "", why);
		free(why);
	}
	free(copy);
	if (f->nrecipients == 0)
		f->recipients = NULL;
}

/* A name that becomes part of a file name (form ids, repeat names):
 * ASCII letters, digits and "_" (and, when dash_dot, "-" and "."),
 * starting with a letter or "_", at most FORM_MAX_ID bytes. */
static bool
safe_id(const char *s, bool dash_dot)
{
	size_t n = 0;

	if (!(isalpha((unsigned char)*s) && (unsigned char)*s < 0x80) && *s != '_')
		return false;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		bool ok = c < 0x80 && (isalnum(c) || c == '_' ||
				       (dash_dot && (c == '-' || c == '.')));
		if (!ok || n >= FORM_MAX_ID)
			return false;
	}
	return true;
}

/* The folder name made a safe form id: other characters become "_". */
static const char *
safe_folder_id(struct loader *L, const char *name)
{
	char *s = arena_strndup(L->f->arena, name, strlen(name) > FORM_MAX_ID ?
				FORM_MAX_ID : strlen(name));

	for (char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80 || !(isalnum(c) || c == '_'))
			*p = '_';
	}
	if (!isalpha((unsigned char)*s) && *s != '_')
		*s = '_';
	return s;
}

/* True when a form_id reads as a path or could break a file name: a
 * separator, "..", a leading dot, a quote or any control character.  Such
 * an id is an error, not silently rewritten, because it can only come from
 * a mistake or an attack (issue: a form_id of "../records/<id>"). */
static bool
path_like_id(const char *id)
{
	if (*id == '.' || strstr(id, "..") != NULL)
		return true;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (*p == '/' || *p == '\\' || *p == '"' || *p == '\'' ||
		    *p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* Fills the form's settings fields, warning about each fallback used. */
static void
settings_apply(struct loader *L, const char *dir)
{
	struct form *f = L->f;
	const char *v;
	bool have_file = f->settings != NULL;

	f->id = setting(f, "form_id");
	if (f->id == NULL || *f->id == '\0') {
		const char *folder = folder_name(L, dir);
		f->id = safe_folder_id(L, folder);
		if (have_file && strcmp(f->id, folder) == 0)
			diag_add(L->d, DIAG_WARNING, L->settings_path, 0, "form_id",
				 "no form_id: using the %s name \"%s\"",
				 L->wb ? "file" : "folder", f->id);
		else if (have_file)
			diag_add(L->d, DIAG_WARNING, L->settings_path, 0, "form_id",
				 "no form_id: using \"%s\", made from the %s "
				 "name", f->id, L->wb ? "file" : "folder");
	} else if (path_like_id(f->id)) {
		diag_add(L->d, DIAG_ERROR, L->settings_path, 2, "form_id",
			 "form_id must not hold a path, a quote or a control "
			 "character (/ \\ .. \" ' and line breaks are refused): "
			 "it names files in the data folder");
	} else if (!safe_id(f->id, false)) {
		/* pyxform accepts it (spaces, hyphens...): the files get a
		 * safe form of it */
		const char *safe = safe_folder_id(L, f->id);
		diag_add(L->d, DIAG_WARNING, L->settings_path, 2, "form_id",
			 "form_id \"%s\" cannot name export files: \"%s\" is "
			 "used instead (only letters A-Z a-z, digits and _, "
			 "starting with a letter or _, at most %d characters)",
			 f->id, safe, FORM_MAX_ID);
		f->id = safe;
	}
	f->title = setting(f, "form_title");
	if (f->title == NULL || *f->title == '\0') {
		f->title = f->id;
		if (have_file)
			diag_add(L->d, DIAG_WARNING, L->settings_path, 0, "form_title",
				 "no form_title: using the form id \"%s\"", f->id);
	}
	f->version = setting(f, "version");
	if ((f->version == NULL || *f->version == '\0') && have_file)
		diag_add(L->d, DIAG_WARNING, L->settings_path, 0, "version",
			 "no version: exports cannot tell form versions apart");
	v = setting(f, "instance_name");
	f->instance_name.src = v && *v ? v : NULL;
	v = setting(f, "save_if");
	f->save_if.src = v && *v ? v : NULL;
	v = setting(f, "confidential_if");
	f->confidential_if.src = v && *v ? v : NULL;
	v = setting(f, "deadlines");
	f->deadlines = v && *v ? v : NULL;
	v = setting(f, "default_language");
	L->default_name = v && *v ? xstrdup(v) : NULL;
	v = setting(f, "dont_know_code");
	f->dont_know_code = v && *v ? v : "dont_know";
	v = setting(f, "refused_code");
	f->refused_code = v && *v ? v : "refused";
	v = setting(f, "clean_text_values");
	L->clean_text = v == NULL || *v == '\0' || !is_no(v);
	v = setting(f, "allow_choice_duplicates");
	L->allow_choice_dups = v != NULL && is_yes(v);
	settings_public_keys(L, setting(f, "public_key"));
}

static bool load_table(struct loader *L, const char *path, const char *sheet,
		       struct csv_table *t);

static void
read_settings(struct loader *L, const char *dir)
{
	struct form *f = L->f;
	struct csv_table t = {0};

	if (!load_table(L, L->settings_path, "settings", &t)) {
		if (L->wb == NULL)
			diag_add(L->d, DIAG_WARNING, L->settings_path, 0, NULL,
				 "no settings.csv: the form id and title fall "
				 "back to the folder name \"%s\"",
				 folder_name(L, dir));
	} else if (t.n > 0) {
		const struct csv_row *h = &t.rows[0];
		const struct csv_row *v = t.n > 1 ? &t.rows[1] : NULL;
		f->settings = arena_array(f->arena, h->n + 1, sizeof(*f->settings));
		for (size_t i = 0; i < h->n; i++) {
			const char *val = v ? cell_dup(L, csvio_cell(v, i), false) : NULL;
			if (blank(h->cells[i]))
				continue;
			f->settings[f->nsettings].column = cell_dup(L, h->cells[i], false);
			f->settings[f->nsettings++].value = val ? val : "";
		}
		if (v == NULL)
			diag_add(L->d, DIAG_WARNING, L->settings_path, 2, NULL,
				 "the settings have a header but no row of values");
	}
	csvio_table_free(&t);
	settings_apply(L, dir);
}

/* ---- choices -------------------------------------------------------------- */

static const char **
text_slots(struct loader *L)
{
	return arena_array(L->f->arena, L->f->nlangs + 1, sizeof(char *));
}

/* The name a slot stands for. */
static const char *
slot_name(const struct loader *L, const struct name_slot *e)
{
	const struct form_list *l = &L->f->lists[e->list - 1];

	return e->choice == SIZE_MAX ? l->name : l->choices[e->choice].name;
}

static uint64_t
name_hash(size_t list, const char *name)
{
	return str_hash(name) ^ (list * 0x9E3779B97F4A7C15ull);
}

/* The slot of name (a list name when choice_of is SIZE_MAX, else a
 * choice name in list choice_of): the one holding it, or the empty one
 * where it goes. */
static struct name_slot *
name_find(struct loader *L, size_t choice_of, const char *name, uint64_t h)
{
	size_t i = (size_t)h & (L->names_cap - 1);

	for (;; i = (i + 1) & (L->names_cap - 1)) {
		struct name_slot *e = &L->names[i];
		if (e->list == 0)
			return e;
		if (e->hash == h && (e->choice == SIZE_MAX) == (choice_of == SIZE_MAX) &&
		    (choice_of == SIZE_MAX || e->list - 1 == choice_of) &&
		    strcmp(slot_name(L, e), name) == 0)
			return e;
	}
}

/* Keeps the table at most half full. */
static void
names_grow(struct loader *L)
{
	struct name_slot *old = L->names;
	size_t oldcap = L->names_cap;

	if (2 * (L->names_n + 1) <= L->names_cap)
		return;
	L->names_cap = oldcap ? 2 * oldcap : 256;
	L->names = xcalloc(L->names_cap, sizeof(*L->names));
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].list == 0)
			continue;
		size_t k = (size_t)old[i].hash & (L->names_cap - 1);
		while (L->names[k].list != 0)
			k = (k + 1) & (L->names_cap - 1);
		L->names[k] = old[i];
	}
	free(old);
}

/* Room for one more element in an array grown by doubling (n elements
 * now; the capacity is the next power of two). */
static void *
grow(void *v, size_t n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		v = xreallocarray(v, n ? 2 * n : 1, size);
	return v;
}

static struct form_list *
list_for(struct loader *L, const char *name, unsigned row)
{
	struct form *f = L->f;
	uint64_t h = name_hash(0, name);
	struct name_slot *e;

	names_grow(L);
	e = name_find(L, SIZE_MAX, name, h);
	if (e->list != 0)
		return &f->lists[e->list - 1];
	f->lists = grow(f->lists, f->nlists, sizeof(*f->lists));
	memset(&f->lists[f->nlists], 0, sizeof(*f->lists));
	f->lists[f->nlists].name = arena_strdup(f->arena, name);
	f->lists[f->nlists].row = row;
	*e = (struct name_slot){h, ++f->nlists, SIZE_MAX};
	L->names_n++;
	return &f->lists[f->nlists - 1];
}

static void
add_choice(struct loader *L, struct form_list *l, const struct form_choice *c)
{
	size_t li = (size_t)(l - L->f->lists);
	uint64_t h = name_hash(li + 1, c->name);
	struct name_slot *e;

	names_grow(L);
	e = name_find(L, li, c->name, h);
	if (e->list != 0 && !L->allow_choice_dups) {
		diag_add(L->d, DIAG_ERROR, L->choices_path, c->row, "name",
			 "choice \"%s\" appears twice in list \"%s\" "
			 "(first at row %u)", c->name, l->name,
			 l->choices[e->choice].row);
		return;
	}
	l->choices = grow(l->choices, l->n, sizeof(*l->choices));
	l->choices[l->n] = *c;
	if (e->list == 0) {
		*e = (struct name_slot){h, li + 1, l->n};
		L->names_n++;
	}
	l->n++;
}

/* A choice name is a code: no spaces (a select_multiple answer is codes
 * separated by spaces), and no start a spreadsheet reads as a formula
 * unless it is a plain negative number such as -99. */
static void
check_choice_name(struct loader *L, const struct form_choice *c)
{
	const char *s = c->name;

	if (strpbrk(s, " \t\r\n") != NULL)
		diag_add(L->d, DIAG_ERROR, L->choices_path, c->row, "name",
			 "choice name \"%s\" holds a space; a choice name is a "
			 "code without spaces", s);
	else if (strchr("=+-@", *s) != NULL &&
		 !(*s == '-' && s[1] && strspn(s + 1, "0123456789.") == strlen(s + 1)))
		diag_add(L->d, DIAG_ERROR, L->choices_path, c->row, "name",
			 "choice name \"%s\" starts with %c, which a spreadsheet "
			 "reads as a formula", s, *s);
}

static void
choice_row(struct loader *L, const struct csv_row *r, const struct colmap *m,
	   size_t ncols)
{
	struct form_choice c = {0};
	const char *list = NULL;
	struct form_extra *extra = arena_array(L->f->arena, ncols + 1, sizeof(*extra));

	c.row = r->row;
	c.label = text_slots(L);
	for (size_t i = 0; i < ncols; i++) {
		const char *v = cell_dup(L, csvio_cell(r, i), false);
		if (m[i].col == C_LIST_NAME)
			list = v;
		else if (m[i].col == C_NAME)
			c.name = v;
		else if (m[i].col == C_LABEL && m[i].lang >= 0)
			c.label[m[i].lang] = v;
		else if (v != NULL && m[i].col == C_EXTRA)
			extra[c.nextra++] = (struct form_extra){
				arena_strdup(L->f->arena, m[i].header), v};
	}
	c.extra = extra;
	if (list == NULL) { /* pyxform skips such a row: so do we, saying so */
		diag_add(L->d, DIAG_WARNING, L->choices_path, r->row, "list_name",
			 "this row has no list name: it is ignored");
		return;
	}
	if (c.name == NULL) {
		list_for(L, list, r->row); /* the list exists, even if empty */
		diag_add(L->d, DIAG_ERROR, L->choices_path, r->row, "name",
			 "choice in list \"%s\" has no name", list);
		return;
	}
	check_choice_name(L, &c);
	add_choice(L, list_for(L, list, r->row), &c);
}

static void
read_choices(struct loader *L, struct csv_table *t, struct colmap *m)
{
	bool has_list = false, has_name = false;

	for (size_t i = 0; i < t->rows[0].n; i++) {
		has_list |= m[i].col == C_LIST_NAME;
		has_name |= m[i].col == C_NAME;
	}
	if (!has_list || !has_name) {
		diag_add(L->d, DIAG_ERROR, L->choices_path, 1, NULL,
			 "the choices sheet needs the columns list_name and name");
		return;
	}
	for (size_t i = 1; i < t->n; i++) {
		if (!row_blank(&t->rows[i]))
			choice_row(L, &t->rows[i], m, t->rows[0].n);
	}
}

/* The external_choices sheet (or external_choices.csv): the lists of
 * select_one_external, read like choices.  A terminal has no search
 * widget, so such a question is a select_one over its list. */
static void
read_external_choices(struct loader *L, struct csv_table *t, struct colmap *m,
		      char *path)
{
	char *choices_path = L->choices_path;

	L->choices_path = path;
	read_choices(L, t, m);
	L->choices_path = choices_path;
}

/* Moves the lists into the arena (they grew with realloc). */
static void
settle_lists(struct loader *L)
{
	struct form *f = L->f;
	struct form_list *lists = arena_array(f->arena, f->nlists + 1, sizeof(*lists));

	for (size_t i = 0; i < f->nlists; i++) {
		lists[i] = f->lists[i];
		lists[i].choices = arena_array(f->arena, lists[i].n + 1,
					       sizeof(struct form_choice));
		if (lists[i].n > 0)
			memcpy(lists[i].choices, f->lists[i].choices,
		       lists[i].n * sizeof(struct form_choice));
		free(f->lists[i].choices);
	}
	free(f->lists);
	f->lists = lists;
}

/* ---- survey: types -------------------------------------------------------- */

static const char *const type_aliases[][2] = {
	{"select_one_from_file", "select_one"},
	{"select_one_external", "select_one"},
	{"select_multiple_from_file", "select_multiple"},
	{"begin group", "begin_group"}, {"end group", "end_group"},
	{"begin repeat", "begin_repeat"}, {"end repeat", "end_repeat"},
	{"datetime", "dateTime"}, {"int", "integer"},
	{"select one from", "select_one"}, {"select one", "select_one"},
	{"select all that apply from", "select_multiple"},
	{"select all that apply", "select_multiple"}, {"string", "text"},
	{"gps", "geopoint"}, {"location", "geopoint"},
	{"select_all_that_apply", "select_multiple"},
	{"trigger", "acknowledge"}, {"begin_field-list", "begin_group"},
};

static const char *const known_types[] = {
	"text", "integer", "decimal", "date", "time", "dateTime", "select_one",
	"select_multiple", "note", "calculate", "hidden", "acknowledge",
	"begin_group", "end_group", "begin_repeat", "end_repeat", "start",
	"end", "today", "deviceid", "username", "geopoint", "geotrace",
	"geoshape", "range", "rank", "barcode", "image", "audio", "video",
	"file", "start-geopoint", "imei", "phonenumber", "audit",
	"background-audio", "simserial", "subscriberid", "email",
};

static void
unknown_type(struct loader *L, unsigned row, const char *word)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < sizeof(known_types) / sizeof(*known_types); i++) {
		size_t dd = form_name_distance(word, known_types[i]);
		if (dd < bestd)
			bestd = dd, best = known_types[i];
	}
	if (best != NULL)
		diag_add(L->d, DIAG_ERROR, L->survey_path, row, "type",
			 "unknown type \"%s\" (did you mean \"%s\"?)", word, best);
	else
		diag_add(L->d, DIAG_ERROR, L->survey_path, row, "type",
			 "unknown or unsupported type \"%s\"; supported: text "
			 "integer decimal date time dateTime select_one LIST "
			 "select_multiple LIST select_one_from_file FILE.csv "
			 "rank LIST note calculate hidden acknowledge "
			 "begin_group end_group begin_repeat end_repeat geopoint "
			 "geotrace geoshape range barcode image audio video file "
			 "and the metadata start end today deviceid username "
			 "start-geopoint imei phonenumber audit background-audio "
			 "simserial subscriberid email", word);
}

static bool
known_type(const char *cell, size_t len)
{
	char word[32];
	enum qtype t;

	memcpy(word, cell, len);
	word[len] = '\0';
	return qtype_from_name(word, &t);
}

/* What follows the list name, its spaces trimmed, or NULL when nothing. */
static char *
rest_words(char *rest)
{
	if (rest == NULL)
		return NULL;
	rest += strspn(rest, " \t");
	trim_end(rest);
	return *rest != '\0' ? rest : NULL;
}

/* pyxform's spellings of or_other after a select's list name. */
static bool
is_or_other(const char *s)
{
	return strcasecmp(s, "or_other") == 0 || strcasecmp(s, "or other") == 0 ||
	       strcasecmp(s, "or specify other") == 0;
}

/* pyxform's legacy "phone number" type: a text question of digits only
 * (its constraint, unless the row has one) with the hint "Enter numbers
 * only." in every language (unless the row has a hint), which is also
 * the message when that constraint fails. */
static void
phone_number(struct loader *L, struct form_field *q)
{
	struct form *f = L->f;
	const char **t = text_slots(L);

	for (size_t i = 0; i < f->nlangs; i++)
		t[i] = msg(f->langs[i].code ? f->langs[i].code : f->langs[i].name,
			   MSG_PHONE_NUMBER_HINT);
	if (q->constraint.src == NULL) {
		q->constraint.src = "regex(., '^[0-9]*$')";
		if (!has_text(f, q->constraint_message))
			q->constraint_message = t;
	}
	if (!has_text(f, q->hint))
		q->hint = t;
}

/* Splits "select_one list or_other" into type, list name and or_other.
 * Returns false (after a diagnostic) when the type is unknown. */
static bool
parse_type(struct loader *L, struct form_field *q, const char *cell,
	   const char **list_name)
{
	char *s = xstrdup(cell), *word, *rest;
	size_t first = strcspn(cell, " \t");
	bool ok = true;

	/* aliases matter for an unknown word or several words ("end group":
	 * "end" alone is a type of its own) */
	for (size_t i = 0; (cell[first] != '\0' || first >= 32 || !known_type(cell, first)) &&
			   i < sizeof(type_aliases) / sizeof(*type_aliases); i++) {
		size_t n = strlen(type_aliases[i][0]);
		if (strncasecmp(s, type_aliases[i][0], n) == 0 &&
		    (s[n] == '\0' || s[n] == ' ')) {
			char *t = xasprintf("%s%s", type_aliases[i][1], s + n);
			free(s);
			s = t;
			break;
		}
	}
	if (strncasecmp(cell, "phone number", 12) == 0 &&
	    cell[12 + strspn(cell + 12, " \t")] == '\0') {
		q->type = Q_TEXT;
		phone_number(L, q);
		free(s);
		return true;
	}
	word = strtok_r(s, " \t", &rest);
	if (word == NULL) {
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
			 "this row has no type");
		ok = false;
	} else if (!qtype_from_name(word, &q->type)) {
		unknown_type(L, q->row, word);
		ok = false;
	} else if (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE ||
		   q->type == Q_RANK) {
		char *list = strtok_r(NULL, " ", &rest), *other = rest_words(rest);
		if (list == NULL) {
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "%s needs a choice list name, as in \"%s yes_no\"",
				 word, word);
			ok = false;
		} else {
			*list_name = arena_strdup(L->f->arena, list);
		}
		if (other != NULL && is_or_other(other))
			q->or_other = true;
		else if (other != NULL)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "unexpected \"%s\" after the list name", other);
	}
	free(s);
	return ok;
}

static bool
valid_name(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_' || (unsigned char)*s >= 0x80))
		return false;
	for (s++; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!(isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80))
			return false;
	}
	return true;
}

/* ---- survey: rows ----------------------------------------------------------- */

static void
set_expr(struct loader *L, struct form_expr *e, const char *v, bool yesno)
{
	(void)L;
	if (v == NULL)
		return;
	if (yesno && is_yes(v))
		e->src = "true()";
	else if (yesno && is_no(v))
		e->src = NULL;
	else
		e->src = v;
}

static void
survey_cell(struct loader *L, struct form_field *q, const struct colmap *m,
	    const char *raw, const char **type)
{
	const char *v = cell_dup(L, raw, L->clean_text && translatable(m->col));

	switch (m->col) {
	case C_TYPE: *type = v; break;
	case C_NAME: q->name = v; break;
	case C_LABEL: q->label[m->lang] = v; break;
	case C_HINT: q->hint[m->lang] = v; break;
	case C_GUIDANCE: q->guidance_hint[m->lang] = v; break;
	case C_REQUIRED_MSG: q->required_message[m->lang] = v; break;
	case C_CONSTRAINT_MSG: q->constraint_message[m->lang] = v; break;
	case C_REQUIRED: set_expr(L, &q->required, v, true); break;
	case C_READ_ONLY: set_expr(L, &q->read_only, v, true); break;
	case C_RELEVANT: set_expr(L, &q->relevant, v, false); break;
	case C_CONSTRAINT: set_expr(L, &q->constraint, v, false); break;
	case C_CALCULATION: set_expr(L, &q->calculation, v, false); break;
	case C_DEFAULT: set_expr(L, &q->default_value, v, false); break;
	case C_CHOICE_FILTER: set_expr(L, &q->choice_filter, v, false); break;
	case C_REPEAT_COUNT: set_expr(L, &q->repeat_count, v, false); break;
	case C_TRIGGER: set_expr(L, &q->trigger, v, false); break;
	case C_APPEARANCE: q->appearance = v; break;
	case C_PARAMETERS: q->parameters = v; break;
	case C_PII:
		if (v != NULL && !is_yes(v) && !is_no(v))
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "pii",
				 "pii must be yes or no, not \"%s\"", v);
		q->pii = v != NULL && is_yes(v);
		break;
	case C_EXPORT:
		if (v != NULL && !is_yes(v) && !is_no(v))
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "export",
				 "export must be yes or no, not \"%s\"", v);
		q->no_export = v != NULL && is_no(v);
		break;
	default:
		if (v != NULL) {
			if (q->extra == NULL) /* only rows that have extras pay */
				q->extra = arena_array(L->f->arena, L->ncols + 1,
						       sizeof(*q->extra));
			q->extra[q->nextra].column = arena_strdup(L->f->arena, m->header);
			q->extra[q->nextra++].value = v;
		}
		break;
	}
}

/* Text slots for a column family the sheet has, else the shared empty
 * slots (nothing will be written to them). */
static const char **
slots_for(struct loader *L, enum col c)
{
	return L->has_col[c] ? text_slots(L) : L->no_text;
}

/* Parses one survey row into q; false when the row is unusable. */
static bool
survey_row(struct loader *L, struct form_field *q, const struct csv_row *r,
	   const struct colmap *m, size_t ncols, const char **list_name)
{
	const char *type = NULL;

	q->row = r->row;
	q->label = slots_for(L, C_LABEL);
	q->hint = slots_for(L, C_HINT);
	q->guidance_hint = slots_for(L, C_GUIDANCE);
	q->constraint_message = slots_for(L, C_CONSTRAINT_MSG);
	q->required_message = slots_for(L, C_REQUIRED_MSG);
	for (size_t i = 0; i < ncols; i++)
		survey_cell(L, q, &m[i], csvio_cell(r, i), &type);
	if (type == NULL) {
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
			 "this row has no type");
		return false;
	}
	if (!parse_type(L, q, type, list_name))
		return false;
	if (q->name == NULL && q->type != Q_END_GROUP && q->type != Q_END_REPEAT) {
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "name",
			 "a %s row needs a name", qtype_name(q->type));
		q->name = "";
	} else if (q->name != NULL && !valid_name(q->name)) {
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "name",
			 "\"%s\" is not a valid name: start with a letter or _, "
			 "then use letters, digits, -, _ or .", q->name);
	}
	if (q->name == NULL)
		q->name = "";
	return true;
}

/* ---- survey: structure and checks ---------------------------------------- */

/* The parent-chain shortcuts of q (form.h), from its parent's. */
static void
set_shortcuts(struct form_field *q, const struct form_field *p)
{
	q->repeat = p == NULL ? NULL : p->type == Q_BEGIN_REPEAT ? p : p->repeat;
	q->repeat_depth = q->repeat ? q->repeat->repeat_depth + 1 : 0;
	q->relevant_parent = p == NULL ? NULL : p->relevant.src ? p :
			     p->relevant_parent;
}

static void
link_nesting(struct loader *L)
{
	struct form *f = L->f;
	/* open begin rows, innermost last; never deeper than the form */
	struct form_field **stack = xcalloc(f->nfields + 1, sizeof(*stack));
	size_t depth = 0;
	int repeats = 0; /* open begin_repeat rows */

	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *q = &f->fields[i];
		q->index = i;
		q->parent = depth ? stack[depth - 1] : NULL;
		set_shortcuts(q, q->parent);
		if (q->type == Q_BEGIN_REPEAT && ++repeats == IVPOS_MAX_DEPTH + 1)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "repeats can be nested %d deep at most; this "
				 "one is inside %d others", IVPOS_MAX_DEPTH,
				 IVPOS_MAX_DEPTH);
		if (q->type == Q_BEGIN_GROUP || q->type == Q_BEGIN_REPEAT) {
			stack[depth++] = q;
			continue;
		}
		if (q->type != Q_END_GROUP && q->type != Q_END_REPEAT)
			continue;
		if (depth == 0) {
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "%s without a matching begin", qtype_name(q->type));
			continue;
		}
		struct form_field *b = stack[--depth];
		bool repeat = q->type == Q_END_REPEAT;
		repeats -= b->type == Q_BEGIN_REPEAT;
		if (repeat != (b->type == Q_BEGIN_REPEAT))
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "%s closes the %s \"%s\" of row %u", qtype_name(q->type),
				 repeat ? "group" : "repeat", b->name, b->row);
		if (*q->name != '\0' && strcmp(q->name, b->name) != 0)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "name",
				 "%s \"%s\" closes the %s \"%s\" of row %u: the "
				 "names differ", qtype_name(q->type), q->name,
				 repeat ? "repeat" : "group", b->name, b->row);
		q->name = ""; /* the name of what it closes, not its own */
		b->end = q;
		q->parent = b; /* an end row belongs to its block */
		set_shortcuts(q, b);
	}
	while (depth > 0) {
		struct form_field *b = stack[--depth];
		diag_add(L->d, DIAG_ERROR, L->survey_path, b->row, "type",
			 "%s \"%s\" is never closed (add an %s row)",
			 qtype_name(b->type), b->name,
			 b->type == Q_BEGIN_GROUP ? "end_group" : "end_repeat");
	}
	free(stack);
}

/* Order for the name checks: by parent, then name (case-blind), then row. */
static int
sibling_cmp(const void *a, const void *b)
{
	const struct form_field *p = *(const struct form_field *const *)a;
	const struct form_field *q = *(const struct form_field *const *)b;
	size_t pp = p->parent ? p->parent->index + 1 : 0;
	size_t qp = q->parent ? q->parent->index + 1 : 0;
	int c = pp < qp ? -1 : pp > qp;

	if (c == 0)
		c = strcasecmp(p->name, q->name);
	return c != 0 ? c : (p->row > q->row) - (p->row < q->row);
}

/* By name (exactly, as pyxform's ${} index), then row. */
static int
name_cmp(const void *a, const void *b)
{
	const struct form_field *p = *(const struct form_field *const *)a;
	const struct form_field *q = *(const struct form_field *const *)b;
	int c = strcmp(p->name, q->name);

	return c != 0 ? c : (p->row > q->row) - (p->row < q->row);
}

/* Two siblings of the same name (but for case), one of them the
 * "Specify other" row that or_other adds: the other one is renamed, as
 * pyxform refuses it too (two elements of one name). */
static void
other_collision(struct loader *L, const struct form_field *a,
		const struct form_field *b)
{
	const struct form_field *gen = a->specify_other ? a : b;
	const struct form_field *own = a->specify_other ? b : a;

	if (own->specify_other)
		return; /* two selects of the same name: said about them */
	diag_add(L->d, strcmp(a->name, b->name) == 0 ? DIAG_ERROR : DIAG_WARNING,
		 L->survey_path, own->row, "name",
		 "the name \"%s\" is %s the \"Specify other\" question that "
		 "or_other on row %u adds (a text question named after the "
		 "select, with _other): rename this row, or remove or_other "
		 "and keep this row as that question", own->name,
		 strcmp(a->name, b->name) == 0 ? "also the name of" :
		 "the name, but for case, of", gen->row);
}

/* A name must be unique among the rows of its nearest group or repeat, or
 * of the top level; one that differs only in case is a warning (as pyxform). */
static void
check_sibling_names(struct loader *L, const struct form_field **v, size_t n)
{
	qsort(v, n, sizeof(*v), sibling_cmp);
	for (size_t i = 1; i < n; i++) {
		if (v[i - 1]->parent != v[i]->parent ||
		    strcasecmp(v[i - 1]->name, v[i]->name) != 0)
			continue;
		if (v[i - 1]->specify_other || v[i]->specify_other)
			other_collision(L, v[i - 1], v[i]);
		else if (strcmp(v[i - 1]->name, v[i]->name) == 0)
			diag_add(L->d, DIAG_ERROR, L->survey_path, v[i]->row,
				 "name", "the name \"%s\" is already used on "
				 "row %u", v[i]->name, v[i - 1]->row);
		else
			diag_add(L->d, DIAG_WARNING, L->survey_path, v[i]->row,
				 "name", "the name \"%s\" differs only in case "
				 "from \"%s\" on row %u, in the same group: "
				 "spreadsheets and databases may confuse them",
				 v[i]->name, v[i - 1]->name, v[i - 1]->row);
	}
}

/* A name written in rows v[0..n-1] (sorted by row), n >= 2: a repeat keeps
 * its name (it names paths and export files), which must be its alone; so
 * do the rows at the top level; every other row is marked in requalify
 * for a key "parent:name" (form.h). */
static void
mark_reused(struct loader *L, struct form_field **v, size_t n,
	    bool *requalify)
{
	const struct form_field *plain = NULL;

	for (size_t i = 0; i < n; i++) {
		struct form_field *q = v[i];
		q->reused = true;
		if (q->type != Q_BEGIN_REPEAT && q->parent != NULL) {
			requalify[q->index] = true;
			continue;
		}
		if (plain != NULL && plain->parent != q->parent)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row,
				 "name", "the name \"%s\" is already used on "
				 "row %u: a repeat's name must be unique in the "
				 "form", q->name, plain->row);
		plain = plain ? plain : q;
	}
}

/* A "Specify other" row is relevant when its select (the row before it)
 * has "other" chosen: named by the select's key, which is "group:name"
 * when the select's name is reused in another group (as pyxform allows
 * it, reading ../name there). */
static void
name_other_selects(struct form *f)
{
	for (size_t i = 1; i < f->nfields; i++) {
		const struct form_field *sel = &f->fields[i - 1];
		if (f->fields[i].specify_other && sel->reused)
			f->fields[i].relevant.src = arena_printf(f->arena,
				"selected(${%s}, 'other')", sel->name);
	}
}

/* pyxform's name rules (see README, "Names"): unique among siblings; a
 * repeat's name unique in the form; other names may be reused in
 * different groups, and then get a qualified key (form.h), given in row
 * order so that a parent's key is final before its children's. */
static void
check_names(struct loader *L)
{
	struct form *f = L->f;
	struct form_field **v = xcalloc(f->nfields + 1, sizeof(*v));
	bool *requalify = xcalloc(f->nfields + 1, sizeof(*requalify));
	size_t n = 0;

	for (size_t i = 0; i < f->nfields; i++) {
		f->fields[i].xls_name = f->fields[i].name;
		if (*f->fields[i].name != '\0')
			v[n++] = &f->fields[i];
	}
	check_sibling_names(L, (const struct form_field **)v, n);
	qsort(v, n, sizeof(*v), name_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(v[i]->name, v[j]->name) == 0; j++)
			;
		if (j - i > 1)
			mark_reused(L, v + i, j - i, requalify);
	}
	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *q = &f->fields[i];
		if (!requalify[i])
			continue;
		q->name = arena_printf(f->arena, "%s:%s", q->parent->name,
				       q->xls_name);
		if (strncmp(q->name, "meta:", 5) == 0)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row,
				 "name", "the name \"%s\" is used in other "
				 "groups too, which a group called \"meta\" "
				 "cannot allow (the name is reserved for the "
				 "record's metadata)", q->xls_name);
	}
	free(requalify);
	free(v);
	name_other_selects(f);
}

static int
table_cmp(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* The export tables (main, one per repeat, the codebook) each get a file
 * <form_id>[-<name>].csv: repeat names must be safe in a file name and
 * no two files may share a name, even on a case-blind disk. */
static void
check_tables(struct loader *L)
{
	struct form *f = L->f;
	char **names = xcalloc(f->nfields + 2, sizeof(char *));
	size_t n = 0;

	names[n++] = xasprintf("%s-codebook", f->id);
	for (size_t i = 0; i < f->nfields; i++) {
		const struct form_field *q = &f->fields[i];
		if (q->type != Q_BEGIN_REPEAT || *q->name == '\0')
			continue;
		if (!safe_id(q->name, true))
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "name",
				 "the repeat name \"%s\" cannot name an export "
				 "file: use only letters A-Z a-z, digits, _, - and . "
				 "(at most %d characters)", q->name, FORM_MAX_ID);
		names[n++] = xasprintf("%s-%s", f->id, q->name);
	}
	qsort(names, n, sizeof(*names), table_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcasecmp(names[i - 1], names[i]) != 0)
			continue;
		const char *rep = strchr(names[i], '-') + 1;
		const struct form_field *q = form_field(f, rep);
		if (strcmp(names[i - 1], names[i]) == 0 &&
		    strcasecmp(rep, "codebook") != 0)
			continue; /* one repeat name twice: check_names says so */
		diag_add(L->d, DIAG_ERROR, L->survey_path, q ? q->row : 0, "name",
			 "the repeat \"%s\" would be exported to %s.csv, a file "
			 "name already taken%s: rename the repeat", rep,
			 names[i], strcasecmp(rep, "codebook") == 0 ?
			 " by the codebook" : "");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static bool
has_text(const struct form *f, const char *const *t)
{
	for (size_t i = 0; i < f->nlangs; i++) {
		if (t[i] != NULL)
			return true;
	}
	return false;
}

/* Languages (bit per index) that appear in each text column's headers. */
static unsigned long long
langs_of(const struct colmap *m, size_t n, enum col c)
{
	unsigned long long bits = 0;

	for (size_t i = 0; i < n; i++) {
		if (m[i].col == c && m[i].lang >= 0 && m[i].lang < 64)
			bits |= 1ull << m[i].lang;
	}
	return bits;
}

static void note_missing(struct loader *L, const char *path, unsigned row,
			 const char *column, size_t lang);

static void
check_translations(struct loader *L, const char *path, unsigned row,
		   const char *column, const char *const *t,
		   unsigned long long langs)
{
	const struct form *f = L->f;

	if (!has_text(f, t))
		return;
	for (size_t l = 0; l < f->nlangs && l < 64; l++) {
		if ((langs & (1ull << l)) && t[l] == NULL)
			note_missing(L, path, row, column, l);
	}
}

/* Counts a cell of column in path's sheet that has no text in lang. */
static void
note_missing(struct loader *L, const char *path, unsigned row,
	     const char *column, size_t lang)
{
	struct missing_text *m = NULL;

	for (size_t i = 0; i < L->nmissing && m == NULL; i++) {
		struct missing_text *x = &L->missing[i];
		if (x->path == path && x->lang == lang &&
		    strcmp(x->column, column) == 0)
			m = x;
	}
	if (m == NULL) {
		L->missing = xreallocarray(L->missing, L->nmissing + 1,
					   sizeof(*L->missing));
		m = &L->missing[L->nmissing++];
		*m = (struct missing_text){.path = path, .column = column,
					   .lang = lang};
	}
	if (m->count < MISSING_SHOWN)
		m->rows[m->count] = row;
	m->count++;
	m->last = row;
}

/* One warning per sheet, column and language that lacks text, at its
 * first row: the rows named, the first few and the last. */
static void
report_missing(struct loader *L)
{
	for (size_t i = 0; i < L->nmissing; i++) {
		const struct missing_text *m = &L->missing[i];
		const char *lang = L->f->langs[m->lang].name;
		struct strbuf rows = STRBUF_INIT;

		if (m->count == 1) {
			diag_add(L->d, DIAG_WARNING, m->path, m->rows[0], m->column,
				 "no %s text (other languages have one)", lang);
			continue;
		}
		for (size_t k = 0; k < m->count && k < MISSING_SHOWN; k++)
			strbuf_printf(&rows, "%s%u", k ? ", " : "", m->rows[k]);
		if (m->count > MISSING_SHOWN)
			strbuf_printf(&rows, "%s %u", m->count > MISSING_SHOWN + 1 ?
				      ", …" : ",", m->last);
		diag_add(L->d, DIAG_WARNING, m->path, m->rows[0], m->column,
			 "no %s text in %zu rows (other languages have one): "
			 "rows %s", lang, m->count, strbuf_str(&rows));
		strbuf_free(&rows);
	}
	free(L->missing);
	L->missing = NULL;
	L->nmissing = 0;
}

/* Every ${name} in a text cell must name a field, as pyxform requires. */
static void
check_text_refs(struct loader *L, const char *path, unsigned row,
		const char *column, size_t lang, const char *text)
{
	const struct form *f = L->f;
	const char *p = text, *close;

	while (text != NULL && (p = strstr(p, "${")) != NULL &&
	       (close = strchr(p + 2, '}')) != NULL) {
		char *name = xstrndup(p + 2, (size_t)(close - p - 2));
		if (form_field_ref(f, name) == NULL) {
			char *col = lang == f->default_lang ? xstrdup(column) :
				    xasprintf("%s::%s", column, f->langs[lang].name);
			const char *near = form_closest_name(f, name);
			unsigned r1, r2;
			if (form_name_ambiguous(f, name, &r1, &r2))
				diag_add(L->d, DIAG_ERROR, path, row, col,
					 FORM_AMBIGUOUS_MSG, name, r1, r2, name);
			else
				diag_add(L->d, DIAG_ERROR, path, row, col,
					 "${%s} is not a field of this form%s%s%s",
					 name, near ? " (did you mean ${" : "",
					 near ? near : "", near ? "}?)" : "");
			free(col);
		}
		free(name);
		p = close + 1;
	}
}

static void
check_texts_refs(struct loader *L, const char *path, unsigned row,
		 const char *column, const char *const *t)
{
	for (size_t l = 0; l < L->f->nlangs; l++)
		check_text_refs(L, path, row, column, l, t[l]);
}

static bool
is_export_column(const char *name)
{
	for (size_t i = 0; form_meta_columns[i].column; i++)
		if (strcmp(form_meta_columns[i].column, name) == 0)
			return true;
	for (size_t i = 0; form_reserved_columns[i]; i++)
		if (strcmp(form_reserved_columns[i], name) == 0)
			return true;
	return false;
}

/* A list name that is a file: select_one_from_file's. */
static bool
is_file_list(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && (strcasecmp(dot, ".csv") == 0 ||
			       strcasecmp(dot, ".xml") == 0 ||
			       strcasecmp(dot, ".geojson") == 0);
}

/* Header columns of a choices file: name, label (any language the form
 * has), the rest kept for choice_filter. */
static void
file_list_columns(struct loader *L, const struct csv_row *h, int *kind)
{
	for (size_t i = 0; i < h->n; i++) {
		const char *c = h->cells[i];
		kind[i] = -3; /* extra */
		if (strcasecmp(c, "name") == 0)
			kind[i] = -1;
		else if (strcasecmp(c, "label") == 0)
			kind[i] = (int)L->f->default_lang;
		else if (strncasecmp(c, "label::", 7) == 0) {
			char *code = lang_code(c + 7);
			int l = form_lang_index(L->f, code);
			free(code);
			kind[i] = l >= 0 ? l : -3;
		}
	}
}

/* Appends the choices of a CSV file beside the form as the list named
 * after the file, for select_one_from_file; false (after an error naming
 * the survey row) when it cannot be read. */
static bool
load_file_list(struct loader *L, const char *file, unsigned row)
{
	struct form *f = L->f;
	char *path = path_join(f->dir, file);
	struct csv_table t = {0};
	struct form_list *lists, *l;
	int *kind;

	if (strcasecmp(strrchr(file, '.'), ".csv") != 0 || !file_exists(path)) {
		diag_add(L->d, DIAG_ERROR, L->survey_path, row, "type",
			 strcasecmp(strrchr(file, '.'), ".csv") != 0 ?
			 "\"%s\": only .csv choice files can be read" :
			 "the choices file \"%s\" is not in the form's folder",
			 file);
		free(path);
		return false;
	}
	if (csvio_read_file(path, &t, L->d) != 0 || t.n == 0) {
		free(path);
		csvio_table_free(&t);
		return false;
	}
	kind = xcalloc(t.rows[0].n + 1, sizeof(int));
	file_list_columns(L, &t.rows[0], kind);
	lists = arena_array(f->arena, f->nlists + 2, sizeof(*lists));
	if (f->nlists > 0)
		memcpy(lists, f->lists, f->nlists * sizeof(*lists));
	l = &lists[f->nlists];
	l->name = arena_strdup(f->arena, file);
	l->choices = arena_array(f->arena, t.n, sizeof(*l->choices));
	for (size_t r = 1; r < t.n; r++) {
		struct form_choice *c = &l->choices[l->n];
		memset(c, 0, sizeof(*c)); /* a skipped row may have used it */
		c->row = t.rows[r].row;
		c->label = text_slots(L);
		c->extra = arena_array(f->arena, t.rows[r].n + 1, sizeof(*c->extra));
		for (size_t i = 0; i < t.rows[r].n && i < t.rows[0].n; i++) {
			const char *v = cell_dup(L, t.rows[r].cells[i], false);
			if (kind[i] == -1)
				c->name = v;
			else if (kind[i] >= 0)
				c->label[kind[i]] = v;
			else if (v != NULL)
				c->extra[c->nextra++] = (struct form_extra){
					arena_strdup(f->arena, t.rows[0].cells[i]), v};
		}
		if (c->name != NULL)
			l->n++;
		else
			diag_add(L->d, DIAG_WARNING, path, c->row, "name",
				 "this choice has no name: it is left out");
	}
	f->lists = lists;
	f->nlists++;
	free(kind);
	free(path);
	csvio_table_free(&t);
	return true;
}

/* A copy of s without the spaces around each "=": "start = 1" -> "start=1". */
static char *
squeeze_equals(const char *s)
{
	char *out = xstrdup(s), *w = out;

	for (const char *r = s; *r; r++) {
		if (*r == ' ' && (r[1] == '=' || r[1] == ' ' ||
				  (w > out && w[-1] == '=')))
			continue;
		*w++ = *r;
	}
	*w = '\0';
	return out;
}

/* range's parameters "start=0 end=10 step=1" (pyxform's defaults), keys
 * in any case, separated by spaces, commas or semicolons. */
static void
range_parameters(struct loader *L, struct form_field *q)
{
	char *s = squeeze_equals(q->parameters ? q->parameters : ""), *tok, *save;

	q->range_start = 0, q->range_end = 10, q->range_step = 1;
	for (tok = strtok_r(s, " ,;", &save); tok; tok = strtok_r(NULL, " ,;", &save)) {
		char *eq = strchr(tok, '='), *end;
		double v = eq ? strtod(eq + 1, &end) : 0;
		if (eq == NULL || end == eq + 1 || *end != '\0') {
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "parameters",
				 "\"%s\" is not KEY=NUMBER (range takes start, end "
				 "and step)", tok);
			continue;
		}
		*eq = '\0';
		if (strcasecmp(tok, "start") == 0)
			q->range_start = v;
		else if (strcasecmp(tok, "end") == 0)
			q->range_end = v;
		else if (strcasecmp(tok, "step") == 0)
			q->range_step = v;
		else
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row,
				 "parameters", "range has no parameter \"%s\" "
				 "(it takes start, end and step)", tok);
	}
	if (!(q->range_step > 0))
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "parameters",
			 "range's step must be a number above 0");
	free(s);
}

/* A select's parameters, as pyxform reads them: randomize=true|false and
 * seed=NUMBER|${name} (only with randomize); value= and label= name a
 * file list's columns (read by load_file_list). */
static void
select_parameters(struct loader *L, struct form_field *q, bool file)
{
	char *s = squeeze_equals(q->parameters ? q->parameters : ""), *tok, *save;
	const char *seed = NULL;
	bool rnd = false;

	for (tok = strtok_r(s, " ,;", &save); tok; tok = strtok_r(NULL, " ,;", &save)) {
		char *eq = strchr(tok, '='), *end;
		if (eq != NULL)
			*eq++ = '\0';
		if (eq != NULL && strcasecmp(tok, "randomize") == 0 &&
		    (strcasecmp(eq, "true") == 0 || strcasecmp(eq, "false") == 0))
			rnd = strcasecmp(eq, "true") == 0;
		else if (eq != NULL && strcasecmp(tok, "randomize") == 0)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "parameters",
				 "randomize must be true or false, not \"%s\"", eq);
		else if (eq != NULL && strcasecmp(tok, "seed") == 0 &&
			 ((strtod(eq, &end), end != eq && *end == '\0') ||
			  (strncmp(eq, "${", 2) == 0 && eq[strlen(eq) - 1] == '}')))
			seed = arena_strdup(L->f->arena, eq);
		else if (eq != NULL && strcasecmp(tok, "seed") == 0)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "parameters",
				 "seed must be a number or a ${name}, not \"%s\"", eq);
		else if (!(file && eq != NULL && (strcasecmp(tok, "value") == 0 ||
						  strcasecmp(tok, "label") == 0)))
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "parameters",
				 "a select takes the parameters randomize and seed%s, "
				 "not \"%s\"", file ? " (and value, label)" : "", tok);
	}
	if (seed != NULL && *seed == '$') {
		char *name = xstrndup(seed + 2, strlen(seed) - 3);
		if (form_field_ref(L->f, name) == NULL)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row,
				 "parameters", "seed: ${%s} is not a field of "
				 "this form", name);
		free(name);
	}
	if (seed != NULL && !rnd)
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "parameters",
			 "seed needs randomize=true");
	q->randomize = rnd;
	q->seed = rnd ? seed : NULL;
	free(s);
}

/* trigger holds one ${name} of a question the interviewer answers, as
 * pyxform requires. */
static void
check_trigger(struct loader *L, struct form_field *q)
{
	const char *s = q->trigger.src, *close;
	const struct form_field *t;
	char *name;

	if (s == NULL)
		return;
	q->set_only = !has_text(L->f, q->label) && !has_text(L->f, q->hint);
	while (*s == ' ')
		s++;
	close = strncmp(s, "${", 2) == 0 ? strchr(s, '}') : NULL;
	if (close == NULL || close[1 + strspn(close + 1, " ")] != '\0') {
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "trigger",
			 "only a reference to another field, like ${age}, is "
			 "allowed in the trigger column");
		return;
	}
	name = xstrndup(s + 2, (size_t)(close - s - 2));
	t = form_field(L->f, name);
	if (t != NULL && (!qtype_is_input(t->type) ||
			  (t->calculation.src != NULL && t->trigger.src == NULL)))
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "trigger",
			 "${%s} is not a question the interviewer answers, so "
			 "it cannot trigger ${%s}", name, q->name);
	free(name);
}

/* Types a terminal cannot know, and media on a form that seals its
 * records: a warning, never a refusal. */
static void
warn_unavailable(struct loader *L, const struct form_field *q)
{
	diag_add(L->d, DIAG_WARNING, L->survey_path, q->row, "type",
		 "%s: a terminal cannot know this; it is recorded empty",
		 qtype_name(q->type));
}

/* An image, audio or video column (media::image, image::es ...) with a
 * value: pyxform takes it in place of a label. */
static bool
has_media(const struct form_field *q)
{
	static const char *const media[] = {"media::", "image", "audio",
					    "video", "big-image"};

	for (size_t i = 0; i < q->nextra; i++)
		for (size_t k = 0; k < sizeof(media) / sizeof(*media); k++)
			if (strncasecmp(q->extra[i].column, media[k],
					strlen(media[k])) == 0)
				return true;
	return false;
}

/* A question or note with neither label, hint nor media, and no
 * calculation or trigger to fill it: pyxform refuses it ("The survey
 * element named 'a' has no label or hint.", survey_element.py), since
 * the client would show an empty prompt. */
static void
no_label_error(struct loader *L, const struct form_field *q)
{
	const char *name = q->xls_name ? q->xls_name : q->name;

	diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "label",
		 "the %s \"%s\" has no label or hint: give it the text to "
		 "show", q->type == Q_NOTE ? "note" : "question", name);
}

static void
check_field(struct loader *L, struct form_field *q, const char *list_name,
	    const struct colmap *m, size_t ncols)
{
	const struct form *f = L->f;
	static const struct { enum col c; const char *name; } texts[] = {
		{C_LABEL, "label"}, {C_HINT, "hint"},
		{C_CONSTRAINT_MSG, "constraint_message"},
		{C_REQUIRED_MSG, "required_message"}};
	const char *const *cols[] = {q->label, q->hint, q->constraint_message,
				     q->required_message};

	if (list_name != NULL) {
		q->list = form_list(f, list_name);
		if (q->list == NULL && is_file_list(list_name))
			; /* load_file_list said why */
		else if (q->list == NULL)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "choice list \"%s\" is not in %s", list_name,
				 L->wb ? "the choices sheet" : "choices.csv");
		else if (q->list->n == 0)
			diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "type",
				 "choice list \"%s\" has no choices", list_name);
	}
	if (q->type == Q_RANGE)
		range_parameters(L, q);
	else if (q->list != NULL || (list_name && is_file_list(list_name)))
		select_parameters(L, q, list_name && is_file_list(list_name));
	if (qtype_is_unavailable(q->type))
		warn_unavailable(L, q);
	check_trigger(L, q);
	if (*q->name == '_' && is_export_column(q->name))
		diag_add(L->d, DIAG_WARNING, L->survey_path, q->row, "name",
			 "\"%s\" is also the name of an export column; "
			 "rename the field so the export has one column of "
			 "each name", q->name);
	if (q->repeat_count.src != NULL && q->type != Q_BEGIN_REPEAT)
		diag_add(L->d, DIAG_WARNING, L->survey_path, q->row, "repeat_count",
			 "repeat_count only applies to begin_repeat rows");
	if (q->type == Q_CALCULATE && q->calculation.src == NULL)
		diag_add(L->d, DIAG_ERROR, L->survey_path, q->row, "calculation",
			 "calculate row \"%s\" has no calculation", q->name);
	for (size_t i = 0; i < 4; i++) {
		check_translations(L, L->survey_path, q->row, texts[i].name,
				   cols[i], langs_of(m, ncols, texts[i].c));
		check_texts_refs(L, L->survey_path, q->row, texts[i].name, cols[i]);
	}
	check_texts_refs(L, L->survey_path, q->row, "guidance_hint",
			 (const char *const *)q->guidance_hint);
	if ((qtype_is_input(q->type) || q->type == Q_NOTE) &&
	    !has_text(f, q->label) && !has_text(f, q->hint) && !has_media(q) &&
	    q->calculation.src == NULL && q->trigger.src == NULL)
		no_label_error(L, q);
}

static void
check_lists(struct loader *L, const struct colmap *m, size_t ncols)
{
	struct form *f = L->f;
	unsigned long long langs = langs_of(m, ncols, C_LABEL);

	bool *used = xcalloc(f->nlists + 1, sizeof(bool));

	for (size_t k = 0; k < f->nfields; k++)
		if (f->fields[k].list != NULL)
			used[f->fields[k].list - f->lists] = true;
	for (size_t i = 0; i < f->nlists; i++) {
		const struct form_list *l = &f->lists[i];
		if (!used[i])
			diag_add(L->d, DIAG_WARNING, L->choices_path, l->row,
				 "list_name", "list \"%s\" is not used by any question",
				 l->name);
		for (size_t k = 0; k < l->n; k++) {
			const struct form_choice *c = &l->choices[k];
			check_texts_refs(L, L->choices_path, c->row, "label",
					 c->label);
			if (!has_text(f, c->label))
				diag_add(L->d, DIAG_WARNING, L->choices_path, c->row,
					 "label", "choice \"%s\" has no label", c->name);
			else
				check_translations(L, L->choices_path, c->row,
						   "label", c->label, langs);
		}
	}
	free(used);
}

/* ---- the whole form ---------------------------------------------------------- */

/* The table of a CSV file, or of a workbook's sheet; false when there is
 * none or it cannot be read (an error then in L->d). */
static bool
load_table(struct loader *L, const char *path, const char *sheet,
	   struct csv_table *t)
{
	if (L->wb != NULL)
		return workbook_take(L->wb, sheet, t);
	if (!file_exists(path))
		return false;
	return csvio_read_file(path, t, L->d) == 0;
}

static bool
read_table(struct loader *L, const char *path, const char *sheet,
	   struct csv_table *t, bool mandatory)
{
	if (!load_table(L, path, sheet, t)) {
		if (mandatory && L->wb != NULL)
			diag_add(L->d, DIAG_ERROR, L->wb->path, 0, NULL,
				 "missing: the workbook has no sheet called "
				 "\"survey\"");
		else if (mandatory && !file_exists(path))
			diag_add(L->d, DIAG_ERROR, path, 0, NULL,
				 "missing: a form folder needs survey.csv");
		return false;
	}
	if (t->n == 0 && mandatory)
		diag_add(L->d, DIAG_ERROR, path, 0, NULL, "the file is empty");
	/* an empty choices sheet is no sheet, as in pyxform (workbooks
	 * often keep one) */
	return t->n > 0;
}

static bool
has_columns(struct loader *L, const struct colmap *m, size_t n)
{
	bool type = false, name = false;

	for (size_t i = 0; i < n; i++) {
		type |= m[i].col == C_TYPE;
		name |= m[i].col == C_NAME;
	}
	if (!type || !name)
		diag_add(L->d, DIAG_ERROR, L->survey_path, 1, NULL,
			 "the survey sheet has %s column: its first row must name "
			 "the columns, among them type and name",
			 !type && !name ? "neither a type nor a name" :
			 !type ? "no type" : "no name");
	return type && name;
}

/* pyxform's "Specify other" question, q, for the or_other select sel: a
 * text row NAME_other, relevant when "other" is chosen, labelled in every
 * language of the form.  It takes sel's row number (it has none of its
 * own), so its diagnostics point at the row that asked for it. */
static void
specify_other(struct loader *L, struct form_field *q,
	      const struct form_field *sel)
{
	struct form *f = L->f;

	memset(q, 0, sizeof(*q));
	q->row = sel->row;
	q->type = Q_TEXT;
	q->specify_other = true;
	q->name = arena_printf(f->arena, "%s_other", sel->name);
	q->label = text_slots(L);
	for (size_t i = 0; i < f->nlangs; i++) {
		const struct form_lang *lg = &f->langs[i];
		q->label[i] = msg(lg->code ? lg->code : lg->name,
				  MSG_SPECIFY_OTHER);
	}
	q->hint = slots_for(L, C_HINT);
	q->guidance_hint = slots_for(L, C_GUIDANCE);
	q->constraint_message = slots_for(L, C_CONSTRAINT_MSG);
	q->required_message = slots_for(L, C_REQUIRED_MSG);
	q->relevant.src = arena_printf(f->arena, "selected(${%s}, 'other')",
				       sel->name);
}

static void
read_survey(struct loader *L, struct csv_table *t, const struct colmap *m)
{
	struct form *f = L->f;
	size_t ncols = t->rows[0].n;
	/* each row, and a "Specify other" row after an or_other select */
	struct form_field *v = xcalloc(2 * t->n + 1, sizeof(*v));
	const char **lists = xcalloc(2 * t->n + 1, sizeof(char *));
	size_t n = 0;

	L->ncols = ncols;
	L->no_text = text_slots(L);
	for (size_t i = 0; i < ncols; i++)
		L->has_col[m[i].col] = true;

	for (size_t i = 1; i < t->n; i++) {
		if (row_blank(&t->rows[i]))
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		lists[n] = NULL;
		if (!survey_row(L, &v[n], &t->rows[i], m, ncols, &lists[n]))
			continue;
		n++;
		if (v[n - 1].or_other && *v[n - 1].name != '\0') {
			specify_other(L, &v[n], &v[n - 1]);
			lists[n++] = NULL;
		}
	}
	f->fields = arena_array(f->arena, n + 1, sizeof(*f->fields));
	if (n > 0)
		memcpy(f->fields, v, n * sizeof(*v));
	f->nfields = n;
	free(v);
	link_nesting(L);
	check_names(L);
	form_index(f);
	for (size_t i = 0; i < n; i++) {
		/* select_one_from_file's lists, then indexed with the rest */
		if (lists[i] && is_file_list(lists[i]) &&
		    form_list(f, lists[i]) == NULL &&
		    load_file_list(L, lists[i], f->fields[i].row))
			form_index(f);
	}
	check_tables(L);
	for (size_t i = 0; i < n; i++)
		check_field(L, &f->fields[i], lists[i], m, ncols);
	free(lists);
}

/* The sheets of a workbook that are not part of the form: a warning
 * each.  A workbook of one sheet is its survey, whatever its name. */
static void
note_other_sheets(struct loader *L)
{
	static const char *const known[] = {"survey", "choices", "settings",
					    "external_choices"};
	struct workbook *wb = L->wb;

	if (wb->n == 1) {
		workbook_name_lone_sheet(wb);
		return;
	}
	for (size_t i = 0; i < wb->n; i++) {
		bool ok = false;
		for (size_t k = 0; k < sizeof(known) / sizeof(*known); k++)
			ok |= strcasecmp(wb->sheets[i].name, known[k]) == 0;
		if (!ok)
			diag_add(L->d, DIAG_WARNING, wb->path, 0, NULL,
				 "the sheet \"%s\" is not part of an XLSForm "
				 "(survey, choices, settings, external_choices): "
				 "ignored", wb->sheets[i].name);
	}
}

/* Where a sheet's diagnostics point: dir/survey.csv or FILE[survey]. */
static char *
sheet_path(struct loader *L, const char *dir, const char *sheet)
{
	struct wb_sheet *s;

	if (L->wb == NULL) {
		char *file = xasprintf("%s.csv", sheet);
		char *p = path_join(dir, file);
		free(file);
		return p;
	}
	s = workbook_sheet(L->wb, sheet);
	return xasprintf("%s[%s]", dir, s ? s->name : sheet);
}

/* The folder a workbook is in: pulldata() and file lists are beside it. */
static const char *
workbook_dir(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return ".";
	return slash == path ? "/" : arena_strndup(a, path, (size_t)(slash - path));
}

struct form *
form_load(const char *dir, struct diag *d, bool keep_on_error)
{
	struct arena *a = arena_new();
	struct form *f = arena_alloc(a, sizeof(*f));
	struct loader L = {.f = f, .d = d, .clean_text = true};
	struct csv_table survey = {0}, choices = {0}, ext = {0};
	struct workbook wb = {0};
	char *ext_path = NULL;
	struct colmap *maps[3] = {NULL, NULL, NULL};
	size_t ncols[3] = {0, 0, 0};
	size_t errors = d->errors;
	bool have_choices;

	f->arena = a;
	f->dir = arena_strdup(a, dir);
	if (workbook_is_path(dir) && file_exists(dir)) {
		L.wb = &wb;
		f->dir = workbook_dir(a, dir);
		if (workbook_read(dir, &wb, d) == 0)
			note_other_sheets(&L);
	}
	L.survey_path = sheet_path(&L, dir, "survey");
	L.choices_path = sheet_path(&L, dir, "choices");
	L.settings_path = sheet_path(&L, dir, "settings");
	if (d->errors > errors ||
	    !read_table(&L, L.survey_path, "survey", &survey, true))
		goto out;
	read_settings(&L, dir);
	maps[0] = map_header(&L, &survey.rows[0], false);
	ncols[0] = survey.rows[0].n;
	have_choices = read_table(&L, L.choices_path, "choices", &choices, false);
	if (have_choices) {
		maps[1] = map_header(&L, &choices.rows[0], true);
		ncols[1] = choices.rows[0].n;
	}
	ext_path = sheet_path(&L, dir, "external_choices");
	if (read_table(&L, ext_path, "external_choices", &ext, false)) {
		maps[2] = map_header(&L, &ext.rows[0], true);
		ncols[2] = ext.rows[0].n;
	}
	settle_default_language(&L, maps, 3, ncols);
	check_duplicate_columns(&L, L.survey_path, maps[0], ncols[0]);
	if (have_choices)
		check_duplicate_columns(&L, L.choices_path, maps[1], ncols[1]);
	if (have_choices)
		read_choices(&L, &choices, maps[1]);
	if (maps[2] != NULL)
		read_external_choices(&L, &ext, maps[2], ext_path);
	settle_lists(&L);
	if (has_columns(&L, maps[0], ncols[0]))
		read_survey(&L, &survey, maps[0]);
	if (have_choices)
		check_lists(&L, maps[1], ncols[1]);
	report_missing(&L);
	form_compile(f, d, L.survey_path, L.settings_path);
out:
	free(L.missing);
	free(maps[0]);
	free(maps[1]);
	free(maps[2]);
	free(ext_path);
	csvio_table_free(&survey);
	csvio_table_free(&choices);
	csvio_table_free(&ext);
	free(L.survey_path);
	free(L.choices_path);
	free(L.settings_path);
	free(L.default_name);
	workbook_free(&wb);
	free(L.names);
	if (f->lookup == NULL || (d->errors > errors && !keep_on_error)) {
		if (f->lookup == NULL && keep_on_error && f->nfields == 0 && d->errors == errors)
			return f;
		form_free(&f);
	}
	return f;
}
