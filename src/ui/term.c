/* term: curses start and end, colours, signals (see term.h). */
#include "term.h"

#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script.h"
#include "xmem.h"

volatile sig_atomic_t term_stop;

static bool started, mono;

static const struct {
	short fg, bg;
	int mono_attr;
	int colour_attr;
} roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[ROLE_HEADER] = {COLOR_WHITE, COLOR_BLUE, A_REVERSE, A_NORMAL},
	[ROLE_TITLE] = {-1, -1, A_BOLD, A_BOLD},
	[ROLE_HINT] = {COLOR_CYAN, -1, A_DIM, A_NORMAL},
	[ROLE_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
	[ROLE_SELECTED] = {COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL},
	[ROLE_FOOTER] = {COLOR_BLACK, COLOR_WHITE, A_REVERSE, A_NORMAL},
	[ROLE_KEY] = {COLOR_BLUE, COLOR_WHITE, A_REVERSE | A_BOLD, A_BOLD},
};

static void
on_stop(int sig)
{
	(void)sig;
	term_stop = 1;
}

static void
on_crash(int sig)
{
	if (started)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_signals(void)
{
	struct sigaction sa;
	static const int crash[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (size_t i = 0; i < sizeof(crash) / sizeof(*crash); i++) {
		struct sigaction old;
		sigaction(crash[i], NULL, &old);
		if (old.sa_handler == SIG_DFL)
			signal(crash[i], on_crash);
	}
}

static void
setup_colours(void)
{
	const char *nc = getenv("NO_COLOR");

	mono = (nc != NULL && *nc != '\0') || !has_colors();
	if (mono)
		return;
	start_color();
	use_default_colors();
	for (int i = 1; i < ROLE_COUNT; i++)
		init_pair((short)i, roles[i].fg, roles[i].bg);
}

int
term_attr(enum term_role role)
{
	if (mono || role == ROLE_NORMAL)
		return roles[role].mono_attr;
	return COLOR_PAIR(role) | roles[role].colour_attr;
}

bool
term_mono(void)
{
	return mono;
}

void
term_end(void)
{
	if (!started)
		return;
	started = false;
	endwin();
}

bool
term_start(void)
{
	setlocale(LC_ALL, "");
	install_signals(); /* before curses, so it keeps its own away */
	if (script_active()) {
		if (!script_term_start())
			return false;
	} else if (initscr() == NULL) {
		return false;
	}
	started = true;
	atexit(term_end);
	xmem_set_fatal_hook(term_end);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(250); /* the loop sees term_stop within a quarter second */
	setup_colours();
	return true;
}
