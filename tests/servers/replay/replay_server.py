#!/usr/bin/python3
"""Replays recorded webKnossos traffic (Proxay tapes, e.g. ../shared/fixtures/webknossos/cassette__*.yml).

Answers a request with the recorded response of the interaction that has the same method, path and
query (as a multiset; volatile parameters such as `timestamp` are ignored). Repeated identical
requests are answered in recording order; once all are used, the last one is repeated. A path
without a version prefix (/api/buildinfo) matches recordings of any version (/api/v12/buildinfo).

With --check-bodies, a recorded request body must match the body sent (JSON compared as JSON,
multipart/form-data compared part by part, anything else byte for byte), otherwise the answer is
400 with a webKnossos-style error. With --require-token T, interactions that were recorded with an
x-auth-token answer 401 unless the request carries `X-Auth-Token: T` (public endpoints such as
/api/buildinfo are exempt).

Binds 127.0.0.1 only, prints "PORT <n>" on stdout, and exits when stdin closes or after --timeout
seconds. --dump-json prints the interactions as JSON (for C++ tests that need the recorded bodies).
"""
import argparse
import base64
import gzip
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

UNVERSIONED = re.compile(r"^/(api|data|tracings)/(?!v\d+/)")
VERSION_PREFIX = re.compile(r"^/(api|data|tracings)/v\d+/")
PUBLIC_ENDPOINT = re.compile(r"/(buildinfo|health|features)$")  # no login needed, even if recorded with a token
SKIPPED_RESPONSE_HEADERS = {"content-length", "transfer-encoding", "connection", "date", "content-encoding",
                            "keep-alive"}


def body_bytes(body):
    if not body:
        return b""
    data = body.get("data") or ""
    raw = base64.b64decode(data) if body.get("encoding") == "base64" else data.encode("utf-8")
    if body.get("compression") == "gzip" and raw:
        raw = gzip.decompress(raw)
    return raw


def split_target(target):
    parsed = urllib.parse.urlsplit(target)
    return parsed.path, urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)


def load_interactions(paths):
    interactions = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            tape = yaml.safe_load(f) or {}
        for item in tape.get("http_interactions") or []:
            req, resp = item["request"], item["response"]
            path_only, query = split_target(req["path"].strip())
            interactions.append({
                "cassette": path,
                "method": req["method"].upper(),
                "path": path_only,
                "query": query,
                "target": req["path"].strip(),
                "requestHeaders": {k.lower(): v for k, v in (req.get("headers") or {}).items()},
                "requestBody": body_bytes(req.get("body")),
                "status": int(resp["status"]["code"]),
                "responseHeaders": {k.lower(): str(v) for k, v in (resp.get("headers") or {}).items()},
                "responseBody": body_bytes(resp.get("body")),
                "used": False,
            })
    return interactions


def multipart_parts(content_type, body):
    """[(name, filename, content)] of a multipart/form-data body, or None if it is not one."""
    if not content_type or "multipart/form-data" not in content_type:
        return None
    boundary = None
    for piece in content_type.split(";"):
        piece = piece.strip()
        if piece.startswith("boundary="):
            boundary = piece[len("boundary="):].strip('"')
    if not boundary:
        return None
    parts = []
    for chunk in body.split(b"--" + boundary.encode()):
        if not chunk.strip() or chunk.strip() == b"--":
            continue
        chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk
        head, _, content = chunk.partition(b"\r\n\r\n")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        name = filename = None
        for line in head.decode("utf-8", "replace").split("\r\n"):
            if line.lower().startswith("content-disposition"):
                for attr in line.split(";"):
                    attr = attr.strip()
                    if attr.startswith("name="):
                        name = attr[5:].strip('"')
                    elif attr.startswith("filename="):
                        filename = attr[9:].strip('"')
        parts.append((name, filename, content))
    return sorted(parts, key=lambda p: (p[0] or "", p[1] or ""))


def body_mismatch(interaction, sent_body, sent_content_type):
    """None when the sent body matches the recording, else a short explanation."""
    recorded = interaction["requestBody"]
    if not recorded:
        return None
    recorded_type = interaction["requestHeaders"].get("content-type", "")
    recorded_parts = multipart_parts(recorded_type, recorded)
    if recorded_parts is not None:
        sent_parts = multipart_parts(sent_content_type, sent_body)
        if sent_parts is None:
            return "expected a multipart/form-data body"
        if [(n, f) for n, f, _ in recorded_parts] != [(n, f) for n, f, _ in sent_parts]:
            return "multipart parts differ: expected %s, got %s" % (
                [(n, f) for n, f, _ in recorded_parts], [(n, f) for n, f, _ in sent_parts])
        for (name, _, want), (_, _, got) in zip(recorded_parts, sent_parts):
            if want != got:
                return "multipart part %r differs (%d bytes expected, %d sent)" % (name, len(want), len(got))
        return None
    try:
        want_json = json.loads(recorded)
    except ValueError:
        return None if recorded == sent_body else "body differs"
    try:
        got_json = json.loads(sent_body or b"null")
    except ValueError:
        return "expected a JSON body"
    if want_json != got_json:
        return "JSON body differs: expected %s, got %s" % (json.dumps(want_json)[:300], json.dumps(got_json)[:300])
    return None


class Replayer:
    def __init__(self, interactions, check_bodies, ignored_query, require_token, rewrite_from):
        self.interactions = interactions
        self.check_bodies = check_bodies
        self.ignored_query = set(ignored_query)
        self.require_token = require_token
        self.rewrite_from = rewrite_from
        self.lock = threading.Lock()

    def key_query(self, query):
        return sorted((k, v) for k, v in query if k not in self.ignored_query)

    def answer(self, method, target, headers, body, own_url):
        path, query = split_target(target)
        query = self.key_query(query)
        with self.lock:
            candidates = [i for i in self.interactions
                          if i["method"] == method and i["path"] == path and self.key_query(i["query"]) == query]
            if not candidates and UNVERSIONED.match(path):
                # An unprefixed path means the latest version, as on a real server.
                candidates = [i for i in self.interactions
                              if i["method"] == method and VERSION_PREFIX.sub(r"/\1/", i["path"], count=1) == path
                              and self.key_query(i["query"]) == query]
            if not candidates:
                return error(404, "replay: no recorded interaction for %s %s" % (method, target))
            if self.check_bodies:
                content_type = headers.get("content-type", "")
                matching = [i for i in candidates if body_mismatch(i, body, content_type) is None]
                if not matching:
                    return error(400, "replay: request body differs from the recording: " +
                                 body_mismatch(candidates[0], body, content_type))
                candidates = matching
            unused = [i for i in candidates if not i["used"]]
            chosen = unused[0] if unused else candidates[-1]
            chosen["used"] = True
        if (self.require_token and "x-auth-token" in chosen["requestHeaders"]
                and not PUBLIC_ENDPOINT.search(path)):
            if headers.get("x-auth-token") != self.require_token:
                return error(401, "replay: this request was recorded with a token; none or a wrong one was sent")
        response_body = chosen["responseBody"]
        if self.rewrite_from and response_body:
            response_body = response_body.replace(self.rewrite_from.encode(), own_url.encode())
        response_headers = {k: v for k, v in chosen["responseHeaders"].items() if k not in SKIPPED_RESPONSE_HEADERS}
        return chosen["status"], response_headers, response_body


def error(status, message):
    return status, {"content-type": "application/json"}, json.dumps({"messages": [{"error": message}]}).encode()


def make_handler(replayer, log_file):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet; the request log is written separately
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            own_url = "http://127.0.0.1:%d" % self.server.server_address[1]
            status, response_headers, response_body = replayer.answer(
                self.command, self.path, headers, body, own_url)
            if log_file:
                with replayer.lock, open(log_file, "a", encoding="utf-8") as log:
                    log.write(json.dumps({"method": self.command, "target": self.path, "status": status,
                                          "hasToken": "x-auth-token" in headers, "bodyBytes": len(body)}) + "\n")
            self.send_response(status)
            for key, value in response_headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(response_body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response_body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cassettes", nargs="+")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=300, help="exit after this many seconds")
    parser.add_argument("--check-bodies", action="store_true")
    parser.add_argument("--ignore-query", action="append", default=None,
                        help="query parameter left out of matching (default: timestamp)")
    parser.add_argument("--require-token")
    parser.add_argument("--rewrite-host", default="http://localhost:9000",
                        help="recorded server URL replaced in response bodies by this server's URL ('' = off)")
    parser.add_argument("--log", help="append one JSON line per request to this file")
    parser.add_argument("--dump-json", action="store_true", help="print the interactions as JSON and exit")
    args = parser.parse_args()

    interactions = load_interactions(args.cassettes)
    if args.dump_json:
        out = []
        for i in interactions:
            out.append({"method": i["method"], "target": i["target"], "path": i["path"], "status": i["status"],
                        "requestContentType": i["requestHeaders"].get("content-type", ""),
                        "requestHasToken": "x-auth-token" in i["requestHeaders"],
                        "requestBodyBase64": base64.b64encode(i["requestBody"]).decode(),
                        "responseContentType": i["responseHeaders"].get("content-type", ""),
                        "responseBodyBase64": base64.b64encode(i["responseBody"]).decode()})
        json.dump(out, sys.stdout)
        return 0

    ignored = args.ignore_query if args.ignore_query is not None else ["timestamp"]
    replayer = Replayer(interactions, args.check_bodies, ignored, args.require_token, args.rewrite_host)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(replayer, args.log))
    server.daemon_threads = True

    def stop_when_stdin_closes():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        server.shutdown()

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    timer = threading.Timer(args.timeout, server.shutdown)
    timer.daemon = True
    timer.start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
