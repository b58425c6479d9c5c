"""The fetcher against a real HTTP server on 127.0.0.1: conditional requests (304) and the failure streak's back-off."""

from __future__ import annotations

import datetime as dt

from ingest.fetch.client import FetchValidators
from tests.conftest_web import NOW
from tests.ingest.fetch.fetching import fetch_error


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
        fetch_error(fetcher, url)
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
    fetch_error(fetcher, url)
    assert state[url].failures_in_row == 1
    fetcher.fetch(url)
    assert state[url].failures_in_row == 0 and state[url].next_attempt_at is None
    assert state[url].last_success_at == NOW and state[url].last_error is None


def test_should_attempt_accepts_naive_utc_from_the_database(make_fetcher):
    fetcher = make_fetcher(state={"u": FetchValidators(next_attempt_at=dt.datetime(2024, 2, 9))})
    assert not fetcher.should_attempt("u")
    assert fetcher.should_attempt("u", dt.datetime(2024, 2, 9, 0, 1, tzinfo=dt.UTC))
    assert fetcher.should_attempt("never-seen")
