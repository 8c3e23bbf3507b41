/*
 * strbuf: a growable, always NUL-terminated byte string.
 *
 * Used to build messages, CSV cells and screen lines.  A strbuf owns its
 * bytes; strbuf_free() releases them, strbuf_detach() hands them to the
 * caller (who frees them with free()).  A zeroed struct is an empty buffer.
 */
#ifndef INTAKE_STRBUF_H
#define INTAKE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;  /* NULL until the first append */
	size_t len; /* bytes, excluding the NUL */
	size_t cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);      /* len = 0, keeps the memory */
void strbuf_truncate(struct strbuf *sb, size_t len);
/* The contents, "" for an empty buffer; borrowed until the next change. */
const char *strbuf_str(const struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);   /* caller frees; sb is reset */
void strbuf_free(struct strbuf *sb);

#endif
