"""A real HTTP server on 127.0.0.1 for fetcher and connector tests (the machine has no internet).

It serves `tests/fixtures/web/` (with `{{BASE}}` in files replaced by the server's own address, and
ETag/Last-Modified answered with 304) plus scripted routes for the failures a fetcher must survive.
Every request is recorded with its headers, so tests can assert what was (not) asked for.

Scripted routes:
    /status/<code>[?retry_after=S]       that status, always
    /flaky/<name>?fails=N&code=C[&retry_after=S|&retry_after_date=S]
                                         C for the first N requests to that path, then 200
    /slow?delay=S                        answers after S seconds (counts concurrent requests)
    /loop/a, /loop/b                     redirect to each other
    /chain/<n>                           n redirects, then 200
    /redirect?to=URL                     302 to any URL (169.254.169.254, file:///etc/passwd, …)
    /big[?declare=1]                     50 MB streamed (declared in Content-Length with declare=1)
    /echo-headers                        the request headers as JSON
    /gen/<slug>.html                     a generated article page about the fictional event
    /api/v2/doc/doc                      GDELT DOC 2.0 artlist JSON, filtered by start/enddatetime
    /v2/everything                       NewsAPI JSON with paging; key "test-key" in X-Api-Key
    /gkg/<stamp>.gkg.csv.zip|.gz         fixture GKG file, zip- or gzip-compressed on the fly
    ?ctype=…                             on a fixture file: override its Content-Type
    ?noetag=1                            on a fixture file: send Last-Modified only
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import hashlib
import io
import json
import socket
import threading
import time
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "web"
LAST_MODIFIED = "Mon, 05 Feb 2024 12:00:00 GMT"
BIG_BYTES = 50 * 1024 * 1024
NEWSAPI_KEY = "test-key"
CONTENT_TYPES = {
    ".html": "text/html", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml", ".xml": "application/xml", ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
GDELT_FORMAT = "%Y%m%dT%H%M%SZ"
GEN_GDELT_ROWS = 260  # more than the 250-row cap, so the connector must split its window
GEN_NEWSAPI_ROWS = 101  # with the fixture's rows: two pages of 100


@dataclass(frozen=True)
class Recorded:
    path: str  # path and query, as requested
    headers: dict[str, str]  # lower-cased names
    at: float  # time.monotonic() on arrival


def _article(slug: str, when: str = "2024-02-05T10:00:00+00:00") -> bytes:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Marrow Bridge update {slug}</title><meta property="article:published_time" content="{when}"></head>
<body><article><h1>Marrow Bridge update {slug}</h1>
<p>Rescue crews in Port Esmer kept searching the Tolven on Monday. “We are still searching,” said
Dagny Orsolo.</p></article></body></html>""".encode()


def gdelt_rows(query: str, base: str) -> list[dict[str, Any]]:
    """The rows the fake GDELT index holds for a query: fixture rows plus generated ones."""
    if "Burst" in query:  # 300 rows in the same second: even the smallest window is capped
        return [{"url": f"{base}/gen/burst.html", "title": "Burst", "seendate": "20240205T100000Z"}] * 300
    rows = json.loads((FIXTURES / "gdelt" / "articles.json").read_text("utf-8").replace("{{BASE}}", base))
    start = dt.datetime(2024, 2, 5, tzinfo=dt.UTC)
    generated = [
        {"url": f"{base}/gen/g{i}.html", "title": f"Marrow Bridge update g{i}",
         "seendate": (start + dt.timedelta(seconds=150 * i)).strftime(GDELT_FORMAT)}
        for i in range(GEN_GDELT_ROWS)
    ]
    return sorted(rows["articles"] + generated, key=lambda r: r["seendate"])


def newsapi_rows(query: str, base: str) -> list[dict[str, Any]]:
    fixture = json.loads((FIXTURES / "newsapi" / "articles.json").read_text("utf-8").replace("{{BASE}}", base))
    count = 150 if "Capped" in query else GEN_NEWSAPI_ROWS
    generated = [
        {"source": {"id": None, "name": "Gen"}, "title": f"Marrow Bridge update n{i}", "url": f"{base}/gen/n{i}.html",
         "publishedAt": "2024-02-05T10:00:00Z", "content": "…"}
        for i in range(count)
    ]
    return fixture + generated


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True  # handlers still streaming (endless or trickled bodies) are abandoned at shutdown

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up early (size caps, timeouts) are expected here, not worth a traceback."""


class LoopbackServer:
    """An HTTP server on 127.0.0.1 and a free port, serving from a thread, for the tests' sites."""

    httpd: ThreadingHTTPServer

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class WebServer(LoopbackServer):
    """The server and what it saw. Use `url(path)`; call `reset()` between tests."""

    def __init__(self, root: Path = FIXTURES) -> None:
        self.root = root.resolve()
        self.lock = threading.Lock()
        self.requests: list[Recorded] = []
        self.counters: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.tagged: Counter[str] = Counter()  # in flight per `tag=` query value
        self.max_tagged: Counter[str] = Counter()
        self.robots: bytes | None = (self.root / "robots.txt").read_bytes()
        self._serve(type("Handler", (_Handler,), {"web": self}))

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.counters.clear()
            self.in_flight = self.max_in_flight = 0
            self.tagged.clear()
            self.max_tagged.clear()
        self.robots = (self.root / "robots.txt").read_bytes()

    def requests_to(self, path: str) -> list[Recorded]:
        """Recorded requests whose path (without query) is `path`."""
        with self.lock:
            return [r for r in self.requests if urlsplit(r.path).path == path]

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests]

    def record(self, path: str, headers: dict[str, str]) -> int:
        with self.lock:
            self.requests.append(Recorded(path, headers, time.monotonic()))
            key = urlsplit(path).path
            self.counters[key] += 1
            return self.counters[key]

    @contextmanager
    def tracking(self, tag: str | None = None) -> Any:
        """Count a request in flight; with a `tag`, also among that test's own requests only, which a
        request left over from an earlier test (still sleeping in /slow) cannot disturb."""
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if tag:
                self.tagged[tag] += 1
                self.max_tagged[tag] = max(self.max_tagged[tag], self.tagged[tag])
        try:
            yield
        finally:
            with self.lock:
                self.in_flight -= 1
                if tag:
                    self.tagged[tag] -= 1


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive, no Nagle delay, no request log on stderr (the servers keep their own)."""

    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        """No Nagle delay: headers and body go out in separate writes, which would cost ~40 ms each."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: each server records the requests it is asked about."""

    def send(self, code: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)



class _Handler(QuietHandler):
    web: WebServer

    def send_json(self, code: int, data: Any) -> None:
        self.send(code, json.dumps(data).encode(), "application/json; charset=utf-8")

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        count = self.web.record(self.path, {k.lower(): v for k, v in self.headers.items()})
        try:
            with self.web.tracking(query.get("tag")):
                self.route(parts.path, query, count)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def route(self, path: str, query: dict[str, str], count: int) -> None:
        prefix = "/" + path.split("/")[1] if path.count("/") >= 1 else path
        handler = {
            "/robots.txt": self.robots, "/status": self.status, "/flaky": self.flaky, "/slow": self.slow,
            "/loop": self.loop, "/chain": self.chain, "/redirect": self.redirect, "/big": self.big,
            "/echo-headers": self.echo, "/gen": self.generated, "/api": self.gdelt, "/v2": self.newsapi,
        }.get(prefix)
        if handler is not None:
            handler(path, query, count)
        elif path.startswith("/gkg/") and path.endswith((".zip", ".gz")):
            self.gkg(path)
        else:
            self.static(path, query)

    def robots(self, path: str, query: dict[str, str], count: int) -> None:
        if self.web.robots is None:
            self.send(404, b"no robots.txt")
        else:
            self.send(200, self.web.robots)

    def _retry_headers(self, query: dict[str, str]) -> dict[str, str]:
        if "retry_after" in query:
            return {"Retry-After": query["retry_after"]}
        if "retry_after_date" in query:
            when = time.time() + float(query["retry_after_date"])
            return {"Retry-After": email.utils.formatdate(when, usegmt=True)}
        return {}

    def status(self, path: str, query: dict[str, str], count: int) -> None:
        code = int(path.split("/")[2])
        self.send(code, f"status {code}".encode(), headers=self._retry_headers(query))

    def flaky(self, path: str, query: dict[str, str], count: int) -> None:
        if count <= int(query.get("fails", "1")):
            code = int(query.get("code", "500"))
            self.send(code, f"failure {count}".encode(), headers=self._retry_headers(query))
        else:
            self.send(200, f"ok after {count - 1} failures".encode())

    def slow(self, path: str, query: dict[str, str], count: int) -> None:
        time.sleep(float(query.get("delay", "1")))
        self.send(200, b"finally")

    def loop(self, path: str, query: dict[str, str], count: int) -> None:
        self.send(302, headers={"Location": "/loop/b" if path.endswith("/a") else "/loop/a"})

    def chain(self, path: str, query: dict[str, str], count: int) -> None:
        remaining = int(path.rsplit("/", 1)[1])
        if remaining == 0:
            self.send(200, b"end of chain")
        else:
            self.send(301, headers={"Location": f"/chain/{remaining - 1}"})

    def redirect(self, path: str, query: dict[str, str], count: int) -> None:
        self.send(302, headers={"Location": query["to"]})

    def big(self, path: str, query: dict[str, str], count: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        if query.get("declare"):
            self.send_header("Content-Length", str(BIG_BYTES))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunk = b"x" * 65536
        for _ in range(BIG_BYTES // len(chunk)):
            self.wfile.write(chunk)

    def echo(self, path: str, query: dict[str, str], count: int) -> None:
        self.send_json(200, {k.lower(): v for k, v in self.headers.items()})

    def generated(self, path: str, query: dict[str, str], count: int) -> None:
        self.send(200, _article(path.rsplit("/", 1)[1].removesuffix(".html")), "text/html; charset=utf-8")

    def gdelt(self, path: str, query: dict[str, str], count: int) -> None:
        if "Invalid" in query.get("query", ""):
            self.send(200, b"The specified phrase is too short.\nPlease try again.")
            return
        start = dt.datetime.strptime(query["startdatetime"], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        end = dt.datetime.strptime(query["enddatetime"], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        rows = [r for r in gdelt_rows(query["query"], self.web.base)
                if start <= dt.datetime.strptime(r["seendate"], GDELT_FORMAT).replace(tzinfo=dt.UTC) < end]
        rows = rows[: int(query.get("maxrecords", "75"))]
        self.send_json(200, {"articles": rows} if rows else {})

    def newsapi(self, path: str, query: dict[str, str], count: int) -> None:
        if self.headers.get("X-Api-Key") != NEWSAPI_KEY:
            self.send_json(401, {"status": "error", "code": "apiKeyInvalid",
                                 "message": "Your API key is invalid or incorrect. Check your key."})
            return
        page, size = int(query.get("page", "1")), int(query.get("pageSize", "20"))
        if "Capped" in query.get("q", "") and page > 1:
            self.send_json(426, {"status": "error", "code": "maximumResultsReached",
                                 "message": "Developer accounts are limited to a max of 100 results."})
            return
        rows = newsapi_rows(query.get("q", ""), self.web.base)
        self.send_json(200, {"status": "ok", "totalResults": len(rows),
                             "articles": rows[(page - 1) * size: page * size]})

    def gkg(self, path: str) -> None:
        name = path.rsplit("/", 1)[1]
        if name.startswith("corrupt"):
            self.send(200, b"PK\x03\x04 this is not really a zip file", "application/zip")
            return
        source = self.web.root / "gkg" / name.removesuffix(".zip").removesuffix(".gz")
        if not source.is_file():
            self.send(404, b"no such GKG file")
            return
        data = source.read_bytes().replace(b"{{BASE}}", self.web.base.encode())
        if name.endswith(".gz"):
            self.send(200, gzip.compress(data), "application/gzip")
            return
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(source.name, data)
        self.send(200, buffer.getvalue(), "application/zip")

    def static(self, path: str, query: dict[str, str]) -> None:
        target = (self.web.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.web.root) or not target.is_file():
            self.send(404, b"not found", "text/html; charset=utf-8")
            return
        body = target.read_bytes().replace(b"{{BASE}}", self.web.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"Last-Modified": LAST_MODIFIED}
        if not query.get("noetag"):
            headers["ETag"] = etag
        ctype = query.get("ctype") or CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        if self._unchanged(etag, not query.get("noetag")):
            self.send(304, headers=headers)
        else:
            self.send(200, body, ctype, headers)

    def _unchanged(self, etag: str, etags: bool) -> bool:
        """HTTP conditional GET: If-None-Match wins over If-Modified-Since when both are sent."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match and etags:
            return etag in [t.strip() for t in if_none_match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(LAST_MODIFIED)
        except (TypeError, ValueError):
            return False
