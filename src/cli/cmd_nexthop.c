/*
 * erwatch nexthop: `az network watcher show-next-hop`, offline, on
 * exported effective routes (and route tables, NICs).  Loads the exports
 * (azure/az_routes.h), asks az_routes_lookup() for each destination,
 * judges the answer (diag/diag_nexthop.h) and has report/report_nexthop.c
 * turn it into a report document rendered as text, JSON or HTML, or one
 * CSV/JSON line per destination in batch mode.  docs/nexthop.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "azure/az_routes.h"
#include "cli.h"
#include "diag/diag_azure.h"
#include "diag/diag_nexthop.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_nexthop.h"

#define NH_MAX_FILES	64

struct nh_opts {
	const char	*routes[NH_MAX_FILES];
	size_t		 nroutes;
	const char	*nics[NH_MAX_FILES];
	size_t		 nnics;
	const char	*dst;
	const char	*src;
	const char	*expect;
	const char	*batch;
	const char	*html;		/* --html FILE, or NULL */
	bool		 json;
};

enum {
	OPT_ROUTES = 256, OPT_NICS, OPT_DST, OPT_SRC, OPT_EXPECT, OPT_BATCH,
	OPT_JSON, OPT_HTML
};

static const struct cli_opt nexthop_opts[] = {
	CLI_OPT("routes", 0, CLI_LIST, "FILE", OPT_ROUTES,
	    "az network nic show-effective-route-table and/or az network "
	    "route-table show (UDRs applied on top)"),
	CLI_OPT("dst", 0, CLI_ONE, "IP", OPT_DST,
	    "destination address (IPv4 or IPv6)"),
	CLI_OPT("src", 0, CLI_ONE, "IP", OPT_SRC,
	    "source address (informational: the routes are the NIC's)"),
	CLI_OPT("nics", 0, CLI_LIST, "FILE", OPT_NICS,
	    "az network nic show, to check appliance next hops"),
	CLI_OPT("expect", 0, CLI_ONE, "TYPE", OPT_EXPECT,
	    "expected nextHopType (e.g. VirtualNetworkGateway)"),
	CLI_OPT("batch", 0, CLI_ONE, "FILE", OPT_BATCH,
	    "one destination a line ('-' = stdin); prints "
	    "nextHopType,nextHopIpAddress,prefix per line"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "JSON document (JSON lines with --batch)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report of one destination as one HTML page"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_nexthop = {
	.name = "nexthop",
	.summary = "next hop on exported effective routes",
	.usage = { "--routes FILE... (--dst IP | --batch FILE) [--src IP] "
	    "[--nics FILE...] [--expect TYPE] [--json]" },
	.opts = nexthop_opts,
	.epilog = "exit: 0 ok, 1 error findings, 2 usage/input error, 3 "
	    "runtime failure\n",
};

/* One more file for a --routes or --nics list. */
static int
add_file(const char **list, size_t *n, const char *file, const char *opt)
{
	if (*n == NH_MAX_FILES)
		return cli_usage_error("nexthop", "too many %s files", opt);
	list[(*n)++] = file;
	return 0;
}

static int
parse_args(int argc, char *argv[], struct nh_opts *o)
{
	struct cli_parse p;
	int ch;

	memset(o, 0, sizeof(*o));
	cli_parse_init(&p, &cli_cmd_nexthop, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return 1;
		case CLI_BAD:
			return -1;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_ROUTES:
			if (add_file(o->routes, &o->nroutes, p.arg,
			    "--routes") != 0)
				return -1;
			break;
		case OPT_NICS:
			if (add_file(o->nics, &o->nnics, p.arg, "--nics") != 0)
				return -1;
			break;
		case OPT_DST:
			o->dst = p.arg;
			break;
		case OPT_SRC:
			o->src = p.arg;
			break;
		case OPT_EXPECT:
			o->expect = p.arg;
			break;
		case OPT_BATCH:
			o->batch = p.arg;
			break;
		case OPT_HTML:
			o->html = p.arg;
			break;
		}
	}
	if (o->nroutes == 0) {
		cli_usage_error("nexthop", "--routes FILE is required");
		return -1;
	}
	if ((o->dst == NULL) == (o->batch == NULL)) {
		cli_usage_error("nexthop", "give either --dst IP or --batch "
		    "FILE");
		return -1;
	}
	if (o->batch != NULL && o->html != NULL) {
		/* a batch is lines as they come, never one document */
		cli_usage_error("nexthop", "--html is not supported with "
		    "--batch");
		return -1;
	}
	if (o->expect != NULL) {
		const char *q;

		for (q = o->expect; *q != '\0'; q++)
			if (!((*q >= 'a' && *q <= 'z') ||
			    (*q >= 'A' && *q <= 'Z')))
				break;
		if (*q != '\0' || q == o->expect || q - o->expect > 40) {
			cli_usage_error("nexthop", "--expect takes a next hop "
			    "type such as VirtualNetworkGateway");
			return -1;
		}
	}
	return 0;
}

static int
add_routes_doc(void *arg, struct az_doc *d, struct err *e)
{
	return az_routes_add_doc(arg, d, e);
}

static int
add_nics_doc(void *arg, struct az_doc *d, struct err *e)
{
	return az_nics_add_doc(arg, d, e);
}

/* Load each file with load() into add(); report every bad file, not just
 * the first.  0, or the exit code of the last failure. */
static int
load_files(const char *const *files, size_t n,
    int (*load)(const char *, struct az_doc **, struct err *),
    int (*add)(void *, struct az_doc *, struct err *), void *arg)
{
	struct az_doc *d;
	struct err e;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (load(files[i], &d, &e) == -1) {
			rc = cli_input_err("nexthop", &e);
			continue;
		}
		if (add(arg, d, &e) == -1)
			rc = cli_report_err("nexthop", &e);
		az_doc_free(d);
	}
	return rc;
}

static int
load_all(const struct nh_opts *o, struct az_routes *rs, struct az_nics *ns)
{
	struct err e;
	int rc, rc2;

	/* Effective route tables can be long: read them row by row. */
	rc = load_files(o->routes, o->nroutes, az_load_file_rows,
	    add_routes_doc, rs);
	rc2 = load_files(o->nics, o->nnics, az_load_file, add_nics_doc, ns);
	if (rc2 != 0)
		rc = rc2;
	if (rc != 0)
		return rc;
	err_clear(&e);
	if (az_routes_build(rs, &e) == -1)
		return cli_report_err("nexthop", &e);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Modes                                                               */
/* ------------------------------------------------------------------ */

static int
run_one(const struct nh_opts *o, const struct az_routes *rs,
    const struct az_nics *ns)
{
	struct az_route_result res;
	struct report_doc *doc;
	struct finding_list fl;
	struct net_addr dst, src;
	struct err e;
	int rc;

	if (net_addr_parse(o->dst, &dst) == -1)
		return cli_usage_error("nexthop", "bad --dst address '%.64s'",
		    o->dst);
	if (o->src != NULL && net_addr_parse(o->src, &src) == -1)
		return cli_usage_error("nexthop", "bad --src address '%.64s'",
		    o->src);
	if (az_routes_lookup(rs, &dst, &res) == -1)
		return EXIT_RUNTIME;
	finding_list_init(&fl);
	diag_nexthop_from(rs, o->nnics > 0 ? ns : NULL, o->src != NULL ?
	    &src : NULL, &dst, &res, o->expect, &fl);
	diag_nexthop_table(rs, &fl);
	diag_az_notes(&fl, &rs->notes);
	diag_az_notes(&fl, &ns->notes);
	err_clear(&e);
	if (finding_list_check(&fl, &e) == -1) {
		finding_list_release(&fl);
		return cli_report_err("nexthop", &e);
	}
	if ((doc = report_doc_new("erwatch nexthop")) == NULL) {
		finding_list_release(&fl);
		fprintf(stderr, "erwatch nexthop: out of memory\n");
		return EXIT_RUNTIME;
	}
	report_nexthop_build(report_doc_root(doc), rs, &dst, o->src, &res,
	    &fl);
	rc = cli_doc_out("nexthop", doc, o->json, o->html, cli_text_flags());
	report_doc_free(doc);
	if (rc != EXIT_OK) {
		finding_list_release(&fl);
		return rc;
	}
	rc = finding_list_exit_code(&fl);
	finding_list_release(&fl);
	return rc;
}

/*
 * A batch answers millions of lines from a table of at most a few hundred
 * thousand prefixes.  Everything a line's answer is judged by is decided
 * by its longest matching prefix (az_routes_decide()'s key), so the full
 * explanation and the findings are worked out once per key, and the CSV
 * record kept: after that a line costs one LPM probe and one copy.
 */
struct nh_memo {
	uint32_t	 off;		/* of the CSV record in text */
	uint32_t	 len;
	uint8_t		 state;		/* 0 not yet seen, 1 no finding (or
					   not judged: exit 1 was set), 2
					   findings (exit 1) */
};

struct nh_batch {
	struct nh_memo	*memo;		/* by key, rs->ngrp + 1 */
	char		*text;
	size_t		 tlen, tcap;
};

/* First line with this key: judge the full result (unless judge is
 * false), keep the record.  -1 when out of memory. */
static int
memo_fill(struct nh_batch *bt, struct nh_memo *m, const struct nh_opts *o,
    const struct az_routes *rs, const struct az_nics *ns,
    const struct net_addr *dst, const struct az_route_result *res,
    bool judge)
{
	struct az_route_result full;
	struct finding_list fl;
	size_t need;
	char *nt;

	/* The verdict only ever sets the exit code to EXIT_FINDINGS: once
	 * that is set, the full lookup and its findings (a sixth of a
	 * batch with 200,000 distinct prefixes) change nothing. */
	m->state = 1;
	if (judge) {
		if (az_routes_lookup(rs, dst, &full) == -1)
			return -1;
		finding_list_init(&fl);
		diag_nexthop(rs, o->nnics > 0 ? ns : NULL, dst, &full,
		    o->expect, &fl);
		if (finding_list_exit_code(&fl) == EXIT_FINDINGS)
			m->state = 2;
		finding_list_release(&fl);
	}
	if (o->json)
		return 0;
	need = report_nexthop_batch_csv_max(res);
	if (bt->tcap - bt->tlen < need) {
		size_t nc = bt->tcap ? bt->tcap * 2 : 1u << 16;

		while (nc - bt->tlen < need)
			nc *= 2;
		if (nc > UINT32_MAX || (nt = erw_realloc(bt->text, nc)) == NULL)
			return -1;
		bt->text = nt;
		bt->tcap = nc;
	}
	m->off = (uint32_t)bt->tlen;
	m->len = (uint32_t)report_nexthop_batch_csv_str(bt->text + bt->tlen,
	    res);
	bt->tlen += m->len;
	return 0;
}

/* Lines read before any is answered: enough for the table reads (and
 * the memo's) of a chunk to overlap, few enough to stay in L1. */
#define NH_CHUNK	64

struct nh_item {
	unsigned long long	 lineno;
	const char		*error;		/* NULL: an answer */
	struct net_addr		 dst;
	uint32_t		 key;
};

/*
 * The batch input, read in blocks with read(2) and cut into lines in
 * place: fgets() copied every line out of stdio's buffer, a tenth of a
 * batch with the copies out.  read(2) returns what a terminal or pipe
 * has, so a user typing addresses is answered as before.
 */
#define NH_READ	(1u << 20)

struct nh_in {
	int	 fd;
	char	*buf;		/* NH_READ + LIMIT_TEXT_LINE + 2 bytes */
	size_t	 start, end;	/* unread bytes */
	bool	 eof, error;
};

/* Fill after the unread bytes (moved to the front).  false at the end
 * or on an error. */
static bool
in_fill(struct nh_in *in)
{
	ssize_t n;

	if (in->eof || in->error)
		return false;
	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	do
		n = read(in->fd, in->buf + in->end, NH_READ);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		in->error = true;
	else if (n == 0)
		in->eof = true;
	else
		in->end += (size_t)n;
	return n > 0;
}

/*
 * The next line, without its '\n', NUL-terminated in place (cut at a NUL
 * inside it, as a C string reads it).  0 at the end; 1 with *line; 2 for
 * a line longer than LIMIT_TEXT_LINE, skipped to its end.
 */
static int
in_line(struct nh_in *in, char **line)
{
	char *nl;
	size_t have;

	for (;;) {
		have = in->end - in->start;
		nl = memchr(in->buf + in->start, '\n', have);
		if (nl != NULL || have > LIMIT_TEXT_LINE)
			break;
		if (!in_fill(in)) {
			if (have == 0)
				return 0;
			/* the last line, without a '\n' */
			*line = in->buf + in->start;
			(*line)[have] = '\0';
			in->start = in->end;
			return 1;
		}
	}
	if (nl == NULL || (size_t)(nl - (in->buf + in->start)) >
	    LIMIT_TEXT_LINE) {
		/* over-long: drop to its end */
		while ((nl = memchr(in->buf + in->start, '\n',
		    in->end - in->start)) == NULL) {
			in->start = in->end;
			if (!in_fill(in))
				return 2;
		}
		in->start = (size_t)(nl - in->buf) + 1;
		return 2;
	}
	*line = in->buf + in->start;
	*nl = '\0';
	in->start = (size_t)(nl - in->buf) + 1;
	return 1;
}

/* Read up to NH_CHUNK lines that ask something into it[]; *eof at the
 * end of the input.  Blank lines and comments give nothing. */
static size_t
read_chunk(struct nh_in *in, const char *name, unsigned long long *lineno,
    struct nh_item *it, bool *eof)
{
	size_t ni = 0;

	while (ni < NH_CHUNK) {
		char *s, *end;
		int rc;

		if ((rc = in_line(in, &s)) == 0) {
			*eof = true;
			break;
		}
		it[ni].lineno = ++*lineno;
		it[ni].key = 0;
		if (rc == 2) {
			fprintf(stderr, "erwatch nexthop: %s:%llu: line longer "
			    "than %d bytes\n", name, *lineno, LIMIT_TEXT_LINE);
			it[ni++].error = "line too long";
			continue;
		}
		end = s + strlen(s);
		while (*s == ' ' || *s == '\t')
			s++;
		while (end > s && (end[-1] == '\r' || end[-1] == ' ' ||
		    end[-1] == '\t'))
			*--end = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		if (net_addr_parse(s, &it[ni].dst) == -1) {
			char esc[80];

			str_escape_into(esc, sizeof(esc), s, strlen(s));
			fprintf(stderr, "erwatch nexthop: %s:%llu: bad address "
			    "'%s'\n", name, *lineno, esc);
			it[ni++].error = "bad address";
			continue;
		}
		it[ni++].error = NULL;
	}
	return ni;
}

/* Every item's key: the IPv4 ones in one batch, whose reads overlap. */
static void
chunk_keys(const struct az_routes *rs, struct nh_item *it, size_t ni)
{
	uint32_t a4[NH_CHUNK], k4[NH_CHUNK];
	size_t i4[NH_CHUNK], i, n4 = 0;

	for (i = 0; i < ni; i++) {
		if (it[i].error != NULL)
			continue;
		if (it[i].dst.family == NET_AF_INET) {
			a4[n4] = net_addr_v4(&it[i].dst);
			i4[n4++] = i;
		} else
			(void)az_routes_decide(rs, &it[i].dst, NULL,
			    &it[i].key);
	}
	az_routes_keys4(rs, a4, n4, k4);
	for (i = 0; i < n4; i++)
		it[i4[i]].key = k4[i];
}

/* CSV answers go out through one buffer, written a chunk at a time. */
struct nh_out {
	char	 buf[1u << 16];
	size_t	 n;
};

static void
out_flush(struct nh_out *out)
{
	fwrite(out->buf, 1, out->n, stdout);
	out->n = 0;
}

static void
out_put(struct nh_out *out, const char *s, size_t n)
{
	if (sizeof(out->buf) - out->n < n) {
		out_flush(out);
		if (n > sizeof(out->buf)) {
			fwrite(s, 1, n, stdout);
			return;
		}
	}
	memcpy(out->buf + out->n, s, n);
	out->n += n;
}

static int
run_batch(const struct nh_opts *o, const struct az_routes *rs,
    const struct az_nics *ns)
{
	struct nh_batch bt = { 0 };
	struct nh_item it[NH_CHUNK];
	struct nh_in in = { 0 };
	struct nh_out *out = NULL;
	FILE *fp;
	const char *name = strcmp(o->batch, "-") == 0 ? "stdin" : o->batch;
	unsigned long long lineno = 0;
	int rc = EXIT_OK, bad = 0;
	bool eof = false;

	if (strcmp(o->batch, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(o->batch, "r")) == NULL) {
		fprintf(stderr, "erwatch nexthop: cannot open '%s'\n",
		    o->batch);
		return EXIT_USAGE;
	}
	/* the input is read with read(2) (struct nh_in), stdout buffered */
	cli_batch_io(fp);
	in.fd = fileno(fp);
	if ((in.buf = erw_malloc(NH_READ + LIMIT_TEXT_LINE + 2)) == NULL ||
	    (out = erw_malloc(sizeof(*out))) == NULL ||
	    (bt.memo = erw_calloc(rs->ngrp + 1, sizeof(*bt.memo))) == NULL) {
		free(in.buf);
		free(out);
		if (fp != stdin)
			fclose(fp);
		fprintf(stderr, "erwatch nexthop: out of memory\n");
		return EXIT_RUNTIME;
	}
	out->n = 0;
	while (!eof && rc != EXIT_RUNTIME) {
		size_t ni = read_chunk(&in, name, &lineno, it, &eof), i;

		chunk_keys(rs, it, ni);
		for (i = 0; i < ni; i++)
			if (it[i].error == NULL)
				__builtin_prefetch(&bt.memo[it[i].key]);
		/* and the records they name: 200,000 of them do not stay in
		 * the cache, and their copies out were waiting on memory */
		if (!o->json)
			for (i = 0; i < ni; i++)
				if (it[i].error == NULL &&
				    bt.memo[it[i].key].state != 0)
					__builtin_prefetch(bt.text +
					    bt.memo[it[i].key].off);
		for (i = 0; i < ni; i++) {
			struct az_route_result res;
			struct nh_memo *m = &bt.memo[it[i].key];

			if (it[i].error != NULL) {
				bad = 1;
				out_flush(out);
				report_nexthop_batch_error(stdout, o->json,
				    it[i].lineno, it[i].error);
				continue;
			}
			if ((m->state == 0 || o->json) &&
			    az_routes_decide(rs, &it[i].dst, &res,
			    &it[i].key) == -1) {
				rc = EXIT_RUNTIME;	/* not built */
				break;
			}
			if (m->state == 0 && memo_fill(&bt, m, o, rs, ns,
			    &it[i].dst, &res, rc != EXIT_FINDINGS) == -1) {
				fprintf(stderr, "erwatch nexthop: out of "
				    "memory\n");
				rc = EXIT_RUNTIME;
				break;
			}
			if (m->state == 2)
				rc = EXIT_FINDINGS;
			if (!o->json)
				out_put(out, bt.text + m->off, m->len);
			else if (report_nexthop_batch_json(stdout,
			    it[i].lineno, &it[i].dst, &res) == -1) {
				rc = EXIT_RUNTIME;
				break;
			}
		}
		/* a chunk's answers out together: as soon as a terminal's
		 * lines are answered, never more than a chunk behind */
		out_flush(out);
	}
	if (in.error) {
		fprintf(stderr, "erwatch nexthop: read error on '%s'\n", name);
		rc = EXIT_RUNTIME;
	}
	free(in.buf);
	free(out);
	free(bt.memo);
	free(bt.text);
	if (fp != stdin)
		fclose(fp);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "erwatch nexthop: write error on stdout\n");
		return EXIT_RUNTIME;
	}
	if (rc == EXIT_RUNTIME)
		return rc;
	return bad ? EXIT_USAGE : rc;
}

static void
print_notes(const struct az_notes *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		fprintf(stderr, "erwatch nexthop: warning: %s: %s%s%s\n",
		    ns->v[i].file, ns->v[i].ptr, ns->v[i].ptr[0] != '\0' ?
		    ": " : "", ns->v[i].msg);
	if (ns->more > 0)
		fprintf(stderr, "erwatch nexthop: warning: %zu more notes "
		    "about the exports\n", ns->more);
}

int
cmd_nexthop(int argc, char *argv[])
{
	struct nh_opts o;
	struct az_routes rs;
	struct az_nics ns;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	az_routes_init(&rs);
	az_nics_init(&ns);
	if ((rc = load_all(&o, &rs, &ns)) == 0) {
		if (o.batch != NULL) {
			/* No findings in batch output: notes go to stderr. */
			print_notes(&rs.notes);
			print_notes(&ns.notes);
			rc = run_batch(&o, &rs, &ns);
		} else
			rc = run_one(&o, &rs, &ns);
	}
	az_routes_release(&rs);
	az_nics_release(&ns);
	return rc;
}
