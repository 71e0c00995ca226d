/*
 * Errors as values: the first error recorded wins, with the input position
 * attached when the caller knows it.  Only the cli layer turns these into
 * text and exit codes.
 */
#include <stdio.h>

#include "util.h"

int
err_set(struct err *e, enum err_code code, const char *src_file, int src_line,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL || e->code != ERR_NONE)
		return -1;
	e->code = code;
	e->src_file = src_file;
	e->src_line = src_line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
err_at(struct err *e, const char *input, uint64_t unit, uint64_t col,
    uint64_t offset)
{
	if (e == NULL)
		return;
	if (input != NULL && e->input[0] == '\0')
		str_copy(e->input, input, sizeof(e->input));
	if (e->unit == 0)
		e->unit = unit;
	if (e->col == 0)
		e->col = col;
	if (e->offset == 0)
		e->offset = offset;
}

void
err_clear(struct err *e)
{
	memset(e, 0, sizeof(*e));
}

bool
err_isset(const struct err *e)
{
	return e != NULL && e->code != ERR_NONE;
}

int
err_exit_code(const struct err *e)
{
	switch (e->code) {
	case ERR_NONE:
		return 0;
	case ERR_USAGE:
	case ERR_INPUT:
		return 2;
	default:
		return 3;
	}
}

const char *
err_str(const struct err *e, char *buf, size_t len)
{
	const char *msg = e->msg[0] != '\0' ? e->msg : "unknown error";
	/* "out of memory" leads every such message, whatever its site said,
	 * so a user can tell it from bad input at a glance */
	const char *oom = e->code == ERR_NOMEM &&
	    strncmp(msg, "out of memory", 13) != 0 ? "out of memory: " : "";
	char pos[192] = "";
	size_t n = 0;

	/* no allocation here: this is how an allocation failure is told */
	if (e->input[0] != '\0') {
		n = (size_t)snprintf(pos, sizeof(pos), "%s:", e->input);
		if (e->unit > 0 && n < sizeof(pos))
			n += (size_t)snprintf(pos + n, sizeof(pos) - n,
			    "%llu:", (unsigned long long)e->unit);
		if (e->col > 0 && n < sizeof(pos))
			n += (size_t)snprintf(pos + n, sizeof(pos) - n,
			    "%llu:", (unsigned long long)e->col);
		if (n < sizeof(pos))
			snprintf(pos + n, sizeof(pos) - n, " ");
	}
	if (len > 0)
		snprintf(buf, len, "%s%s%s", pos, oom, msg);
	return buf;
}
