/*
 * erwatch bundle DIR -o FILE.tar.gz: the support package of an evidence
 * folder (bundle/bundle.h, docs/bundle.md).  Every text file is redacted
 * on the way in; captures go in as they are (trimmed to the BGP flows, or
 * left out, by --max-size, with a note); files that can be neither read
 * as text nor as a capture are left out with a note.  The diagnosis is
 * made by `erwatch diagnose` run on the redacted copy, so no report can
 * hold what the evidence no longer does, and its outputs are redacted
 * once more.  A manifest lists every file with its size and SHA-256, the
 * redactions (kind, file, line: never the value), the notes, the circuit
 * and the time window the diagnosis learned.
 * Exit: 0 written, 2 usage or input error, 3 runtime failure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "bundle/bundle.h"
#include "capture/capture.h"
#include "report/report.h"

#define CMD		"bundle"
#define TOP		"erwatch-bundle"
/* a report of diagnose or the key, read whole (the evidence is streamed,
 * whatever its size) */
#define LIMIT_BUNDLE_FILE	(1024u * 1024 * 1024)
#define COPY_BLOCK		(64 * 1024)	/* evidence read in blocks */
#define LIMIT_BUNDLE_FILES	4096
#define TRIM_FILTER	"tcp port 179 or icmp or icmp6 or arp or " \
			"(vlan and (tcp port 179 or icmp or icmp6 or arp))"

enum bundle_opt {
	OPT_OUTPUT = 'o',
	OPT_JSON = 256,
	OPT_KEY_FILE,
	OPT_MAX_SIZE
};

static const struct cli_opt bundle_opts[] = {
	CLI_OPT("output", 'o', CLI_ONE, "FILE", OPT_OUTPUT,
	    "the package to write (.tar.gz); \"-\" for stdout"),
	CLI_OPT("max-size", 0, CLI_ONE, "SIZE", OPT_MAX_SIZE,
	    "trim the largest captures to the BGP flows, then leave them out, "
	    "until the evidence fits in SIZE bytes (k, M, G suffixes)"),
	CLI_OPT("key-file", 0, CLI_ONE, "FILE", OPT_KEY_FILE,
	    "the key of the redaction markers' hashes (default "
	    "~/.config/erwatch/bundle.key, made on first use)"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "print the manifest as JSON instead of the summary"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_bundle = {
	.name = "bundle",
	.summary = "the support package of an evidence folder, secrets redacted",
	.usage = { "DIR -o FILE.tar.gz [options]" },
	.description =
	    "Pack an evidence folder for a support ticket: the evidence, the\n"
	    "diagnosis in text, JSON and HTML, and a manifest (SHA-256 and size\n"
	    "of every file, what was redacted where, the circuit and the time\n"
	    "window).  Redaction is always on: SAS signatures, storage keys,\n"
	    "connection strings, MD5 keys and passwords in router configs and\n"
	    "outputs, authorizationKey and sharedKey, bearer tokens and JWTs,\n"
	    "private keys become REDACTED-<kind>-<hash> markers; equal secrets\n"
	    "get equal markers.  The package is reproducible: the same folder\n"
	    "and key give the same bytes.\n",
	.operands = "DIR",
	.opts = bundle_opts,
	.epilog = "exit: 0 written, 2 usage or input error, 3 runtime failure\n"
	    "(a package not written whole is removed: no partial file)\n",
};

struct file_item {
	char	 rel[512];
	char	 abs[PATH_MAX];
	off_t	 size;
	time_t	 mtime;
};

struct walk {
	struct file_item	*v;
	size_t			 n, cap;
	size_t			 dropped;
	size_t			 root_len;
	struct bundle		*b;
};

static int
walk_add(struct walk *w, const char *abs, const struct stat *st)
{
	struct file_item *nv;

	if (w->n >= LIMIT_BUNDLE_FILES) {
		w->dropped++;
		return 0;
	}
	if (w->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 64;

		if ((nv = erw_realloc(w->v, ncap * sizeof(*nv))) == NULL)
			return -1;
		w->v = nv;
		w->cap = ncap;
	}
	str_copy(w->v[w->n].abs, abs, sizeof(w->v[w->n].abs));
	str_copy(w->v[w->n].rel, abs + w->root_len + 1,
	    sizeof(w->v[w->n].rel));
	w->v[w->n].size = st->st_size;
	w->v[w->n].mtime = st->st_mtime;
	w->n++;
	return 0;
}

static int
walk_dir(struct walk *w, const char *dir, int depth)
{
	struct dirent **names = NULL;
	char path[PATH_MAX];
	struct stat st;
	int n, i, rc = 0;

	if (depth > 16)
		return 0;
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return depth == 0 ? -1 : 0;
	for (i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;

		if (rc == 0 && strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0 &&
		    snprintf(path, sizeof(path), "%s/%s", dir, nm) <
		    (int)sizeof(path) && lstat(path, &st) == 0) {
			if (S_ISLNK(st.st_mode))
				/* it may point anywhere: never followed */
				bundle_note(w->b, "%s: a symbolic link, left "
				    "out", path + w->root_len + 1);
			else if (S_ISDIR(st.st_mode))
				rc = walk_dir(w, path, depth + 1);
			else if (S_ISREG(st.st_mode))
				rc = walk_add(w, path, &st);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int
read_file(const char *path, uint8_t **data, size_t *len, struct err *e)
{
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "rb")) == NULL)
		return ERR(e, ERR_INPUT, "%s: %s", path, strerror(errno));
	rc = file_read_all(fp, path, LIMIT_BUNDLE_FILE, data, len, e);
	fclose(fp);
	return rc;
}

/* The key: --key-file, else ~/.config/erwatch/bundle.key (made on first
 * use, 0600), hashed to REDACT_KEY_LEN bytes. */
static int
load_key(const char *path, uint8_t key[REDACT_KEY_LEN], struct err *e)
{
	char def[PATH_MAX + 16], dir[PATH_MAX];
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	uint8_t raw[64], *data = NULL;
	size_t len = 0;
	char hex[65];
	int fd;

	if (path == NULL) {
		if (xdg != NULL && xdg[0] == '/')
			snprintf(dir, sizeof(dir), "%s/erwatch", xdg);
		else
			snprintf(dir, sizeof(dir), "%s/.config/erwatch",
			    home != NULL ? home : "/root");
		snprintf(def, sizeof(def), "%s/bundle.key", dir);
		path = def;
		if (access(path, F_OK) != 0) {
			char parent[PATH_MAX];

			snprintf(parent, sizeof(parent), "%.*s",
			    (int)(strrchr(dir, '/') - dir), dir);
			(void)mkdir(parent, 0700);
			(void)mkdir(dir, 0700);
			if (getrandom(raw, sizeof(raw), 0) != sizeof(raw))
				return ERR(e, ERR_RUNTIME, "no random bytes "
				    "for a new key");
			if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL,
			    0600)) == -1)
				return ERR(e, ERR_IO, "%s: %s", path,
				    strerror(errno));
			if (write(fd, raw, sizeof(raw)) != sizeof(raw)) {
				close(fd);
				return ERR(e, ERR_IO, "%s: write failed", path);
			}
			close(fd);
		}
	}
	if (read_file(path, &data, &len, e) == -1)
		return -1;
	if (len < 16) {
		free(data);
		return ERR(e, ERR_INPUT, "%s: a key of %zu bytes is too short "
		    "(16 or more)", path, len);
	}
	/* any length of key material -> 32 bytes */
	bundle_sha256_hex(data, len, hex);
	for (len = 0; len < REDACT_KEY_LEN; len++) {
		unsigned v;

		sscanf(hex + 2 * len, "%2x", &v);
		key[len] = (uint8_t)v;
	}
	free(data);
	return 0;
}

static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		v *= 1024;
		end++;
		break;
	case 'm': case 'M':
		v *= 1024 * 1024;
		end++;
		break;
	case 'g': case 'G':
		v *= 1024ULL * 1024 * 1024;
		end++;
		break;
	default:
		return -1;
	}
	if (*end != '\0' || v == 0)
		return -1;
	*out = v;
	return 0;
}

static int
rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

/* mkdir -p for the parents of path. */
static void
make_parents(const char *path)
{
	char p[PATH_MAX], *s;

	str_copy(p, path, sizeof(p));
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		(void)mkdir(p, 0700);
		*s = '/';
	}
}

/* Run this erwatch with args in dir, stdout into out_path.  The exit
 * code, or -1 when it could not run. */
static int
run_self(const char *dir, char *const args[], const char *out_path)
{
	pid_t pid;
	int status, fd;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (chdir(dir) == -1)
			_exit(127);
		if ((fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC,
		    0600)) == -1)
			_exit(127);
		dup2(fd, STDOUT_FILENO);
		close(fd);
		if ((fd = open("/dev/null", O_WRONLY)) != -1) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execv("/proc/self/exe", args);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static json_t *
manifest_json(const struct bundle *b, const struct redact_ctx *rc,
    json_t *facts, const char *folder)
{
	json_t *m = json_object(), *files = json_array(), *reds = json_array();
	json_t *notes = json_array(), *o, *c;
	size_t i;

	json_object_set_new(m, "erwatch_version", json_string(ERW_VERSION));
	json_object_set_new(m, "folder", json_string(folder));
	for (i = 0; i < b->n; i++) {
		o = json_object();
		json_object_set_new(o, "path", json_string(b->v[i].path));
		json_object_set_new(o, "size",
		    json_integer((json_int_t)b->v[i].len));
		json_object_set_new(o, "sha256", json_string(b->v[i].sha256));
		json_object_set_new(o, "redactions",
		    json_integer(b->v[i].redactions));
		if (b->v[i].converted)
			json_object_set_new(o, "converted",
			    json_string("utf-16 to utf-8"));
		json_array_append_new(files, o);
	}
	for (i = 0; i < rc->n; i++) {
		o = json_object();
		json_object_set_new(o, "file", json_string(rc->v[i].file));
		json_object_set_new(o, "line", json_integer(rc->v[i].line));
		json_object_set_new(o, "kind",
		    json_string(redact_kind_name(rc->v[i].kind)));
		json_array_append_new(reds, o);
	}
	for (i = 0; i < b->nnotes; i++)
		json_array_append_new(notes, json_string(b->notes[i]));
	json_object_set_new(m, "files", files);
	json_object_set_new(m, "redactions", reds);
	if (rc->dropped > 0)
		json_object_set_new(m, "redactions_not_listed",
		    json_integer((json_int_t)rc->dropped));
	json_object_set_new(m, "notes", notes);
	/* what support needs to find the circuit, from the diagnosis */
	c = facts != NULL ? json_object_get(facts, "circuit") : NULL;
	json_object_set(m, "circuit", c != NULL ? c : json_null());
	o = json_object();
	{
		json_t *tr = facts != NULL ? json_object_get(facts,
		    "time_ranges") : NULL, *r;
		const char *lo = NULL, *hi = NULL, *f, *t;
		size_t k;

		json_array_foreach(tr, k, r) {
			f = json_string_value(json_object_get(r, "from"));
			t = json_string_value(json_object_get(r, "to"));
			/* ISO 8601 UTC strings order as their times */
			if (f != NULL && (lo == NULL || strcmp(f, lo) < 0))
				lo = f;
			if (t != NULL && (hi == NULL || strcmp(t, hi) > 0))
				hi = t;
		}
		json_object_set_new(o, "from", lo ? json_string(lo) :
		    json_null());
		json_object_set_new(o, "to", hi ? json_string(hi) :
		    json_null());
	}
	json_object_set_new(m, "time_window", o);
	return m;
}

/* The first bytes of path (up to len) into head, *got of them. */
static int
read_head(const char *path, uint8_t *head, size_t len, size_t *got,
    struct err *e)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) == -1)
		return ERR(e, ERR_INPUT, "%s", strerror(errno));
	do
		n = pread(fd, head, len, 0);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n == -1)
		return ERR(e, ERR_INPUT, "%s", strerror(errno));
	*got = (size_t)n;
	return 0;
}

/*
 * The file src into dst in COPY_BLOCK blocks, through the redaction
 * stream when text: memory stays a block and a line, whatever the size.
 * -1 with e set: ERR_INPUT reading src, ERR_IO writing dst, ERR_NOMEM.
 */
static int
copy_in(struct redact_ctx *rc, const char *rel, const char *src,
    const char *dst, bool text, bool *converted, struct err *e)
{
	struct redact_stream st;
	struct sb out;
	uint8_t *buf = NULL;
	FILE *fp = NULL;
	ssize_t got;
	int fd, rv = -1;

	redact_stream_init(&st, rc, rel);
	sb_init(&out);
	if ((fd = open(src, O_RDONLY | O_NOFOLLOW)) == -1)
		return ERR(e, ERR_INPUT, "%s", strerror(errno));
	if ((buf = erw_malloc(COPY_BLOCK)) == NULL) {
		ERR(e, ERR_NOMEM, "cannot copy %s", rel);
		goto out;
	}
	if ((fp = fopen(dst, "wb")) == NULL) {
		ERR(e, ERR_IO, "cannot write '%s': %s", dst, strerror(errno));
		goto out;
	}
	for (;;) {
		got = read(fd, buf, COPY_BLOCK);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			ERR(e, ERR_INPUT, "%s", strerror(errno));
			goto out;
		}
		sb_reset(&out);
		if (text && (got > 0 ? redact_stream_feed(&st, buf,
		    (size_t)got, &out, e) : redact_stream_finish(&st, &out,
		    e)) == -1)
			goto out;
		if (text ? out.len > 0 && fwrite(out.buf, 1, out.len, fp) !=
		    out.len : got > 0 && fwrite(buf, 1, (size_t)got, fp) !=
		    (size_t)got) {
			ERR(e, ERR_IO, "cannot write '%s': %s", dst,
			    strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
	}
	*converted = st.converted;
	rv = 0;
out:
	if (fp != NULL && fclose(fp) != 0 && rv == 0)
		rv = ERR(e, ERR_IO, "cannot write '%s': %s", dst,
		    strerror(errno));
	close(fd);
	/* the blocks held secrets before they were redacted */
	if (buf != NULL)
		explicit_bzero(buf, COPY_BLOCK);
	if (out.buf != NULL)
		explicit_bzero(out.buf, out.cap);
	free(buf);
	sb_release(&out);
	redact_stream_release(&st);
	return rv;
}

static int
add_text(struct bundle *b, struct redact_ctx *rc, const char *path,
    const char *rel_for_log, const uint8_t *data, size_t len, struct err *e)
{
	size_t before = rc->n;
	struct sb out;
	bool conv = false;
	int r;

	sb_init(&out);
	if (redact_text(rc, rel_for_log, data, len, &out, &conv, e) == -1) {
		sb_release(&out);
		return -1;
	}
	r = bundle_add(b, path, out.buf != NULL ? out.buf : "", out.len, e);
	if (r == 0) {
		b->v[b->n - 1].redactions = (unsigned)(rc->n - before);
		b->v[b->n - 1].converted = conv;
	}
	sb_release(&out);
	return r;
}

int
cmd_bundle(int argc, char *argv[])
{
	const char *out = NULL, *keyfile = NULL;
	char tmp[] = "/tmp/erwatch-bundle-XXXXXX", base[256], path[PATH_MAX];
	char ev_rel[PATH_MAX], rootabs[PATH_MAX];
	uint8_t key[REDACT_KEY_LEN], *data, head[4096];
	struct redact_ctx rc;
	struct walk w;
	struct bundle b;
	struct cli_parse p;
	struct err e;
	uint64_t max_size = 0, total = 0;
	time_t newest = 0;
	json_t *diag = NULL, *facts = NULL, *man = NULL;
	bool json = false, html = false, have_tmp = false;
	size_t i, len, *cap_idx = NULL, ncap = 0;
	int ch, r = EXIT_OK;

	cli_parse_init(&p, &cli_cmd_bundle, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_OUTPUT:
			out = p.arg;
			break;
		case OPT_KEY_FILE:
			keyfile = p.arg;
			break;
		case OPT_MAX_SIZE:
			if (parse_size(p.arg, &max_size) == -1)
				return cli_usage_error(CMD, "--max-size needs "
				    "a size: 50M, 2G, 1000000");
			break;
		case OPT_JSON:
			json = true;
			break;
		}
	}
	if (p.nops != 1)
		return cli_usage_error(CMD, "give one evidence folder");
	if (out == NULL)
		return cli_usage_error(CMD, "give the package to write: -o "
		    "FILE.tar.gz");
	if (realpath(p.ops[0], rootabs) == NULL) {
		fprintf(stderr, "erwatch %s: %s: %s\n", CMD, p.ops[0],
		    strerror(errno));
		return EXIT_USAGE;
	}
	{
		const char *s = strrchr(rootabs, '/');

		str_copy(base, s != NULL && s[1] ? s + 1 : "evidence",
		    sizeof(base));
	}
	err_clear(&e);
	if (load_key(keyfile, key, &e) == -1)
		return cli_input_err(CMD, &e);
	redact_init(&rc, key);
	memset(key, 0, sizeof(key));
	bundle_init(&b);
	memset(&w, 0, sizeof(w));
	w.b = &b;
	w.root_len = strlen(rootabs);
	if (walk_dir(&w, rootabs, 0) == -1) {
		fprintf(stderr, "erwatch %s: %s: cannot read the folder\n", CMD,
		    p.ops[0]);
		r = EXIT_USAGE;
		goto done;
	}
	if (w.dropped > 0)
		bundle_note(&b, "%zu files beyond the limit of %d left out",
		    w.dropped, LIMIT_BUNDLE_FILES);
	if (mkdtemp(tmp) == NULL) {
		fprintf(stderr, "erwatch %s: no temporary folder: %s\n", CMD,
		    strerror(errno));
		r = EXIT_RUNTIME;
		goto done;
	}
	have_tmp = true;
	if ((cap_idx = erw_calloc(w.n + 1, sizeof(*cap_idx))) == NULL)
		goto nomem;
	/* ---- the evidence, redacted ---- */
	for (i = 0; i < w.n; i++) {
		char dst[PATH_MAX];
		enum bundle_class cls;
		size_t before = rc.n;
		bool conv = false;

		err_clear(&e);
		if (read_head(w.v[i].abs, head, sizeof(head), &len, &e) == -1) {
			bundle_note(&b, "%s: not read: %s", w.v[i].rel, e.msg);
			continue;
		}
		cls = bundle_classify(head, len);
		if (cls == BUNDLE_BINARY) {
			bundle_note(&b, "%s: binary, neither text nor a "
			    "capture: left out (it cannot be redacted)",
			    w.v[i].rel);
			continue;
		}
		if (w.v[i].mtime > newest)
			newest = w.v[i].mtime;
		snprintf(path, sizeof(path), TOP "/evidence/%s", w.v[i].rel);
		/* the redacted copy diagnose reads, and the package streams */
		snprintf(dst, sizeof(dst), "%s/%s/%s", tmp, base, w.v[i].rel);
		make_parents(dst);
		if (copy_in(&rc, w.v[i].rel, w.v[i].abs, dst,
		    cls == BUNDLE_TEXT, &conv, &e) == -1) {
			if (e.code == ERR_NOMEM)
				goto nomem;
			if (e.code == ERR_INPUT) {
				(void)unlink(dst);
				bundle_note(&b, "%s: not read: %s", w.v[i].rel,
				    e.msg);
				continue;
			}
			r = cli_report_err(CMD, &e);
			goto done;
		}
		err_clear(&e);
		if (bundle_add_file(&b, path, dst, &e) == -1) {
			r = cli_report_err(CMD, &e);
			goto done;
		}
		b.v[b.n - 1].redactions = (unsigned)(rc.n - before);
		b.v[b.n - 1].converted = conv;
		if (cls == BUNDLE_CAPTURE)
			cap_idx[ncap++] = b.n - 1;
		total += b.v[b.n - 1].len;
	}
	/* ---- --max-size: trim captures to BGP, then leave them out ---- */
	while (max_size > 0 && total > max_size && ncap > 0) {
		size_t k, big = 0;
		struct bundle_entry *en;
		char trimmed[PATH_MAX], src[PATH_MAX];
		uint64_t kept, all;

		for (k = 1; k < ncap; k++)
			if (b.v[cap_idx[k]].len > b.v[cap_idx[big]].len)
				big = k;
		struct stat tst;
		size_t was;

		en = &b.v[cap_idx[big]];
		str_copy(src, en->src, sizeof(src));
		snprintf(trimmed, sizeof(trimmed), "%s/.trimmed", tmp);
		err_clear(&e);
		if (!strstr(en->path, ".trimmed-to-bgp") &&
		    cap_filter_copy(src, trimmed, TRIM_FILTER, &kept, &all,
		    &e) == 0 && stat(trimmed, &tst) == 0 &&
		    (uint64_t)tst.st_size < en->len &&
		    rename(trimmed, src) == 0) {
			was = en->len;
			err_clear(&e);
			if (bundle_entry_rehash(en, &e) == -1) {
				r = cli_report_err(CMD, &e);
				goto done;
			}
			bundle_note(&b, "%s: trimmed to the BGP flows (TCP 179, "
			    "ICMP, ARP) for --max-size: %llu of %llu packets, "
			    "%zu of %zu bytes", en->path + strlen(TOP "/"),
			    (unsigned long long)kept, (unsigned long long)all,
			    en->len, was);
			total -= was - en->len;
			str_copy(en->path + strlen(en->path), ".trimmed-to-bgp",
			    sizeof(en->path) - strlen(en->path));
			continue;
		}
		(void)unlink(trimmed);
		bundle_note(&b, "%s: left out for --max-size (%zu bytes%s)",
		    en->path + strlen(TOP "/"), en->len,
		    strstr(en->path, ".trimmed-to-bgp") ?
		    ", already trimmed to the BGP flows" : "");
		total -= en->len;
		(void)unlink(src);
		free(en->data);
		free(en->src);
		/* out of the package: moved to the end and dropped */
		b.v[cap_idx[big]] = b.v[b.n - 1];
		for (k = 0; k < ncap; k++)
			if (cap_idx[k] == b.n - 1)
				cap_idx[k] = cap_idx[big];
		b.n--;
		cap_idx[big] = cap_idx[--ncap];
	}
	if (max_size > 0 && total > max_size)
		bundle_note(&b, "the evidence is %llu bytes, over --max-size "
		    "%llu, with every capture trimmed or left out",
		    (unsigned long long)total, (unsigned long long)max_size);
	/* ---- the diagnosis, from the redacted copy ---- */
	{
		char *const help[] = { "erwatch", "diagnose", "--help", NULL };
		char *const js[] = { "erwatch", "diagnose", "--json", base, NULL };
		char *const tx[] = { "erwatch", "diagnose", "--no-remedy", base,
		    NULL };
		char *const ht[] = { "erwatch", "diagnose", "--html",
		    ".diagnosis.html", base, NULL };
		char hp[PATH_MAX], jp[PATH_MAX], tp[PATH_MAX], xp[PATH_MAX];
		static const char *const names[] = { "diagnosis.json",
		    "diagnosis.txt", "diagnosis.html" };
		const char *paths[3];
		int k, code;

		snprintf(hp, sizeof(hp), "%s/.help", tmp);
		snprintf(jp, sizeof(jp), "%s/.diagnosis.json", tmp);
		snprintf(tp, sizeof(tp), "%s/.diagnosis.txt", tmp);
		snprintf(xp, sizeof(xp), "%s/.diagnosis.html", tmp);
		if (run_self(tmp, help, hp) == 0 && read_file(hp, &data, &len,
		    &e) == 0) {
			html = memmem(data, len, "--html", 6) != NULL;
			free(data);
		}
		code = run_self(tmp, js, jp);
		if (code < 0 || code > 1)
			bundle_note(&b, "erwatch diagnose ended with exit %d: "
			    "the diagnosis may be partial", code);
		(void)run_self(tmp, tx, tp);
		if (html) {
			char null_out[PATH_MAX];

			snprintf(null_out, sizeof(null_out), "%s/.html.out",
			    tmp);
			(void)run_self(tmp, ht, null_out);
		}
		paths[0] = jp;
		paths[1] = tp;
		paths[2] = xp;
		for (k = 0; k < 3; k++) {
			char dst[PATH_MAX];

			err_clear(&e);
			if (read_file(paths[k], &data, &len, &e) == -1)
				continue;
			if (k == 0) {
				json_error_t je;

				diag = json_loadb((const char *)data, len, 0,
				    &je);
				facts = diag != NULL ? json_object_get(diag,
				    "facts") : NULL;
			}
			snprintf(dst, sizeof(dst), TOP "/%s", names[k]);
			if (add_text(&b, &rc, dst, names[k], data, len,
			    &e) == -1) {
				free(data);
				goto nomem;
			}
			free(data);
		}
	}
	{
		static const char readme[] =
		    "erwatch support bundle\n\n"
		    "evidence/        the evidence folder, every secret replaced "
		    "by a REDACTED-<kind>-<hash>\n"
		    "                 marker (equal secrets, equal markers); "
		    "captures as they were, or\n"
		    "                 trimmed to the BGP flows (see the notes)\n"
		    "diagnosis.txt    erwatch diagnose on evidence/ (also .json, "
		    ".html when made)\n"
		    "manifest.json    every file's size and SHA-256, the "
		    "redactions (kind, file, line),\n"
		    "                 the notes, the circuit and the time window\n";

		if (bundle_add(&b, TOP "/README.txt", readme,
		    sizeof(readme) - 1, &e) == -1)
			goto nomem;
	}
	man = manifest_json(&b, &rc, facts, base);
	{
		char *s = man != NULL ? json_dumps(man, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER) : NULL;

		if (s == NULL || bundle_add(&b, TOP "/manifest.json", s,
		    strlen(s), &e) == -1) {
			free(s);
			goto nomem;
		}
		free(s);
	}
	err_clear(&e);
	if (bundle_write(&b, out, (int64_t)newest, &e) == -1) {
		r = cli_report_err(CMD, &e);
		goto done;
	}
	if (json)
		r = cli_json_out(CMD, json_incref(man), report_json_dump);
	else if (strcmp(out, "-") != 0) {
		size_t kinds[REDACT__COUNT] = { 0 };
		int k;

		for (i = 0; i < rc.n; i++)
			kinds[rc.v[i].kind]++;
		printf("%s: %zu files, %zu secrets redacted", out, b.n, rc.n);
		for (k = 0; k < REDACT__COUNT; k++)
			if (kinds[k] > 0)
				printf("%s %zu %s", k ? "," : ":", kinds[k],
				    redact_kind_name((enum redact_kind)k));
		printf("\n");
		for (i = 0; i < b.nnotes; i++)
			printf("note: %s\n", b.notes[i]);
	}
	goto done;
nomem:
	fprintf(stderr, "erwatch %s: out of memory\n", CMD);
	r = EXIT_RUNTIME;
done:
	if (have_tmp)
		(void)nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	json_decref(man);
	json_decref(diag);
	free(cap_idx);
	free(w.v);
	bundle_release(&b);
	redact_release(&rc);
	(void)ev_rel;
	return r;
}
