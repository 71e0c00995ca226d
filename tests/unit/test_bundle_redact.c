/*
 * test_bundle_redact.c: the redaction stream (bundle.h) against block
 * boundaries.  Each vector (the redaction fuzz corpus, and texts whose
 * secrets are written here) is redacted whole, then fed in two blocks cut
 * at every position and in blocks of 1 to 7 bytes: the output and the
 * list of redactions must be the same bytes every time, so a secret, a
 * keyword, a CRLF, a UTF-16 code unit or surrogate pair, or a PEM block
 * split between blocks is found as if whole; and the planted values are
 * never in the output.  A line longer than LIMIT_REDACT_LINE (minified
 * JSON) is judged in pieces: every secret in it still found, the JSON
 * still loads, and the stream holds a bounded part of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "bundle/bundle.h"

#define FIX	ERW_SRC_DIR "/fuzz/corpus/bundle_redact/"
#include "test_fixture.h"

static const uint8_t key[REDACT_KEY_LEN] = { 7, 1, 4, 2, 8 };

/* What redacting in[0..n) gives, fed in blocks of the sizes in
 * blocks[] (cycled; NULL: whole), as output and a listing of the
 * redactions ("kind@line;..."). */
struct result {
	struct sb	 out;
	struct sb	 list;
	bool		 converted;
};

static void
run(const uint8_t *in, size_t n, const size_t *blocks, size_t nblocks,
    struct result *res)
{
	struct redact_ctx c;
	struct redact_stream st;
	struct err e;
	size_t at = 0, k = 0, take, i;

	redact_init(&c, key);
	redact_stream_init(&st, &c, "vector");
	sb_init(&res->out);
	sb_init(&res->list);
	err_clear(&e);
	while (at < n) {
		take = blocks == NULL ? n : blocks[k++ % nblocks];
		if (take > n - at)
			take = n - at;
		/* an exact-size copy: ASan sees a read past the block */
		{
			uint8_t *blk = malloc(take > 0 ? take : 1);

			assert_non_null(blk);
			memcpy(blk, in + at, take);
			assert_int_equal(redact_stream_feed(&st, blk, take,
			    &res->out, &e), 0);
			free(blk);
		}
		at += take;
		/* never more than a line and the head held */
		assert_true(st.part.len <= LIMIT_REDACT_LINE);
	}
	assert_int_equal(redact_stream_finish(&st, &res->out, &e), 0);
	res->converted = st.converted;
	redact_stream_release(&st);
	for (i = 0; i < c.n; i++)
		sb_addf(&res->list, "%s@%u;", redact_kind_name(c.v[i].kind),
		    c.v[i].line);
	redact_release(&c);
}

static void
result_release(struct result *r)
{
	sb_release(&r->out);
	sb_release(&r->list);
}

static void
same(const struct result *a, const struct result *b, const char *name,
    const char *how, size_t arg)
{
	if (a->out.len != b->out.len || (a->out.len > 0 &&
	    memcmp(a->out.buf, b->out.buf, a->out.len) != 0))
		fail_msg("%s, %s %zu: output differs (%zu vs %zu bytes)", name,
		    how, arg, a->out.len, b->out.len);
	if (strcmp(sb_str(&a->list), sb_str(&b->list)) != 0)
		fail_msg("%s, %s %zu: redactions '%s' vs '%s'", name, how, arg,
		    sb_str(&a->list), sb_str(&b->list));
	assert_int_equal(a->converted, b->converted);
}

/* Whole, two blocks cut at every position, blocks of 1..7 bytes. */
static void
sweep(const char *name, const uint8_t *in, size_t n, struct result *whole)
{
	struct result r;
	size_t cut, bs, two[2];

	run(in, n, NULL, 0, whole);
	for (cut = 1; cut < n; cut++) {
		two[0] = cut;
		two[1] = n;
		run(in, n, two, 2, &r);
		same(whole, &r, name, "cut at", cut);
		result_release(&r);
	}
	for (bs = 1; bs <= 7; bs++) {
		run(in, n, &bs, 1, &r);
		same(whole, &r, name, "blocks of", bs);
		result_release(&r);
	}
}

static bool
has(const struct sb *s, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= s->len; i++)
		if (memcmp(s->buf + i, needle, m) == 0)
			return true;
	return false;
}

/* ---- the corpus -------------------------------------------------- */

static void
t_corpus(void **st)
{
	static const char *const files[] = {
		"bird.conf", "circuit.json", "connstr.txt", "ios-run.txt",
		"junos.conf", "key.pem", "keys.json", "ps-peering.txt",
		"sas-url.txt", "tokens.txt",
	};
	struct result whole;
	uint8_t *b;
	size_t i, n;

	(void)st;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		b = slurp(files[i], &n);
		sweep(files[i], b, n, &whole);
		/* each corpus file plants at least one secret */
		if (whole.list.len == 0)
			fail_msg("%s: nothing redacted", files[i]);
		result_release(&whole);
		free(b);
	}
}

/* ---- planted secrets, each split every way ------------------------ */

static const struct {
	const char	*text;
	const char	*secret;	/* never in the output */
	const char	*kind;		/* its marker's kind */
} planted[] = {
	{ "https://a.blob.core.windows.net/c?sv=2022-11-02&sr=c&sp=w&"
	  "sig=SigSplitPlanted01%3D&se=2026\r\n", "SigSplitPlanted01",
	  "sas_signature" },
	{ "{\n  \"sharedKey\": \"SharedSplitPlanted02\",\n  \"x\": 1\n}\n",
	  "SharedSplitPlanted02", "shared_key" },
	{ "router bgp 65010\n neighbor 172.16.0.2 password 7 "
	  "0822455D0A16SPLIT03\n", "0822455D0A16SPLIT03", "bgp_md5_key" },
	{ "set protocols bgp group MSEE authentication-key "
	  "\"$9$SplitJunos04xx\"\n", "$9$SplitJunos04xx", "" },
	{ "key chain BGP\n key 1\n  key-string 7 KeyStringSplit05\n",
	  "KeyStringSplit05", "bgp_md5_key" },
	{ "curl -H \"Authorization: Bearer BearerSplitPlanted06abcdef\"\n",
	  "BearerSplitPlanted06abcdef", "bearer_token" },
	{ "t: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.JwtSplitPlanted07\n",
	  "JwtSplitPlanted07", "jwt" },
	{ "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIPemSplitPlanted08\n"
	  "AAAA\n-----END RSA PRIVATE KEY-----\nafter\n",
	  "MIIPemSplitPlanted08", "private_key" },
	{ "DefaultEndpointsProtocol=https;AccountName=x;"
	  "AccountKey=AcctSplitPlanted09==;EndpointSuffix=core.windows.net\n",
	  "AcctSplitPlanted09", "storage_account_key" },
	{ "SharedKey  : PsSplitPlanted10\nVlanId     : 100\n",
	  "PsSplitPlanted10", "shared_key" },
	{ "[\n {\n  \"keyName\": \"key1\",\n  \"value\": \"KeysSplit11==\"\n"
	  " }\n]\n", "KeysSplit11", "storage_account_key" },
	/* a block never closed: to the end, one secret */
	{ "-----BEGIN PRIVATE KEY-----\nUnclosedSplit12\n", "UnclosedSplit12",
	  "private_key" },
};

static void
t_planted(void **st)
{
	struct result whole;
	char name[32];
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(planted) / sizeof(planted[0]); i++) {
		const char *t = planted[i].text;

		snprintf(name, sizeof(name), "planted %zu", i);
		sweep(name, (const uint8_t *)t, strlen(t), &whole);
		if (has(&whole.out, planted[i].secret))
			fail_msg("%s: '%s' left in '%s'", name,
			    planted[i].secret, sb_str(&whole.out));
		{
			char m[64];

			snprintf(m, sizeof(m), "REDACTED-%s", planted[i].kind);
			if (!has(&whole.out, m))
				fail_msg("%s: no %s in '%s'", name, m,
				    sb_str(&whole.out));
		}
		result_release(&whole);
	}
}

/* UTF-16LE with a BOM and a surrogate pair (U+1F511) before the secret:
 * every cut, odd ones inside a code unit and between the halves of the
 * pair, gives the same UTF-8. */
static void
t_utf16(void **st)
{
	static const char text[] = "Name : x \xf0\x9f\x94\x91\r\n"
	    "SharedKey : Utf16SplitPlanted13\r\n";
	uint8_t in[256];
	struct result whole;
	size_t n = 0, i;

	(void)st;
	in[n++] = 0xff;
	in[n++] = 0xfe;
	for (i = 0; text[i] != '\0'; i++) {
		if ((unsigned char)text[i] == 0xf0) {
			/* U+1F511 as the pair D83D DD11 */
			in[n++] = 0x3d;
			in[n++] = 0xd8;
			in[n++] = 0x11;
			in[n++] = 0xdd;
			i += 3;
			continue;
		}
		in[n++] = (uint8_t)text[i];
		in[n++] = 0;
	}
	sweep("utf-16", in, n, &whole);
	assert_true(whole.converted);
	assert_true(has(&whole.out, "\xf0\x9f\x94\x91"));
	assert_false(has(&whole.out, "Utf16SplitPlanted13"));
	assert_true(has(&whole.out, "REDACTED-shared_key-"));
	result_release(&whole);
}

/* ---- a line longer than the window --------------------------------- */

static void
t_long_line(void **st)
{
	static const size_t blocks[] = { 4096, 65536, 1, 99991 };
	struct result whole, blk;
	json_error_t je;
	struct sb in;
	json_t *j;
	char val[64];
	size_t i, items = 40, found = 0;

	(void)st;
	/* minified JSON, one line of about 2.4 MiB: a secret every item
	 * (few: each hit searches the rest of its piece again) */
	sb_init(&in);
	sb_add(&in, "[");
	for (i = 0; i < items; i++)
		sb_addf(&in, "%s{\"name\":\"conn%zu\",\"properties\":{"
		    "\"sharedKey\":\"LongLinePlanted%06zu\",\"padding\":"
		    "\"%060000d\"}}", i ? "," : "", i, i, 0);
	sb_add(&in, "]");
	assert_false(in.failed);
	assert_true(in.len > 2 * LIMIT_REDACT_LINE);
	run((const uint8_t *)in.buf, in.len, NULL, 0, &whole);
	run((const uint8_t *)in.buf, in.len, blocks, 4, &blk);
	same(&whole, &blk, "long line", "mixed blocks", 0);
	assert_false(has(&whole.out, "LongLinePlanted"));
	/* every item's secret, once each */
	for (i = 0; i < whole.list.len; i++)
		found += whole.list.buf[i] == ';';
	assert_int_equal(found, items);
	/* still JSON, every key a marker */
	j = json_loadb(whole.out.buf, whole.out.len, 0, &je);
	if (j == NULL)
		fail_msg("redacted long line: %s at %d", je.text, je.position);
	assert_int_equal(json_array_size(j), items);
	snprintf(val, sizeof(val), "%s", json_string_value(json_object_get(
	    json_object_get(json_array_get(j, items - 1), "properties"),
	    "sharedKey")));
	assert_int_equal(strncmp(val, "REDACTED-shared_key-", 20), 0);
	json_decref(j);
	result_release(&whole);
	result_release(&blk);
	sb_release(&in);
}

/* One run of bytes with no separator and no newline, far beyond the
 * window: held a window at a time, never whole. */
static void
t_no_separator(void **st)
{
	size_t n = 3 * LIMIT_REDACT_LINE + 17, bs = 65536;
	uint8_t *in = malloc(n);
	struct result r;

	(void)st;
	assert_non_null(in);
	memset(in, 'A', n);
	run(in, n, &bs, 1, &r);
	assert_int_equal(r.out.len, n);
	assert_int_equal(r.list.len, 0);
	result_release(&r);
	free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_corpus),
		cmocka_unit_test(t_planted),
		cmocka_unit_test(t_utf16),
		cmocka_unit_test(t_long_line),
		cmocka_unit_test(t_no_separator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
