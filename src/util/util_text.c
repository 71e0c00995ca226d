/*
 * Reading a whole input file and writing UTF-8: the pieces every loader
 * of pasted or exported text (azure, router) needs before it parses.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

int
file_read_all(FILE *fp, const char *name, size_t limit, uint8_t **out,
    size_t *outlen, struct err *e)
{
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;

	for (;;) {
		if (cap - len < 4096) {
			size_t ncap = cap == 0 ? 65536 : cap * 2;

			/* one read past the limit tells "too big" from
			 * "exactly the limit" */
			if (ncap > limit + 4096)
				ncap = limit + 4096;
			if (ncap <= cap)
				goto big;
			if ((nb = erw_realloc(buf, ncap)) == NULL) {
				free(buf);
				return ERR(e, ERR_NOMEM, "out of memory "
				    "reading '%s'", name);
			}
			buf = nb;
			cap = ncap;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (len > limit)
			goto big;
		if (n == 0) {
			if (ferror(fp)) {
				free(buf);
				return ERR(e, ERR_IO, "cannot read '%s': %s",
				    name, strerror(errno));
			}
			break;
		}
	}
	*out = buf;
	*outlen = len;
	return 0;
big:
	free(buf);
	ERR(e, ERR_LIMIT, "'%s' is larger than %zu bytes", name, limit);
	err_at(e, name, 0, 0, 0);
	return -1;
}

size_t
utf8_put(char *dst, uint32_t cp)
{
	if (cp < 0x80) {
		dst[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		dst[0] = (char)(0xc0 | cp >> 6);
		dst[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		dst[0] = (char)(0xe0 | cp >> 12);
		dst[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		dst[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	dst[0] = (char)(0xf0 | cp >> 18);
	dst[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	dst[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	dst[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}
