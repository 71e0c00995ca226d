/*
 * From the bytes a user saved to parsed sections.
 *
 * What a paste really contains, handled here once for every parser:
 *  - encodings: UTF-8 with or without BOM; UTF-16LE with BOM (Windows
 *    PowerShell 5.1 `>`), UTF-16BE, and UTF-16 without BOM recognised by
 *    its NUL pattern; CRLF line ends;
 *  - terminal debris: ANSI/VT100 escape sequences (colors, erase-line),
 *    backspaces and carriage returns that a pager uses to overwrite its
 *    prompt (IOS/EOS " --More-- " followed by BS...BS, Junos
 *    "---(more 45%)---" followed by CR, spaces, CR), modelled as a cursor
 *    that overwrites, so the prompt vanishes as it did on the screen;
 *  - the prompt and command line above each output ("rtr1#show ip bgp
 *    summary", "user@mx1> show bgp neighbor", "bird> show protocols all",
 *    "RP/0/RSP0/CPU0:xr1#"): a file is cut into sections at them, the
 *    command tells the VRF when the output does not, and the host name is
 *    kept as the router's identity;
 *  - truncated pastes: a last line without its line end is the cut; the
 *    parsers leave an incomplete last item out and the section says so.
 * Which parser reads a section is decided from its content only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "router_int.h"

struct router_input *router_input_add(struct router_doc *, const char *);

/* ------------------------------------------------------------------ */
/* Bytes                                                               */
/* ------------------------------------------------------------------ */

int
router_load_file(struct router_doc *d, const char *path, struct err *e)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0) {
		if (file_read_all(stdin, "stdin", LIMIT_ROUTER_FILE_BYTES, &buf, &len, e) == -1)
			return -1;
		rc = router_load_buf(d, "stdin", buf, len, e);
		free(buf);
		return rc;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		ERR(e, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
		err_at(e, path, 0, 0, 0);
		return -1;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		ERR(e, ERR_INPUT, "cannot read '%s': is a directory", path);
		err_at(e, path, 0, 0, 0);
		return -1;
	}
	rc = file_read_all(fp, path, LIMIT_ROUTER_FILE_BYTES, &buf, &len, e);
	fclose(fp);
	if (rc == -1)
		return -1;
	rc = router_load_buf(d, path, buf, len, e);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Encodings                                                           */
/* ------------------------------------------------------------------ */

/*
 * UTF-16 to UTF-8: at most three bytes per unit (four per pair), so the
 * output size is bounded before allocating.  A pasted file cut in the
 * middle of a unit or a pair is truncated, not invalid: the whole units
 * are kept (*cut set).
 */
static int
utf16_to_utf8(const char *name, const uint8_t *p, size_t len, bool le,
    char **out, size_t *outlen, bool *cut, struct err *e)
{
	struct rd r;
	char *dst;
	size_t n = 0;
	uint16_t u = 0, u2 = 0;
	uint32_t cp;

	if (len % 2 != 0) {
		*cut = true;
		len--;
	}
	if ((dst = erw_malloc(len / 2 * 3 + 1)) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory converting '%s'", name);
	rd_init(&r, p, len);
	while (rd_left(&r) >= 2) {
		(void)(le ? rd_le16(&r, &u) : rd_be16(&r, &u));
		cp = u;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (rd_left(&r) < 2) {
				*cut = true;
				break;
			}
			(void)(le ? rd_le16(&r, &u2) : rd_be16(&r, &u2));
			if (u2 < 0xdc00 || u2 > 0xdfff)
				cp = '?';	/* unpaired: keep going */
			else
				cp = 0x10000 + ((uint32_t)(u - 0xd800) << 10) +
				    (uint32_t)(u2 - 0xdc00);
		} else if (u >= 0xdc00 && u <= 0xdfff)
			cp = '?';
		n += utf8_put(dst + n, cp);
	}
	dst[n] = '\0';
	*out = dst;
	*outlen = n;
	return 0;
}

static int
decode(const char *name, const uint8_t *b, size_t len, char **out,
    size_t *outlen, enum router_encoding *enc, bool *cut, struct err *e)
{
	char *t;

	*enc = ROUTER_ENC_UTF8;
	if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		*enc = ROUTER_ENC_UTF8_BOM;
		b += 3;
		len -= 3;
	} else if (len >= 2 && b[0] == 0xff && b[1] == 0xfe) {
		*enc = ROUTER_ENC_UTF16LE;
		return utf16_to_utf8(name, b + 2, len - 2, true, out, outlen,
		    cut, e);
	} else if (len >= 2 && b[0] == 0xfe && b[1] == 0xff) {
		*enc = ROUTER_ENC_UTF16BE;
		return utf16_to_utf8(name, b + 2, len - 2, false, out, outlen,
		    cut, e);
	} else if (len >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 &&
	    b[3] == 0) {
		/* text starts with ASCII: "x\0y\0" is UTF-16LE sans BOM */
		*enc = ROUTER_ENC_UTF16LE;
		return utf16_to_utf8(name, b, len, true, out, outlen, cut, e);
	} else if (len >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 &&
	    b[3] != 0) {
		*enc = ROUTER_ENC_UTF16BE;
		return utf16_to_utf8(name, b, len, false, out, outlen, cut, e);
	}
	if ((t = erw_malloc(len + 1)) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory reading '%s'", name);
	if (len > 0)
		memcpy(t, b, len);
	t[len] = '\0';
	*out = t;
	*outlen = len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Cleaning: a cursor that overwrites, as the terminal did             */
/* ------------------------------------------------------------------ */

/* Pager prompts left on a line once the cursor model is done. */
static const char *const pager_words[] = {
	" --More-- ", "--More--", "-- More --", "<--- More --->",
	"---(more)---",
};

/* Remove pager prompts ("---(more 45%)---" too) from line[0..*n). */
static bool
cut_pager(char *line, size_t *n)
{
	bool cut = false;
	size_t i, m;
	long at;

	for (i = 0; i < sizeof(pager_words) / sizeof(pager_words[0]); i++)
		while ((at = rfind(line, *n, pager_words[i])) >= 0) {
			m = strlen(pager_words[i]);
			memmove(line + at, line + at + m, *n - (size_t)at - m);
			*n -= m;
			cut = true;
		}
	while ((at = rfind(line, *n, "---(more ")) >= 0) {
		size_t j = (size_t)at + 9;

		while (j < *n && line[j] != ')')
			j++;
		if (j + 4 > *n || memcmp(line + j, ")---", 4) != 0)
			break;
		j += 4;
		memmove(line + at, line + j, *n - j);
		*n -= j - (size_t)at;
		cut = true;
	}
	return cut;
}

struct clean {
	char		*out;		/* cleaned text, lines end in '\n' */
	size_t		 len;
	struct rline	*lines;
	size_t		 nlines, cap;
	bool		 crlf, debris, binary, unterminated;
};

static int
add_line(struct clean *c, size_t start, size_t n, uint32_t no)
{
	struct rline *nl;

	if (c->nlines == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256;

		if ((nl = erw_realloc(c->lines, ncap * sizeof(*nl))) == NULL)
			return -1;
		c->lines = nl;
		c->cap = ncap;
	}
	c->lines[c->nlines].s = c->out + start;
	c->lines[c->nlines].n = n;
	c->lines[c->nlines].no = no;
	c->nlines++;
	return 0;
}

/*
 * in[0..len) -> c->out, one line at a time.  A line's bytes are written at
 * out + start + cursor; the cursor never passes the bytes read on that
 * line, so out never outgrows in.  Lines longer than LIMIT_TEXT_LINE are
 * cut there (nothing a router prints is that wide).
 */
static int
clean_text(const char *in, size_t len, struct clean *c)
{
	size_t i = 0, start = 0, cur = 0, end = 0, nul = 0;
	uint32_t no = 1;
	unsigned char ch;

	if ((c->out = erw_malloc(len + 1)) == NULL)
		return -1;
	while (i < len) {
		ch = (unsigned char)in[i++];
		if (ch == '\n' || (ch == '\r' && i < len && in[i] == '\n')) {
			if (ch == '\r') {
				i++;
				c->crlf = true;
			}
			goto eol;
		}
		if (ch == '\r') {		/* overwrite from the start */
			cur = 0;
			c->debris = true;
			continue;
		}
		if (ch == '\b') {
			if (cur > 0)
				cur--;
			c->debris = true;
			continue;
		}
		if (ch == 0x1b) {		/* ESC: CSI, OSC or one char */
			c->debris = true;
			if (i < len && in[i] == '[') {
				i++;
				while (i < len && (unsigned char)in[i] >= 0x20 &&
				    (unsigned char)in[i] < 0x40)
					i++;
				/* ESC [ K: erase to the end of the line */
				if (i < len && in[i] == 'K')
					end = cur;
				if (i < len)
					i++;
			} else if (i < len && in[i] == ']') {
				while (i < len && in[i] != '\a' &&
				    in[i] != '\n' && !(in[i] == 0x1b &&
				    i + 1 < len && in[i + 1] == '\\'))
					i++;
				if (i < len && in[i] == 0x1b)
					i++;
				if (i < len && in[i] != '\n')
					i++;
			} else if (i < len)
				i++;
			continue;
		}
		if (ch == 0) {
			nul++;
			continue;
		}
		if (ch < 0x20 && ch != '\t')
			continue;
		if (cur >= LIMIT_TEXT_LINE)
			continue;
		c->out[start + cur++] = (char)ch;
		if (cur > end)
			end = cur;
		continue;
eol:
		if (cut_pager(c->out + start, &end))
			c->debris = true;
		if (add_line(c, start, end, no) == -1)
			return -1;
		c->out[start + end] = '\n';
		start += end + 1;
		cur = end = 0;
		no++;
	}
	if (end > 0) {
		if (cut_pager(c->out + start, &end))
			c->debris = true;
		if (add_line(c, start, end, no) == -1)
			return -1;
		c->unterminated = end > 0;
		start += end;
	}
	c->out[start] = '\0';
	c->len = start;
	/* NULs in text that is not UTF-16: a binary file (a capture, an
	 * archive) given by mistake */
	c->binary = nul > 0 && nul * 64 >= len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Prompts                                                             */
/* ------------------------------------------------------------------ */

static bool
prompt_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_' ||
	    ch == '/' || ch == ':' || ch == '@' || ch == '(' || ch == ')' ||
	    ch == '~';
}

static bool
command_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"show ", "sh ", "sho ", "display ", "birdc ", "birdc\t",
		"vtysh ", "sudo ", "Cli ", "cli ", "terminal ", "term ",
		"debug ", "undebug ",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (rstarts(s, n, words[i]))
			return true;
	return false;
}

/*
 * Is line a prompt ("host#", "user@host> ", "RP/0/RSP0/CPU0:host#") with
 * or without a command after it, or a bare "show ..." command line?
 * Fills host and the command's offset (== n when there is none).
 */
static bool
is_prompt(const char *s, size_t n, char *host, size_t hostlen, size_t *cmd)
{
	size_t i = 0, hb, he;

	host[0] = '\0';
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && (s[i] == '$' || s[i] == '#') && i + 1 < n &&
	    s[i + 1] == ' ' && command_word(s + i + 2, n - i - 2)) {
		*cmd = i + 2;		/* a shell: "$ birdc show ..." */
		return true;
	}
	if (i == 0 && command_word(s, n) && (rstarts(s, n, "show ") ||
	    rstarts(s, n, "birdc ") || rstarts(s, n, "vtysh "))) {
		*cmd = 0;
		return true;
	}
	hb = i;
	while (i < n && prompt_char(s[i]))
		i++;
	if (i == hb || i >= n || (s[i] != '#' && s[i] != '>' && s[i] != '$'))
		return false;
	he = i++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && !command_word(s + i, n - i))
		return false;
	/* "user@host", "RP/0/RSP0/CPU0:host", "host(config)" */
	{
		size_t a = hb, k;

		for (k = hb; k < he; k++)
			if (s[k] == '@' || s[k] == ':')
				a = k + 1;
		for (k = a; k < he; k++)
			if (s[k] == '(')
				break;
		rcopy(host, hostlen, s + a, k - a);
		/* birdc's own prompt names the program, not the router */
		if (strcmp(host, "bird") == 0)
			host[0] = '\0';
	}
	*cmd = i;
	return true;
}

/* ------------------------------------------------------------------ */
/* Recognition                                                         */
/* ------------------------------------------------------------------ */

static bool
table_header(const char *s, size_t n)
{
	struct rtok t[8];
	size_t k = rtok_split(s, n, t, 8), i = 0;

	if (k > 0 && req(t[0].s, t[0].n, "Description"))
		i = 1;
	/* OpenBGPD (bgpctl show summary) and GoBGP (gobgp neighbor): no
	 * version column, as router_table.c header() */
	if (k >= 4 && req(t[1].s, t[1].n, "AS") &&
	    ((req(t[0].s, t[0].n, "Neighbor") &&
	    req(t[2].s, t[2].n, "MsgRcvd")) ||
	    (req(t[0].s, t[0].n, "Peer") && req(t[2].s, t[2].n, "Up/Down"))))
		return true;
	return k >= i + 3 && req(t[i].s, t[i].n, "Neighbor") &&
	    (req(t[i + 1].s, t[i + 1].n, "V") ||
	    req(t[i + 1].s, t[i + 1].n, "Spk")) &&
	    req(t[i + 2].s, t[i + 2].n, "AS");
}

static bool
config_line(const char *s, size_t n)
{
	rtrim(&s, &n);
	/* "protocols {": a Junos configuration in the curly-brace form */
	return rstarts(s, n, "router bgp ") || rstarts(s, n, "protocol bgp") ||
	    rstarts(s, n, "set protocols bgp ") || (n == 11 &&
	    rstarts(s, n, "protocols {")) ||
	    (rstarts(s, n, "neighbor ") && (rfind(s, n, " password") >= 0 ||
	    rfind(s, n, " remote-as ") >= 0));
}

unsigned
router_detect_mask(const struct rparse *rp)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < rp->n; i++) {
		const char *s = rp->l[i].s;
		size_t n = rp->l[i].n;

		rtrim(&s, &n);
		if (n == 0)
			continue;
		if (m == 0 && (s[0] == '{' || s[0] == '[') &&
		    (n == 1 || s[1] == '"' || s[1] == ' ' || s[1] == '{'))
			return 1u << RP_JSON;
		if ((rstarts(s, n, "BIRD ") && rfind(s, n, "ready") >= 0) ||
		    rstarts(s, n, "BGP state:") ||
		    (rstarts(s, n, "Name ") && rfind(s, n, " Proto ") >= 0 &&
		    rfind(s, n, " Since") >= 0))
			m |= 1u << RP_BIRD;
		else if (rstarts(s, n, "BGP neighbor is "))
			m |= 1u << RP_DETAIL;
		else if ((rstarts(s, n, "Peer: ") && rfind(s, n, " AS ") >= 0)
		    || (rstarts(s, n, "Peer ") && rfind(s, n, "InPkt") >= 0))
			m |= 1u << RP_JUNOS;
		else if (table_header(s, n))
			m |= 1u << RP_TABLE;
		else if (config_line(s, n))
			m |= 1u << RP_CONFIG;
		else if (m == 0 && router_carrier_header(s, n))
			/* A table's header is its first line: rows of
			 * times are not BGP outputs. */
			return 1u << RP_CARRIER;
	}
	return m;
}

static int
run_parser(struct rparse *rp, enum rparser p)
{
	switch (p) {
	case RP_TABLE:
		return router_parse_table(rp);
	case RP_DETAIL:
		return router_parse_detail(rp);
	case RP_JUNOS:
		return router_parse_junos(rp);
	case RP_JSON:
		return router_parse_json(rp);
	case RP_BIRD:
		return router_parse_bird(rp);
	case RP_LOG:
		return router_parse_log(rp);
	case RP_CONFIG:
		return router_parse_config(rp);
	case RP_CARRIER:
		return router_parse_carrier(rp);
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ */
/* Sections                                                            */
/* ------------------------------------------------------------------ */

/* The "vrf NAME" of a command ("show ip bgp vpnv4 vrf CUST summary"),
 * not "vrf all"; and hints from the command and prompt. */
static void
command_hints(struct rparse *rp, const char *cmd, size_t n,
    const char *prompt, size_t pn)
{
	struct rtok t[24];
	size_t k = rtok_split(cmd, n, t, 24), i;

	rp->cmd_vrf[0] = '\0';
	for (i = 0; i + 1 < k; i++)
		if ((req(t[i].s, t[i].n, "vrf") ||
		    req(t[i].s, t[i].n, "instance")) &&
		    !req(t[i + 1].s, t[i + 1].n, "all") &&
		    !req(t[i + 1].s, t[i + 1].n, "summary") &&
		    !req(t[i + 1].s, t[i + 1].n, "neighbors"))
			rvrf(rp->cmd_vrf, sizeof(rp->cmd_vrf), t[i + 1].s,
			    t[i + 1].n);
	if (rfind(prompt, pn, "RP/") >= 0 || rfind(prompt, pn, "LC/") >= 0)
		rp->sec->vendor = ROUTER_VENDOR_XR;
	else if (rfind(cmd, n, "birdc") >= 0 || rstarts(prompt, pn, "bird"))
		rp->sec->vendor = ROUTER_VENDOR_BIRD;
	else if (rfind(cmd, n, "vtysh") >= 0)
		rp->sec->vendor = ROUTER_VENDOR_FRR;
	else if (memchr(prompt, '@', pn) != NULL && memchr(prompt, '>', pn))
		rp->sec->vendor = ROUTER_VENDOR_JUNOS;
}

static bool
blank_lines(const struct rline *l, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < l[i].n; j++)
			if (l[i].s[j] != ' ' && l[i].s[j] != '\t')
				return false;
	return true;
}

/* Noise lines between outputs: Junos "{master}", "{master:0}". */
static bool
noise_line(const struct rline *l)
{
	const char *s = l->s;
	size_t n = l->n;

	rtrim(&s, &n);
	return n >= 3 && s[0] == '{' && s[n - 1] == '}' &&
	    memchr(s, '"', n) == NULL && memchr(s, ' ', n) == NULL;
}

static int
parse_section(struct rparse *rp, struct router_input *in, enum rparser force)
{
	unsigned mask;
	int p;

	if (force != RP_NONE) {
		if (run_parser(rp, force) == -1)
			return -1;
	} else {
		mask = router_detect_mask(rp);
		if (mask == 0)
			mask = 1u << RP_LOG;
		for (p = RP_TABLE; p < RP__COUNT; p++)
			if ((mask & (1u << p)) && run_parser(rp,
			    (enum rparser)p) == -1)
				return -1;
	}
	if (rp->sec->kind != ROUTER_KIND_NONE) {
		in->recognized = true;
		if (rp->unterminated) {
			rp->sec->truncated = true;
			in->truncated = true;
		}
		if (rp->sec->truncated)
			rnote(rp->doc, "%s: the output ending at line %u is "
			    "cut short (a truncated paste?): what is whole "
			    "was read", in->name, rp->sec->last_line);
	}
	return 0;
}

static struct router_section *
section_new(struct router_input *in, uint32_t first)
{
	struct router_section *s;

	if (in->nsections < ROUTER_SECTIONS_MAX)
		in->nsections++;
	/* beyond the limit the last slot is reused */
	s = &in->sections[in->nsections - 1];
	memset(s, 0, sizeof(*s));
	s->first_line = first;
	return s;
}

int
router_load_forced(struct router_doc *d, const char *name, const void *buf,
    size_t len, enum rparser force, struct err *e)
{
	struct router_input *in;
	struct clean c;
	struct rparse rp;
	char *text = NULL, host[64];
	size_t tlen = 0, i, b, cmd;
	uint16_t idx;
	bool cut = false, any = false;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	if (d->ninputs >= UINT16_MAX)
		return ERR(e, ERR_LIMIT, "too many input files");
	if ((in = router_input_add(d, name)) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory reading '%s'", name);
	idx = (uint16_t)(d->ninputs - 1);
	if (decode(name, buf, len, &text, &tlen, &in->enc, &cut, e) == -1) {
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	if (clean_text(text, tlen, &c) == -1) {
		ERR(e, ERR_NOMEM, "out of memory reading '%s'", name);
		goto out;
	}
	in = &d->inputs[idx];
	in->crlf = c.crlf;
	in->cleaned = c.debris;
	in->lines = c.nlines > 0 ? c.lines[c.nlines - 1].no : 0;
	if (c.binary) {
		rnote(d, "%s: binary data, not a router output (skipped)",
		    name);
		rc = 0;
		goto out;
	}
	memset(&rp, 0, sizeof(rp));
	rp.doc = d;
	rp.input = idx;
	/* Sections: from one prompt line to the next. */
	b = 0;
	for (i = 0; i <= c.nlines; i++) {
		bool at_end = i == c.nlines;
		bool prompt = !at_end && is_prompt(c.lines[i].s, c.lines[i].n,
		    host, sizeof(host), &cmd);

		if (!at_end && !prompt && !noise_line(&c.lines[i]))
			continue;
		if (at_end || prompt || noise_line(&c.lines[i])) {
			if (i > b && !blank_lines(c.lines + b, i - b)) {
				if (rp.sec == NULL)
					rp.sec = section_new(in, c.lines[b].no);
				rp.sec->first_line = c.lines[b].no;
				rp.sec->last_line = c.lines[i - 1].no;
				rp.l = c.lines + b;
				rp.n = i - b;
				rp.unterminated = at_end && (c.unterminated ||
				    cut);
				if (parse_section(&rp, in, force) == -1) {
					ERR(e, ERR_NOMEM, "out of memory "
					    "parsing '%s'", name);
					goto out;
				}
				in = &d->inputs[idx];
				any = any || rp.sec->kind != ROUTER_KIND_NONE;
				if (rp.sec->kind == ROUTER_KIND_NONE &&
				    in->nsections > 0 && rp.sec->command[0] ==
				    '\0')
					in->nsections--;	/* drop it */
				rp.sec = NULL;
			}
			b = i + 1;
		}
		if (prompt) {
			/* keep the command for the section that follows */
			rp.sec = section_new(in, c.lines[i].no + 1);
			rcopy(rp.sec->command, sizeof(rp.sec->command),
			    c.lines[i].s + cmd, c.lines[i].n - cmd);
			str_copy(rp.sec->host, host, sizeof(rp.sec->host));
			command_hints(&rp, c.lines[i].s + cmd,
			    c.lines[i].n - cmd, c.lines[i].s, cmd);
		}
	}
	/* a trailing prompt with no output under it */
	if (rp.sec != NULL && rp.sec->kind == ROUTER_KIND_NONE &&
	    in->nsections > 0)
		in->nsections--;
	if (!any)
		rnote(d, "%s: not a router output erwatch recognises (no BGP "
		    "summary, neighbor, protocols, JSON, log or config lines "
		    "found)", name);
	rc = 0;
out:
	free(c.lines);
	free(c.out);
	free(text);
	return rc;
}

int
router_text_lines(const char *name, const void *buf, size_t len,
    struct router_text *out, struct err *e)
{
	struct clean c;
	size_t tlen = 0;
	bool cut = false;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if (decode(name, buf, len, &out->decoded, &tlen, &out->enc, &cut,
	    e) == -1) {
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	if (clean_text(out->decoded, tlen, &c) == -1) {
		free(c.lines);
		free(c.out);
		router_text_release(out);
		return ERR(e, ERR_NOMEM, "out of memory reading '%s'", name);
	}
	out->clean = c.out;
	out->lines = c.lines;
	out->n = c.nlines;
	out->unterminated = c.unterminated || cut;
	out->binary = c.binary;
	return 0;
}

void
router_text_release(struct router_text *t)
{
	free(t->lines);
	free(t->clean);
	free(t->decoded);
	memset(t, 0, sizeof(*t));
}

int
router_load_buf(struct router_doc *d, const char *name, const void *buf,
    size_t len, struct err *e)
{
	return router_load_forced(d, name, buf, len, RP_NONE, e);
}
