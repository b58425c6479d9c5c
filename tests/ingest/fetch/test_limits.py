"""The fetcher's bounds against servers that attack it: decompression a slice at a time under the size
cap (gzip bombs), and a total deadline per request that trickling servers cannot stretch."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingest.fetch.client import FetchError
from ingest.fetch.limits import ACCEPT_ENCODING, SLICE, UnsupportedEncodingError, deadline, inflate
from tests.hostile_server import HostileServer

PAGE = b"<p>Marrow Bridge: divers widen the search.</p>" * 200


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileServer]:
    server = HostileServer(tmp_path_factory.mktemp("secret") / "secret.txt")
    yield server
    server.close()


@pytest.fixture(scope="module")
def encoded() -> Iterator[str]:
    """A server answering /<coding> with PAGE under that Content-Encoding (written by hand)."""
    bodies = {
        "/gzip": ("gzip", gzip.compress(PAGE)),
        "/deflate": ("deflate", zlib.compress(PAGE)),
        "/raw-deflate": ("deflate", zlib.compress(PAGE, wbits=-zlib.MAX_WBITS)),
        "/twice": ("gzip, gzip", gzip.compress(gzip.compress(PAGE))),
        "/br": ("br", b"\x1b\x00\x00"),
        "/not-gzip": ("gzip", b"plain text, whatever the header says"),
        "/robots.txt": ("identity", b"User-agent: *\nAllow: /\n"),
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            coding, body = bodies[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", coding)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Accept-Encoding", self.headers.get("Accept-Encoding", ""))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/raw-deflate", "/twice"])
def test_encoded_bodies_are_decoded(encoded, make_fetcher, path):
    result = make_fetcher().fetch(encoded + path, conditional=False)
    assert result.content == PAGE
    assert result.headers["x-accept-encoding"] == ACCEPT_ENCODING  # only what we can undo is asked for


@pytest.mark.parametrize(("path", "why"), [("/br", "unsupported Content-Encoding 'br'"),
                                           ("/not-gzip", "body is not valid gzip")])
def test_an_encoding_that_cannot_be_undone_is_an_error(encoded, make_fetcher, path, why):
    with pytest.raises(FetchError) as info:
        make_fetcher().fetch(encoded + path, conditional=False)
    assert why in info.value.message and "\n" not in str(info.value)


@pytest.mark.parametrize("path", ["/feeds/gzip-bomb.rss", "/articles/gzip-bomb.html"])
def test_a_gzip_bomb_stops_at_the_cap_without_inflating_in_memory(hostile, make_fetcher, path):
    # 4.3 MB on the wire (so a cap above that must be kept while inflating), 4 GiB inflated; httpx's
    # own decoding held ~64 MB per network read at once
    fetcher = make_fetcher(max_bytes=4_500_000)
    with pytest.raises(FetchError):  # once untraced: the server (in this process) builds its bomb once
        fetcher.fetch(hostile.url(path), conditional=False)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as info:
            fetcher.fetch(hostile.url(path), conditional=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "larger than the 4500000-byte cap" in info.value.message
    assert peak < 7_000_000, f"{peak:,} bytes at the peak"  # the capped body and a slice, not 64 MB


def test_inflate_gives_slices_and_stops_when_the_reader_does():
    bomb = zlib.compress(b" " * (64 << 20), 9)  # 64 MiB in ~64 KB
    pieces = inflate([bomb], "deflate")
    first = [next(pieces) for _ in range(3)]
    assert all(len(p) <= SLICE for p in first) and b"".join(first) == b" " * (3 * SLICE)
    pieces.close()  # nothing more is inflated


def test_inflate_passes_identity_through_and_refuses_unknown_codings():
    assert b"".join(inflate([b"ab", b"", b"c"], None)) == b"abc"
    assert b"".join(inflate([b"ab"], "identity")) == b"ab"
    with pytest.raises(UnsupportedEncodingError):
        list(inflate([b"x"], "gzip, zstd"))


def test_bytes_after_the_end_of_a_gzip_member_are_ignored():
    assert b"".join(inflate([gzip.compress(PAGE) + b"\x00trailing junk"], "gzip")) == PAGE


@pytest.mark.parametrize("path", ["/feeds/trickle-headers.rss", "/articles/trickle.html"])
def test_a_trickling_server_is_cut_off_at_the_total_deadline(hostile, make_fetcher, path):
    # a byte every half second never trips a 1 s read timeout; the headers alone would take an hour
    fetcher = make_fetcher(timeout_s=1.0)
    outcome: list[BaseException | None] = []

    def fetch() -> None:
        try:
            fetcher.fetch(hostile.url(path), conditional=False)
            outcome.append(None)
        except FetchError as exc:
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=fetch, daemon=True)  # without a deadline this would hang for hours
    worker.start()
    worker.join(10)
    elapsed = time.monotonic() - started
    assert outcome, "still fetching after 10 s"
    assert isinstance(outcome[0], FetchError) and "no complete answer within 3 s" in outcome[0].message
    assert 2.5 < elapsed < 5


def test_the_deadline_is_per_request_and_the_connection_pool_serves_the_next(hostile, make_fetcher):
    fetcher = make_fetcher(timeout_s=1.0)
    with pytest.raises(FetchError):
        fetcher.fetch(hostile.url("/articles/trickle.html"), conditional=False)
    for _ in range(3):  # each with a deadline of its own, not the one that passed
        assert b"Marrow Bridge" in fetcher.fetch(hostile.url("/articles/good.html"), conditional=False).content


def test_each_request_has_its_own_deadline_inside_an_outer_one(hostile, make_fetcher):
    fetcher = make_fetcher(timeout_s=1.0)
    with deadline(0.0):  # one already passed: the request's own deadline applies within it
        assert fetcher.fetch(hostile.url("/articles/good.html"), conditional=False).status == 200

