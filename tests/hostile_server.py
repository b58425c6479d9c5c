"""A loopback HTTP server that attacks its client, for the hostile-sources run test.

Each route is one way a feed or an article page can hurt a crawler: blow up its memory, hold it
forever, send it somewhere it must not go, or feed it text a store cannot keep. `HostileServer.feeds()`
lists the feeds a run is configured with; `/feeds/pages.rss` links every hostile article page, and
`/feeds/good.rss` one good article that must be stored beside them.

Routes:
    /robots.txt                 allows everything
    /feeds/good.rss             one good item → /articles/good.html
    /feeds/laughs.rss           billion laughs: nested entities, ~3 GB if expanded
    /feeds/xxe.rss              external entities (general and parameter) naming a local file
    /feeds/gzip-bomb.rss        Content-Encoding: gzip, ~4 MB on the wire, 4 GiB decompressed
    /feeds/huge.rss             60 MB, declared in Content-Length
    /feeds/trickle-headers.rss  status line and headers at a byte every half second
    /feeds/controls.atom        NUL and control characters in titles; an entry dated year 9999
    /feeds/pages.rss            links to each hostile page below
    /articles/gzip-bomb.html    as the feed, but a page
    /articles/huge.html         60 MB, no Content-Length (the body ends when the connection does)
    /articles/endless.html      chunked, never ends
    /articles/trickle.html      headers at once, then a byte every half second
    /loop/a, /loop/b            redirect to each other
    /redirect?to=URL            302 to URL (169.254.169.254, file:///etc/passwd)
    /articles/binary.html       random bytes as text/html
    /articles/unknown-charset.html   Content-Type charset=x-no-such-charset (UTF-8 inside)
    /articles/controls.html     NUL and C0/C1 control characters through the text
    /articles/nested.html       200,000 nested <div>s after the article
    /articles/future.html       a page that says it was published in 9999
"""

from __future__ import annotations

import os
import random
import threading
import time
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.webserver import LoopbackServer, QuietHandler

HUGE_BYTES = 60 * 1024 * 1024
BOMB_BLOCKS = 4096  # MiB of blank space behind the bomb's prefix: 4 GiB
NESTED_DIVS = 200_000
TRICKLE_EVERY_S = 0.5
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f"  # what no article text or title may keep
RSS = "application/rss+xml"
HTML = "text/html; charset=utf-8"


def article(title: str, body: str = "", when: str = "2024-02-05T10:00:00+00:00") -> str:
    """A small article page about the fictional event, relevant by its title and text."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{when}"></head><body><article><h1>{title}</h1>
<p>Rescue crews in Port Esmer kept searching the Tolven below the Marrow Bridge on Monday. {body}</p>
<p>“We are still searching,” said Dagny Orsolo, who leads the river rescue team in Port Esmer.</p>
</article></body></html>"""


def rss(base: str, items: list[tuple[str, str, str]], doctype: str = "") -> str:
    """An RSS 2.0 feed of (title, link, pubDate) items (no <title> when it is empty: the page's counts);
    `doctype` goes before the root element."""
    entries = "".join(f"<item>{f'<title>{t}</title>' if t else ''}<link>{base}{link}</link><pubDate>{when}</pubDate>"
                      "</item>" for t, link, when in items)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}<rss version="2.0"><channel>'
            f"<title>Hostile Herald</title><link>{base}/</link><language>en</language>{entries}</channel></rss>")


LAUGHS_DOCTYPE = '<!DOCTYPE rss [\n<!ENTITY lol "lol">\n' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)) + "]>\n"


@cache
def bomb_stream(prefix: bytes) -> bytes:
    """A gzip member: `prefix` then BOMB_BLOCKS MiB of spaces, about 1 KB per MiB on the wire.

    After a full flush deflate starts afresh, so one compressed MiB can be repeated as often as wanted.
    The trailer (CRC, length) is left off: a client that keeps to its cap never gets that far."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    blank = b" " * (1 << 20)
    head = squeeze.compress(prefix) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(blank) + squeeze.flush(zlib.Z_FULL_FLUSH)
    assert squeeze.compress(blank) + squeeze.flush(zlib.Z_FULL_FLUSH) == block
    return head + block * BOMB_BLOCKS


class HostileServer(LoopbackServer):
    """The server; `secret` is the local file the external-entity feed tries to read."""

    def __init__(self, secret: Path) -> None:
        self.secret = secret
        self.lock = threading.Lock()
        self.paths: list[str] = []
        self._serve(type("Handler", (_Handler,), {"server_state": self}))

    def feeds(self) -> list[str]:
        """Every feed a hostile run is configured with, the good one first."""
        names = ["good.rss", "laughs.rss", "xxe.rss", "gzip-bomb.rss", "huge.rss", "trickle-headers.rss",
                 "controls.atom", "pages.rss"]
        return [self.url(f"/feeds/{name}") for name in names]


class _Handler(QuietHandler):
    server_state: HostileServer  # the paths asked for are kept in HostileServer.paths

    def do_GET(self) -> None:
        with self.server_state.lock:
            self.server_state.paths.append(self.path)
        parts = urlsplit(self.path)
        route = ROUTES.get(parts.path)
        if route is None and parts.path.startswith("/loop/"):
            route = _Handler.loop
        try:
            if route is None:
                self.send(404, b"not here", HTML)
            else:
                route(self, {k: v[0] for k, v in parse_qs(parts.query).items()})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    @property
    def base(self) -> str:
        return self.server_state.base

    def robots(self, query: dict[str, str]) -> None:
        self.send(200, b"User-agent: *\nAllow: /\n", "text/plain")

    def good_feed(self, query: dict[str, str]) -> None:
        items = [("Marrow Bridge: divers widen the search of the Tolven", "/articles/good.html",
                  "Mon, 05 Feb 2024 10:00:00 GMT")]
        self.send(200, rss(self.base, items).encode(), RSS)

    def good_page(self, query: dict[str, str]) -> None:
        self.send(200, article("Divers widen the search below the Marrow Bridge").encode(), HTML)

    def laughs_feed(self, query: dict[str, str]) -> None:
        items = [("&lol9; Marrow Bridge", "/articles/laughs.html", "Mon, 05 Feb 2024 11:00:00 GMT")]
        self.send(200, rss(self.base, items, LAUGHS_DOCTYPE).encode(), RSS)

    def xxe_feed(self, query: dict[str, str]) -> None:
        secret = self.server_state.secret.as_uri()
        doctype = (f'<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "{secret}">\n'
                   f'<!ENTITY % remote SYSTEM "{secret}">\n%remote;\n]>\n')
        items = [("Marrow Bridge &xxe;", "/articles/xxe.html?leak=&xxe;", "Mon, 05 Feb 2024 12:00:00 GMT")]
        self.send(200, rss(self.base, items, doctype).encode(), RSS)

    def referenced_page(self, query: dict[str, str]) -> None:
        """The page an entity feed's item links to: harmless, so only the feed can leak or blow up."""
        which = "laughter" if self.path.startswith("/articles/laughs") else "entities"
        self.send(200, article(f"Port Esmer counts the cost of the Marrow Bridge, without {which}").encode(), HTML)

    def bomb(self, prefix: bytes, ctype: str) -> None:
        body = bomb_stream(prefix)
        self.send(200, body, ctype, {"Content-Encoding": "gzip"})

    def bomb_feed(self, query: dict[str, str]) -> None:
        self.bomb(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Marrow Bridge', RSS)

    def bomb_page(self, query: dict[str, str]) -> None:
        self.bomb(b"<!doctype html><html><body><p>Marrow Bridge in Port Esmer", HTML)

    def huge(self, prefix: bytes, ctype: str, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if declare:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.write(prefix)
        chunk = b"<p>Marrow Bridge in Port Esmer.</p>\n" * 2048
        for _ in range((HUGE_BYTES - len(prefix)) // len(chunk)):
            self.wfile.write(chunk)

    def huge_feed(self, query: dict[str, str]) -> None:
        self.huge(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><description>', RSS, True)

    def huge_page(self, query: dict[str, str]) -> None:
        self.huge(b"<!doctype html><html><body>", HTML, False)

    def endless(self, query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>Marrow Bridge, again and again.</p>\n" * 1024
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while True:  # until the client hangs up
            self.wfile.write(framed)

    def trickle(self, data: bytes) -> None:
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(TRICKLE_EVERY_S)

    def trickle_headers(self, query: dict[str, str]) -> None:
        head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n" + "X-Slow: " + "z" * 10_000 + "\r\n"
        self.trickle(head.encode())

    def trickle_page(self, query: dict[str, str]) -> None:
        body = article("Marrow Bridge, slowly").encode()
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        self.trickle(body)

    def loop(self, query: dict[str, str]) -> None:
        self.send(302, b"", HTML, {"Location": "/loop/b" if self.path.startswith("/loop/a") else "/loop/a"})

    def redirect(self, query: dict[str, str]) -> None:
        self.send(302, b"", HTML, {"Location": query["to"]})

    def binary(self, query: dict[str, str]) -> None:
        self.send(200, random.Random(19).randbytes(200_000), "text/html")

    def unknown_charset(self, query: dict[str, str]) -> None:
        page = article("Port Esmer’s ferry replaces the Marrow Bridge", "Les quais étaient noirs de monde.")
        self.send(200, page.replace('<meta charset="utf-8">', "").encode(), "text/html; charset=x-no-such-charset")

    def controls_page(self, query: dict[str, str]) -> None:
        page = article(f"Marrow Bridge{CONTROLS} night shift", f"Cranes{CONTROLS} arrived{CONTROLS} at dawn.")
        self.send(200, page.encode(), HTML)

    def nested(self, query: dict[str, str]) -> None:
        page = article("Marrow Bridge: the deepest page in Port Esmer")
        tower = "<div>" * NESTED_DIVS + "Marrow Bridge" + "</div>" * NESTED_DIVS
        self.send(200, page.replace("</article>", "</article>" + tower).encode(), HTML)

    def future_page(self, query: dict[str, str]) -> None:
        page = article("Marrow Bridge reopens, says a page from the future", when="9999-12-31T23:59:59+00:00")
        self.send(200, page.encode(), HTML)

    def controls_feed(self, query: dict[str, str]) -> None:
        entries = [  # NUL cannot be written in XML even as &#0;, but feeds carry it raw, and feedparser copes
            (f"Marrow Bridge{CONTROLS} crews work{CONTROLS} through the night", "/articles/plain-controls.html",
             "2024-02-05T13:00:00Z"),
            ("Marrow Bridge reopens in 9999", "/articles/future.html", "9999-12-31T23:59:59Z"),
        ]
        body = "".join(f'<entry><title>{t}</title><link href="{self.base}{link}"/><id>urn:{i}</id>'
                       f"<published>{when}</published><updated>{when}</updated></entry>"
                       for i, (t, link, when) in enumerate(entries))
        feed = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Control Courier</title><id>urn:controls</id><updated>2024-02-05T13:00:00Z</updated>"
                f"{body}</feed>")
        self.send(200, feed.encode(), "application/atom+xml")

    def plain_page(self, query: dict[str, str]) -> None:
        self.send(200, article("Night shift on the Marrow Bridge").encode(), HTML)

    def pages_feed(self, query: dict[str, str]) -> None:
        links = ["/articles/gzip-bomb.html", "/articles/huge.html", "/articles/endless.html",
                 "/articles/trickle.html", "/loop/a", f"/redirect?to={METADATA_URL}", "/redirect?to=file:///etc/passwd",
                 "/articles/binary.html", "/articles/unknown-charset.html", "/articles/controls.html",
                 "/articles/nested.html"]
        items = [("", link.replace("&", "&amp;"), "Mon, 05 Feb 2024 14:00:00 GMT") for link in links]
        self.send(200, rss(self.base, items).encode(), RSS)


ROUTES: dict[str, Callable[[_Handler, dict[str, str]], None]] = {
    "/robots.txt": _Handler.robots,
    "/feeds/good.rss": _Handler.good_feed, "/articles/good.html": _Handler.good_page,
    "/feeds/laughs.rss": _Handler.laughs_feed, "/articles/laughs.html": _Handler.referenced_page,
    "/feeds/xxe.rss": _Handler.xxe_feed, "/articles/xxe.html": _Handler.referenced_page,
    "/feeds/gzip-bomb.rss": _Handler.bomb_feed, "/articles/gzip-bomb.html": _Handler.bomb_page,
    "/feeds/huge.rss": _Handler.huge_feed, "/articles/huge.html": _Handler.huge_page,
    "/feeds/trickle-headers.rss": _Handler.trickle_headers, "/articles/trickle.html": _Handler.trickle_page,
    "/articles/endless.html": _Handler.endless, "/redirect": _Handler.redirect,
    "/articles/binary.html": _Handler.binary, "/articles/unknown-charset.html": _Handler.unknown_charset,
    "/articles/controls.html": _Handler.controls_page, "/articles/nested.html": _Handler.nested,
    "/feeds/controls.atom": _Handler.controls_feed, "/articles/plain-controls.html": _Handler.plain_page,
    "/articles/future.html": _Handler.future_page, "/feeds/pages.rss": _Handler.pages_feed,
}

if __name__ == "__main__":  # serve it by hand: python -m tests.hostile_server
    server = HostileServer(Path(os.environ.get("HOSTILE_SECRET", "/etc/hostname")))
    print("\n".join(server.feeds()), flush=True)
    server.thread.join()
