/* uuid: RFC 4122 version 4 identifiers, lower case, 36 characters. */
#ifndef INTAKE_UUID_H
#define INTAKE_UUID_H

#include <stdbool.h>

/* A new random UUID from the kernel's generator; caller frees. */
char *uuid_new(void);
/* True when s is a UUID: 36 characters, hex digits and four dashes at
 * 8, 13, 18 and 23 (the only instance ids that may name files). */
bool uuid_valid(const char *s);

#endif
