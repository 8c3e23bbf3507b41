/*
 * xmem: the allocation wrappers of xmem.h.  OOM ends the program here and
 * nowhere else, after the fatal hook has had its chance to clean up.
 */
#include "xmem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static void (*fatal_hook)(void);

void
xmem_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void
fatal(int status, const char *fmt, ...)
{
	va_list ap;
	void (*hook)(void) = fatal_hook;

	fatal_hook = NULL; /* a hook that fails must not recurse */
	if (hook != NULL)
		hook();
	fputs("intake: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void *
check(void *p, size_t size)
{
	if (p == NULL && size != 0)
		fatal(EX_OSERR, "out of memory (%zu bytes)", size);
	return p;
}

void *
xmalloc(size_t size)
{
	return check(malloc(size ? size : 1), size);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	return check(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *
xrealloc(void *ptr, size_t size)
{
	return check(realloc(ptr, size ? size : 1), size);
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		fatal(EX_OSERR, "array too large (%zu x %zu)", nmemb, size);
	return xrealloc(ptr, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatal(EX_SOFTWARE, "bad format string \"%s\"", fmt);
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}
