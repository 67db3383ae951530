#!/usr/bin/env python3
"""A stand-in for github.com and its REST API, for tests/integration/action.rs.

Serves, on 127.0.0.1 and a free port (printed as `PORT <n>` on the first line of stdout):
- release downloads, GET /OWNER/REPO/releases/download/TAG/ASSET, as files under --releases;
- the issue-comment API the action's comment step uses: GET and POST
  /repos/OWNER/REPO/issues/N/comments (with per_page and page), and PATCH
  /repos/OWNER/REPO/issues/comments/ID. Comments live in memory for the server's life.

Requests need `Authorization: Bearer <--token>` (401 otherwise); the --read-only-token may
read but gets 403 "Resource not accessible by integration" on writes, like a workflow token
without `pull-requests: write`. Every request is appended to --log as one JSON line:
{"method", "path", "query", "token", "status", "body"} (body: the parsed JSON sent, or null).
"""

import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ARGS = None
LOCK = threading.Lock()
COMMENTS = {}  # issue number -> list of comments
NEXT_ID = [1000]


def comment_json(issue, comment):
    repo = ARGS.repository
    return {
        "id": comment["id"],
        "body": comment["body"],
        "user": {"login": comment["user"]},
        "html_url": f"https://github.example/{repo}/pull/{issue}#issuecomment-{comment['id']}",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _token(self):
        auth = self.headers.get("Authorization", "")
        return auth[len("Bearer "):] if auth.startswith("Bearer ") else None

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return {"unparsable": raw.decode("utf-8", "replace")}

    def _send(self, status, payload=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _log(self, status, body):
        url = urlsplit(self.path)
        entry = {
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "token": self._token(),
            "status": status,
            "body": body,
        }
        with LOCK, open(ARGS.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def _handle(self):
        body = self._body() if self.command in ("POST", "PATCH") else None
        status, payload, raw, ctype = self._route(body)
        self._log(status, body)
        self._send(status, payload, raw, ctype)

    do_GET = do_POST = do_PATCH = _handle

    def _route(self, body):
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] != ["repos"]:
            return self._release(parts)
        token = self._token()
        if token not in (ARGS.token, ARGS.read_only_token):
            return 401, {"message": "Bad credentials"}, None, "application/json"
        writes = self.command in ("POST", "PATCH")
        if writes and token == ARGS.read_only_token:
            return 403, {"message": "Resource not accessible by integration"}, None, "application/json"
        if "/".join(parts[1:3]) != ARGS.repository:
            return 404, {"message": "Not Found"}, None, "application/json"
        rest = parts[3:]
        with LOCK:
            # /repos/O/R/issues/N/comments
            if len(rest) == 3 and rest[0] == "issues" and rest[2] == "comments" and rest[1].isdigit():
                issue = int(rest[1])
                comments = COMMENTS.setdefault(issue, [])
                if self.command == "GET":
                    query = parse_qs(url.query)
                    per_page = int(query.get("per_page", ["30"])[0])
                    page = int(query.get("page", ["1"])[0])
                    chunk = comments[(page - 1) * per_page : page * per_page]
                    return 200, [comment_json(issue, c) for c in chunk], None, "application/json"
                if self.command == "POST" and isinstance(body, dict) and isinstance(body.get("body"), str):
                    NEXT_ID[0] += 1
                    comment = {"id": NEXT_ID[0], "body": body["body"], "user": "github-actions[bot]"}
                    comments.append(comment)
                    return 201, comment_json(issue, comment), None, "application/json"
                return 422, {"message": "Validation Failed"}, None, "application/json"
            # /repos/O/R/issues/comments/ID
            if len(rest) == 3 and rest[:2] == ["issues", "comments"] and rest[2].isdigit():
                wanted = int(rest[2])
                for issue, comments in COMMENTS.items():
                    for comment in comments:
                        if comment["id"] == wanted:
                            if self.command == "PATCH" and isinstance(body, dict) and isinstance(body.get("body"), str):
                                comment["body"] = body["body"]
                                return 200, comment_json(issue, comment), None, "application/json"
                            if self.command == "GET":
                                return 200, comment_json(issue, comment), None, "application/json"
                            return 422, {"message": "Validation Failed"}, None, "application/json"
        return 404, {"message": "Not Found"}, None, "application/json"

    def _release(self, parts):
        # /OWNER/REPO/releases/download/TAG/ASSET, served from --releases.
        if ARGS.releases and len(parts) == 6 and parts[2:4] == ["releases", "download"] and ".." not in parts:
            path = os.path.join(ARGS.releases, *parts)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    return 200, None, f.read(), "application/octet-stream"
        return 404, None, b"Not Found", "text/plain"


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True, help="file the requests are appended to")
    parser.add_argument("--repository", required=True, help="owner/name the API serves")
    parser.add_argument("--token", required=True, help="the token that may read and write")
    parser.add_argument("--read-only-token", default="read-only-token", help="a token that may only read")
    parser.add_argument("--releases", help="folder with OWNER/REPO/releases/download/TAG/ASSET files")
    parser.add_argument("--comment", action="append", default=[], metavar="ISSUE:USER:BODY",
                        help="a comment there before the tests start (repeatable)")
    ARGS = parser.parse_args()
    for seed in ARGS.comment:
        issue, user, body = seed.split(":", 2)
        NEXT_ID[0] += 1
        COMMENTS.setdefault(int(issue), []).append({"id": NEXT_ID[0], "body": body, "user": user})
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
