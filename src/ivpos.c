/* ivpos: positions and paths (see ivpos.h). */
#include "ivpos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

int
ivpos_repeats(const struct form_field *field,
	      const struct form_field *out[IVPOS_MAX_DEPTH])
{
	const struct form_field *chain[64];
	int n = 0, k = 0;

	for (const struct form_field *p = field->repeat; p && n < 64; p = p->repeat)
		chain[n++] = p;
	while (n > 0 && k < IVPOS_MAX_DEPTH)
		out[k++] = chain[--n];
	return k;
}

void
ivpos_path(const struct form *f, const struct ivpos *pos, struct strbuf *sb)
{
	const struct form_field *field = &f->fields[pos->row];
	const struct form_field *reps[IVPOS_MAX_DEPTH];
	int n = ivpos_repeats(field, reps);

	for (int i = 0; i < n && i < pos->depth; i++)
		strbuf_printf(sb, "%s[%d]/", reps[i]->name, pos->inst[i]);
	if (field->type == Q_BEGIN_REPEAT && pos->depth > n)
		strbuf_printf(sb, "%s[%d]", field->name, pos->inst[n]);
	else
		strbuf_puts(sb, field->name);
}

/* Splits "name[3]" into name and 3; returns false when malformed. */
static bool
split_instance(char *comp, int *inst)
{
	char *open = strchr(comp, '['), *end;
	long n;

	if (open == NULL)
		return false;
	n = strtol(open + 1, &end, 10);
	if (end[0] != ']' || end[1] != '\0' || n < 1 || n > 1000000)
		return false;
	*open = '\0';
	*inst = (int)n;
	return true;
}

bool
ivpos_parse(const struct form *f, const char *path, struct ivpos *pos)
{
	char *copy = xstrdup(path), *save = NULL, *comp;
	const char *names[IVPOS_MAX_DEPTH + 1];
	int insts[IVPOS_MAX_DEPTH + 1], n = 0, last_inst = 0;
	const struct form_field *field, *reps[IVPOS_MAX_DEPTH];
	bool ok = false, trailing_instance = false;

	for (comp = strtok_r(copy, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		if (n > IVPOS_MAX_DEPTH)
			goto out;
		trailing_instance = split_instance(comp, &last_inst);
		names[n] = comp;
		insts[n++] = trailing_instance ? last_inst : 0;
	}
	if (n == 0 || (field = form_field(f, names[n - 1])) == NULL)
		goto out;
	memset(pos, 0, sizeof(*pos));
	pos->row = field->index;
	pos->depth = ivpos_repeats(field, reps);
	if (pos->depth != n - 1)
		goto out;
	for (int i = 0; i < n - 1; i++) {
		if (insts[i] == 0 || strcmp(names[i], reps[i]->name) != 0)
			goto out;
		pos->inst[i] = insts[i];
	}
	if (trailing_instance) {
		if (field->type != Q_BEGIN_REPEAT)
			goto out;
		pos->inst[n - 1] = last_inst;
		pos->depth = n;
	}
	ok = true;
out:
	free(copy);
	return ok;
}

bool
ivpos_equal(const struct ivpos *a, const struct ivpos *b)
{
	if (a->row != b->row || a->depth != b->depth)
		return false;
	return memcmp(a->inst, b->inst, sizeof(int) * (size_t)a->depth) == 0;
}
