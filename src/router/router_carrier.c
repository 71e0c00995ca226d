/*
 * The provider's link availability log: what a carrier's NOC sends when
 * asked "when was our link down?".  It comes as a table, CSV from a
 * portal export or a spreadsheet (comma, semicolon or tab separated, an
 * optional quoted field), in one of two shapes:
 *	intervals	Circuit,Outage Start,Outage End,Duration,Reason
 *	events		Timestamp,Link,State		(State down / up)
 * Columns are found by their header words, in any order and case; the
 * times by the log stamp reader (router_time.c: ISO 8601, "2026-12-01
 * 05:00:12", syslog forms; the zone from the cell, else from the column's
 * header ("Outage Start (UTC)"), else --tz, else UTC).
 * Each row becomes link_down / link_up events (vendor "carrier") that
 * diag_link.c turns into outage intervals.  A row that cannot be read is
 * a note naming its line, never a silent gap.
 */
#include <stdio.h>
#include <string.h>

#include "router_int.h"

#define CSV_MAX_FIELDS	32

enum col_role {
	COL_OTHER = 0,
	COL_START,
	COL_END,
	COL_DURATION,
	COL_TIME,
	COL_STATE,
	COL_LINK,
	COL_REASON
};

struct csv_cols {
	char		 delim;
	int		 at[COL_REASON + 1];	/* field index, -1 none */
	long		 dur_unit;		/* seconds per unit */
	/* the zone a time column's header names ("Outage Start (UTC)"):
	 * the provider's clock, not the router logs' zone of --tz or
	 * context.json, which are about the router */
	bool		 has_zone[COL_REASON + 1];
	int		 zone_min[COL_REASON + 1];
};

struct field {
	const char	*s;
	size_t		 n;
};

/* Split a line at delim; double quotes protect delimiters ("" inside a
 * quoted field is left as is: the values here never need it). */
static size_t
csv_split(const char *s, size_t n, char delim, struct field *f, size_t max)
{
	size_t i = 0, k = 0, b;
	bool q;

	while (k < max) {
		b = i;
		q = i < n && s[i] == '"';
		if (q) {
			b = ++i;
			while (i < n && s[i] != '"')
				i++;
			f[k].s = s + b;
			f[k].n = i - b;
			while (i < n && s[i] != delim)
				i++;
		} else {
			while (i < n && s[i] != delim)
				i++;
			f[k].s = s + b;
			f[k].n = i - b;
		}
		rtrim(&f[k].s, &f[k].n);
		k++;
		if (i >= n)
			break;
		i++;		/* the delimiter */
	}
	return k;
}

/* Lower-case letters and digits of a header cell: "Outage Start (UTC)"
 * -> "outagestartutc". */
static void
header_key(const struct field *f, char *out, size_t len)
{
	size_t i, k = 0;
	char c;

	for (i = 0; i < f->n && k + 1 < len; i++) {
		c = f->s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[k++] = c;
	}
	out[k] = '\0';
}

/* The zone a header cell names: "UTC", "GMT", "(UTC+01:00)", "UTC-5",
 * "GMT+0530" as a word of the cell.  Returns true with *min east of UTC;
 * false when the cell names none, or a sign without a readable offset
 * (better no zone than a wrong one). */
static bool
header_zone(const struct field *f, int *min)
{
	size_t i, k, nd;
	int sign, v[2], h, m;

	for (i = 0; i + 3 <= f->n; i++) {
		const char *p = f->s + i;

		if (rfind(p, 3, "utc") != 0 && rfind(p, 3, "gmt") != 0)
			continue;
		/* a word of its own: not inside "GMTOFF" or "outcome" */
		if (i > 0 && ((f->s[i - 1] >= 'a' && f->s[i - 1] <= 'z') ||
		    (f->s[i - 1] >= 'A' && f->s[i - 1] <= 'Z')))
			continue;
		k = i + 3;
		if (k == f->n || (f->s[k] != '+' && f->s[k] != '-')) {
			if (k < f->n && ((f->s[k] >= 'a' && f->s[k] <= 'z') ||
			    (f->s[k] >= 'A' && f->s[k] <= 'Z')))
				continue;
			*min = 0;
			return true;
		}
		sign = f->s[k] == '-' ? -1 : 1;
		k++;
		/* hh, hh:mm or hhmm */
		v[0] = v[1] = 0;
		for (nd = 0; k < f->n && f->s[k] >= '0' && f->s[k] <= '9' &&
		    nd < 4; k++, nd++)
			v[nd / 2] = v[nd / 2] * 10 + (f->s[k] - '0');
		if (nd == 2 && k + 2 < f->n && f->s[k] == ':' &&
		    f->s[k + 1] >= '0' && f->s[k + 1] <= '9' &&
		    f->s[k + 2] >= '0' && f->s[k + 2] <= '9') {
			v[1] = (f->s[k + 1] - '0') * 10 + (f->s[k + 2] - '0');
			nd = 4;
		}
		if (nd == 1) {		/* "UTC-5" */
			h = v[0];
			m = 0;
		} else if (nd == 2 || nd == 4) {
			h = v[0];
			m = v[1];
		} else
			return false;
		if (h > 14 || m > 59)
			return false;
		*min = sign * (h * 60 + m);
		return true;
	}
	return false;
}

static bool
has(const char *key, const char *word)
{
	return strstr(key, word) != NULL;
}

static enum col_role
role_of(const char *k, long *dur_unit)
{
	if (has(k, "duration") || strcmp(k, "minutes") == 0 ||
	    strcmp(k, "seconds") == 0 || strcmp(k, "mins") == 0) {
		*dur_unit = has(k, "min") ? 60 : has(k, "hour") ||
		    has(k, "hrs") ? 3600 : 1;
		return COL_DURATION;
	}
	if (has(k, "start") || has(k, "begin") || strcmp(k, "down") == 0 ||
	    has(k, "downtime") || has(k, "downat") || has(k, "wentdown") ||
	    strcmp(k, "from") == 0 || has(k, "detected"))
		return COL_START;
	if ((has(k, "end") && !has(k, "endpoint")) || has(k, "restor") ||
	    has(k, "clear") || has(k, "resolved") || strcmp(k, "up") == 0 ||
	    has(k, "upat") || has(k, "cameup") || strcmp(k, "to") == 0 ||
	    strcmp(k, "uptime") == 0)
		return COL_END;
	if (has(k, "state") || has(k, "status") || strcmp(k, "event") == 0 ||
	    strcmp(k, "type") == 0 || strcmp(k, "eventtype") == 0)
		return COL_STATE;
	if (has(k, "time") || strcmp(k, "date") == 0 ||
	    has(k, "datetime") || has(k, "timestamp"))
		return COL_TIME;
	if (has(k, "circuit") || has(k, "link") || has(k, "interface") ||
	    has(k, "port") || has(k, "service") || strcmp(k, "cct") == 0 ||
	    has(k, "cctid"))
		return COL_LINK;
	if (has(k, "reason") || has(k, "cause") || has(k, "description") ||
	    has(k, "comment") || has(k, "ticket") || has(k, "note"))
		return COL_REASON;
	return COL_OTHER;
}

/* Is every colon of s[0..n) that of a zone offset ("(UTC+01:00)", as
 * Windows names zones)?  Any other colon is a log message's. */
static bool
colons_of_zones(const char *s, size_t n)
{
	size_t p;

	for (p = 0; p < n; p++) {
		if (s[p] != ':')
			continue;
		if (p < 6 || s[p - 1] < '0' || s[p - 1] > '9' ||
		    s[p - 2] < '0' || s[p - 2] > '9' ||
		    (s[p - 3] != '+' && s[p - 3] != '-') ||
		    (rfind(s + p - 6, 3, "utc") != 0 &&
		    rfind(s + p - 6, 3, "gmt") != 0))
			return false;
	}
	return true;
}

/* Is s[0..n) a carrier table's header?  Fills cols when it is. */
static bool
carrier_header(const char *s, size_t n, struct csv_cols *cols)
{
	static const char delims[] = { ',', ';', '\t' };
	struct field f[CSV_MAX_FIELDS];
	struct rstamp st;
	char key[64];
	size_t k, i, d;
	enum col_role r;
	long unit;
	bool wordy;

	/* A header is names, not a log line that has commas: no stamp in
	 * front, no colon (a message's "Reason: ...") but a zone's, short
	 * cells. */
	if (rstamp_parse(s, n, &st) >= 0 || !colons_of_zones(s, n))
		return false;
	for (d = 0; d < sizeof(delims); d++) {
		if (memchr(s, delims[d], n) == NULL)
			continue;
		k = csv_split(s, n, delims[d], f, CSV_MAX_FIELDS);
		if (k < 2)
			continue;
		memset(cols, 0, sizeof(*cols));
		for (i = 0; i <= COL_REASON; i++)
			cols->at[i] = -1;
		cols->delim = delims[d];
		cols->dur_unit = 1;
		wordy = false;
		for (i = 0; i < k; i++)
			if (f[i].n > 40)
				wordy = true;
		if (wordy)
			continue;
		for (i = 0; i < k; i++) {
			header_key(&f[i], key, sizeof(key));
			unit = 1;
			r = role_of(key, &unit);
			if (r != COL_OTHER && cols->at[r] < 0) {
				cols->at[r] = (int)i;
				cols->has_zone[r] = header_zone(&f[i],
				    &cols->zone_min[r]);
				if (r == COL_DURATION)
					cols->dur_unit = unit;
			}
		}
		if (cols->at[COL_START] >= 0 && (cols->at[COL_END] >= 0 ||
		    cols->at[COL_DURATION] >= 0))
			return true;
		if (cols->at[COL_TIME] >= 0 && cols->at[COL_STATE] >= 0)
			return true;
	}
	return false;
}

bool
router_carrier_header(const char *s, size_t n)
{
	struct csv_cols cols;

	return carrier_header(s, n, &cols);
}

/* A time cell of column col: the whole cell must be a dated stamp.  A
 * zone in the cell wins, then the column header's; else the reader's
 * order (--tz or context, the file, UTC). */
static bool
cell_time(struct rparse *rp, const struct csv_cols *c, enum col_role col,
    const struct field *f, struct router_time *t, char *text, size_t tlen)
{
	struct rstamp st;
	long off;

	if (f->n == 0)
		return false;
	off = rstamp_parse(f->s, f->n, &st);
	if (off < 0 || st.mon == 0)
		return false;
	/* what follows the stamp may only be blanks */
	while ((size_t)off < f->n && f->s[off] == ' ')
		off++;
	if ((size_t)off != f->n)
		return false;
	if (!st.has_zone && c->has_zone[col]) {
		st.has_zone = true;
		st.zone_min = c->zone_min[col];
	}
	rstamp_resolve(rp, &st, t);
	rcopy(text, tlen, f->s, f->n);
	return true;
}

/* "3600", "90.5", "01:30:00", "1:30" (h:mm:ss or mm:ss) into seconds. */
static bool
cell_duration(const struct field *f, long unit, int64_t *secs)
{
	uint64_t part[3];
	size_t i, b = 0, np = 0;

	if (f->n == 0)
		return false;
	if (memchr(f->s, ':', f->n) != NULL) {
		for (i = 0; i <= f->n && np < 3; i++) {
			if (i < f->n && f->s[i] != ':')
				continue;
			if (rparse_u64(f->s + b, i - b, &part[np]) == -1)
				return false;
			np++;
			b = i + 1;
		}
		if (b <= f->n || np < 2)
			return false;
		*secs = np == 3 ? (int64_t)(part[0] * 3600 + part[1] * 60 +
		    part[2]) : (int64_t)(part[0] * 60 + part[1]);
		return true;
	}
	for (i = 0; i < f->n && f->s[i] != '.'; i++)
		;
	if (rparse_u64(f->s, i, &part[0]) == -1 || part[0] > INT32_MAX)
		return false;
	*secs = (int64_t)part[0] * unit;
	return true;
}

static bool
state_word(const struct field *f, enum router_event_kind *k)
{
	if (rfind(f->s, f->n, "down") >= 0 || rfind(f->s, f->n, "fail") >= 0 ||
	    rfind(f->s, f->n, "outage") >= 0 || req(f->s, f->n, "lost") ||
	    rfind(f->s, f->n, "loss") >= 0) {
		*k = ROUTER_EV_LINK_DOWN;
		return true;
	}
	if (rfind(f->s, f->n, "up") >= 0 || rfind(f->s, f->n, "restor") >= 0 ||
	    rfind(f->s, f->n, "clear") >= 0 || req(f->s, f->n, "ok")) {
		*k = ROUTER_EV_LINK_UP;
		return true;
	}
	return false;
}

static const char *
input_name(const struct rparse *rp)
{
	return rp->doc->inputs[rp->input].name;
}

static void
row_common(struct rparse *rp, const struct csv_cols *c, const struct field *f,
    size_t nf, struct router_event *ev, uint32_t line)
{
	rev_init(rp, ev, line);
	ev->vendor = ROUTER_VENDOR_CARRIER;
	str_copy(ev->vrf, "", sizeof(ev->vrf));
	if (c->at[COL_LINK] >= 0 && (size_t)c->at[COL_LINK] < nf)
		rcopy(ev->ifname, sizeof(ev->ifname), f[c->at[COL_LINK]].s,
		    f[c->at[COL_LINK]].n);
	if (ev->ifname[0] == '\0')
		str_copy(ev->ifname, "carrier link", sizeof(ev->ifname));
	if (c->at[COL_REASON] >= 0 && (size_t)c->at[COL_REASON] < nf)
		rcopy(ev->reason, sizeof(ev->reason), f[c->at[COL_REASON]].s,
		    f[c->at[COL_REASON]].n);
}

/* One interval row: a down event, and an up event unless it is open. */
static int
interval_row(struct rparse *rp, const struct csv_cols *c,
    const struct field *f, size_t nf, uint32_t line)
{
	struct router_event down, up;
	int64_t secs;
	bool has_end;

	row_common(rp, c, f, nf, &down, line);
	if ((size_t)c->at[COL_START] >= nf || !cell_time(rp, c, COL_START,
	    &f[c->at[COL_START]], &down.time, down.time_text,
	    sizeof(down.time_text))) {
		rnote(rp->doc, "%s:%u: carrier log row without a readable "
		    "start time: skipped", input_name(rp), line);
		return 0;
	}
	down.kind = ROUTER_EV_LINK_DOWN;
	up = down;
	up.kind = ROUTER_EV_LINK_UP;
	up.reason[0] = '\0';
	has_end = c->at[COL_END] >= 0 && (size_t)c->at[COL_END] < nf &&
	    cell_time(rp, c, COL_END, &f[c->at[COL_END]], &up.time,
	    up.time_text, sizeof(up.time_text));
	if (!has_end && c->at[COL_DURATION] >= 0 &&
	    (size_t)c->at[COL_DURATION] < nf &&
	    cell_duration(&f[c->at[COL_DURATION]], c->dur_unit, &secs)) {
		up.time.t = down.time.t + secs * USEC_PER_SEC;
		snprintf(up.time_text, sizeof(up.time_text), "+%llds",
		    (long long)secs);
		has_end = true;
	}
	if (has_end && up.time.t < down.time.t) {
		rnote(rp->doc, "%s:%u: carrier log row ends before it starts: "
		    "skipped", input_name(rp), line);
		return 0;
	}
	if (c->at[COL_END] >= 0 && (size_t)c->at[COL_END] < nf &&
	    f[c->at[COL_END]].n > 0 && !has_end)
		rnote(rp->doc, "%s:%u: carrier log row's end time is not a "
		    "time: taken as still down", input_name(rp), line);
	if (rev_add(rp, &down) == -1)
		return -1;
	if (has_end && rev_add(rp, &up) == -1)
		return -1;
	return 0;
}

static int
event_row(struct rparse *rp, const struct csv_cols *c, const struct field *f,
    size_t nf, uint32_t line)
{
	struct router_event ev;

	row_common(rp, c, f, nf, &ev, line);
	if ((size_t)c->at[COL_TIME] >= nf || (size_t)c->at[COL_STATE] >= nf ||
	    !cell_time(rp, c, COL_TIME, &f[c->at[COL_TIME]], &ev.time,
	    ev.time_text, sizeof(ev.time_text)) ||
	    !state_word(&f[c->at[COL_STATE]],
	    &ev.kind)) {
		rnote(rp->doc, "%s:%u: carrier log row without a readable time "
		    "and up/down state: skipped", input_name(rp), line);
		return 0;
	}
	return rev_add(rp, &ev);
}

int
router_parse_carrier(struct rparse *rp)
{
	struct field f[CSV_MAX_FIELDS];
	struct csv_cols cols;
	const char *s;
	size_t i, n, nf;
	bool header = false, intervals;

	for (i = 0; i < rp->n; i++) {
		s = rp->l[i].s;
		n = rp->l[i].n;
		rtrim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		if (!header) {
			/* Lines before the header (a title, a blank
			 * "Report generated ..." line) are not rows. */
			header = carrier_header(s, n, &cols);
			continue;
		}
		if (i + 1 == rp->n && rp->unterminated)
			break;		/* the cut row of a truncated paste */
		nf = csv_split(s, n, cols.delim, f, CSV_MAX_FIELDS);
		intervals = cols.at[COL_START] >= 0;
		if ((intervals ? interval_row(rp, &cols, f, nf, rp->l[i].no) :
		    event_row(rp, &cols, f, nf, rp->l[i].no)) == -1)
			return -1;
	}
	if (header) {
		rp->sec->kind = ROUTER_KIND_CARRIER;
		rp->sec->vendor = ROUTER_VENDOR_CARRIER;
	}
	return 0;
}
