/*
 * mon_history: the monitor's history read back, for `erwatch monitor
 * report` and `erwatch diagnose`.  The reader opens the SQLite file
 * read-only and relies only on the tables and columns of docs/monitor.md
 * (schema version MON_SCHEMA_VERSION), not on the store's code, so that
 * a database another agent or another erwatch version wrote reads the
 * same.
 *
 * Per endpoint and window it computes what Azure's connection monitor
 * shows: availability (the share of checks that succeeded; its
 * complement is checksFailedPercent), the outage intervals, flapping, and
 * RTT percentiles; and per Azure Monitor series (BgpAvailability,
 * ArpAvailability rows of the metric table) the intervals the
 * cloud saw below 100%.  Rows are streamed: memory is bounded by the
 * limits below, not by the size of the database.
 *
 * Library code: nothing prints; errors are struct err naming the file.
 */
#ifndef ERW_MON_HISTORY_H
#define ERW_MON_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor.h"
#include "util/util.h"

/* ---- limits and thresholds (docs/monitor.md, "monitor report") ---- */

#define MON_HIST_MAX_ENDPOINTS	4096	/* per report; more are counted */
#define MON_HIST_MAX_OUTAGES	1024	/* per endpoint; more are counted */
#define MON_HIST_MAX_SERIES	256	/* metric series per report */
#define MON_HIST_MAX_DIPS	512	/* below-100% intervals per series */
#define MON_HIST_MAX_EVENTS	256	/* the monitor's own events kept */
#define MON_HIST_BUCKETS	96	/* points of a chart over the window */
/*
 * An outage read from results alone (an endpoint without state changes,
 * such as one whose monitor evaluates nothing) needs this many
 * consecutive failed checks: one lost probe is not an outage.
 */
#define MON_HIST_OUTAGE_MIN_FAILS	2
/* Flapping: at least this many transitions (up or down) within any
 * window of this length. */
#define MON_HIST_FLAP_TRANSITIONS	4
#define MON_HIST_FLAP_WINDOW		(3600LL * USEC_PER_SEC)
/* Two metric points further apart than this many grains are not one
 * interval (a gap in the export is not a dip). */
#define MON_HIST_DIP_GAP_GRAINS		2

/* What to read. */
struct mon_hist_query {
	usec_t		 since, until;	/* wall clock; until > since */
	const char	*endpoint;	/* name or address; NULL: all */
	int		 flap_transitions;	/* 0: the default */
	usec_t		 flap_window;		/* 0: the default */
};

/* One outage: from the first failure (or the change to failing) to the
 * first success after it (or the change back to healthy). */
struct mon_hist_outage {
	usec_t		 from, to;	/* to: the window's end when open */
	bool		 open;		/* still failing at the window's end */
	bool		 clipped;	/* began before the window */
	uint64_t	 failed;	/* failed checks in it */
	char		 status[32];	/* the first failure's status */
	char		 reason[MON_DETAIL_MAX];	/* the state change's */
};

/* One point of an endpoint's chart: a bucket of the window. */
struct mon_hist_bucket {
	uint32_t	 checks, failed;
	int64_t		 rtt_avg_us;	/* -1 when no RTT */
};

struct mon_hist_endpoint {
	int64_t		 id;
	char		 agent[64];
	char		 group[64];
	char		 name[MON_NAME_MAX];
	char		 kind[16];	/* endpoint.kind as stored */
	char		 address[64];
	int		 port;
	char		 path[16];	/* "primary", "secondary", "" */
	uint64_t	 checks, failed;
	double		 availability;	/* percent of checks ok; -1 none */
	int64_t		 rtt_p50_us, rtt_p95_us, rtt_p99_us;	/* -1 none */
	uint64_t	 rtt_n;		/* checks with an RTT */
	bool		 from_states;	/* outages from state changes */
	size_t		 noutages;
	struct mon_hist_outage *outages;	/* owned */
	size_t		 outages_dropped;
	usec_t		 downtime_us;	/* sum of the outages */
	size_t		 transitions;	/* up and down, in the window */
	bool		 flapping;
	int		 flap_max;	/* most transitions in one window */
	usec_t		 flap_from, flap_to;	/* that window's transitions */
	struct mon_hist_bucket buckets[MON_HIST_BUCKETS];
};

/* An interval an Azure Monitor series was below 100%. */
struct mon_hist_dip {
	usec_t		 from, to;
	double		 min;		/* lowest value in it */
	size_t		 points;
};

struct mon_hist_series {
	char		 resource[256];	/* the circuit's resource id */
	char		 metric[32];	/* BgpAvailability, ArpAvailability */
	char		 peer[64];
	char		 path[16];
	char		 address[64];	/* its cloud endpoint's, "" */
	size_t		 points;
	double		 avg, min;	/* over the window */
	usec_t		 grain;		/* the smallest step seen, 0 */
	size_t		 ndips;
	struct mon_hist_dip *dips;	/* owned */
	size_t		 dips_dropped;
	double		 buckets[MON_HIST_BUCKETS];	/* minimum; -1 none */
};

struct mon_hist_event {
	usec_t		 ts;
	char		 kind[32];
	char		 detail[MON_DETAIL_MAX];
};

struct mon_history {
	char		 input[128];	/* the file, for messages */
	struct mon_hist_query q;
	usec_t		 bucket_us;	/* width of a chart bucket */
	usec_t		 first_us, last_us;	/* of any row read; 0 none */
	size_t		 nendpoints;
	struct mon_hist_endpoint *endpoints;	/* owned */
	size_t		 endpoints_dropped;
	size_t		 nseries;
	struct mon_hist_series *series;	/* owned */
	size_t		 series_dropped;
	size_t		 nevents;
	struct mon_hist_event events[MON_HIST_MAX_EVENTS];
	size_t		 events_dropped;
	uint64_t	 alerts, alerts_undelivered;
};

/*
 * Check that path is a monitor database this reader can read: the SQLite
 * header, then PRAGMA user_version (0: not a monitor database; above
 * MON_SCHEMA_VERSION: written by a newer erwatch, refused) and the
 * documented tables and columns.  Opens read-only and closes again.
 * Returns 0, or -1 with e set: ERR_INPUT naming the file (not SQLite,
 * another schema, a newer version), ERR_IO (cannot be read).
 */
int	 mon_history_probe(const char *path, struct err *e);

/*
 * Is buf (a file's first bytes) a SQLite database?  For diagnose's
 * recognition, which then calls mon_history_probe() on the file.
 */
bool	 mon_history_is_sqlite(const uint8_t *buf, size_t len);

/*
 * Read the history of path over q into h (caller storage, released with
 * mon_history_release() whatever the outcome).  name is how the file is
 * named in messages (NULL: path).  path may also be a PostgreSQL store's
 * URI ("postgresql://..."): the window's rows are read from the server
 * into memory and computed on the same way; it is then named by its
 * redacted URI whatever name says.  Returns 0, or -1 with e set: as
 * mon_history_probe(), ERR_INPUT for a malformed row (naming the table
 * and row id), ERR_NOMEM.
 */
int	 mon_history_load(struct mon_history *h, const char *path,
	    const char *name, const struct mon_hist_query *q, struct err *e);
void	 mon_history_release(struct mon_history *h);

/*
 * The first and last time of any row of path (results, state changes,
 * metrics, events), for a window that covers the whole history; both 0
 * when it holds none.  Returns 0, or -1 with e set as mon_history_probe().
 */
int	 mon_history_span(const char *path, const char *name, usec_t *first,
	    usec_t *last, struct err *e);

/*
 * A --since / --until value: "24h", "7d", "90m", "30s", "2w" back from
 * now, or an ISO 8601 time (time_parse_iso()).  0, -1 when it is neither.
 */
int	 mon_history_parse_time(const char *s, usec_t now, usec_t *out);

/* ---- import of Azure Monitor metrics (mon_history_import.c) ---- */

#define MON_IMPORT_MAX_MAP	16	/* --circuit-path-map entries */
#define MON_IMPORT_AGENT	"azure-monitor"	/* endpoint.agent of the
						   cloud's endpoints */

/* How a series' Peer dimension maps to a path and address. */
struct mon_import_map {
	char		 peer[64];	/* the Peer dimension's value */
	char		 path[16];	/* "primary", "secondary" */
	char		 address[64];	/* the peer's address, "" */
};

struct mon_import_opts {
	size_t			 nmap;
	struct mon_import_map	 map[MON_IMPORT_MAX_MAP];
};

struct mon_import_stats {
	size_t		 series;	/* time series read */
	size_t		 points;	/* data points with a value */
	size_t		 inserted;	/* new rows; the rest were there */
	size_t		 skipped;	/* points without any aggregation */
};

/*
 * Parse one --circuit-path-map value, "PEER=PATH[@ADDRESS]"
 * ("Primary-IPv4=primary@192.168.10.2"), into m.  0, -1 with e set
 * (ERR_USAGE naming the value).
 */
int	 mon_import_map_parse(const char *s, struct mon_import_map *m,
	    struct err *e);

/* One data point as the parser hands it over; strings borrowed for the
 * call only. */
struct mon_metric_point {
	const char	*resource;	/* the circuit's resource id, "" */
	const char	*metric;	/* name.value: BgpAvailability, ... */
	const char	*peer;		/* the Peer dimension ("PeeringType:
					   Peer" when both), "" */
	const char	*path;		/* "primary", "secondary", "" */
	const char	*address;	/* from the map, "" */
	usec_t		 ts;
	double		 value;
	const char	*aggregation;	/* "average", "minimum", ... */
};

/*
 * Parse an Azure Monitor metrics export from buf and call fn for each
 * data point, in file order: `az monitor metrics list -o json`
 * ({"value": [metric...]}, a metric being {"id", "name": {"value"},
 * "timeseries": [{"metadatavalues": [{"name": {"value"}, "value"}],
 * "data": [{"timeStamp", "average", ...}]}]}), or PowerShell's
 * Get-AzMetric | ConvertTo-Json (a metric or an array of them, the same
 * keys in PascalCase: keys are matched without regard to case).  The
 * value is the first aggregation present of average, minimum, maximum,
 * total, count; a point with none is counted as skipped.  Pure, for the
 * fuzzer.  name names the input in messages.  Returns 0, or -1 with e
 * set: ERR_INPUT naming the file and the JSON path
 * ("/value/0/timeseries/1/data/3/timeStamp"), ERR_NOMEM, or what fn
 * returned -1 with.
 */
int	 mon_import_parse(const uint8_t *buf, size_t len, const char *name,
	    const struct mon_import_opts *o,
	    int (*fn)(void *, const struct mon_metric_point *), void *arg,
	    struct mon_import_stats *st, struct err *e);

/*
 * Import the export file into the database db, created with the schema
 * of docs/monitor.md when it does not exist (another schema or a newer
 * version is refused): a metric row per point, inserted once (UNIQUE:
 * importing the same file twice adds nothing), and an endpoint row of
 * kind cloud_bgp / cloud_arp per BgpAvailability / ArpAvailability
 * series (agent MON_IMPORT_AGENT, grp the resource, name "METRIC:PEER").
 * One transaction: on error nothing is written.  Returns 0, or -1 with e.
 */
int	 mon_import_file(const char *file, const char *db,
	    const struct mon_import_opts *o, struct mon_import_stats *st,
	    struct err *e);

#endif /* ERW_MON_HISTORY_H */
