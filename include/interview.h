/*
 * interview: the engine that walks a form.  No terminal I/O, no curses:
 * every front end (curses, plain line mode, replay) drives this API and
 * draws what it returns.
 *
 * Model.  Questions are asked in row order.  A *position* is a survey row
 * plus the instance number of every enclosing repeat, written as a path:
 * "dob", "children[2]/child_dob", "trips[1]/legs[3]/country".  Answers
 * live in a struct record keyed by those paths (see record.h), which is
 * exactly what the draft file holds, so saving is writing the record.
 *
 * Relevance.  A row is asked only while it and every enclosing group and
 * repeat are relevant.  A non-relevant answer is kept (toggling an earlier
 * answer back restores it) but reads as "" in expressions and is never
 * exported.
 *
 * Recalculation.  Giving an answer re-evaluates only the calculations and
 * relevance conditions that the form's dependency graph says read it,
 * directly or through other calculations; nothing else is touched.
 *
 * Don't know / refused.  Any question may be answered with either; the
 * stored value is the form's code (settings dont_know_code/refused_code,
 * default "dont_know"/"refused"), so expressions can test it:
 * `${dob} = 'dont_know'`.
 *
 * Ownership.  An interview borrows its form (which must outlive it) and
 * owns its record.  Strings in a struct iv_item are owned by the
 * interview and stay valid until the next call that changes it.
 */
#ifndef INTAKE_INTERVIEW_H
#define INTAKE_INTERVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "form.h"
#include "msg.h"

struct diag;
struct interview;

enum iv_kind {
	IV_QUESTION,      /* an input to answer */
	IV_NOTE,          /* text to read; Enter goes on */
	IV_REPEAT_PROMPT, /* "Add another ...?": answer yes or no */
	IV_END,           /* past the last question: review and finish */
};

/* One choice of a select, after choice_filter, in the active language. */
struct iv_choice {
	const char *name;
	const char *label; /* never NULL: falls back to the name */
};

/* What to show at the current position. */
struct iv_item {
	enum iv_kind kind;
	const struct form_field *field; /* the row; NULL at IV_END */
	const char *path;         /* "children[2]/child_dob" */
	const char *label;        /* ${...} filled in, active language */
	const char *hint;         /* or NULL */
	const char *section;      /* innermost group/repeat label, or NULL */
	const char *value;        /* stored answer ("" when none) */
	enum iv_state state;
	const char *note;         /* interviewer note, "" when none */
	bool required;
	bool read_only;
	bool multiline;           /* a text with appearance multiline: the
				     answer may hold line breaks */
	const struct iv_choice *choices; /* selects, else NULL */
	size_t nchoices;
	const struct iv_choice *order; /* rank: the options to put in order
					  (after choice_filter), else NULL */
	size_t norder;
	const char *guide;        /* what to type, active language, or NULL:
				     a range's bounds and step, the keys of a
				     rank, a media file's path, the month and
				     year (or the year) of a date whose
				     appearance asks only those */
	int repeat_instance;      /* IV_REPEAT_PROMPT: the instance to add */
};

/*
 * An expression of the form that failed while the interview evaluated it
 * (a regex that does not compile, a pulldata() file refused, a string
 * past the limit ...).  The interview goes on as if the expression gave
 * its default (relevant: yes, calculation: empty), but the result may be
 * wrong, so front ends must show it: "form problem: ... — tell the
 * form's author".  Each (field, column) is reported once per interview.
 */
struct iv_eval_error {
	const struct form_field *field; /* NULL for a setting */
	const char *column;     /* "relevant", "calculation", "instance_name" */
	const char *expression; /* as written in the form */
	const char *path;       /* the position it was evaluated for, or "" */
	const char *message;    /* what failed (English, from the engine) */
};
/* The oldest evaluation error not yet taken, or NULL.  Owned by iv, valid
 * until iv_eval_error_take. */
const struct iv_eval_error *iv_eval_error(const struct interview *iv);
/* Drops the oldest error, so that iv_eval_error shows the next. */
void iv_eval_error_take(struct interview *iv);
/* Takes the oldest error and returns it as one line for the volunteer, in
 * the interview's language ("Form problem at ...: ... — tell the form's
 * author."), or NULL when none is pending.  The caller frees it. */
char *iv_eval_error_notice(struct interview *iv);

/* Why an answer or a move was refused, in the active language. */
struct iv_error {
	char *message; /* caller frees (iv_error_clear) */
	const char *path;
};

struct iv_options {
	const char *lang;        /* code or name; NULL = form default */
	const char *interviewer; /* recorded in metadata and username */
	const char *deviceid;    /* NULL = derived from the host */
};

/* Starts a new intake: new instance id, start time, defaults, metadata
 * fields filled.  Never fails (the form is already valid). */
struct interview *iv_new(const struct form *f, const struct iv_options *o);
void iv_free(struct interview **iv);

const struct form *iv_form(const struct interview *iv);

/* The current position. */
const struct iv_item *iv_current(struct interview *iv);

/*
 * Stores an answer for the current question, parsed for its type
 * (qvalue.h) and checked against its constraint.  Does not move.  An
 * empty input clears the answer.  Returns false and fills err when the
 * input is refused (the stored answer is then unchanged).  At an
 * IV_REPEAT_PROMPT the input is yes/no (also sí/si/y/n/1/0).
 */
bool iv_answer(struct interview *iv, const char *input, struct iv_error *err);
bool iv_set_state(struct interview *iv, enum iv_state st, struct iv_error *err);
void iv_set_note(struct interview *iv, const char *note);

/* Moves on: checks required (and the constraint again), then goes to the
 * next relevant question.  Returns false with err when it cannot. */
bool iv_next(struct interview *iv, struct iv_error *err);
/* Goes back to the previously asked question; false at the first. */
bool iv_back(struct interview *iv);
/* Jumps to a question already reached, or to a relevant one not yet
 * answered, by path; "" is the end once it has been reached.  False
 * when it cannot be asked now. */
bool iv_jump(struct interview *iv, const char *path);
/* The relevant questions (in existing repeat instances) with no answer,
 * don't know or refused yet, in form order.  *paths and its strings are
 * the caller's to free. */
size_t iv_unanswered(struct interview *iv, char ***paths);
/* The label of the question at path, ${...} filled, in the active
 * language; NULL when path names no field.  Caller frees. */
char *iv_label_of(struct interview *iv, const char *path);
/* True once the person gave an answer, don't know, refused, a note or a
 * yes/no to a repeat (or the intake was resumed from a draft): an intake
 * nobody answered leaves no draft. */
bool iv_touched(const struct interview *iv);
/* Removes repeat instance n of the repeat at the current position's
 * nearest enclosing repeat; later instances are renumbered. */
bool iv_repeat_remove(struct interview *iv, const char *repeat_path);

/* Changes the active language (code or name); false if the form lacks it. */
bool iv_set_lang(struct interview *iv, const char *lang);
const char *iv_lang(const struct interview *iv);
/* Index into form->langs of the active language. */
size_t iv_lang_index(const struct interview *iv);

/* Percent of the interview done, 0-100; never goes backwards when answers
 * make later sections irrelevant, only when the person goes back. */
int iv_progress(struct interview *iv);

/* The answered (or don't-know / refused / noted) questions in form order,
 * for the review screen.  Array and items owned by iv, valid until the
 * next change. */
struct iv_review {
	const struct form_field *field;
	const char *path;
	const char *label;   /* active language */
	const char *section;
	const char *value;   /* display form: choice labels, not codes */
	enum iv_state state;
	const char *note;
};
size_t iv_review(struct interview *iv, const struct iv_review **items);

/*
 * The form's summary: the relevant notes of its last top-level group (the
 * screening form's possible relief and flags, with the answers that
 * raised them), ${...} filled, in the active language.  Returns how many;
 * *lines gets an array the caller frees, each string and the array.
 */
size_t iv_summary(struct interview *iv, char ***lines);
/* The same, and *notes (when not NULL) gets the note row of each line
 * (an array the caller frees; the rows belong to the form). */
size_t iv_summary_rows(struct interview *iv, char ***lines,
		       const struct form_field ***notes);

/* Re-checks every relevant required question and constraint, then stamps
 * the end time and status=complete.  False with err naming the first
 * question that blocks; the position moves there. */
bool iv_finish(struct interview *iv, struct iv_error *err);

/* Evaluates the current string value of a field path as expressions see
 * it ("" when not relevant).  Caller frees. */
char *iv_value(struct interview *iv, const char *path);
/* Fills ${...} in text (a label) for the current language.  Caller frees. */
char *iv_fill(struct interview *iv, const char *text, const char *context_path);

void iv_error_clear(struct iv_error *err);

/* Replaces the stored value at path as it is, unparsed, keeping its
 * state and note (media.c: a file's path by the path of its copy).
 * False when path names no field. */
bool iv_set_value(struct interview *iv, const char *path, const char *value);

/* Metadata: instance_id, form_id, form_version, language, interviewer,
 * deviceid, started, ended, status (draft|complete), position, progress,
 * instance_name, and orphan:<path> for answers set aside.  "" if unset. */
const char *iv_meta(const struct interview *iv, const char *key);
/* Sets a metadata value (the session's intake_code, say). */
void iv_set_meta(struct interview *iv, const char *key, const char *value);
void iv_meta_each(const struct interview *iv,
		  void (*fn)(void *arg, const char *key, const char *value),
		  void *arg);
/* False when the form's save_if setting says to keep nothing of this
 * intake (say, the client is not safe): no draft, record or export. */
bool iv_keep(struct interview *iv);
/* Brings position, progress and instance_name up to date in the
 * metadata; call before saving. */
void iv_checkpoint(struct interview *iv);

/* One stored value, for drafts, records and exports. */
struct iv_entry {
	const char *path;
	const char *value;
	enum iv_state state;
	const char *note;
	bool relevant;   /* false: kept in a draft, never exported */
	bool calculated; /* the current value of a calculation */
};
typedef void (*iv_entry_fn)(void *arg, const struct iv_entry *e);
/* Every answer (relevant or not, repeat instance markers "kids[2]"
 * included), then the current value of every calculation. */
void iv_entries(struct interview *iv, iv_entry_fn fn, void *arg);

/*
 * Resumes an intake from saved metadata (key, value pairs, NULL-ended)
 * and entries.  Entries whose field is gone or whose value no longer fits
 * are reported as warnings in d (naming the source file and the field)
 * and kept in the metadata as orphan:<path>, never dropped.  Returns NULL
 * with an error in d when the intake belongs to another form.
 */
struct interview *iv_restore(const struct form *f, const struct iv_options *o,
			     const char *const *meta,
			     const struct iv_entry *entries, size_t n,
			     struct diag *d, const char *source);

#endif
