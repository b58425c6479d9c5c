"""The fetcher against a real HTTP server on 127.0.0.1: robots.txt, per-host delay and concurrency."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from ingest.fetch.client import FetchError
from tests.ingest.fetch.fetching import fetch_error


def test_robots_disallowed_url_is_not_fetched(web, make_fetcher):
    fetcher = make_fetcher()
    error = fetch_error(fetcher, web.url("/private/internal-memo.html"))
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
