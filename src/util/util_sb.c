/*
 * String builder and string helpers.  Failure to grow is sticky so callers
 * can append many pieces and check once.
 */
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

void
sb_init(struct sb *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void
sb_release(struct sb *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void
sb_reset(struct sb *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

static int
sb_grow(struct sb *sb, size_t extra)
{
	size_t need, ncap;
	char *nbuf;

	if (sb->failed)
		return -1;
	if (extra > SIZE_MAX / 2 - sb->len) {
		sb->failed = true;
		return -1;
	}
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	ncap = sb->cap ? sb->cap : 64;
	while (ncap < need)
		ncap *= 2;
	if ((nbuf = erw_realloc(sb->buf, ncap)) == NULL) {
		sb->failed = true;
		return -1;
	}
	sb->buf = nbuf;
	sb->cap = ncap;
	return 0;
}

int
sb_addn(struct sb *sb, const char *s, size_t n)
{
	if (sb_grow(sb, n) == -1)
		return -1;
	if (n > 0)
		memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int
sb_add(struct sb *sb, const char *s)
{
	return sb_addn(sb, s, strlen(s));
}

int
sb_addc(struct sb *sb, char c)
{
	return sb_addn(sb, &c, 1);
}

int
sb_vaddf(struct sb *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || sb_grow(sb, (size_t)n) == -1)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int
sb_addf(struct sb *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sb_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

int
sb_add_escaped(struct sb *sb, const void *src, size_t n)
{
	const uint8_t *p = src;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			sb_addc(sb, (char)p[i]);
		else if (p[i] == '\\')
			sb_add(sb, "\\\\");
		else
			sb_addf(sb, "\\x%02x", p[i]);
	}
	return sb->failed ? -1 : 0;
}

const char *
sb_str(const struct sb *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

char *
sb_take(struct sb *sb)
{
	char *s;

	if (sb->failed) {
		sb_release(sb);
		return NULL;
	}
	if (sb->buf == NULL && sb_grow(sb, 0) == -1)
		return NULL;
	s = sb->buf;
	sb_init(sb);
	return s;
}

void
str_escape_into(char *dst, size_t dstlen, const void *src, size_t n)
{
	const uint8_t *p = src;
	size_t i, o = 0;

	if (dstlen == 0)
		return;
	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			if (o + 1 >= dstlen)
				break;
			dst[o++] = (char)p[i];
		} else {
			if (o + 4 >= dstlen)
				break;
			snprintf(dst + o, 5, "\\x%02x", p[i]);
			o += 4;
		}
	}
	dst[o] = '\0';
}

size_t
str_copy(char *dst, const char *src, size_t dstlen)
{
	size_t n = strlen(src);

	if (dstlen > 0) {
		size_t c = n < dstlen - 1 ? n : dstlen - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

int
str_casecmp(const char *a, const char *b)
{
	unsigned char ca, cb;

	for (;; a++, b++) {
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb || ca == '\0')
			return ca - cb;
	}
}
