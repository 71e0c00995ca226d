/*
 * Helpers shared by the cmd_*.c files: error printing, option values and
 * printing a renderer's JSON document.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report/report.h"
#include "report/report_doc.h"

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "erwatch %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'erwatch %s --help')\n", cmd);
	return EXIT_USAGE;
}

int
cli_report_err(const char *cmd, const struct err *e)
{
	char buf[512];

	fprintf(stderr, "erwatch %s: %s\n", cmd, err_str(e, buf, sizeof(buf)));
	return err_exit_code(e);
}

int
cli_input_err(const char *cmd, const struct err *e)
{
	int rc = cli_report_err(cmd, e);

	return e->code == ERR_IO ? EXIT_USAGE : rc;
}

void
cli_batch_io(FILE *in)
{
	/* Millions of short lines: 4 KB stdio buffers mean a system call
	 * every hundred lines.  A terminal keeps its line buffering, so a
	 * user typing addresses sees each answer. */
	setvbuf(in, NULL, _IOFBF, CLI_BATCH_BUF);
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, CLI_BATCH_BUF);
}

unsigned
cli_text_flags(void)
{
	return report_want_color(stdout) ? REPORT_TEXT_COLOR : 0;
}

int
cli_parse_u64(const char *s, unsigned long long min, unsigned long long max,
    unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
cli_parse_duration(const char *s, usec_t *out)
{
	double v, mult = 1e6;
	char *end;

	if (s == NULL || ((*s < '0' || *s > '9') && *s != '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || v < 0)
		return -1;
	if (strcmp(end, "") == 0 || strcmp(end, "s") == 0)
		mult = 1e6;
	else if (strcmp(end, "ms") == 0)
		mult = 1e3;
	else if (strcmp(end, "m") == 0)
		mult = 60e6;
	else if (strcmp(end, "h") == 0)
		mult = 3600e6;
	else
		return -1;
	if (v * mult > 9e18)
		return -1;
	*out = (usec_t)(v * mult);
	return 0;
}

int
cli_parse_duration_in(const char *s, usec_t min, usec_t max, usec_t *out)
{
	usec_t v;

	if (cli_parse_duration(s, &v) == -1 || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
cli_json_out(const char *cmd, json_t *root,
    int (*dump)(FILE *, json_t *, struct err *))
{
	struct err e;
	int rc = EXIT_OK;

	if (root == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", cmd);
		return EXIT_RUNTIME;
	}
	err_clear(&e);
	if (dump(stdout, root, &e) == -1)
		rc = cli_report_err(cmd, &e);
	json_decref(root);
	return rc;
}

int
cli_doc_out(const char *cmd, const struct report_doc *doc, bool json,
    const char *html_path, unsigned text_flags)
{
	return cli_doc_out_dump(cmd, doc, json, html_path, text_flags,
	    report_json_dump);
}

int
cli_doc_out_dump(const char *cmd, const struct report_doc *doc, bool json,
    const char *html_path, unsigned text_flags,
    int (*dump)(FILE *, json_t *, struct err *))
{
	struct err e;
	FILE *fp;
	int rc;

	err_clear(&e);
	if (report_doc_check(doc, &e) == -1)
		return cli_report_err(cmd, &e);
	if (json)
		rc = cli_json_out(cmd, report_doc_json(doc), dump);
	else {
		(void)report_doc_text(stdout, doc, text_flags);
		rc = EXIT_OK;
		if (fflush(stdout) == EOF || ferror(stdout)) {
			fprintf(stderr, "erwatch %s: write error\n", cmd);
			rc = EXIT_RUNTIME;
		}
	}
	if (rc != EXIT_OK || html_path == NULL)
		return rc;
	if ((fp = fopen(html_path, "w")) == NULL) {
		ERR(&e, ERR_IO, "cannot create '%s': %s", html_path,
		    strerror(errno));
		return cli_report_err(cmd, &e);
	}
	if (report_doc_html(fp, doc, &e) == -1) {
		(void)fclose(fp);
		err_at(&e, html_path, 0, 0, 0);
		return cli_report_err(cmd, &e);
	}
	if (fclose(fp) == EOF) {
		ERR(&e, ERR_IO, "cannot write '%s': %s", html_path,
		    strerror(errno));
		return cli_report_err(cmd, &e);
	}
	return EXIT_OK;
}
