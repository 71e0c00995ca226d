/*
 * mon_alert_int.h: what the alert files share inside the monitor module:
 * the parsed alert config (mon_alert_cfg.c), the payload builder
 * (mon_alert_payload.c), the retry schedule and the channels' senders
 * (mon_alert_http.c, mon_alert_exec.c).  Pure functions where possible,
 * so that the unit tests reach them without a loop.
 */
#ifndef ERW_MON_ALERT_INT_H
#define ERW_MON_ALERT_INT_H

#include <jansson.h>

#include "monitor/mon_alert.h"

/* Bounds on the alert config and on what a channel reads. */
#define MON_ALERT_MAX_RULES	256
#define MON_ALERT_MAX_CHANNELS	64
#define MON_ALERT_MAX_MATCH	1024	/* groups or endpoints of a rule */
#define MON_ALERT_MAX_ARGV	64
#define MON_ALERT_MAX_HEADERS	32
#define MON_ALERT_HEADERS_BYTES	(16 * 1024)	/* a header file */
#define MON_ALERT_HEADER_LINE	4096
#define MON_ALERT_QUEUE_SCAN	1024	/* queue rows looked at per pass */

enum mon_chan_type {
	MON_CHAN_WEBHOOK,
	MON_CHAN_EXEC,
	MON_CHAN_SYSLOG,
};

struct mon_alert_chan {
	enum mon_chan_type	 type;
	char			 name[64];
	char			 id[80];	/* "webhook:NAME", the store's */
	/* webhook */
	char			*url;
	char			**headers;	/* "Name: value", a secret */
	size_t			 nheaders;
	char			*headers_file;
	/* exec */
	char			**argv;		/* NULL-terminated */
	/* syslog */
	int			 facility;	/* LOG_DAEMON, ... */
	usec_t			 timeout;	/* webhook, exec */
};

/* On which transitions a rule fires. */
#define MON_ON_FAILING	0x1
#define MON_ON_RESOLVED	0x2

struct mon_alert_rule {
	char		  name[MON_NAME_MAX];
	int		  severity;	/* 0..4: Sev0 (critical) .. Sev4 */
	unsigned	  on;		/* MON_ON_* */
	char		**groups;	/* NULL: every group */
	size_t		  ngroups;
	char		**endpoints;	/* NULL: every endpoint */
	size_t		  nendpoints;
	size_t		 *chans;	/* indexes into cfg->chans */
	size_t		  nchans;
};

struct mon_backoff {
	usec_t		initial;	/* the first retry's delay */
	usec_t		max;		/* the cap */
};

struct mon_alert_cfg {
	struct mon_alert_rule	*rules;
	size_t			 nrules;
	struct mon_alert_chan	*chans;
	size_t			 nchans;
	struct mon_backoff	 backoff;
};

/*
 * Parse the "alerts" object (borrowed; NULL gives an empty config) into
 * cfg (release with mon_alert_cfg_release, also after a failure).  Errors
 * are ERR_INPUT naming cfg_file and the JSON path; header files are read
 * (and parsed, mon_alert_headers_parse) only when read_files is true, so
 * that the fuzz target stays off the file system.
 */
int	mon_alert_cfg_parse(const json_t *alerts, const char *cfg_file,
	    bool read_files, struct mon_alert_cfg *cfg, struct err *e);
void	mon_alert_cfg_release(struct mon_alert_cfg *);
/* The channel whose store id ("webhook:pager") is id, or NULL. */
const struct mon_alert_chan *mon_alert_cfg_chan(const struct mon_alert_cfg *,
	    const char *id);

/*
 * A header file: one "Name: value" per line, blank lines and lines
 * starting with '#' skipped, at most MON_ALERT_MAX_HEADERS.  The values
 * are secrets: errors name the file (name) and the line, never its text.
 * On success *out is a vector of n strings ("Name: value"), freed with
 * mon_alert_headers_free (which wipes them).
 */
int	mon_alert_headers_parse(const char *buf, size_t len, const char *name,
	    char ***out, size_t *n, struct err *e);
void	mon_alert_headers_free(char **h, size_t n);

/*
 * Whether rule r takes the change of ep from `from` to `to`, and as what:
 * returns MON_ON_FAILING (fire), MON_ON_RESOLVED or 0.
 */
unsigned mon_alert_rule_match(const struct mon_alert_rule *r,
	    const struct mon_endpoint *ep, enum mon_health from,
	    enum mon_health to);

/*
 * The alert's identity: one per outage of one endpoint, so that the
 * Resolved carries the alertId of its Fired.  fired_ts is the wall time
 * of the change to failing; out gets a GUID-shaped hex string (37 bytes).
 */
void	mon_alert_guid(const struct mon_endpoint *ep, usec_t fired_ts,
	    char out[37]);

/*
 * The payload in the Azure Monitor common alert schema: Fired when
 * sc->to is failing, Resolved otherwise (with fired_ts its Fired's time).
 * Returns a new JSON text (free()) or NULL with ERR_NOMEM.
 */
char	*mon_alert_payload(const struct mon_alert_rule *r,
	    const struct mon_state_change *sc, usec_t fired_ts,
	    struct err *e);

/*
 * Delay before retry number `attempts` (1 after the first failure):
 * initial * 2^(attempts-1), capped at max, then "equal jitter": a value
 * in [d/2, d] picked by rnd (any 32 bits), so that agents that failed
 * together do not retry together.
 */
usec_t	mon_backoff_delay(const struct mon_backoff *, int attempts,
	    uint32_t rnd);

/* Sev0..Sev4 to a syslog priority (LOG_CRIT .. LOG_INFO). */
int	mon_alert_syslog_prio(int severity, bool resolved);

/* ------------------------------------------------------------------ */
/* Senders: each starts one delivery and calls back once when it ends */
/* ------------------------------------------------------------------ */

/* ok: delivered.  error: why not, for last_error ("http 503"). */
typedef void (*mon_send_done_fn)(void *arg, bool ok, const char *error);

struct mon_http;
int	mon_http_new(struct mon_loop *, struct mon_http **out, struct err *e);
/* Transfers in flight are aborted, each answered done(false, "aborted"). */
void	mon_http_free(struct mon_http *);
/*
 * POST payload to ch->url; done is called once, from the loop (never from
 * here, and not at all when this fails).
 */
int	mon_http_post(struct mon_http *, const struct mon_alert_chan *ch,
	    const char *payload, mon_send_done_fn done, void *arg,
	    struct err *e);
size_t	mon_http_inflight(const struct mon_http *);

struct mon_exec;
int	mon_exec_new(struct mon_loop *, struct mon_exec **out, struct err *e);
/* Children still running are killed (by their PID), reaped and answered
 * done(false, ...). */
void	mon_exec_free(struct mon_exec *);
/*
 * Run ch->argv with payload on its stdin and env (NULL-terminated
 * "NAME=value" strings added to the environment); exit status 0 is
 * delivered.  done is called from the loop.
 */
int	mon_exec_run(struct mon_exec *, const struct mon_alert_chan *ch,
	    const char *payload, char *const env[], mon_send_done_fn done,
	    void *arg, struct err *e);
size_t	mon_exec_inflight(const struct mon_exec *);

/* ------------------------------------------------------------------ */
/* Metrics' exposition pieces (mon_metrics.c), for the unit test       */
/* ------------------------------------------------------------------ */

/* A label value escaped per the text format 0.0.4: \\, \", \n. */
int	mon_prom_label(struct sb *, const char *value);
/* The RTT histogram's upper bounds, in seconds, without +Inf. */
extern const double	mon_rtt_buckets[];
extern const size_t	mon_rtt_nbuckets;

#endif /* ERW_MON_ALERT_INT_H */
