/*
 * The package: entries in memory (reports, the manifest) or in files (the
 * evidence, of any size: read in BUNDLE_BLOCK blocks when written, never
 * whole), hashed as they are added, written sorted by path as a
 * reproducible tar.gz through libarchive.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "bundle.h"
#include "capture/capture.h"

#define BUNDLE_BLOCK	(64 * 1024)

void
bundle_init(struct bundle *b)
{
	memset(b, 0, sizeof(*b));
}

void
bundle_release(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].data);
		free(b->v[i].src);
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

void
bundle_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1)
		mdlen = 0;
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", i < mdlen ? md[i] : 0);
	hex[64] = '\0';
}

static struct bundle_entry *
bundle_grow(struct bundle *b, const char *path, struct err *e)
{
	struct bundle_entry *nv, *en;
	size_t ncap;

	if (b->n == b->cap) {
		ncap = b->cap ? b->cap * 2 : 32;
		if ((nv = erw_realloc(b->v, ncap * sizeof(*nv))) == NULL) {
			ERR(e, ERR_NOMEM, "cannot add %s", path);
			return NULL;
		}
		b->v = nv;
		b->cap = ncap;
	}
	en = &b->v[b->n];
	memset(en, 0, sizeof(*en));
	return en;
}

/* Size and SHA-256 of the file at path, read in blocks. */
static int
hash_file(const char *path, size_t *len, char hex[65], struct err *e)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx;
	uint8_t *buf;
	ssize_t got;
	size_t n = 0;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
		return ERR(e, ERR_IO, "cannot open '%s': %s", path,
		    strerror(errno));
	ctx = EVP_MD_CTX_new();
	buf = erw_malloc(BUNDLE_BLOCK);
	if (ctx == NULL || buf == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		ERR(e, ERR_NOMEM, "cannot hash '%s'", path);
		goto out;
	}
	while ((got = read(fd, buf, BUNDLE_BLOCK)) != 0) {
		if (got == -1) {
			if (errno == EINTR)
				continue;
			ERR(e, ERR_IO, "cannot read '%s': %s", path,
			    strerror(errno));
			goto out;
		}
		if (EVP_DigestUpdate(ctx, buf, (size_t)got) != 1) {
			ERR(e, ERR_NOMEM, "cannot hash '%s'", path);
			goto out;
		}
		n += (size_t)got;
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
		mdlen = 0;
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", i < mdlen ? md[i] : 0);
	hex[64] = '\0';
	*len = n;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(buf);
	close(fd);
	return rc;
}

int
bundle_add_file(struct bundle *b, const char *path, const char *src,
    struct err *e)
{
	struct bundle_entry *en;

	if ((en = bundle_grow(b, path, e)) == NULL)
		return -1;
	str_copy(en->path, path, sizeof(en->path));
	if ((en->src = erw_strdup(src)) == NULL)
		return ERR(e, ERR_NOMEM, "cannot add %s", path);
	if (hash_file(src, &en->len, en->sha256, e) == -1) {
		free(en->src);
		en->src = NULL;
		return -1;
	}
	b->n++;
	return 0;
}

int
bundle_entry_rehash(struct bundle_entry *en, struct err *e)
{
	if (en->src == NULL)
		return 0;
	return hash_file(en->src, &en->len, en->sha256, e);
}

int
bundle_add(struct bundle *b, const char *path, const void *data, size_t len,
    struct err *e)
{
	struct bundle_entry *en;

	if ((en = bundle_grow(b, path, e)) == NULL)
		return -1;
	if ((en->data = erw_malloc(len > 0 ? len : 1)) == NULL)
		return ERR(e, ERR_NOMEM, "cannot add %s", path);
	if (len > 0)
		memcpy(en->data, data, len);
	en->len = len;
	str_copy(en->path, path, sizeof(en->path));
	bundle_sha256_hex(en->data, len, en->sha256);
	b->n++;
	return 0;
}

void
bundle_note(struct bundle *b, const char *fmt, ...)
{
	va_list ap;

	if (b->nnotes >= sizeof(b->notes) / sizeof(b->notes[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(b->notes[b->nnotes++], sizeof(b->notes[0]), fmt, ap);
	va_end(ap);
}

enum bundle_class
bundle_classify(const uint8_t *h, size_t n)
{
	static const uint8_t snoop[4] = { 0x73, 0x6e, 0x6f, 0x6f };
	size_t i, nul = 0, odd = 0, k = n < 4096 ? n : 4096;

	if (cap_magic(h, n) != NULL ||
	    (n >= 4 && memcmp(h, snoop, 4) == 0))	/* snoop (RFC 1761) */
		return BUNDLE_CAPTURE;
	if (n >= 2 && ((h[0] == 0xff && h[1] == 0xfe) ||
	    (h[0] == 0xfe && h[1] == 0xff)))
		return BUNDLE_TEXT;		/* UTF-16 with a BOM */
	for (i = 0; i < k; i++)
		if (h[i] == 0) {
			nul++;
			odd += i % 2;
		}
	/* UTF-16LE without a BOM: NULs, nearly all at odd offsets */
	if (nul > 0 && odd * 10 >= nul * 9 && nul * 3 >= k)
		return BUNDLE_TEXT;
	return nul > 0 ? BUNDLE_BINARY : BUNDLE_TEXT;
}

static int
by_path(const void *a, const void *b)
{
	const struct bundle_entry *const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

/* Every directory above path not yet written, in order. */
static int
write_dirs(struct archive *a, struct archive_entry *en, const char *path,
    char *last, size_t lastlen, int64_t mtime)
{
	char dir[512];
	const char *s;

	for (s = strchr(path, '/'); s != NULL; s = strchr(s + 1, '/')) {
		size_t n = (size_t)(s - path);

		if (n >= sizeof(dir))
			break;
		memcpy(dir, path, n);
		dir[n] = '\0';
		/* written already: last holds the previous entry's path,
		 * and entries come sorted, so a prefix of it is done */
		if (strncmp(last, dir, n) == 0 && (last[n] == '/' ||
		    last[n] == '\0'))
			continue;
		archive_entry_clear(en);
		archive_entry_set_pathname(en, dir);
		archive_entry_set_filetype(en, AE_IFDIR);
		archive_entry_set_perm(en, 0755);
		archive_entry_set_mtime(en, mtime, 0);
		archive_entry_set_uid(en, 0);
		archive_entry_set_gid(en, 0);
		if (archive_write_header(a, en) != ARCHIVE_OK)
			return -1;
	}
	str_copy(last, path, lastlen);
	return 0;
}

/* en's file into the archive, block by block: exactly the en->len bytes
 * its header announced, or an error (the file changed since). */
static int
write_file(struct archive *a, const struct bundle_entry *en, struct err *e)
{
	uint8_t *buf;
	size_t left = en->len;
	ssize_t got;
	int fd, rc = -1;

	if ((fd = open(en->src, O_RDONLY | O_NOFOLLOW)) == -1)
		return ERR(e, ERR_IO, "cannot open '%s': %s", en->src,
		    strerror(errno));
	if ((buf = erw_malloc(BUNDLE_BLOCK)) == NULL) {
		ERR(e, ERR_NOMEM, "cannot write %s", en->path);
		goto out;
	}
	while (left > 0) {
		got = read(fd, buf, left < BUNDLE_BLOCK ? left : BUNDLE_BLOCK);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0) {
			ERR(e, ERR_IO, "cannot read '%s': %s", en->src,
			    got == 0 ? "shorter than when it was added" :
			    strerror(errno));
			goto out;
		}
		if (archive_write_data(a, buf, (size_t)got) != got) {
			ERR(e, ERR_IO, "%s: %s", en->path,
			    archive_error_string(a) != NULL ?
			    archive_error_string(a) : "write failed");
			goto out;
		}
		left -= (size_t)got;
	}
	rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

int
bundle_write(const struct bundle *b, const char *path, int64_t mtime,
    struct err *e)
{
	const struct bundle_entry **order = NULL;
	struct archive_entry *en = NULL;
	struct archive *a;
	char last[512] = "", tmp[4096] = "";
	bool to_stdout = strcmp(path, "-") == 0;
	size_t i;
	int rc = -1, fd = -1;

	if ((a = archive_write_new()) == NULL ||
	    (en = archive_entry_new()) == NULL ||
	    (order = erw_calloc(b->n + 1, sizeof(*order))) == NULL) {
		ERR(e, ERR_NOMEM, "cannot write the package");
		goto out;
	}
	for (i = 0; i < b->n; i++)
		order[i] = &b->v[i];
	qsort(order, b->n, sizeof(*order), by_path);
	/* pax restricted: long names, no atime/ctime or other variable
	 * extended headers; gzip without the name and time of its header */
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) !=
	    ARCHIVE_OK) {
		ERR(e, ERR_IO, "%s: %s", path, archive_error_string(a) != NULL ?
		    archive_error_string(a) : "cannot write");
		goto out;
	}
	/* A temporary file beside path, renamed over it only when whole:
	 * a full disk or a failed write leaves no partial package. */
	if (!to_stdout) {
		if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
		    sizeof(tmp)) {
			ERR(e, ERR_IO, "%s: name too long", path);
			goto out;
		}
		if ((fd = mkstemp(tmp)) == -1) {
			ERR(e, ERR_IO, "cannot create '%s': %s", path,
			    strerror(errno));
			tmp[0] = '\0';
			goto out;
		}
		(void)fchmod(fd, 0644);
	}
	if ((to_stdout ? archive_write_open_filename(a, NULL) :
	    archive_write_open_fd(a, fd)) != ARCHIVE_OK) {
		ERR(e, ERR_IO, "%s: %s", path, archive_error_string(a) != NULL ?
		    archive_error_string(a) : "cannot write");
		goto out;
	}
	for (i = 0; i < b->n; i++) {
		if (write_dirs(a, en, order[i]->path, last, sizeof(last),
		    mtime) == -1)
			goto werr;
		archive_entry_clear(en);
		archive_entry_set_pathname(en, order[i]->path);
		archive_entry_set_filetype(en, AE_IFREG);
		archive_entry_set_perm(en, 0644);
		archive_entry_set_size(en, (la_int64_t)order[i]->len);
		archive_entry_set_mtime(en, mtime, 0);
		archive_entry_set_uid(en, 0);
		archive_entry_set_gid(en, 0);
		if (archive_write_header(a, en) != ARCHIVE_OK)
			goto werr;
		if (order[i]->src != NULL) {
			if (write_file(a, order[i], e) == -1)
				goto out;
		} else if (order[i]->len > 0 && archive_write_data(a,
		    order[i]->data, order[i]->len) !=
		    (la_ssize_t)order[i]->len)
			goto werr;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto werr;
	if (fd != -1) {
		if (fsync(fd) == -1 || close(fd) == -1) {
			fd = -1;
			ERR(e, ERR_IO, "cannot write '%s': %s", path,
			    strerror(errno));
			goto out;
		}
		fd = -1;
		if (rename(tmp, path) == -1) {
			ERR(e, ERR_IO, "cannot write '%s': %s", path,
			    strerror(errno));
			goto out;
		}
		tmp[0] = '\0';
	}
	rc = 0;
	goto out;
werr:
	ERR(e, ERR_IO, "%s: %s", path, archive_error_string(a) != NULL ?
	    archive_error_string(a) : "write failed");
out:
	if (en != NULL)
		archive_entry_free(en);
	if (a != NULL)
		archive_write_free(a);
	if (fd != -1)
		(void)close(fd);
	if (tmp[0] != '\0')
		(void)unlink(tmp);
	free(order);
	return rc;
}
