/*
 * session: one intake from start to saved record, shared by every front
 * end.  Ties an interview (engine) to the data folder: the draft is
 * rewritten after every committed answer, finishing writes the record,
 * appends the export row and removes the draft.
 *
 * Ownership: a session owns its interview; the form is borrowed and must
 * outlive it.  Messages go into the caller's struct diag.
 */
#ifndef INTAKE_SESSION_H
#define INTAKE_SESSION_H

#include <stdbool.h>
#include <time.h>

#include "interview.h"

struct diag;

struct session {
	const struct form *form;
	struct interview *iv;
	char *data_dir;
	char *draft_path;  /* where the draft is kept */
	char *record_path; /* set once finished */
	bool discarded;    /* save_if was false: nothing is kept */
	bool sealed;       /* finished as records/<id>.age, sealed to the
			      form's public_key: this machine cannot read
			      it (front ends say MSG_SEALED) */
};

/* The intake code's length: the short code on the saved screen that a
 * volunteer writes on the client's card (metadata "intake_code",
 * exported as the column _intake_code), unique in the data folder. */
#define SESSION_CODE_LEN 6

/* A new intake on form f, saving into data_dir. */
struct session *session_new(const struct form *f, const char *data_dir,
			    const struct iv_options *o);
/* Resumes the draft with this id (or unique id prefix); NULL with errors
 * in d.  Answers that no longer fit are reported as warnings. */
struct session *session_resume(const struct form *f, const char *data_dir,
			       const char *id, const struct iv_options *o,
			       struct diag *d);
/* Rewrites the draft atomically (the first time, claiming the intake
 * code); nothing is written while nobody has answered anything.  0, or
 * -1 with an error in d. */
int session_save(struct session *s, struct diag *d);
/* Removes the draft of an intake the volunteer chose to delete; 0, or -1
 * with an error in d. */
int session_delete_draft(const char *data_dir, const char *id, struct diag *d);
/* Writes the record, appends the export row, removes the draft.  When
 * the form has a public_key the record is sealed (records/<id>.age), no
 * export row is written, and the draft is removed only once the sealed
 * record is on disk. */
int session_finish(struct session *s, struct diag *d);
void session_free(struct session **s);
/* What the finish hook is told about an intake just finished and saved.
 * For a sealed record, plain holds its plaintext (exactly the CSV that
 * was sealed, in memory only; borrowed for the call and wiped after it)
 * so that a push can send the non-pii values; NULL for a plain record,
 * which is on disk. */
struct session_finished {
	const char *data_dir;
	const char *id;       /* the intake id (the record's file name) */
	const char *form_dir; /* the folder of the form it was made with */
	const char *plain;    /* sealed: the plaintext record; else NULL */
	size_t len;
};
/* Called after each intake finished and saved (the executable pushes it
 * to a database from there); NULL for none. */
void session_set_finish_hook(void (*hook)(const struct session_finished *f));

/* Removes the temporary files that killed writes left in the data
 * folder (drafts/, records/, exports/, exports/redacted/), once per
 * process; new sessions call it. */
void session_tidy(const char *data_dir);

/* A saved draft, for choosing one to resume. */
struct draft_info {
	char *id, *form_id, *name, *progress, *code;
	time_t saved;
};

/* The drafts in data_dir, newest first.  Returns how many; the array and
 * its strings are the caller's (free with session_drafts_free). */
size_t session_drafts(const char *data_dir, struct draft_info **list);
void session_drafts_free(struct draft_info *list, size_t n);

#endif
