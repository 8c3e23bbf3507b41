/*
 * xmem: allocation that never returns NULL.
 *
 * Running out of memory is fatal in exactly one place: these wrappers print
 * a message, run the registered cleanup hook (the curses front end restores
 * the terminal there) and exit with EX_OSERR.  Everything they return is
 * owned by the caller and released with free().
 */
#ifndef INTAKE_XMEM_H
#define INTAKE_XMEM_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of nmemb elements of size bytes, checking for overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Hook run once by fatal() before it prints; NULL removes it. */
void xmem_set_fatal_hook(void (*hook)(void));
/* Prints "intake: message" to stderr and exits with status. */
void fatal(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
