/*
 * test_bgp_tshark.c: differential test against tshark, the reference
 * decoder.  For every capture of the shared corpus, tshark lists the TCP
 * payloads on port 179 with its own BGP decode of each frame; this test
 * reassembles each direction of each TCP stream (in sequence order,
 * dropping retransmitted bytes), cuts messages with bgp_hdr_check, parses
 * them with the negotiation the two OPENs of the stream give, and checks
 * that message types, OPEN fields (My AS, hold time, identifier, 4-octet
 * AS) and NOTIFICATION code/subcode equal tshark's, frame by frame.
 * Skipped when tshark or the corpus is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "bgp/bgp.h"

#define NFIELDS		13
#define MAX_STREAMS	64

struct dir_state {
	bool		 started;
	uint32_t	 next_seq;
	uint8_t		*buf;
	size_t		 len;
	bool		 have_open;
	struct bgp_open	 open;
	bool		 dead;		/* desynchronised, ignore */
};

struct stream_state {
	long		 id;
	unsigned	 sport[2];
	struct dir_state d[2];
};

struct totals {
	unsigned	 frames, msgs, opens, notifs, updates, mismatches;
};

static struct stream_state streams[MAX_STREAMS];
static size_t nstreams;

static struct stream_state *
stream_get(long id)
{
	size_t i;

	for (i = 0; i < nstreams; i++) {
		if (streams[i].id == id)
			return &streams[i];
	}
	if (nstreams == MAX_STREAMS)
		return NULL;
	memset(&streams[nstreams], 0, sizeof(streams[0]));
	streams[nstreams].id = id;
	return &streams[nstreams++];
}

static void
streams_free(void)
{
	size_t i;

	for (i = 0; i < nstreams; i++) {
		free(streams[i].d[0].buf);
		free(streams[i].d[1].buf);
	}
	nstreams = 0;
}

static size_t
hex_decode(const char *h, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (h[0] != '\0' && h[1] != '\0' && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

/* Split a tab separated line in place. */
static int
split_tabs(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (; *line != '\0'; line++) {
		if (*line == '\n' || *line == '\r') {
			*line = '\0';
			break;
		}
		if (*line == '\t' && n < max) {
			*line = '\0';
			f[n++] = line + 1;
		}
	}
	return n;
}

/* What we decoded in one frame, as comma lists like tshark prints. */
struct frame_out {
	struct sb	 types, myas, hold, id, as4, major, minor;
};

static void
list_add(struct sb *sb, unsigned v)
{
	if (sb->len > 0)
		sb_addc(sb, ',');
	sb_addf(sb, "%u", v);
}

static void
decode_dir(struct stream_state *st, int dir, struct frame_out *fo,
    struct totals *t, const char *where)
{
	struct dir_state *d = &st->d[dir];
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_neg neg;
	uint16_t len;
	uint8_t type;
	size_t off = 0;
	int rc;

	memset(&neg, 0, sizeof(neg));
	if (d->have_open && st->d[!dir].have_open)
		bgp_negotiate(&d->open, &st->d[!dir].open, &neg);
	while (!d->dead) {
		rc = bgp_hdr_check(d->buf + off, d->len - off, neg.ext_msg,
		    &len, &type, &err);
		if (rc == 0 || (rc == 1 && d->len - off < len))
			break;
		if (rc == -1) {
			fprintf(stderr, "%s: header: %s\n", where, err.what);
			t->mismatches++;
			d->dead = true;
			break;
		}
		if (bgp_msg_parse(d->buf + off, len, &neg, &m, &err) == -1) {
			fprintf(stderr, "%s: parse: %u/%u %s\n", where,
			    err.code, err.subcode, err.what);
			t->mismatches++;
		}
		t->msgs++;
		list_add(&fo->types, m.type);
		if (m.type == BGP_MSG_OPEN) {
			const struct bgp_open *o = &m.u.open;
			char id[32];

			d->open = *o;
			d->have_open = true;
			list_add(&fo->myas, o->my_as);
			list_add(&fo->hold, o->hold_time);
			snprintf(id, sizeof(id), "%u.%u.%u.%u",
			    o->bgp_id >> 24, (o->bgp_id >> 16) & 0xff,
			    (o->bgp_id >> 8) & 0xff, o->bgp_id & 0xff);
			if (fo->id.len > 0)
				sb_addc(&fo->id, ',');
			sb_add(&fo->id, id);
			if (o->has_as4)
				list_add(&fo->as4, o->as4);
			t->opens++;
			/* A new OPEN: the negotiation may change. */
			if (st->d[!dir].have_open)
				bgp_negotiate(&d->open, &st->d[!dir].open,
				    &neg);
		} else if (m.type == BGP_MSG_NOTIFICATION) {
			list_add(&fo->major, m.u.notification.code);
			list_add(&fo->minor, m.u.notification.subcode);
			t->notifs++;
		} else if (m.type == BGP_MSG_UPDATE)
			t->updates++;
		off += len;
	}
	if (off > 0) {
		memmove(d->buf, d->buf + off, d->len - off);
		d->len -= off;
	}
}

/* Append a segment in sequence order; bytes already seen are dropped, a
 * gap restarts the direction at this segment. */
static void
dir_append(struct dir_state *d, uint32_t seq, const uint8_t *p, size_t n)
{
	size_t skip;

	if (!d->started) {
		d->started = true;
		d->next_seq = seq;
	}
	if ((int32_t)(seq - d->next_seq) > 0) {
		/* A hole (lost or reordered segment): restart at the next
		 * segment that begins with a marker, as tshark does. */
		d->len = 0;
		d->next_seq = seq;
		d->dead = true;
	}
	skip = d->next_seq - seq;
	if (skip >= n)
		return;
	if (d->dead && d->len == 0 && skip == 0 && n >= BGP_MARKER_LEN &&
	    memcmp(p, "\xff\xff\xff\xff\xff\xff\xff\xff"
	    "\xff\xff\xff\xff\xff\xff\xff\xff", BGP_MARKER_LEN) == 0)
		d->dead = false;
	if (d->dead) {
		d->next_seq = seq + (uint32_t)n;
		return;
	}
	d->buf = realloc(d->buf, d->len + n - skip);
	memcpy(d->buf + d->len, p + skip, n - skip);
	d->len += n - skip;
	d->next_seq = seq + (uint32_t)n;
}

static void
compare(const char *where, const char *name, const char *ts,
    const struct sb *mine, struct totals *t)
{
	if (strcmp(ts, sb_str(mine)) != 0) {
		fprintf(stderr, "%s: %s tshark '%s' erwatch '%s'\n", where,
		    name, ts, sb_str(mine));
		t->mismatches++;
	}
}

static void
run_capture(const char *path, struct totals *t)
{
	static const char *fields = " -e frame.number -e tcp.stream"
	    " -e tcp.srcport -e tcp.seq -e tcp.payload -e bgp.type"
	    " -e bgp.open.myas -e bgp.open.holdtime -e bgp.open.identifier"
	    " -e bgp.cap.4as -e bgp.notify.major_error"
	    " -e bgp.notify.minor_error_open -e bgp.notify.minor_error_cease";
	char cmd[4096], where[2200], *line = NULL, *f[NFIELDS + 4];
	uint8_t *payload = NULL;
	struct frame_out fo;
	size_t cap = 0, n;
	FILE *fp;
	int nf, dir;

	snprintf(cmd, sizeof(cmd), "tshark -r '%s' -n -Y 'tcp.port == 179 && "
	    "tcp.len > 0' -T fields -E occurrence=a -E aggregator=,%s "
	    "2>/dev/null", path, fields);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	memset(&fo, 0, sizeof(fo));
	while (getline(&line, &cap, fp) != -1) {
		struct stream_state *st;
		const char *minor;

		nf = split_tabs(line, f, NFIELDS + 4);
		if (nf < NFIELDS)
			continue;
		snprintf(where, sizeof(where), "%s frame %s", path, f[0]);
		if ((st = stream_get(strtol(f[1], NULL, 10))) == NULL)
			continue;
		/* Direction 0 is whoever spoke first. */
		if (st->sport[0] == 0)
			st->sport[0] = (unsigned)strtoul(f[2], NULL, 10);
		dir = (unsigned)strtoul(f[2], NULL, 10) == st->sport[0] ? 0 : 1;
		payload = realloc(payload, strlen(f[4]) / 2 + 1);
		n = hex_decode(f[4], payload);
		dir_append(&st->d[dir], (uint32_t)strtoul(f[3], NULL, 10),
		    payload, n);
		sb_init(&fo.types);
		sb_init(&fo.myas);
		sb_init(&fo.hold);
		sb_init(&fo.id);
		sb_init(&fo.as4);
		sb_init(&fo.major);
		sb_init(&fo.minor);
		decode_dir(st, dir, &fo, t, where);
		t->frames++;
		compare(where, "bgp.type", f[5], &fo.types, t);
		compare(where, "bgp.open.myas", f[6], &fo.myas, t);
		compare(where, "bgp.open.holdtime", f[7], &fo.hold, t);
		compare(where, "bgp.open.identifier", f[8], &fo.id, t);
		compare(where, "bgp.cap.4as", f[9], &fo.as4, t);
		compare(where, "bgp.notify.major_error", f[10], &fo.major, t);
		/* tshark names the subcode by code; Hold Timer Expired and
		 * FSM subcodes 0 are in fields we do not request. */
		minor = f[11][0] != '\0' ? f[11] : f[12];
		if (minor[0] != '\0')
			compare(where, "bgp.notify.minor_error", minor,
			    &fo.minor, t);
		sb_release(&fo.types);
		sb_release(&fo.myas);
		sb_release(&fo.hold);
		sb_release(&fo.id);
		sb_release(&fo.as4);
		sb_release(&fo.major);
		sb_release(&fo.minor);
	}
	free(line);
	free(payload);
	pclose(fp);
	streams_free();
}

static void
test_tshark_corpus(void **state)
{
	static const char *names[] = { "capture.pcap", "capture.pcapng",
	    "capture_msee.pcap" };
	const char *src = getenv("ERW_SRC_DIR");
	char dir[1024], path[2048];
	struct totals t;
	struct dirent **ents;
	struct stat sb;
	int i, n, k, files = 0;

	(void)state;
	if (src == NULL)
		src = ERW_SRC_DIR;
	if (system("tshark -v >/dev/null 2>&1") != 0) {
		/* make check installs tshark: its absence is a failure. */
		fail_msg("tshark not found: `make check` installs it");
	}
	snprintf(dir, sizeof(dir), "%s/../shared/corpus/pcap", src);
	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0) {
		fprintf(stderr, "no corpus at %s: skipped\n", dir);
		skip();
	}
	memset(&t, 0, sizeof(t));
	for (i = 0; i < n; i++) {
		for (k = 0; k < 3; k++) {
			snprintf(path, sizeof(path), "%s/%s/%s", dir,
			    ents[i]->d_name, names[k]);
			if (ents[i]->d_name[0] == '.' ||
			    stat(path, &sb) == -1)
				continue;
			run_capture(path, &t);
			files++;
		}
		free(ents[i]);
	}
	free(ents);
	fprintf(stderr, "tshark differential: %d captures, %u frames, %u "
	    "messages (%u OPEN, %u UPDATE, %u NOTIFICATION), %u mismatches\n",
	    files, t.frames, t.msgs, t.opens, t.updates, t.notifs,
	    t.mismatches);
	assert_int_equal(t.mismatches, 0);
	assert_true(t.msgs > 300);
	assert_true(t.opens > 20);
	assert_true(t.notifs > 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tshark_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
