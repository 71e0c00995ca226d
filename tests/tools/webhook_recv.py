#!/usr/bin/env python3
# webhook_recv.py: a webhook receiver on loopback for the monitor's alert
# tests.  Appends each POST's body as one line to OUT, its request headers
# to OUT.headers and the wall time it arrived (ns since the epoch) as one
# line to OUT.times, answers 200, and writes the port it listens on to
# PORTFILE once listening.
#   webhook_recv.py OUT PORTFILE [PORT]
# Without PORT it picks a free port below the kernel's ephemeral range:
# the tests stop a receiver and start it again on the same port, and an
# ephemeral port may meanwhile be the source port of another test's
# connection, which would make that second bind fail.
import errno
import http.server
import json
import os
import random
import sys
import time

out, portfile = sys.argv[1], sys.argv[2]
port = int(sys.argv[3]) if len(sys.argv) > 3 else 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        t = time.time_ns()
        with open(out, "ab") as f:
            # one line per alert, as received
            f.write(json.dumps(json.loads(body)).encode() + b"\n")
        with open(out + ".headers", "a") as f:
            f.write(str(self.headers) + "\n")
        with open(out + ".times", "a") as f:
            f.write("%d\n" % t)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def below_ephemeral():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    return max(1025, low - 12000), max(1026, low - 1)


if port:
    srv = http.server.HTTPServer(("127.0.0.1", port), Handler)
else:
    lo, hi = below_ephemeral()
    for attempt in range(200):
        try:
            srv = http.server.HTTPServer(
                ("127.0.0.1", random.randint(lo, hi)), Handler)
            break
        except OSError as e:
            if e.errno != errno.EADDRINUSE:
                raise
    else:
        sys.exit("webhook_recv: no free port in %d..%d" % (lo, hi))
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
