/*
 * form: the in-memory questionnaire loaded from an XLSForm folder
 * (survey.csv, choices.csv, settings.csv).  Immutable once loaded.
 *
 * Ownership: everything reachable from a struct form (strings, fields,
 * choice lists, expression trees) lives in form->arena and is released by
 * one form_free().  Pointers into a form are borrowed and die with it.
 *
 * Translations: form->langs lists every language seen in any text column.
 * A text column is an array of form->nlangs strings indexed by language,
 * each NULL where that translation is missing.  Unsuffixed columns
 * (`label`) belong to the default language.
 */
#ifndef INTAKE_FORM_H
#define INTAKE_FORM_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct expr;

enum qtype {
	Q_TEXT,
	Q_INTEGER,
	Q_DECIMAL,
	Q_DATE,
	Q_TIME,
	Q_DATETIME,
	Q_SELECT_ONE,
	Q_SELECT_MULTIPLE,
	Q_NOTE,
	Q_CALCULATE,
	Q_HIDDEN,
	Q_ACKNOWLEDGE,
	Q_BEGIN_GROUP,
	Q_END_GROUP,
	Q_BEGIN_REPEAT,
	Q_END_REPEAT,
	Q_START,    /* metadata: dateTime the intake was opened */
	Q_END,      /* metadata: dateTime it was finished */
	Q_TODAY,    /* metadata: date */
	Q_DEVICEID, /* metadata: machine id */
	Q_USERNAME, /* metadata: interviewer name */
	Q_GEOPOINT, /* typed "lat lon [alt [acc]]" */
	Q_GEOTRACE, /* points separated by ";" */
	Q_GEOSHAPE, /* a closed trace */
	Q_RANGE,    /* a number within parameters start/end/step */
	Q_RANK,     /* every choice once, in the order given */
	Q_BARCODE,  /* typed text */
	/* Media: the path of an existing file, copied beside the record when
	 * the intake is finished (media.h); skipped with a `check` warning on
	 * a form that seals its records (public_key). */
	Q_IMAGE, Q_AUDIO, Q_VIDEO, Q_FILE,
	/* Metadata a terminal cannot know: recorded empty, `check` warns. */
	Q_START_GEOPOINT, Q_IMEI, Q_PHONENUMBER, Q_AUDIT, Q_BACKGROUND_AUDIO,
	Q_SIMSERIAL, Q_SUBSCRIBERID, Q_EMAIL,
};

struct form_lang {
	const char *name; /* column suffix as written: "Español (es)", "es" */
	const char *code; /* subtag in parentheses, else the name: "es" */
};

/* One expression column of one row.  src is NULL when the cell is empty. */
struct form_expr {
	const char *src;
	struct expr *ast; /* parsed tree, NULL until parsed or when src NULL */
};

/* A column the loader does not know, kept as written. */
struct form_extra {
	const char *column;
	const char *value;
};

struct form_choice {
	unsigned row;        /* choices.csv row */
	const char *name;
	const char **label;  /* per language */
	struct form_extra *extra; /* other columns, for choice_filter */
	size_t nextra;
};

struct form_list {
	const char *name;
	unsigned row; /* first row of the list in choices.csv */
	struct form_choice *choices;
	size_t n;
};

struct form_field {
	unsigned row;        /* survey.csv row */
	size_t index;        /* position in form->fields */
	enum qtype type;
	/* The field's key: its answers, paths, export columns and ${}
	 * look-ups use it.  The name as written, unless the name is written
	 * in more than one row (in different groups, as pyxform allows):
	 * then a question inside a group or repeat has the key
	 * "group:name", its enclosing group's name, a colon, its own. */
	const char *name;    /* "" for end_group / end_repeat rows */
	const char *xls_name; /* the name as written; the same pointer as
				 name (or NULL) unless name is "group:name" */
	bool reused;         /* xls_name is written in other rows too (in
				other groups): no ${} reaches this field */
	const char **label, **hint, **guidance_hint;  /* per language */
	const char **constraint_message, **required_message;
	struct form_expr relevant, constraint, calculation, required;
	struct form_expr default_value, read_only, choice_filter;
	struct form_expr repeat_count, trigger;
	const char *appearance; /* NULL when empty */
	const char *parameters; /* NULL when empty */
	double range_start, range_end, range_step; /* range: from parameters */
	const struct form_list *list; /* selects */
	bool randomize;      /* parameters randomize=true: options shuffled */
	const char *seed;    /* parameters seed=: a number or ${name}, the
				shuffle's seed; NULL: the intake's id */
	bool or_other;       /* select_multiple LIST or_other */
	bool specify_other;  /* the text row NAME_other that the loader adds
				after an or_other select (pyxform's "Specify
				other"); its row is the select's */
	bool set_only;       /* trigger, no label nor hint: set, never asked */
	bool pii;            /* our extension: personal data, marked or
				derived (the redacted export leaves it out) */
	bool pii_derived;    /* pii because of pii_from, not marked itself */
	const struct form_field *pii_from; /* the enclosing pii group or
				the pii field its value is computed from */
	bool no_export;      /* our extension: export = no keeps the field
				out of exports and codebook (still recorded) */
	struct form_field *parent; /* enclosing begin_group/begin_repeat
				      (for an end row: its own begin row) */
	struct form_field *end;    /* for a begin row: its end row */
	/* Shortcuts up the parent chain, so that nothing walks it (a form may
	 * nest 100,000 groups): the innermost enclosing begin_repeat and how
	 * many repeats enclose the row, and the nearest enclosing group or
	 * repeat that has a relevant expression.  NULL / 0 when none. */
	const struct form_field *repeat;
	int repeat_depth;
	const struct form_field *relevant_parent;
	struct form_extra *extra;  /* unknown columns, kept */
	size_t nextra;
};

struct age_recipient;

/* Longest form id or repeat name: they become export file names. */
#define FORM_MAX_ID 64

struct form {
	struct arena *arena;
	const char *dir;
	const char *title;        /* form_title, else form_id */
	const char *id;           /* form_id, else the folder name */
	const char *version;      /* kept as text */
	struct form_expr instance_name;
	const struct form_field *instance_name_pii; /* a pii field that
				   instance_name reads, or NULL */
	struct form_expr save_if;   /* settings: keep nothing while false */
	struct form_expr confidential_if; /* settings: an intake where it is
					     true is confidential (banner) */
	const char *deadlines;      /* settings: date fields `intake show`
				       counts the days to, space-separated */
	struct form_lang *langs;
	size_t nlangs;
	size_t default_lang;      /* index into langs */
	const char *dont_know_code; /* settings, default "dont_know" */
	const char *refused_code;   /* settings, default "refused" */
	struct form_field *fields;  /* every survey row, in row order */
	size_t nfields;
	struct form_list *lists;
	size_t nlists;
	struct age_recipient *recipients; /* settings public_key: finished
					     records are sealed to these
					     (age); NULL when not sealed */
	size_t nrecipients;
	struct form_extra *settings; /* every settings column, as written */
	size_t nsettings;
	struct form_lookup *lookup; /* name index, private to form.c */
	struct form_graph *graph;   /* expression dependencies, see
				       form_compile.h; NULL until compiled */
};

/*
 * Loads the form in folder dir, adding every problem to d (errors and
 * warnings, each naming file, row and column).  Returns the form, or NULL
 * when it cannot be used (a missing survey.csv, or any error).  With
 * keep_on_error the form is returned despite errors, for `check`.
 */
struct form *form_load(const char *dir, struct diag *d, bool keep_on_error);
void form_free(struct form **f);

/*
 * Metadata columns: what every intake carries besides its answers, in the
 * order they lead every main export row.  Column names start with "_" so
 * they never meet a field's name.  key is the record's "meta:<key>" row;
 * type says how to read the value (Q_TEXT for free text, Q_DATETIME ...);
 * pii marks a value that can identify the client (a redacted export
 * leaves it empty).  The list ends with a NULL column; add a column by
 * adding a row to form.c's table.
 */
struct form_meta_column {
	const char *column;  /* "_intake_id" */
	const char *key;     /* "instance_id" */
	enum qtype type;
	bool pii;
	const char *label[2]; /* English, Spanish: for codebooks */
};

extern const struct form_meta_column form_meta_columns[];

/* Column names the exports reserve besides the metadata columns (key
 * columns of repeat tables, notes), NULL-terminated. */
extern const char *const form_reserved_columns[];

/* The field whose key is name, or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);
/* True when q's key is "group:name", not its name as written. */
bool form_key_qualified(const struct form_field *q);
/* The field a ${name} reference reaches: the one written with that name,
 * or NULL (no such name, or a name written in more than one row). */
const struct form_field *form_field_ref(const struct form *f,
					const char *name);
/* For a ${name} that reaches no field: true when name is written in more
 * than one row (pyxform: "multiple survey elements with this name"),
 * with the first two rows in row1 and row2. */
bool form_name_ambiguous(const struct form *f, const char *name,
			 unsigned *row1, unsigned *row2);
/* Its message, for printf with name, row1, row2, name. */
#define FORM_AMBIGUOUS_MSG "${%s} is ambiguous: rows %u and %u both use " \
	"that name (in different groups), and ${} needs a name used once in " \
	"the form: rename one \"%s\""
/* The choice list called name, or NULL. */
const struct form_list *form_list(const struct form *f, const char *name);
/* Text in language lang, falling back to the default language, then to
 * any language; NULL when the cell is empty in all of them. */
const char *form_text(const struct form *f, const char *const *text,
		      size_t lang);
/* Index of a language by code or name ("es", "Español (es)"), or -1. */
int form_lang_index(const struct form *f, const char *code_or_name);
/* The form's title in language lang (an index into f->langs): the
 * settings column form_title::<language>, as label::<language> works in
 * survey.csv (an extension; pyxform ignores it), else form_title. */
const char *form_title_in(const struct form *f, size_t lang);

/* For the loader: the type called name ("select_one" ...), false if none. */
bool qtype_from_name(const char *name, enum qtype *t);
/* For the loader: builds the name index once every field is in place. */
void form_index(struct form *f);
const struct form_field *form_field_in(const struct form_lookup *l,
				       const char *name);

/* Edit distance between two short names (99 when either is long). */
size_t form_name_distance(const char *a, const char *b);
/* The field name nearest to name (a likely typo), or NULL. */
const char *form_closest_name(const struct form *f, const char *name);

/* True for types that hold an answer typed by the interviewer. */
bool qtype_is_input(enum qtype t);
/* True for types a terminal cannot know (some metadata): skipped and
 * recorded empty. */
bool qtype_is_unavailable(enum qtype t);
/* True for image, audio, video and file. */
bool qtype_is_media(enum qtype t);
/* True when q's appearance column holds word, in any case (appearances
 * are words separated by spaces: "numbers thousands-sep"). */
bool form_has_appearance(const struct form_field *q, const char *word);
/* The type's name as written in survey.csv ("select_one", ...). */
const char *qtype_name(enum qtype t);

#endif
