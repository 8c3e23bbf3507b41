/*
 * expr_lex: the tokenizer of the expression language.  One call reads one
 * token, like sqlite's sqlite3GetToken.  Whether "*", "and", "or", "div"
 * and "mod" are operators depends on whether an operand came before
 * (XPath 1.0 §3.7), which the parser tells us.
 *
 * `${...}` is self-delimiting: pyxform replaces each reference by its
 * path with a space on either side, so `${a}-1` is a subtraction and
 * `${a}-${b}` a difference, whatever XPath would make of "a-1".
 */
#include "expr_int.h"

#include <ctype.h>
#include <string.h>

static bool
name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static bool
name_char(char c)
{
	return name_start(c) || isdigit((unsigned char)c) || c == '-' ||
	       c == '.' || c == ':';
}

static enum tok
lex_ref(const char *s, size_t *pos, size_t *start, size_t *len)
{
	const char *close = strchr(s + *pos + 2, '}');
	size_t p;

	if (close == NULL)
		return T_ERROR;
	*start = *pos + 2;
	p = (size_t)(close - s) + 1;
	*len = p - 1 - *start;
	*pos = p;
	return T_REF;
}

static enum tok
lex_number(const char *s, size_t *pos, size_t *start, size_t *len)
{
	size_t p = *pos;

	*start = p;
	while (isdigit((unsigned char)s[p]))
		p++;
	if (s[p] == '.') {
		p++;
		while (isdigit((unsigned char)s[p]))
			p++;
	}
	*len = p - *start;
	*pos = p;
	return T_NUMBER;
}

static enum tok
lex_name(const char *s, size_t *pos, size_t *start, size_t *len,
	 bool prev_operand)
{
	size_t p = *pos, q;

	*start = p;
	while (name_char(s[p]))
		p++;
	/* a trailing "." or "-" belongs to the name only when followed by
	 * more name characters; "-" before a digit is still a name char */
	*len = p - *start;
	*pos = p;
	if (prev_operand) {
		static const struct { const char *w; enum tok t; } ops[] = {
			{"and", T_AND}, {"or", T_OR}, {"div", T_DIV}, {"mod", T_MOD}};
		for (size_t i = 0; i < 4; i++) {
			if (*len == strlen(ops[i].w) &&
			    strncmp(s + *start, ops[i].w, *len) == 0)
				return ops[i].t;
		}
	}
	for (q = p; s[q] == ' ' || s[q] == '\t' || s[q] == '\n' || s[q] == '\r'; q++)
		;
	return s[q] == '(' ? T_FUNC : T_NAME;
}

static enum tok
lex_string(const char *s, size_t *pos, size_t *start, size_t *len)
{
	char quote = s[*pos];
	const char *end = strchr(s + *pos + 1, quote);

	if (end == NULL)
		return T_ERROR;
	*start = *pos + 1;
	*len = (size_t)(end - s) - *start;
	*pos = (size_t)(end - s) + 1;
	return T_STRING;
}

/* One- and two-character operators, chosen by the first character. */
static enum tok
lex_operator(const char *s, size_t *pos, bool prev_operand)
{
	char c = s[*pos], next = s[*pos + 1];
	enum tok t;
	size_t n = 1;

	switch (c) {
	case '!':
		if (next != '=')
			return T_ERROR;
		t = T_NE, n = 2;
		break;
	case '<': t = next == '=' ? (n = 2, T_LE) : T_LT; break;
	case '>': t = next == '=' ? (n = 2, T_GE) : T_GT; break;
	case '.': t = next == '.' ? (n = 2, T_DOTDOT) : T_DOT; break;
	case '(': t = T_LPAREN; break;
	case ')': t = T_RPAREN; break;
	case '[': t = T_LBRACKET; break;
	case ']': t = T_RBRACKET; break;
	case ',': t = T_COMMA; break;
	case '/': t = T_SLASH; break;
	case '|': t = T_PIPE; break;
	case '+': t = T_PLUS; break;
	case '-': t = T_MINUS; break;
	case '=': t = T_EQ; break;
	case '*':
		if (!prev_operand)
			return T_ERROR;
		t = T_STAR;
		break;
	default:
		return T_ERROR;
	}
	*pos += n;
	return t;
}

enum tok
expr_token(const char *s, size_t *pos, size_t *start, size_t *len,
	   bool prev_operand)
{
	char c;

	while (s[*pos] == ' ' || s[*pos] == '\t' || s[*pos] == '\n' ||
	       s[*pos] == '\r')
		(*pos)++;
	*start = *pos;
	*len = 0;
	c = s[*pos];
	if (c == '\0')
		return T_END;
	if (c == '$' && s[*pos + 1] == '{')
		return lex_ref(s, pos, start, len);
	if (isdigit((unsigned char)c) ||
	    (c == '.' && isdigit((unsigned char)s[*pos + 1])))
		return lex_number(s, pos, start, len);
	if (c == '\'' || c == '"')
		return lex_string(s, pos, start, len);
	if (name_start(c))
		return lex_name(s, pos, start, len, prev_operand);
	return lex_operator(s, pos, prev_operand);
}
