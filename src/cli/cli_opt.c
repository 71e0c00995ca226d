/*
 * Option tables (cli.h, struct cli_cmd) turned into the four things made
 * from them: getopt_long's long and short options and the parse loop with
 * its usage errors, the --help text, and the JSON of `erwatch
 * --dump-options`.  Every command parses through cli_next(), so the
 * conventions hold for all of them alike: -h/--help, options and operands
 * in any order, "--" ends the options, unambiguous abbreviations of long
 * names, a bad option named as typed but never with its "=value".
 */
#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"

#define HELP_WIDTH	79	/* the text of --help stays within this */
#define HELP_MAX_COL	30	/* options' help never starts further right */
#define LONG_BASE	256	/* getopt value of a long-only option: this +
				 * its index, clear of every letter */

static const struct cli_opt help_opt =
    CLI_OPT("help", 'h', CLI_FLAG, NULL, 'h', "print this help and exit");

static bool
opt_end(const struct cli_opt *o)
{
	return o->name == NULL && o->letter == 0;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

void
cli_parse_init(struct cli_parse *p, const struct cli_cmd *cmd, int argc,
    char *argv[])
{
	const struct cli_opt *o;
	struct option *lo;
	char *so;
	int i;

	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	p->ops = argv + 1;
	lo = p->lo;
	so = p->so;
	/* '-': operands come back in order (as 1), so that the words after
	 * a CLI_LIST option can be told from the operands; ':' tells a
	 * missing value from an unknown option */
	*so++ = '-';
	*so++ = ':';
	for (i = 0, o = cmd->opts; !opt_end(o); i++, o++) {
		assert(i < CLI_MAX_OPTS);
		if (o->name != NULL) {
			lo->name = o->name;
			lo->has_arg = o->arg == CLI_FLAG ? no_argument :
			    required_argument;
			lo->flag = NULL;
			lo->val = o->letter != 0 ? o->letter : LONG_BASE + i;
			lo++;
		}
		if (o->letter != 0) {
			*so++ = o->letter;
			if (o->arg != CLI_FLAG)
				*so++ = ':';
		}
	}
	p->nopts = i;
	lo->name = help_opt.name;
	lo->has_arg = no_argument;
	lo->flag = NULL;
	lo->val = help_opt.letter;
	lo++;
	memset(lo, 0, sizeof(*lo));
	*so++ = help_opt.letter;
	*so = '\0';
	/* 0, not 1: glibc then starts afresh and rereads the '-' above */
	optind = 0;
	opterr = 0;
}

/* The table entry getopt_long's value val stands for, or NULL. */
static const struct cli_opt *
by_val(const struct cli_parse *p, int val)
{
	const struct cli_opt *o;
	int i;

	for (i = 0, o = p->cmd->opts; i < p->nopts; i++, o++)
		if ((o->letter != 0 && o->letter == val) ||
		    (o->letter == 0 && val == LONG_BASE + i))
			return o;
	return NULL;
}

/* The option name in an argument as typed, without "--" and "=value". */
static size_t
typed_name(const char *a, const char **name)
{
	*name = a + 2;
	return strcspn(*name, "=");
}

static int
bad(struct cli_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
bad(struct cli_parse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cli_usage_error(p->cmd->name, "%s", msg);
	return CLI_BAD;
}

/* An unknown or ambiguous long option; the candidates are named. */
static int
bad_long(struct cli_parse *p, const char *a)
{
	const struct cli_opt *o;
	const char *name;
	char cand[256];
	size_t n = typed_name(a, &name);
	int matches = 0;

	cand[0] = '\0';
	for (o = p->cmd->opts; !opt_end(o); o++) {
		if (o->name == NULL || strncmp(o->name, name, n) != 0)
			continue;
		if (matches++ > 0)
			strncat(cand, ", ", sizeof(cand) - strlen(cand) - 1);
		strncat(cand, "--", sizeof(cand) - strlen(cand) - 1);
		strncat(cand, o->name, sizeof(cand) - strlen(cand) - 1);
	}
	if (matches > 1)
		return bad(p, "ambiguous option '--%.*s': %s", (int)n, name,
		    cand);
	return bad(p, "unknown option '--%.*s'", (int)n, name);
}

/* 0, or CLI_BAD when the command takes no operands. */
static int
operand(struct cli_parse *p, char *a)
{
	if (p->cmd->operands == NULL)
		return bad(p, "unexpected argument '%s'", a);
	/* never ahead of getopt: each operand took one slot at least */
	p->ops[p->nops++] = a;
	return 0;
}

int
cli_next(struct cli_parse *p)
{
	const struct cli_opt *o;
	const char *a, *name;
	char letter;
	size_t n;
	int c, at;

	for (;;) {
		if (p->done)
			return CLI_END;
		/* the element getopt is about to read: in order, never
		 * permuted, so it is the option when one comes back */
		at = optind == 0 ? 1 : optind;
		a = at < p->argc ? p->argv[at] : "";
		c = getopt_long(p->argc, p->argv, p->so, p->lo, NULL);
		if (c == -1) {
			/* the end, or "--": the rest are operands */
			p->done = true;
			p->list = NULL;
			for (at = optind; at < p->argc; at++)
				if (operand(p, p->argv[at]) == CLI_BAD)
					return CLI_BAD;
			return CLI_END;
		}
		if (c == 1) {
			if (p->list != NULL) {
				p->arg = optarg;
				return p->list->id;
			}
			if (operand(p, optarg) == CLI_BAD)
				return CLI_BAD;
			continue;
		}
		p->list = NULL;
		if (c == help_opt.letter) {
			cli_help(stdout, p->cmd);
			return CLI_HELP;
		}
		if (c == ':' || c == '?') {
			o = by_val(p, optopt);
			if (strncmp(a, "--", 2) == 0) {
				n = typed_name(a, &name);
				if (c == ':' && o != NULL)
					return bad(p, "option '--%.*s' needs a "
					    "value: %s", (int)n, name,
					    o->argname);
				if (o != NULL || optopt == help_opt.letter)
					return bad(p, "option '--%.*s' takes "
					    "no value", (int)n, name);
				return bad_long(p, a);
			}
			letter = isprint((unsigned char)optopt) ?
			    (char)optopt : '?';
			if (c == ':' && o != NULL)
				return bad(p, "option '-%c' needs a value: %s",
				    letter, o->argname);
			return bad(p, "unknown option '-%c'", letter);
		}
		if ((o = by_val(p, c)) == NULL)	/* not from our table */
			return bad(p, "unknown option");
		if ((o->flags & CLI_SPELL_OUT) && strncmp(a, "--", 2) == 0) {
			/* getopt_long took an abbreviation: for an option
			 * such as --md5-key-file, "--md5-key=SECRET" would
			 * become a file name, and be printed as one */
			n = typed_name(a, &name);
			if (n != strlen(o->name) ||
			    strncmp(name, o->name, n) != 0)
				return bad(p, "option '--%.*s' must be spelled "
				    "out: --%s", (int)n, name, o->name);
		}
		if (o->arg == CLI_LIST)
			p->list = o;
		p->arg = optarg;
		return o->id;
	}
}

const char *
cli_opt_name(const struct cli_cmd *cmd, int id)
{
	const struct cli_opt *o;

	for (o = cmd->opts; !opt_end(o); o++)
		if (o->id == id)
			return o->name != NULL ? o->name : "?";
	return "?";
}

/* ------------------------------------------------------------------ */
/* --help                                                              */
/* ------------------------------------------------------------------ */

/* "-c, --count N", "    --json", "-4": the left column of --help. */
static size_t
label(const struct cli_opt *o, char *buf, size_t len)
{
	char sh[5] = "    ";
	int n;

	if (o->letter != 0)
		snprintf(sh, sizeof(sh), "-%c%s", o->letter,
		    o->name != NULL ? ", " : "");
	n = snprintf(buf, len, "%s%s%s%s%s%s", sh,
	    o->name != NULL ? "--" : "", o->name != NULL ? o->name : "",
	    o->argname != NULL ? " " : "",
	    o->argname != NULL ? o->argname : "",
	    o->arg == CLI_LIST ? "..." : "");
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

/*
 * text from column col, words wrapped at HELP_WIDTH under column indent;
 * a synopsis (groups) breaks only before an option or a bracket, so that
 * "--protocol tcp|udp" stays on one line
 */
static void
wrap(FILE *fp, const char *text, size_t col, size_t indent, bool groups)
{
	const char *w = text, *g;
	size_t n, gn;
	bool first = true;

	while (*w != '\0') {
		while (*w == ' ')
			w++;
		n = strcspn(w, " ");
		if (n == 0)
			break;
		/* the unit that must not be split: one word, or the words
		 * up to the next option or bracket */
		gn = n;
		for (g = w + n; groups && *g == ' ' && g[1] != '\0' &&
		    strchr("-[(", g[1]) == NULL; g += 1 + strcspn(g + 1, " "))
			gn = (size_t)(g + 1 + strcspn(g + 1, " ") - w);
		if (!first && col + 1 + gn > HELP_WIDTH) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", (int)gn, w);
		col += gn;
		w += gn;
		first = false;
	}
	fputc('\n', fp);
}

static void
help_line(FILE *fp, const struct cli_opt *o, size_t col)
{
	char buf[128];
	size_t n = label(o, buf, sizeof(buf));

	if (o->section != NULL)
		fprintf(fp, "%s\n", o->section);
	if (2 + n + 2 > col) {
		fprintf(fp, "  %s\n%*s", buf, (int)col, "");
		wrap(fp, o->help, col, col, false);
	} else {
		fprintf(fp, "  %-*s", (int)(col - 2), buf);
		wrap(fp, o->help, col, col, false);
	}
}

void
cli_help(FILE *fp, const struct cli_cmd *cmd)
{
	const struct cli_opt *o;
	char buf[128];
	size_t col = 0, n;
	int i;

	for (o = cmd->opts; !opt_end(o); o++) {
		n = label(o, buf, sizeof(buf));
		if (!(o->flags & CLI_HIDDEN) && 2 + n + 2 > col &&
		    2 + n + 2 <= HELP_MAX_COL)
			col = 2 + n + 2;
	}
	if (col == 0)
		col = HELP_MAX_COL;
	/* long synopses wrap under their first word */
	for (i = 0; i < CLI_MAX_USAGE && cmd->usage[i] != NULL; i++) {
		n = (size_t)fprintf(fp, "%s erwatch %s ", i == 0 ? "usage:" :
		    "      ", cmd->name);
		wrap(fp, cmd->usage[i], n, n, true);
	}
	if (cmd->description != NULL)
		fprintf(fp, "\n%s", cmd->description);
	fprintf(fp, "\noptions:\n");
	for (o = cmd->opts; !opt_end(o); o++)
		if (!(o->flags & CLI_HIDDEN))
			help_line(fp, o, col);
	help_line(fp, &help_opt, col);
	if (cmd->epilog != NULL)
		fprintf(fp, "\n%s", cmd->epilog);
}

const struct cli_sub *
cli_sub_find(const struct cli_cmd *cmd, const char *word)
{
	const struct cli_sub *sub;
	size_t n = strlen(cmd->name);

	for (sub = cmd->subs; sub != NULL && sub->def != NULL; sub++)
		if (strncmp(sub->def->name, cmd->name, n) == 0 &&
		    sub->def->name[n] == ' ' &&
		    strcmp(sub->def->name + n + 1, word) == 0)
			return sub;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* --dump-options                                                      */
/* ------------------------------------------------------------------ */

static json_t *
values_json(const char *v)
{
	json_t *a;
	size_t n;

	if (v == NULL)
		return json_null();
	if ((a = json_array()) == NULL)
		return NULL;
	for (;;) {
		n = strcspn(v, "|");
		if (json_array_append_new(a, json_stringn(v, n)) == -1) {
			json_decref(a);
			return NULL;
		}
		if (v[n] == '\0')
			return a;
		v += n + 1;
	}
}

static const char *const arg_kind[] = {
	[CLI_FLAG] = "none", [CLI_ONE] = "one", [CLI_LIST] = "list"
};

static json_t *
opt_json(const struct cli_opt *o)
{
	char s[2] = { o->letter, '\0' };

	return json_pack("{s:s?, s:s?, s:s, s:s?, s:s, s:o, s:b, s:b, s:b, "
	    "s:s?}", "long", o->name, "short", o->letter != 0 ? s : NULL,
	    "arg", arg_kind[o->arg], "argname", o->argname, "help", o->help,
	    "values", values_json(o->values),
	    "hidden", (o->flags & CLI_HIDDEN) != 0,
	    "repeat", (o->flags & (CLI_REPEAT)) != 0 || o->arg == CLI_LIST,
	    "spell_out", (o->flags & CLI_SPELL_OUT) != 0,
	    "section", o->section);
}

static json_t *
cmd_json(const struct cli_cmd *cmd)
{
	const struct cli_opt *o;
	json_t *c, *usage, *opts;
	char line[256];
	int i;

	usage = json_array();
	opts = json_array();
	c = json_pack("{s:s, s:s, s:o, s:s?, s:s?, s:o, s:s?}", "name",
	    cmd->name, "summary", cmd->summary, "usage", usage, "description",
	    cmd->description, "operands", cmd->operands, "options", opts,
	    "epilog", cmd->epilog);
	if (c == NULL)
		return NULL;
	for (i = 0; i < CLI_MAX_USAGE && cmd->usage[i] != NULL; i++) {
		snprintf(line, sizeof(line), "erwatch %s %s", cmd->name,
		    cmd->usage[i]);
		if (json_array_append_new(usage, json_string(line)) == -1)
			goto fail;
	}
	for (o = cmd->opts; !opt_end(o); o++)
		if (json_array_append_new(opts, opt_json(o)) == -1)
			goto fail;
	if (json_array_append_new(opts, opt_json(&help_opt)) == -1)
		goto fail;
	if (cmd->subs != NULL) {
		const struct cli_sub *sub;
		json_t *subs = json_array();

		/* the subcommands' own tables, the ones their parsers use */
		if (json_object_set_new(c, "subcommands", subs) == -1)
			goto fail;
		for (sub = cmd->subs; sub->def != NULL; sub++)
			if (json_array_append_new(subs,
			    cmd_json(sub->def)) == -1)
				goto fail;
	}
	return c;
fail:
	json_decref(c);
	return NULL;
}

json_t *
cli_options_json(const struct cli_cmd *const *cmds, size_t n)
{
	json_t *root, *arr;
	size_t i;

	arr = json_array();
	if ((root = json_pack("{s:s, s:o}", "program", "erwatch", "commands",
	    arr)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (json_array_append_new(arr, cmd_json(cmds[i])) == -1) {
			json_decref(root);
			return NULL;
		}
	return root;
}
