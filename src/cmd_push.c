/*
 * cmd_push: `intake push [--to URL] [--batch N] [FORM...]` sends the
 * queued finished records (pushq.h) to PostgreSQL (pgsink.h), one
 * transaction per batch, acknowledging each record locally only after
 * its batch committed.  `--auto-on` / `--auto-off` set whether a push is
 * tried after each finished intake (push_after_finish, in a background
 * child).  `intake push --fill --identity KEY [FORM...]` is the legal
 * team's side: it opens in memory the sealed rows that a push wrote
 * without their plaintext and fills in what the at-finish push writes
 * (fill_all).  `intake schema FORM` prints the form's DDL.
 */
#include <fcntl.h>
#include <sodium.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "age.h"
#include "fsutil.h"
#include "commands.h"
#include "diag.h"
#include "form.h"
#include "pg_schema.h"
#include "pgsink.h"
#include "pushq.h"
#include "record.h"
#include "record_open.h"
#include "session.h"
#include "strbuf.h"
#include "xmem.h"

#define USAGE "usage: intake push [--to URL] [--batch N] [--timeout SECONDS] " \
	      "[--auto-on | --auto-off] [FORM...]\n" \
	      "       intake push --fill --identity FILE [--to URL] [--batch N] " \
	      "[FORM...]\n"

struct push_opts {
	const char *url;
	size_t batch;
	int timeout;
	bool quiet;
	char **forms; /* FORM arguments; none: every record */
	int nforms;
	bool fill;    /* --fill: the legal team fills in sealed rows */
};

/* A form met in the queue, loaded once. */
struct known {
	char *form_id;
	struct form *form;      /* NULL: unknown form, raw table only */
	struct pg_schema schema;
	bool prepared;
	bool wanted;            /* false: a FORM filter leaves it out */
};

struct push {
	const struct push_opts *o;
	const char *data_dir;
	/* the intake just finished (auto push), whose sealed record's
	 * plaintext is in memory; NULL otherwise */
	const struct session_finished *fresh;
	struct record_buf sealed; /* one sealed record's bytes, reused */
	bool raw_prepared;
	struct pgsink *sink;
	struct known *forms;
	size_t nforms;
	char **batch;           /* ids sent in the open transaction */
	size_t nbatch;
	size_t done, total, counts[3], unreadable, skipped;
	size_t sealed_left;     /* sealed, left queued by a FORM filter */
	struct record_keys keys; /* --fill: the legal team's identities */
	size_t formless;        /* --fill: rows left, their form not found */
	double t0;
	int status;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- forms -------------------------------------------------------------------- */

static struct form *
load_quiet(const char *arg)
{
	char *dir = intake_form_path(arg);
	struct diag d = DIAG_INIT;
	struct form *f = form_load(dir, &d, false);

	diag_free(&d);
	free(dir);
	return f;
}

static struct known *
add_known(struct push *p, const char *form_id, struct form *f, bool wanted)
{
	struct known *k;

	p->forms = xreallocarray(p->forms, p->nforms + 1, sizeof(*p->forms));
	k = &p->forms[p->nforms++];
	memset(k, 0, sizeof(*k));
	k->form_id = xstrdup(form_id);
	k->form = f;
	k->wanted = wanted;
	return k;
}

/* The form of form_id: a FORM argument, else the bundled form of that
 * name; a form that cannot be found goes to the raw table only. */
static struct known *
known_form(struct push *p, const char *form_id)
{
	struct form *f;

	for (size_t i = 0; i < p->nforms; i++) {
		if (strcmp(p->forms[i].form_id, form_id) == 0)
			return &p->forms[i];
	}
	if (p->o->nforms > 0 && !p->o->fill) /* a fill's FORMs are sources */
		return add_known(p, form_id, NULL, false);
	/* the form the intake just finished was made with, else the
	 * bundled form of that name */
	f = load_quiet(p->fresh && p->fresh->form_dir ? p->fresh->form_dir :
		       form_id);
	if (f != NULL && strcmp(f->id, form_id) != 0)
		form_free(&f);
	if (f == NULL && p->fresh && p->fresh->form_dir)
		f = load_quiet(form_id);
	if (f != NULL && strcmp(f->id, form_id) != 0)
		form_free(&f);
	if (f == NULL && p->o->fill)
		fprintf(stderr, "intake: form \"%s\" not found: its sealed rows "
			"are left as they are (give its folder as FORM)\n", form_id);
	else if (f == NULL)
		fprintf(stderr, "intake: form \"%s\" not found: its records go "
			"to the raw table only\n", form_id);
	return add_known(p, form_id, f, true);
}

static int
load_form_args(struct push *p)
{
	for (int i = 0; i < p->o->nforms; i++) {
		struct form *f = intake_load_form(p->o->forms[i]);
		if (f == NULL)
			return EX_DATAERR;
		add_known(p, f->id, f, true);
	}
	return EX_OK;
}

static void
free_known(struct push *p)
{
	for (size_t i = 0; i < p->nforms; i++) {
		pg_schema_free(&p->forms[i].schema);
		form_free(&p->forms[i].form);
		free(p->forms[i].form_id);
	}
	free(p->forms);
}

/* ---- batches ------------------------------------------------------------------- */

static void
progress(struct push *p)
{
	double dt = now_s() - p->t0;

	if (p->o->quiet || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r  %s %zu/%zu  (%.0f a second)  ",
		p->o->fill ? "filled" : "pushed", p->done, p->total,
		dt > 0 ? p->done / dt : 0.0);
	fflush(stderr);
}

static void
report(struct push *p)
{
	fprintf(stderr, "%sintake: %s\n",
		!p->o->quiet && isatty(STDERR_FILENO) && p->done ? "\n" : "",
		pgsink_error(p->sink));
	if (p->status == EX_OK)
		p->status = pgsink_status(p->sink);
}

static void
drop_batch(struct push *p)
{
	for (size_t i = 0; i < p->nbatch; i++)
		free(p->batch[i]);
	p->nbatch = 0;
}

/* Commits the open batch, then acknowledges each of its records. */
static int
flush(struct push *p)
{
	char *msg = NULL;

	if (p->nbatch == 0)
		return 0;
	if (pgsink_commit(p->sink) != 0) {
		report(p);
		drop_batch(p);
		return -1;
	}
	for (size_t i = 0; i < p->nbatch && !p->o->fill; i++) {
		if (pushq_ack(p->data_dir, p->batch[i], &msg) != 0) {
			fprintf(stderr, "intake: %s (the record is in the "
				"database; it will be sent again)\n", msg);
			free(msg);
			p->status = EX_CANTCREAT;
		}
	}
	p->done += p->nbatch;
	drop_batch(p);
	progress(p);
	return 0;
}

static int
prepare_form(struct push *p, struct known *k)
{
	struct diag d = DIAG_INIT;
	char *warnings = NULL;
	int rc;

	if (flush(p) != 0)
		return -1;
	k->prepared = true;
	p->raw_prepared = true; /* pgsink_prepare prepares the raw table too */
	if (k->form == NULL)
		return pgsink_prepare_raw(p->sink) == 0 ? 0 : (report(p), -1);
	if (pg_schema_build(k->form, &k->schema, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		pg_schema_free(&k->schema);
		form_free(&k->form); /* its records go to the raw table only */
		return pgsink_prepare_raw(p->sink) == 0 ? 0 : (report(p), -1);
	}
	diag_free(&d);
	rc = pgsink_prepare(p->sink, &k->schema, &warnings);
	if (warnings != NULL) {
		fprintf(stderr, "intake: warning: %s", warnings);
		free(warnings);
	}
	if (rc != 0)
		report(p);
	return rc;
}

/* The raw table alone, for sealed records whose form is not known. */
static int
prepare_raw(struct push *p)
{
	if (p->raw_prepared)
		return 0;
	if (flush(p) != 0)
		return -1;
	if (pgsink_prepare_raw(p->sink) != 0) {
		report(p);
		return -1;
	}
	p->raw_prepared = true;
	return 0;
}

/* Adds the record just sent to the open batch, flushing a full one. */
static int
batched(struct push *p, const char *id, enum pgsink_outcome out)
{
	p->counts[out]++;
	p->batch = xreallocarray(p->batch, p->nbatch + 1, sizeof(char *));
	p->batch[p->nbatch++] = xstrdup(id);
	return p->nbatch >= p->o->batch ? flush(p) : 0;
}

/* A failed statement: the batch is rolled back and stays queued. */
static int
batch_failed(struct push *p)
{
	if (p->status == EX_OK)
		report(p);
	pgsink_rollback(p->sink);
	drop_batch(p);
	return -1;
}

/* The plaintext of the sealed record it, when it is the intake that was
 * just finished (in memory, never on disk): 0 with r filled, else -1. */
static int
fresh_plaintext(struct push *p, const struct pushq_item *it,
		struct record_data *r)
{
	struct diag d = DIAG_INIT;
	int rc;

	if (p->fresh == NULL || p->fresh->plain == NULL ||
	    strcmp(p->fresh->id, it->id) != 0)
		return -1;
	rc = record_load_mem(it->path, p->fresh->plain, p->fresh->len, r, &d);
	diag_free(&d);
	if (rc != 0)
		record_data_free(r);
	return rc;
}

/*
 * A sealed record: its bytes go to the raw table.  Right after the
 * intake finished its plaintext is in memory, so its form is known and
 * its non-pii values go to the typed tables too; later the laptop cannot
 * read it, so the form is unknown: a FORM filter leaves it queued.
 */
static int
push_sealed(struct push *p, const struct pushq_item *it)
{
	struct record_data r;
	struct diag d = DIAG_INIT;
	bool known = fresh_plaintext(p, it, &r) == 0;
	struct known *k = known ? known_form(p, record_meta(&r, "form_id")) : NULL;
	enum pgsink_outcome out;
	int rc = 0;

	if ((k == NULL && p->o->nforms > 0) || (k != NULL && !k->wanted)) {
		p->sealed_left++;
		goto done;
	}
	if (record_read(it->path, &p->sealed, &d) != 0) {
		diag_print(&d, stderr);
		p->unreadable++;
		goto done;
	}
	if ((k != NULL && !k->prepared && prepare_form(p, k) != 0) ||
	    prepare_raw(p) != 0 ||
	    (p->nbatch == 0 && pgsink_begin(p->sink) != 0) ||
	    pgsink_put_sealed(p->sink, k && k->form ? &k->schema : NULL, it->id,
			      (const unsigned char *)p->sealed.data,
			      p->sealed.len, known ? &r : NULL, &out) != 0)
		rc = batch_failed(p);
	else
		rc = batched(p, it->id, out);
done:
	diag_free(&d);
	if (known)
		record_data_free(&r);
	return rc;
}

/* Sends one record into the open batch (opening one when needed). */
static int
push_one(struct push *p, const struct pushq_item *it)
{
	struct record_data r;
	struct diag d = DIAG_INIT;
	struct known *k;
	enum pgsink_outcome out;

	if (it->sealed)
		return push_sealed(p, it);
	if (record_load(it->path, &r, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		record_data_free(&r);
		p->unreadable++;
		return 0;
	}
	diag_free(&d);
	k = known_form(p, record_meta(&r, "form_id"));
	if (!k->wanted) {
		p->skipped++;
		record_data_free(&r);
		return 0;
	}
	if ((!k->prepared && prepare_form(p, k) != 0) ||
	    (p->nbatch == 0 && pgsink_begin(p->sink) != 0) ||
	    pgsink_put(p->sink, k->form ? &k->schema : NULL, &r, &out) != 0) {
		record_data_free(&r);
		return batch_failed(p);
	}
	record_data_free(&r);
	return batched(p, it->id, out);
}

static void
summary(struct push *p)
{
	double dt = now_s() - p->t0;
	size_t left = pushq_count(p->data_dir);

	if (!p->o->quiet && isatty(STDERR_FILENO) && p->done)
		fputc('\n', stderr);
	printf("intake: %zu pushed to %s (%zu new, %zu changed, %zu already "
	       "there), %zu left in the queue, %.1f s\n", p->done,
	       pgsink_name(p->sink), p->counts[PGSINK_NEW],
	       p->counts[PGSINK_CHANGED], p->counts[PGSINK_SAME], left, dt);
	if (p->unreadable)
		fprintf(stderr, "intake: %zu record%s could not be read and "
			"stay queued\n", p->unreadable, p->unreadable == 1 ? "" : "s");
	if (p->sealed_left)
		fprintf(stderr, "intake: %zu sealed record%s stay%s queued: this "
			"computer cannot tell a sealed record's form, so push "
			"without naming a form to send %s\n", p->sealed_left,
			p->sealed_left == 1 ? "" : "s",
			p->sealed_left == 1 ? "s" : "", p->sealed_left == 1 ?
			"it" : "them");
}

/* The intake just finished comes first, and is sent even when another
 * push (without its plaintext) acknowledged it meanwhile: this one can
 * add its typed row. */
static size_t
list_with_fresh(const char *data_dir, const struct session_finished *fresh,
		struct pushq_item **items)
{
	size_t n = pushq_list(data_dir, items), i;
	struct pushq_item it;

	if (fresh == NULL || fresh->plain == NULL)
		return n;
	for (i = 0; i < n && strcmp((*items)[i].id, fresh->id) != 0; i++)
		;
	if (i < n) {
		it = (*items)[i];
		memmove(*items + 1, *items, i * sizeof(**items));
	} else {
		it = (struct pushq_item){xstrdup(fresh->id),
			xasprintf("%s/records/%s.age", data_dir, fresh->id), true};
		*items = xreallocarray(*items, n + 1, sizeof(**items));
		memmove(*items + 1, *items, n++ * sizeof(**items));
	}
	(*items)[0] = it;
	return n;
}

static int
push_all(const struct push_opts *o, const char *data_dir,
	 const struct session_finished *fresh)
{
	struct push p = {.o = o, .data_dir = data_dir, .fresh = fresh,
			 .status = EX_OK};
	struct pushq_item *items;
	size_t n;
	int rc;

	if ((rc = load_form_args(&p)) != EX_OK) {
		free_known(&p);
		return rc;
	}
	n = list_with_fresh(data_dir, fresh, &items);
	p.total = n;
	p.t0 = now_s();
	p.sink = pgsink_open(o->url, o->timeout);
	if (pgsink_error(p.sink) != NULL) {
		report(&p);
		fprintf(stderr, "intake: nothing was pushed; %zu record%s "
			"stay queued\n", n, n == 1 ? "" : "s");
	} else {
		for (size_t i = 0; i < n && push_one(&p, &items[i]) == 0; i++)
			;
		flush(&p);
		summary(&p);
	}
	if (p.status == EX_OK && p.unreadable)
		p.status = EX_DATAERR;
	pgsink_close(p.sink);
	pushq_free(items, n);
	record_buf_free(&p.sealed);
	free(p.batch);
	free_known(&p);
	return p.status;
}

/* ---- the legal team: filling in sealed rows ------------------------------------- */

/* Opens the sealed bytes of raw row id in memory into r (its plaintext
 * is wiped once parsed).  0, or -1 with the row named on stderr: another
 * key, damaged bytes, or a record that is not intake id's. */
static int
open_row(struct push *p, const char *id, const unsigned char *bytes,
	 size_t len, struct record_data *r)
{
	char *where = xasprintf("%s row %s", PG_RAW_TABLE, id);
	struct diag d = DIAG_INIT;
	char *plain = NULL, *msg = NULL;
	size_t plen = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if (record_open_sealed(bytes, len, &p->keys, &plain, &plen, &msg) != 0) {
		diag_add(&d, DIAG_ERROR, where, 0, NULL, "%s", msg);
	} else if (record_load_mem(where, plain, plen, r, &d) == 0 &&
		   strcmp(record_meta(r, "instance_id"), id) != 0) {
		diag_add(&d, DIAG_ERROR, where, 0, NULL, "cannot be filled in: "
			 "it holds intake %s, not %s", record_meta(r, "instance_id"),
			 id);
	}
	if (plain != NULL)
		record_bytes_free(plain, plen);
	rc = d.errors > 0 ? -1 : 0;
	if (rc != 0) {
		diag_print(&d, stderr);
		record_data_free(r);
	}
	diag_free(&d);
	free(msg);
	free(where);
	return rc;
}

/* Fills in one sealed row inside the open batch (opening one). */
static int
fill_one(struct push *p, const char *id)
{
	unsigned char *bytes = NULL;
	size_t len = 0;
	struct record_data r;
	struct known *k;
	enum pgsink_outcome out;
	int got = pgsink_sealed_bytes(p->sink, id, &bytes, &len), rc = 0;

	if (got != 0) {
		free(bytes);
		return got < 0 ? batch_failed(p) : 0; /* 1: gone meanwhile */
	}
	if (open_row(p, id, bytes, len, &r) != 0) {
		p->unreadable++;
		free(bytes);
		return 0;
	}
	k = known_form(p, record_meta(&r, "form_id"));
	if (k->form == NULL && !k->prepared) {
		p->formless++; /* said once by known_form */
	} else if ((!k->prepared && prepare_form(p, k) != 0) ||
		   (p->nbatch == 0 && pgsink_begin(p->sink) != 0) ||
		   pgsink_fill_sealed(p->sink, k->form ? &k->schema : NULL, id,
				      bytes, len, &r, &out) != 0) {
		rc = batch_failed(p);
	} else {
		rc = batched(p, id, out);
	}
	record_data_free(&r);
	free(bytes);
	return rc;
}

/* The rows to fill: those pushed without their plaintext, then the
 * sealed rows of each known form that lack their typed row. */
static int
rows_to_fill(struct push *p, char ***ids, size_t *n)
{
	char **forms = NULL;
	size_t nforms = 0;
	int rc = pgsink_unfilled(p->sink, NULL, ids, n) == 0 &&
		 pgsink_sealed_forms(p->sink, &forms, &nforms) == 0 ? 0 : -1;

	for (size_t i = 0; i < nforms; i++) {
		struct known *k = rc == 0 ? known_form(p, forms[i]) : NULL;
		if (k != NULL && k->form != NULL &&
		    ((!k->prepared && prepare_form(p, k) != 0) ||
		     (k->form != NULL &&
		      pgsink_unfilled(p->sink, &k->schema, ids, n) != 0)))
			rc = -1;
		free(forms[i]);
	}
	free(forms);
	if (rc != 0 && p->status == EX_OK)
		report(p);
	return rc;
}

static void
fill_summary(struct push *p)
{
	if (!p->o->quiet && isatty(STDERR_FILENO) && p->done)
		fputc('\n', stderr);
	printf("intake: %zu sealed row%s filled in on %s, %zu already were, "
	       "%zu left as they are (form not found), %zu could not be "
	       "opened, %.1f s\n", p->counts[PGSINK_NEW],
	       p->counts[PGSINK_NEW] == 1 ? "" : "s", pgsink_name(p->sink),
	       p->counts[PGSINK_SAME], p->formless, p->unreadable,
	       now_s() - p->t0);
}

/*
 * intake push --fill --identity FILE: every sealed row that lacks its
 * form or typed row is opened in memory with the legal team's key and
 * gets what the at-finish push writes.  Rows that cannot be opened are
 * named and skipped (exit 65 at the end); one transaction per batch.
 */
static int
fill_all(const struct push_opts *o, const char *data_dir, const char *identity)
{
	struct push p = {.o = o, .data_dir = data_dir, .status = EX_OK};
	char **ids = NULL, *err = NULL;
	size_t n = 0;

	if (record_keys_load(identity, &p.keys, &err) != 0) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		return EX_NOINPUT;
	}
	if ((p.status = load_form_args(&p)) == EX_OK) {
		p.t0 = now_s();
		p.sink = pgsink_open(o->url, o->timeout);
		if (pgsink_error(p.sink) != NULL)
			report(&p);
		else if (prepare_raw(&p) == 0 && rows_to_fill(&p, &ids, &n) == 0) {
			p.total = n;
			for (size_t i = 0; i < n && fill_one(&p, ids[i]) == 0; i++)
				;
			flush(&p);
			fill_summary(&p);
		}
	}
	if (p.status == EX_OK && p.unreadable)
		p.status = EX_DATAERR;
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	pgsink_close(p.sink);
	free(p.batch);
	free_known(&p);
	record_keys_free(&p.keys);
	return p.status;
}

/* ---- the command --------------------------------------------------------------- */

static const char *
default_url(const char *url)
{
	const char *env = getenv("INTAKE_DATABASE_URL");

	if (url != NULL)
		return url;
	return env != NULL ? env : ""; /* "": libpq's PGHOST, PGDATABASE... */
}

static int
set_auto(const char *data_dir, const char *url, bool on)
{
	char *msg = NULL;

	if (pushq_set_auto(data_dir, on ? url : NULL, &msg) != 0) {
		fprintf(stderr, "intake: %s\n", msg);
		free(msg);
		return EX_CANTCREAT;
	}
	printf(on ? "intake: each finished intake in %s will be pushed "
		    "automatically\n" :
		    "intake: automatic pushes from %s are off\n", data_dir);
	return EX_OK;
}

static bool
number_arg(const char *s, long min, long *out)
{
	char *end;

	*out = strtol(s, &end, 10);
	return *s != '\0' && *end == '\0' && *out >= min && *out <= 1000000;
}

int
cmd_push(int argc, char **argv, const struct global_opts *g)
{
	struct push_opts o = {NULL, 100, 10, false, NULL, 0, false};
	const char *identity = NULL;
	int autoset = 0;
	long num;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = i + 1 < argc;
		if (!cmd_is_option(g, argv, i)) {
			o.forms = xreallocarray(o.forms, o.nforms + 1, sizeof(char *));
			o.forms[o.nforms++] = argv[i];
		} else if (strcmp(a, "--to") == 0 && has_value) {
			o.url = argv[++i];
		} else if (strcmp(a, "--batch") == 0 && has_value &&
			   number_arg(argv[i + 1], 1, &num)) {
			o.batch = (size_t)num, i++;
		} else if (strcmp(a, "--timeout") == 0 && has_value &&
			   number_arg(argv[i + 1], 1, &num)) {
			o.timeout = (int)num, i++;
		} else if (strcmp(a, "--fill") == 0) {
			o.fill = true;
		} else if (strcmp(a, "--identity") == 0 && has_value) {
			identity = argv[++i];
		} else if (strcmp(a, "--quiet") == 0) {
			o.quiet = true;
		} else if (strcmp(a, "--auto-on") == 0 || strcmp(a, "--auto-off") == 0) {
			autoset = strcmp(a, "--auto-on") == 0 ? 1 : -1;
		} else {
			fputs(USAGE, stderr);
			return EX_USAGE;
		}
	}
	o.url = default_url(o.url);
	if (o.fill != (identity != NULL) || (o.fill && autoset != 0)) {
		fputs(o.fill ? "intake: push --fill needs the legal team's key "
		      "(--identity FILE), and no --auto-on/--auto-off\n" :
		      "intake: --identity goes with push --fill\n", stderr);
		fputs(USAGE, stderr);
		rc = EX_USAGE;
	} else if (o.fill)
		rc = fill_all(&o, g->data_dir, identity);
	else if (autoset != 0)
		rc = set_auto(g->data_dir, o.url, autoset > 0);
	else
		rc = push_all(&o, g->data_dir, NULL);
	free(o.forms);
	return rc;
}

/* ---- after each finished intake ------------------------------------------------- */

/* In the grandchild: push quietly, everything logged to push.log.  A
 * sealed record's plaintext (f->plain) lives only in this process's
 * memory, which never goes to a core file. */
static void
auto_push_child(const struct session_finished *f, const char *url)
{
	char *log = xasprintf("%s/push.log", f->data_dir);
	char *lock = xasprintf("%s/push.lock", f->data_dir);
	int devnull = open("/dev/null", O_RDONLY);
	int out = fs_open(log, O_WRONLY | O_CREAT | O_APPEND, 0600, NULL);
	int lk = fs_open(lock, O_WRONLY | O_CREAT, 0600, NULL);
	struct push_opts o = {url, 100, 5, true, NULL, 0, false};
	struct rlimit nocore = {0, 0};
	int rc;

	setrlimit(RLIMIT_CORE, &nocore);
	if (devnull < 0 || out < 0 || lk < 0)
		_exit(1);
	dup2(devnull, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	alarm(60); /* a hung server never keeps a process behind */
	/* one push at a time: a later one sends what an earlier one had not
	 * seen yet */
	if (flock(lk, LOCK_EX) != 0)
		_exit(1);
	rc = push_all(&o, f->data_dir, f);
	if (f->plain != NULL)
		sodium_memzero((void *)f->plain, f->len); /* our copy */
	_exit(rc == EX_OK ? 0 : 1);
}

void
push_after_finish(const struct session_finished *f)
{
	char *url = pushq_auto_url(f->data_dir);
	pid_t pid;

	if (url == NULL)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		setsid();
		if (fork() == 0)
			auto_push_child(f, url);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0); /* the grandchild is on its own */
	free(url);
}

int
cmd_schema(int argc, char **argv, const struct global_opts *g)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag d = DIAG_INIT;
	struct pg_schema s;
	struct form *f;
	int rc = EX_OK;

	(void)g;
	if (argc != 2) {
		fprintf(stderr, "usage: intake schema FORM\n");
		return EX_USAGE;
	}
	if ((f = intake_load_form(argv[1])) == NULL)
		return EX_DATAERR;
	if (pg_schema_build(f, &s, &d) != 0) {
		diag_print(&d, stderr);
		rc = EX_DATAERR;
	} else {
		pg_schema_ddl(&s, &sb);
		fputs(strbuf_str(&sb), stdout);
	}
	strbuf_free(&sb);
	diag_free(&d);
	pg_schema_free(&s);
	form_free(&f);
	return rc;
}
