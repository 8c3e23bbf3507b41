/* msg: the table of intake's own words (see msg.h). */
#include "msg.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const char *const english[MSG_COUNT] = {
#define MSG_EN(id, en, es) [id] = en,
	MSG_TABLE(MSG_EN)
#undef MSG_EN
};

static const char *const spanish[MSG_COUNT] = {
#define MSG_ES(id, en, es) [id] = es,
	MSG_TABLE(MSG_ES)
#undef MSG_ES
};

int
msg_is_spanish(const char *lang)
{
	const char *paren;

	if (lang == NULL)
		return 0;
	if (strncasecmp(lang, "es", 2) == 0 &&
	    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_' ||
	     strncmp(lang + 2, "pa", 2) == 0))
		return 1; /* "es", "es-MX", "Español"/"Espanol" */
	if (strncasecmp(lang, "spanish", 7) == 0)
		return 1;
	paren = strrchr(lang, '(');
	return paren != NULL && strncasecmp(paren + 1, "es", 2) == 0 &&
	       (paren[3] == ')' || paren[3] == '-');
}

const char *
msg(const char *lang, enum msg_id id)
{
	const char *s;

	if (id >= MSG_COUNT)
		return "";
	s = msg_is_spanish(lang) ? spanish[id] : english[id];
	return s != NULL ? s : ""; /* every entry is set; this tells the compiler */
}
