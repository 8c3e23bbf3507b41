/* cmd_check: placeholder until the form loader lands (being written). */
#include <stdio.h>
#include <sysexits.h>

#include "commands.h"

int
cmd_check(int argc, char **argv, const struct global_opts *g)
{
	(void)argc, (void)argv, (void)g;
	fprintf(stderr, "intake: check is not built yet\n");
	return EX_SOFTWARE;
}
