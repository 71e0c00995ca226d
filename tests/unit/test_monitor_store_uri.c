/*
 * mon_store.c's URI handling: which URIs go to the PostgreSQL backend,
 * and the redaction every message naming a store uses, table-driven: the
 * password out of user:PASSWORD@, of a password= parameter, with '@' or
 * ':' inside it, at every buffer size (a cut never leaves a part of the
 * password behind); a SQLite path untouched.  And a PostgreSQL store that
 * cannot be reached: ERR_IO at open, its message without the password.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "monitor/monitor.h"
#include "monitor/mon_store_int.h"

static const struct {
	const char	*uri;
	const char	*want;
	const char	*secret;	/* must not survive; NULL: none */
} vec[] = {
	{ "postgresql://mon:hunter2@db.example/erw",
	  "postgresql://mon:***@db.example/erw", "hunter2" },
	{ "postgres://mon:hunter2@db.example:5433/erw?sslmode=require",
	  "postgres://mon:***@db.example:5433/erw?sslmode=require", "hunter2" },
	{ "postgresql://mon:p@ss:w0rd@db/erw", "postgresql://mon:***@db/erw",
	  "p@ss:w0rd" },
	{ "postgresql://mon@db/erw?password=hunter2&sslmode=require",
	  "postgresql://mon@db/erw?password=***&sslmode=require", "hunter2" },
	{ "postgresql://db/erw?user=mon&password=hunter2",
	  "postgresql://db/erw?user=mon&password=***", "hunter2" },
	{ "postgresql://mon@db/erw?application_name=xpassword=hunter2",
	  "postgresql://mon@db/erw?application_name=x...", "hunter2" },
	{ "postgresql://mon@db/erw", "postgresql://mon@db/erw", NULL },
	{ "postgresql:///erw?host=/run/postgresql",
	  "postgresql:///erw?host=/run/postgresql", NULL },
	{ "/var/lib/erwatch/mon:p@ss.db", "/var/lib/erwatch/mon:p@ss.db", NULL },
	{ "sqlite:/tmp/x.db", "sqlite:/tmp/x.db", NULL },
};

static void
test_is_pg(void **state)
{
	(void)state;
	assert_true(mon_store_uri_is_pg("postgresql://h/d"));
	assert_true(mon_store_uri_is_pg("postgres://h/d"));
	assert_false(mon_store_uri_is_pg("postgresql:h"));
	assert_false(mon_store_uri_is_pg("sqlite:/x"));
	assert_false(mon_store_uri_is_pg("/tmp/postgresql://x"));
}

static void
test_redact(void **state)
{
	char buf[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		mon_store_uri_redact(vec[i].uri, buf, sizeof(buf));
		if (strcmp(buf, vec[i].want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", vec[i].uri,
			    buf, vec[i].want);
	}
}

/* Every buffer size: terminated, a prefix of the full redaction, and no
 * piece of the password (4 bytes or more) in it. */
static void
test_redact_cut(void **state)
{
	char full[256], buf[256], piece[8];
	size_t i, len, k;

	(void)state;
	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		mon_store_uri_redact(vec[i].uri, full, sizeof(full));
		for (len = 1; len <= strlen(full) + 1; len++) {
			memset(buf, 'Z', sizeof(buf));
			mon_store_uri_redact(vec[i].uri, buf, len);
			assert_true(strlen(buf) < len);
			assert_memory_equal(buf, full, strlen(buf));
			if (vec[i].secret == NULL ||
			    strlen(vec[i].secret) < 4)
				continue;
			for (k = 0; k + 4 <= strlen(vec[i].secret); k++) {
				memcpy(piece, vec[i].secret + k, 4);
				piece[4] = '\0';
				if (strstr(buf, piece) != NULL)
					fail_msg("%s cut at %zu: \"%s\" holds "
					    "\"%s\"", vec[i].uri, len, buf,
					    piece);
			}
		}
	}
}

/* Nothing listens on port 1 of loopback: a refused connection, at once. */
static void
test_open_unreachable(void **state)
{
	struct mon_store *s = NULL;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(mon_store_open("postgresql://mon:hunter2@127.0.0.1:1"
	    "/erw?connect_timeout=2", &s, &e), -1);
	assert_null(s);
	assert_int_equal(e.code, ERR_IO);
	assert_non_null(strstr(e.msg, "postgresql://mon:***@127.0.0.1:1/erw"));
	assert_null(strstr(e.msg, "hunter2"));
	assert_null(strstr(e.input, "hunter2"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_pg),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_redact_cut),
		cmocka_unit_test(test_open_unreachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
