/* script: keys from a file, screens to a file (see script.h). */
#include "script.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "xmem.h"

static FILE *in;
static void (*redraw)(void *arg);
static void *redraw_arg;

void
script_set_redraw(void (*fn)(void *arg), void *arg)
{
	redraw = fn;
	redraw_arg = arg;
}
static char *line;      /* the current script line */
static size_t pos;      /* next byte of it */
static int dumps;
static long clock_ms = 1000000; /* the script's clock: :pause moves it */

long
script_clock_ms(void)
{
	return clock_ms;
}

bool
script_active(void)
{
	const char *p = getenv("INTAKE_SCRIPT");

	return p != NULL && *p != '\0';
}

bool
script_term_start(void)
{
	const char *size = getenv("INTAKE_SCRIPT_SIZE");
	int cols = 100, rows = 30;
	SCREEN *s;

	setlocale(LC_ALL, "C.UTF-8");
	if (size != NULL)
		sscanf(size, "%dx%d", &cols, &rows);
	in = fopen(getenv("INTAKE_SCRIPT"), "r");
	if (in == NULL)
		return false;
	s = newterm("xterm", fopen("/dev/null", "w"), fopen("/dev/null", "r"));
	if (s == NULL)
		return false;
	resizeterm(rows, cols);
	return true;
}

/* Appends the screen's text, one line per row without trailing spaces. */
static void
dump_screen(void)
{
	const char *out = getenv("INTAKE_SCRIPT_OUT");
	FILE *f = fopen(out ? out : "/dev/stdout", "a");
	wchar_t row[512];
	char mb[2048];

	if (f == NULL)
		return;
	if (redraw != NULL)
		redraw(redraw_arg);
	fprintf(f, "--- screen %d (%dx%d) ---\n", ++dumps, COLS, LINES);
	for (int y = 0; y < LINES; y++) {
		size_t n;
		mvinnwstr(y, 0, row, COLS < 511 ? COLS : 511);
		n = wcstombs(mb, row, sizeof(mb) - 1);
		if (n == (size_t)-1)
			n = 0;
		mb[n] = '\0';
		while (n > 0 && mb[n - 1] == ' ')
			mb[--n] = '\0';
		fprintf(f, "%s\n", mb);
	}
	fclose(f);
}

static const struct {
	const char *name;
	int code;       /* KEY_* code, or a character when plain */
	bool plain;
} names[] = {
	{"Enter", '\r', true}, {"Esc", 27, true}, {"Tab", '\t', true},
	{"BS", KEY_BACKSPACE, false}, {"Del", KEY_DC, false},
	{"Up", KEY_UP, false}, {"Down", KEY_DOWN, false},
	{"Left", KEY_LEFT, false}, {"Right", KEY_RIGHT, false},
	{"Home", KEY_HOME, false}, {"End", KEY_END, false},
	{"PgUp", KEY_PPAGE, false}, {"PgDn", KEY_NPAGE, false},
	{"Space", ' ', true},
};

/* <Name> at line + pos; returns OK/KEY_CODE_YES, or ERR if unknown. */
static int
named_key(const char *name, size_t len, wint_t *ch)
{
	if (len == 3 && name[0] == 'C' && name[1] == '-') {
		*ch = (wint_t)(name[2] & 0x1f);
		return OK;
	}
	if (name[0] == 'F' && len <= 3 && atoi(name + 1) >= 1) {
		*ch = (wint_t)KEY_F(atoi(name + 1));
		return KEY_CODE_YES;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (strlen(names[i].name) == len && strncmp(names[i].name, name, len) == 0) {
			*ch = (wint_t)names[i].code;
			return names[i].plain ? OK : KEY_CODE_YES;
		}
	}
	return ERR;
}

/* Runs a ":" line; true when it was one. */
static bool
command(const char *l)
{
	int c, r;

	if (l[0] != ':')
		return false;
	if (strncmp(l, ":dump-screen", 12) == 0) {
		dump_screen();
	} else if (strncmp(l, ":pause", 6) == 0) {
		clock_ms += 5000;
	} else if (sscanf(l, ":resize %d %d", &c, &r) == 2) {
		resizeterm(r, c);
	} else {
		fprintf(stderr, "script: unknown command %s\n", l);
		exit(2);
	}
	return true;
}

static bool
next_line(void)
{
	size_t cap = 0;
	ssize_t n;

	free(line);
	line = NULL;
	while ((n = getline(&line, &cap, in)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (command(line))
			continue;
		pos = 0;
		return true;
	}
	free(line);
	line = NULL;
	return false;
}

int
script_next_key(wint_t *ch)
{
	size_t adv, len;
	int32_t cp;

	while (line == NULL || line[pos] == '\0') {
		if (!next_line())
			return ERR;
	}
	if (line[pos] == '<') {
		const char *close = strchr(line + pos, '>');
		if (close != NULL) {
			int rc = named_key(line + pos + 1, (size_t)(close - line - pos - 1), ch);
			if (rc != ERR) {
				pos = (size_t)(close - line) + 1;
				return rc;
			}
		}
	}
	len = strlen(line + pos);
	cp = utf8_decode(line + pos, len, &adv);
	pos += adv;
	*ch = (wint_t)(cp < 0 ? '?' : cp);
	return OK;
}
