"""The fetcher against a real HTTP server on 127.0.0.1: size caps, redirect limits, timeouts, retries,
Retry-After."""

from __future__ import annotations

import datetime as dt
import socket
import time

from ingest.fetch.rules import retry_after
from tests.ingest.fetch.fetching import fetch_error


def test_streamed_body_over_the_cap_is_an_error(web, make_fetcher):
    started = time.monotonic()
    error = fetch_error(make_fetcher(max_bytes=1_000_000), web.url("/big"), conditional=False)
    assert "larger than the 1000000-byte cap" in error.message
    assert time.monotonic() - started < 5


def test_declared_length_over_the_cap_is_refused_before_reading(web, make_fetcher):
    error = fetch_error(make_fetcher(max_bytes=1_000_000), web.url("/big?declare=1"), conditional=False)
    assert "larger than the 1000000-byte cap" in error.message


def test_per_call_size_cap_overrides_config(web, make_fetcher):
    fetcher = make_fetcher()
    assert len(fetcher.fetch(web.url("/articles/lantern-festival.html"), conditional=False).content) > 100
    error = fetch_error(fetcher, web.url("/articles/lantern-festival.html"), conditional=False, max_bytes=100)
    assert "100-byte cap" in error.message


def test_redirect_loop_is_an_error(web, make_fetcher):
    error = fetch_error(make_fetcher(), web.url("/loop/a"))
    assert "redirect loop" in error.message


def test_redirects_are_limited(web, make_fetcher):
    fetcher = make_fetcher(max_redirects=3)
    assert fetcher.fetch(web.url("/chain/3"), conditional=False).url == web.url("/chain/0")
    error = fetch_error(fetcher, web.url("/chain/4"), conditional=False)
    assert "more than 3 redirects" in error.message


def test_slow_server_times_out(web, make_fetcher):
    started = time.monotonic()
    error = fetch_error(make_fetcher(timeout_s=0.3), web.url("/slow?delay=2"), conditional=False)
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
    error = fetch_error(make_fetcher(max_retry_wait_s=60), web.url("/status/429?retry_after=3600"), conditional=False)
    assert "HTTP 429" in error.message and "Retry-After 3600 s" in error.message
    assert error.status == 429
    assert sleeps == []
    assert len(web.requests_to("/status/429")) == 1


def test_total_backoff_is_bounded(web, make_fetcher, sleeps):
    fetcher = make_fetcher(retries=20, backoff_s=1.0, max_retry_wait_s=5.0)
    fetch_error(fetcher, web.url("/status/503"), conditional=False)
    assert sum(sleeps) <= 5.0
    assert len(web.requests_to("/status/503")) < 21


def test_persistent_500_gives_up_after_retries(web, make_fetcher, sleeps):
    error = fetch_error(make_fetcher(retries=2), web.url("/status/500"), conditional=False)
    assert error.status == 500
    assert "gave up after 3 attempt(s)" in error.message
    assert len(web.requests_to("/status/500")) == 3


def test_404_is_not_retried(web, make_fetcher, sleeps):
    error = fetch_error(make_fetcher(retries=3), web.url("/status/404"), conditional=False)
    assert error.status == 404 and error.message == "HTTP 404 Not Found"
    assert len(web.requests_to("/status/404")) == 1 and sleeps == []


def test_refused_connection_is_retried_then_reported(make_fetcher, sleeps):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = fetch_error(make_fetcher(retries=2), f"http://127.0.0.1:{port}/feed", conditional=False)
    assert "cannot connect" in error.message
    assert len(sleeps) == 2


def test_retry_after_parsing():
    now = dt.datetime(2024, 2, 8, 12, 0, tzinfo=dt.UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Thu, 08 Feb 2024 12:00:30 GMT", now) == 30.0
    assert retry_after("Thu, 08 Feb 2024 11:00:00 GMT", now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None
