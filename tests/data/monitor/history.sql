-- Two hours from 2026-12-01T00:00:00Z (1796083200 s) of two endpoints
-- and the circuit's Azure Monitor series.  T is the start in usec.
--
-- 1 tcp:192.168.10.2:179 (primary): a check every 30 s from 00:00:00,
--   220 checks; those at 00:30:00..00:39:30 (20) time out; the 200 that
--   succeed have RTTs of 1..100 ms, each twice (nearest-rank p50 50 ms,
--   p95 95 ms, p99 99 ms).  The monitor turned it failing at 00:31:00 and
--   healthy at 00:40:30 (state_change): one outage of 9m30s.
-- 2 icmp:192.168.10.6 (secondary): a check a minute, no state changes;
--   two failures in a row at minutes 10-11, 20-21, 30-31 and 50-51: four
--   outages from results, eight transitions within one hour (00:10 to
--   00:52): flapping.  A lone failure at minute 40 is no outage.
-- BgpAvailability of Primary-IPv4: a point a minute, 0 for minutes
--   31..39, else 100; ArpAvailability 100 throughout.
INSERT INTO endpoint VALUES
  (1, 'agent1', 'edge', 'tcp:192.168.10.2:179', 'tcp', '192.168.10.2', 179,
      'primary'),
  (2, 'agent1', 'edge', 'icmp:192.168.10.6', 'icmp', '192.168.10.6', 0,
      'secondary'),
  (3, 'azure-monitor', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/ckt1',
      'BgpAvailability:Primary-IPv4', 'cloud_bgp', '192.168.10.2', 0,
      'primary');
WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 219)
INSERT INTO result (endpoint_id, ts_us, ok, rtt_us, status, detail)
  SELECT 1, 1796083200000000 + n * 30000000,
         CASE WHEN n BETWEEN 60 AND 79 THEN 0 ELSE 1 END,
         CASE WHEN n BETWEEN 60 AND 79 THEN NULL
              ELSE (1 + ((CASE WHEN n < 60 THEN n ELSE n - 20 END) % 100))
                   * 1000 END,
         CASE WHEN n BETWEEN 60 AND 79 THEN 'timeout' ELSE 'ok' END, ''
  FROM i;
INSERT INTO state_change (endpoint_id, ts_us, from_state, to_state, checks,
    failed, rtt_avg_us, reason) VALUES
  (1, 1796083230000000, 'unknown', 'healthy', 1, 0, 1000, 'first check'),
  (1, 1796085060000000, 'healthy', 'failing', 3, 3, NULL, '3 of 3 failed'),
  (1, 1796085630000000, 'failing', 'healthy', 3, 0, 2000, '3 of 3 ok');
WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 119)
INSERT INTO result (endpoint_id, ts_us, ok, rtt_us, status, detail)
  SELECT 2, 1796083200000000 + n * 60000000,
         CASE WHEN n IN (10, 11, 20, 21, 30, 31, 40, 50, 51) THEN 0 ELSE 1
         END,
         CASE WHEN n IN (10, 11, 20, 21, 30, 31, 40, 50, 51) THEN NULL
              ELSE 5000 END,
         CASE WHEN n IN (10, 11, 20, 21, 30, 31, 40, 50, 51)
              THEN 'timeout' ELSE 'ok' END, ''
  FROM i;
WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 119)
INSERT INTO metric (resource, metric, peer, path, ts_us, value, aggregation)
  SELECT '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/ckt1',
         'BgpAvailability', 'Primary-IPv4', 'primary',
         1796083200000000 + n * 60000000,
         CASE WHEN n BETWEEN 31 AND 39 THEN 0 ELSE 100 END, 'average'
  FROM i
  UNION ALL
  SELECT '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/ckt1',
         'ArpAvailability', 'Primary-IPv4', 'primary',
         1796083200000000 + n * 60000000, 100, 'average'
  FROM i;
INSERT INTO event (ts_us, kind, detail) VALUES
  (1796083200000000, 'start', 'erwatch monitor run'),
  (1796090400000000, 'stop', 'SIGTERM');
INSERT INTO alert (state_change_id, channel, payload, created_us, attempts,
    next_attempt_us, delivered_us, last_error) VALUES
  (2, 'webhook:ops', '{}', 1796085060000000, 1, 1796085060000000,
      1796085061000000, NULL),
  (3, 'webhook:ops', '{}', 1796085630000000, 3, 1796085700000000, NULL,
      'connection refused');
