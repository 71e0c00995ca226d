-- The monitor's history, schema version 1, as docs/monitor.md ("The
-- store") documents it: what a reader may rely on.  Test databases are
-- built from this and the data files with the sqlite3 CLI.
PRAGMA journal_mode = WAL;
CREATE TABLE endpoint (id INTEGER PRIMARY KEY, agent TEXT, grp TEXT,
    name TEXT, kind TEXT, address TEXT, port INTEGER, path TEXT,
    UNIQUE (agent, grp, name));
CREATE TABLE result (id INTEGER PRIMARY KEY, endpoint_id INTEGER,
    ts_us INTEGER, ok INTEGER, rtt_us INTEGER, status TEXT, detail TEXT);
CREATE INDEX result_ep_ts ON result (endpoint_id, ts_us);
CREATE TABLE state_change (id INTEGER PRIMARY KEY, endpoint_id INTEGER,
    ts_us INTEGER, from_state TEXT, to_state TEXT, checks INTEGER,
    failed INTEGER, rtt_avg_us INTEGER, reason TEXT);
CREATE TABLE alert (id INTEGER PRIMARY KEY, state_change_id INTEGER,
    channel TEXT, payload TEXT, created_us INTEGER, attempts INTEGER,
    next_attempt_us INTEGER, delivered_us INTEGER, last_error TEXT);
CREATE TABLE metric (id INTEGER PRIMARY KEY, resource TEXT, metric TEXT,
    peer TEXT, path TEXT, ts_us INTEGER, value REAL, aggregation TEXT,
    UNIQUE (resource, metric, peer, path, ts_us));
CREATE TABLE event (id INTEGER PRIMARY KEY, ts_us INTEGER, kind TEXT,
    detail TEXT);
PRAGMA user_version = 1;
