/* uuid: RFC 4122 version 4 identifiers, lower case, 36 characters. */
#ifndef INTAKE_UUID_H
#define INTAKE_UUID_H

/* A new random UUID from the kernel's generator; caller frees. */
char *uuid_new(void);

#endif
