"""The fetcher against a real HTTP server on 127.0.0.1: schemes, private addresses, redirects and names
checked at the socket, TLS."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.fetch.client import FetchError
from tests.ingest.fetch.fetching import fetch_error


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
def test_non_http_schemes_are_refused(make_fetcher, url):
    error = fetch_error(make_fetcher(), url)
    assert "only http(s)" in error.message


def test_loopback_is_refused_without_allow_private(web, make_fetcher):
    error = fetch_error(make_fetcher(allow_private=False), web.url("/articles/lantern-festival.html"))
    assert "loopback address 127.0.0.1" in error.message
    assert web.paths() == []  # refused before any connection


@pytest.mark.parametrize(("host", "kind"), [
    ("10.1.2.3", "private"), ("192.168.0.7", "private"), ("[::1]", "loopback"), ("0.0.0.0", "reserved"),
    ("[::ffff:127.0.0.1]", "loopback"), ("100.64.0.1", "private"), ("[fc00::1]", "private"),
])
def test_private_and_reserved_addresses_are_refused(make_fetcher, host, kind):
    error = fetch_error(make_fetcher(allow_private=False), f"http://{host}/x")
    assert f"{kind} address" in error.message


def test_every_resolved_address_is_checked(make_fetcher):
    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("93.184.216.34", "127.0.0.1")]

    error = fetch_error(make_fetcher(allow_private=False, resolve=resolve), "http://news.example/a")
    assert "loopback address 127.0.0.1" in error.message


def test_redirect_to_cloud_metadata_is_refused_even_with_allow_private(web, make_fetcher):
    url = web.url("/redirect?to=http://169.254.169.254/latest/meta-data/")
    started = time.monotonic()
    error = fetch_error(make_fetcher(), url)
    assert "link-local address 169.254.169.254" in error.message
    assert time.monotonic() - started < 1.0  # no connection attempt to an unreachable address


def test_redirect_to_file_url_is_refused(web, make_fetcher):
    error = fetch_error(make_fetcher(), web.url("/redirect?to=file:///etc/passwd"))
    assert "refused file:///etc/passwd: only http(s)" in error.message


def test_addresses_are_checked_again_after_each_redirect(web, make_fetcher):
    # The first hop is the test server; the name it redirects to resolves to the cloud metadata address.
    def resolve(host, port, *args):
        ip = "169.254.169.254" if host == "metadata.example" else host
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    fetcher = make_fetcher(resolve=resolve)
    assert fetcher.fetch(web.url("/chain/1"), conditional=False).status == 200
    error = fetch_error(fetcher, web.url("/redirect?to=http://metadata.example/latest/"))
    assert "metadata.example resolves to link-local address 169.254.169.254" in error.message


def test_a_name_rebound_to_loopback_after_the_check_is_refused_at_the_socket(web, make_fetcher, sleeps):
    # DNS rebinding: the name answers a public address to the check before the request, then the
    # loopback server to the connection. The address connected to is the one that must be checked.
    answers = iter(["93.184.216.34"])

    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    fetcher = make_fetcher(allow_private=False, resolve=resolve)
    url = f"http://rebind.example:{web.httpd.server_address[1]}/articles/lantern-festival.html"
    error = fetch_error(fetcher, url, conditional=False, robots=False)
    assert error.message == f"refused {url}: rebind.example resolves to loopback address 127.0.0.1"
    assert web.paths() == []  # not a byte of the request reached the server
    assert sleeps == []  # refused at once, not retried


def test_connections_go_to_the_address_that_was_checked(web, make_fetcher):
    # A name only the fetcher's resolver knows reaches the test server through that resolver: the socket
    # connects to the checked address, not to whatever the system resolver would answer.
    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    host = f"newsroom.invalid:{web.httpd.server_address[1]}"
    result = make_fetcher(resolve=resolve).fetch(f"http://{host}/articles/lantern-festival.html", conditional=False)
    assert result.status == 200 and "Lantern" in result.text
    assert web.requests_to("/articles/lantern-festival.html")[0].headers["host"] == host


def test_a_host_is_looked_up_once_per_connection_not_once_per_page(web, make_fetcher):
    asked: list[str] = []

    def resolve(host, port, *args):
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    fetcher = make_fetcher(resolve=resolve)
    for n in range(5):
        fetcher.fetch(web.url(f"/articles/lantern-festival.html?n={n}"), conditional=False)
    # the check before the first request, and the one kept-alive connection robots.txt and the pages share
    assert asked == ["127.0.0.1", "127.0.0.1"]


def test_a_host_with_several_addresses_is_reached_on_the_next_when_one_refuses(web, make_fetcher):
    # 127.0.0.2 is loopback too, but nothing listens there: the connection moves on to 127.0.0.1.
    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("127.0.0.2", "127.0.0.1")]

    url = f"http://twohomed.invalid:{web.httpd.server_address[1]}/articles/lantern-festival.html"
    assert make_fetcher(resolve=resolve).fetch(url, conditional=False).status == 200


def test_api_headers_are_not_forwarded_to_another_host(web, make_fetcher):
    other = web.url("/echo-headers").replace("127.0.0.1", "localhost")
    fetcher = make_fetcher()
    try:
        result = fetcher.fetch(web.url(f"/redirect?to={other}"), conditional=False, headers={"X-Api-Key": "k"})
    except FetchError:
        pytest.skip("localhost does not reach the IPv4 test server here")
    assert "x-api-key" not in json.loads(result.text)
    same = fetcher.fetch(web.url("/redirect?to=/echo-headers"), conditional=False, headers={"X-Api-Key": "k"})
    assert json.loads(same.text)["x-api-key"] == "k"


TLS = Path(__file__).parents[2] / "fixtures" / "tls"


@pytest.fixture
def tls_port() -> Iterator[int]:
    """An HTTPS server on 127.0.0.1 whose certificate (tests/fixtures/tls, self-signed) names newsroom.test."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else b"<p>Printed over TLS.</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "newsroom.test.pem", TLS / "newsroom.test.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_https_to_a_checked_address_still_verifies_the_host_name(tls_port, make_fetcher, monkeypatch):
    # The socket goes to the address the fetcher checked; TLS must still be about the host name.
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "newsroom.test.pem"))

    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    fetcher = make_fetcher(resolve=resolve)
    assert fetcher.fetch(f"https://newsroom.test:{tls_port}/a", conditional=False).text == "<p>Printed over TLS.</p>"
    error = fetch_error(fetcher, f"https://wire.test:{tls_port}/a", conditional=False)
    assert "certificate verify failed" in error.message and "Hostname mismatch" in error.message
