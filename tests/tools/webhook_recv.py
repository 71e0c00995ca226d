#!/usr/bin/env python3
# webhook_recv.py: a webhook receiver on loopback for the monitor's alert
# tests.  Appends each POST's body as one line to OUT and its request
# headers to OUT.headers, answers 200, and writes the port it was given
# (it binds port 0 unless PORT is given) to PORTFILE once listening.
#   webhook_recv.py OUT PORTFILE [PORT]
import http.server
import json
import sys

out, portfile = sys.argv[1], sys.argv[2]
port = int(sys.argv[3]) if len(sys.argv) > 3 else 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        with open(out, "ab") as f:
            # one line per alert, as received
            f.write(json.dumps(json.loads(body)).encode() + b"\n")
        with open(out + ".headers", "a") as f:
            f.write(str(self.headers) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", port), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
import os
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
