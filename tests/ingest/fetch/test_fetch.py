"""The fetcher against a real HTTP server on 127.0.0.1: safety, politeness, retries, validators."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.fetch.client import Fetcher, FetchError, FetchValidators, decode_body
from ingest.fetch.rules import retry_after, sniff_encoding
from tests.conftest_web import NOW, TEST_AGENT

CP1252_PAGE = "/articles/queral-interview-cp1252.html"


def _error(fetcher: Fetcher, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and message.startswith(url + ": ")
    return info.value


def test_user_agent_is_presswatch_not_the_library_default(web, make_fetcher):
    result = make_fetcher().fetch(web.url("/echo-headers"), conditional=False)
    agent = json.loads(result.text)["user-agent"]
    assert agent == TEST_AGENT
    assert "python-httpx" not in agent


def test_result_carries_final_url_status_and_headers(web, make_fetcher):
    result = make_fetcher().fetch(web.url("/chain/2"), conditional=False)
    assert result.url == web.url("/chain/0")
    assert result.status == 200
    assert result.content == b"end of chain"
    assert result.headers["content-type"].startswith("text/plain")
    assert not result.not_modified


def test_windows_1252_page_declared_only_in_meta_is_decoded(web, make_fetcher):
    result = make_fetcher().fetch(web.url(CP1252_PAGE), conditional=False)
    assert "charset" not in result.headers["content-type"]
    assert "Tomás Quérel" in result.text
    assert "“Les fissures étaient visibles à l’œil nu,”" in result.text
    assert "\ufffd" not in result.text


def test_charset_in_http_header_wins_over_meta(web, make_fetcher):
    # The same cp1252 bytes, but the header claims UTF-8: the header wins, so bytes become U+FFFD.
    url = web.url(CP1252_PAGE + "?ctype=text/html;+charset=utf-8")
    result = make_fetcher().fetch(url, conditional=False)
    assert "\ufffd" in result.text
    header_1252 = make_fetcher().fetch(web.url(CP1252_PAGE + "?ctype=text/html;+charset=windows-1252"),
                                       conditional=False)
    assert "Quérel" in header_1252.text


def test_undeclared_windows_1252_is_detected():
    text = "The engineer Tomás Quérel said “the Marrow Bridge was failing” and Anaïs Brénot agreed."
    assert decode_body(text.encode("cp1252"), "text/html") == text


def test_latin1_label_bom_and_xml_declaration():
    assert sniff_encoding(b"caf\xe9 \x93quoted\x94", "text/html; charset=ISO-8859-1") == "cp1252"  # as browsers
    assert decode_body("“ok”".encode("cp1252"), "text/html; charset=iso-8859-1") == "“ok”"
    assert decode_body(b"\xef\xbb\xbfPort Esmer \xc3\xa9", None) == "Port Esmer é"
    xml = '<?xml version="1.0" encoding="windows-1252"?><rss>Quérel</rss>'.encode("cp1252")
    assert "Quérel" in decode_body(xml, "application/xml")


@given(st.binary(max_size=300), st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                                                 "text/html; charset=bogus-charset", "text/xml"]))
def test_decode_body_never_raises(content, content_type):
    assert isinstance(decode_body(content, content_type), str)


@given(st.text(max_size=200))
def test_declared_utf8_round_trips(text):
    assert decode_body(text.encode("utf-8"), "text/html; charset=utf-8") == text.removeprefix("\ufeff")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
def test_non_http_schemes_are_refused(make_fetcher, url):
    error = _error(make_fetcher(), url)
    assert "only http(s)" in error.message


def test_loopback_is_refused_without_allow_private(web, make_fetcher):
    error = _error(make_fetcher(allow_private=False), web.url("/articles/lantern-festival.html"))
    assert "loopback address 127.0.0.1" in error.message
    assert web.paths() == []  # refused before any connection


@pytest.mark.parametrize(("host", "kind"), [
    ("10.1.2.3", "private"), ("192.168.0.7", "private"), ("[::1]", "loopback"), ("0.0.0.0", "reserved"),
    ("[::ffff:127.0.0.1]", "loopback"), ("100.64.0.1", "private"), ("[fc00::1]", "private"),
])
def test_private_and_reserved_addresses_are_refused(make_fetcher, host, kind):
    error = _error(make_fetcher(allow_private=False), f"http://{host}/x")
    assert f"{kind} address" in error.message


def test_every_resolved_address_is_checked(make_fetcher):
    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("93.184.216.34", "127.0.0.1")]

    error = _error(make_fetcher(allow_private=False, resolve=resolve), "http://news.example/a")
    assert "loopback address 127.0.0.1" in error.message


def test_redirect_to_cloud_metadata_is_refused_even_with_allow_private(web, make_fetcher):
    url = web.url("/redirect?to=http://169.254.169.254/latest/meta-data/")
    started = time.monotonic()
    error = _error(make_fetcher(), url)
    assert "link-local address 169.254.169.254" in error.message
    assert time.monotonic() - started < 1.0  # no connection attempt to an unreachable address


def test_redirect_to_file_url_is_refused(web, make_fetcher):
    error = _error(make_fetcher(), web.url("/redirect?to=file:///etc/passwd"))
    assert "refused file:///etc/passwd: only http(s)" in error.message


def test_addresses_are_checked_again_after_each_redirect(web, make_fetcher):
    # The first hop is the test server; the name it redirects to resolves to the cloud metadata address.
    def resolve(host, port, *args):
        ip = "169.254.169.254" if host == "metadata.example" else host
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    fetcher = make_fetcher(resolve=resolve)
    assert fetcher.fetch(web.url("/chain/1"), conditional=False).status == 200
    error = _error(fetcher, web.url("/redirect?to=http://metadata.example/latest/"))
    assert "metadata.example resolves to link-local address 169.254.169.254" in error.message


def test_a_name_rebound_to_loopback_after_the_check_is_refused_at_the_socket(web, make_fetcher, sleeps):
    # DNS rebinding: the name answers a public address to the check before the request, then the
    # loopback server to the connection. The address connected to is the one that must be checked.
    answers = iter(["93.184.216.34"])

    def resolve(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    fetcher = make_fetcher(allow_private=False, resolve=resolve)
    url = f"http://rebind.example:{web.httpd.server_address[1]}/articles/lantern-festival.html"
    error = _error(fetcher, url, conditional=False, robots=False)
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


def test_robots_disallowed_url_is_not_fetched(web, make_fetcher):
    fetcher = make_fetcher()
    error = _error(fetcher, web.url("/private/internal-memo.html"))
    assert "disallowed by robots.txt" in error.message
    assert web.requests_to("/private/internal-memo.html") == []
    fetcher.fetch(web.url("/articles/lantern-festival.html"), conditional=False)
    assert len(web.requests_to("/robots.txt")) == 1  # cached per host


def test_robots_can_be_ignored_by_config(web, make_fetcher):
    result = make_fetcher(respect_robots=False).fetch(web.url("/private/internal-memo.html"), conditional=False)
    assert result.status == 200
    assert web.requests_to("/robots.txt") == []


def test_missing_robots_txt_allows_everything(web, make_fetcher):
    web.robots = None
    assert make_fetcher().fetch(web.url("/private/internal-memo.html"), conditional=False).status == 200


def test_robots_crawl_delay_spaces_requests(web, make_fetcher, sleeps):
    web.robots = b"User-agent: presswatch\nCrawl-delay: 7\nDisallow: /private/\n"
    fetcher = make_fetcher(clock=lambda: 100.0)
    fetcher.fetch(web.url("/chain/0"), conditional=False)
    fetcher.fetch(web.url("/chain/0"), conditional=False)
    assert sleeps and max(sleeps) == pytest.approx(7.0)


def test_streamed_body_over_the_cap_is_an_error(web, make_fetcher):
    started = time.monotonic()
    error = _error(make_fetcher(max_bytes=1_000_000), web.url("/big"), conditional=False)
    assert "larger than the 1000000-byte cap" in error.message
    assert time.monotonic() - started < 5


def test_declared_length_over_the_cap_is_refused_before_reading(web, make_fetcher):
    error = _error(make_fetcher(max_bytes=1_000_000), web.url("/big?declare=1"), conditional=False)
    assert "larger than the 1000000-byte cap" in error.message


def test_per_call_size_cap_overrides_config(web, make_fetcher):
    fetcher = make_fetcher()
    assert len(fetcher.fetch(web.url("/articles/lantern-festival.html"), conditional=False).content) > 100
    error = _error(fetcher, web.url("/articles/lantern-festival.html"), conditional=False, max_bytes=100)
    assert "100-byte cap" in error.message


def test_redirect_loop_is_an_error(web, make_fetcher):
    error = _error(make_fetcher(), web.url("/loop/a"))
    assert "redirect loop" in error.message


def test_redirects_are_limited(web, make_fetcher):
    fetcher = make_fetcher(max_redirects=3)
    assert fetcher.fetch(web.url("/chain/3"), conditional=False).url == web.url("/chain/0")
    error = _error(fetcher, web.url("/chain/4"), conditional=False)
    assert "more than 3 redirects" in error.message


def test_slow_server_times_out(web, make_fetcher):
    started = time.monotonic()
    error = _error(make_fetcher(timeout_s=0.3), web.url("/slow?delay=2"), conditional=False)
    assert "timed out after 0.3 s" in error.message
    assert time.monotonic() - started < 1.5


def test_500_then_200_is_retried_with_backoff(web, make_fetcher, sleeps):
    result = make_fetcher(retries=3).fetch(web.url("/flaky/five-hundred?fails=2&code=500"), conditional=False)
    assert result.text == "ok after 2 failures"
    assert len(web.requests_to("/flaky/five-hundred")) == 3
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 1.5  # 0.5·2ⁿ plus up to 0.5 s jitter


def test_429_honours_retry_after_seconds(web, make_fetcher, sleeps):
    result = make_fetcher().fetch(web.url("/flaky/rate?fails=1&code=429&retry_after=3"), conditional=False)
    assert result.status == 200
    assert sleeps == [3.0]


def test_429_honours_retry_after_http_date(web, make_fetcher, sleeps):
    fetcher = make_fetcher(now=lambda: dt.datetime.now(dt.UTC))
    fetcher.fetch(web.url("/flaky/rate-date?fails=1&code=429&retry_after_date=20"), conditional=False)
    assert len(sleeps) == 1 and 17 <= sleeps[0] <= 21


def test_retry_after_beyond_the_budget_fails_at_once(web, make_fetcher, sleeps):
    error = _error(make_fetcher(max_retry_wait_s=60), web.url("/status/429?retry_after=3600"), conditional=False)
    assert "HTTP 429" in error.message and "Retry-After 3600 s" in error.message
    assert error.status == 429
    assert sleeps == []
    assert len(web.requests_to("/status/429")) == 1


def test_total_backoff_is_bounded(web, make_fetcher, sleeps):
    fetcher = make_fetcher(retries=20, backoff_s=1.0, max_retry_wait_s=5.0)
    _error(fetcher, web.url("/status/503"), conditional=False)
    assert sum(sleeps) <= 5.0
    assert len(web.requests_to("/status/503")) < 21


def test_persistent_500_gives_up_after_retries(web, make_fetcher, sleeps):
    error = _error(make_fetcher(retries=2), web.url("/status/500"), conditional=False)
    assert error.status == 500
    assert "gave up after 3 attempt(s)" in error.message
    assert len(web.requests_to("/status/500")) == 3


def test_404_is_not_retried(web, make_fetcher, sleeps):
    error = _error(make_fetcher(retries=3), web.url("/status/404"), conditional=False)
    assert error.status == 404 and error.message == "HTTP 404 Not Found"
    assert len(web.requests_to("/status/404")) == 1 and sleeps == []


def test_refused_connection_is_retried_then_reported(make_fetcher, sleeps):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = _error(make_fetcher(retries=2), f"http://127.0.0.1:{port}/feed", conditional=False)
    assert "cannot connect" in error.message
    assert len(sleeps) == 2


def test_per_host_delay_applies_per_host(web, make_fetcher, sleeps):
    fetcher = make_fetcher(per_host_delay_s=10.0, clock=lambda: 50.0)
    fetcher.fetch(web.url("/chain/0"), conditional=False)  # also fetches robots.txt: two slots
    assert sleeps == [10.0]
    fetcher.fetch(web.url("/chain/0"), conditional=False)
    assert sleeps == [10.0, 20.0]
    other = web.url("/chain/0").replace("127.0.0.1", "localhost")
    try:
        fetcher.fetch(other, conditional=False, max_bytes=10_000)
    except FetchError:
        pytest.skip("localhost does not reach the IPv4 test server here")
    assert sleeps[2] == 10.0  # localhost's robots.txt went first without waiting on 127.0.0.1


def _fetch_at_once(fetcher, urls):
    """Fetch every URL from its own thread, all started before any is awaited."""
    threads = [threading.Thread(target=fetcher.fetch, args=(url,), kwargs={"conditional": False}) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_per_host_delay_holds_across_threads(web, make_fetcher):
    fetcher = make_fetcher(per_host_delay_s=0.1, sleep=time.sleep)
    _fetch_at_once(fetcher, [web.url(f"/chain/0?t={i}") for i in range(4)])
    arrivals = sorted(r.at for r in web.requests_to("/chain/0"))
    assert len(arrivals) == 4
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert min(gaps) >= 0.05  # 0.1 s apart at the client; leave room for scheduling jitter


def test_per_host_concurrency_is_limited(web, make_fetcher):
    fetcher = make_fetcher(per_host_concurrency=2, sleep=time.sleep)
    # each answer takes 1 s, so two requests overlap even when a loaded machine stalls this process a while
    _fetch_at_once(fetcher, [web.url(f"/slow?delay=1.0&n={i}") for i in range(6)])
    assert len(web.requests_to("/slow")) == 6
    assert web.max_in_flight == 2


def test_second_fetch_sends_validators_and_gets_304(web, make_fetcher):
    state: dict[str, FetchValidators] = {}
    url = web.url("/feeds/news.rss")
    first = make_fetcher(state=state).fetch(url)
    assert first.status == 200 and not first.not_modified
    assert state[url].etag == first.headers["etag"]
    assert state[url].last_modified == "Mon, 05 Feb 2024 12:00:00 GMT"
    second = make_fetcher(state=state).fetch(url)  # a new run, same stored state
    sent = web.requests_to("/feeds/news.rss")[-1].headers
    assert sent["if-none-match"] == first.headers["etag"]
    assert sent["if-modified-since"] == "Mon, 05 Feb 2024 12:00:00 GMT"
    assert second.not_modified and second.status == 304 and second.content == b""
    assert state[url].last_status == 304 and state[url].etag == first.headers["etag"]


def test_last_modified_alone_is_enough_for_304(web, make_fetcher):
    state: dict[str, FetchValidators] = {}
    url = web.url("/feeds/news.atom?noetag=1")
    fetcher = make_fetcher(state=state)
    fetcher.fetch(url)
    assert state[url].etag is None
    assert fetcher.fetch(url).not_modified
    assert "if-none-match" not in web.requests_to("/feeds/news.atom")[-1].headers


def test_unconditional_fetch_sends_no_validators_and_keeps_no_state(web, make_fetcher):
    url = web.url("/feeds/news.rss")
    state = {url: FetchValidators(etag='"x"', last_modified="Mon, 05 Feb 2024 12:00:00 GMT")}
    result = make_fetcher(state=state).fetch(url, conditional=False)
    assert result.status == 200
    assert "if-none-match" not in web.requests_to("/feeds/news.rss")[-1].headers
    assert state[url].etag == '"x"'
    assert web.url("/articles/lantern-festival.html") not in state


def test_failures_push_the_next_attempt_back_exponentially(web, make_fetcher):
    state: dict[str, FetchValidators] = {}
    url = web.url("/status/500")
    fetcher = make_fetcher(state=state, retries=0, failure_backoff=dt.timedelta(minutes=10))
    for _ in range(3):
        _error(fetcher, url)
    record = state[url]
    assert record.failures_in_row == 3 and record.last_status == 500
    assert record.next_attempt_at == NOW + dt.timedelta(minutes=40)
    assert record.last_error is not None and "HTTP 500" in record.last_error
    assert not fetcher.should_attempt(url, NOW + dt.timedelta(minutes=39))
    assert fetcher.should_attempt(url, NOW + dt.timedelta(minutes=40))


def test_back_off_is_capped(make_fetcher):
    fetcher = make_fetcher(max_failure_backoff=dt.timedelta(hours=6))
    for _ in range(30):
        fetcher.note_failure("key", "down")
    assert fetcher.state["key"].next_attempt_at == NOW + dt.timedelta(hours=6)


def test_success_clears_the_failure_streak(web, make_fetcher):
    state: dict[str, FetchValidators] = {}
    url = web.url("/flaky/recovering?fails=1&code=503")
    fetcher = make_fetcher(state=state, retries=0)
    _error(fetcher, url)
    assert state[url].failures_in_row == 1
    fetcher.fetch(url)
    assert state[url].failures_in_row == 0 and state[url].next_attempt_at is None
    assert state[url].last_success_at == NOW and state[url].last_error is None


def test_should_attempt_accepts_naive_utc_from_the_database(make_fetcher):
    fetcher = make_fetcher(state={"u": FetchValidators(next_attempt_at=dt.datetime(2024, 2, 9))})
    assert not fetcher.should_attempt("u")
    assert fetcher.should_attempt("u", dt.datetime(2024, 2, 9, 0, 1, tzinfo=dt.UTC))
    assert fetcher.should_attempt("never-seen")


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


def test_retry_after_parsing():
    now = dt.datetime(2024, 2, 8, 12, 0, tzinfo=dt.UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Thu, 08 Feb 2024 12:00:30 GMT", now) == 30.0
    assert retry_after("Thu, 08 Feb 2024 11:00:00 GMT", now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None


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
    error = _error(fetcher, f"https://wire.test:{tls_port}/a", conditional=False)
    assert "certificate verify failed" in error.message and "Hostname mismatch" in error.message
