"""RSS/Atom connector against fixture feeds served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.fetch.client import FetchValidators
from ingest.sources import rss
from ingest.stages.documents import RawDocument, SourceFailure
from ingest.stages.extract import extract
from tests.conftest_web import NOW, TEST_AGENT

UTC = dt.UTC


def _run(web, make_fetcher, event, source, path, **kwargs):
    fetcher = kwargs.pop("fetcher", None) or make_fetcher(**kwargs)
    items = list(rss.read(source("rss", url=web.url(path)), event, fetcher))
    docs = {d.url.removeprefix(web.base): d for d in items if isinstance(d, RawDocument)}
    failures = [f for f in items if isinstance(f, SourceFailure)]
    return docs, failures


def test_rss2_items_become_documents_with_resolved_links(web, make_fetcher, event, source):
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news.rss")
    assert set(docs) == {
        "/articles/marrow-bridge-collapse.html", "/articles/rescue-divers-search-river.html",
        "/articles/residents-count-cost.html", "/articles/lantern-festival.html",
    }
    collapse = docs["/articles/marrow-bridge-collapse.html"]
    assert collapse.origin == web.url("/feeds/news.rss")
    assert collapse.source == "127.0.0.1"
    assert collapse.title == "Marrow Bridge collapses in Port Esmer, dozens feared trapped"
    assert collapse.published_at == dt.datetime(2024, 2, 5, 7, 30, tzinfo=UTC)
    assert collapse.language == "en"
    assert "“We heard a sound like thunder" in (collapse.html or "")
    # `../articles/…` relative to /feeds/ and a +0100 date converted to UTC
    assert docs["/articles/rescue-divers-search-river.html"].published_at == dt.datetime(2024, 2, 5, 13, 10,
                                                                                         tzinfo=UTC)


def test_connector_does_not_judge_relevance(web, make_fetcher, event, source):
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news.rss")
    assert "Vell Harbour" in (docs["/articles/lantern-festival.html"].html or "")  # the pipeline scores it


def test_item_without_date_takes_the_page_date(web, make_fetcher, event, source):
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news.rss")
    undated = docs["/articles/residents-count-cost.html"]
    assert undated.published_at is None and undated.fetched_at == NOW  # extraction reads the page's date
    assert extract(undated).published_at == dt.datetime(2024, 2, 6, 9, 15, tzinfo=UTC)


def test_item_without_any_date_takes_the_fetch_time(web, make_fetcher, event, source, monkeypatch):
    monkeypatch.setattr("ingest.stages.extract.page_date", lambda value: None)
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news.rss")
    assert extract(docs["/articles/residents-count-cost.html"]).published_at == NOW


def test_bad_items_are_failures_naming_their_url(web, make_fetcher, event, source):
    _, failures = _run(web, make_fetcher, event, source, "/feeds/news.rss")
    messages = sorted(f.message for f in failures)
    assert messages == [
        f"{web.url('/articles/withdrawn.html')}: HTTP 404 Not Found",
        f"{web.url('/private/internal-memo.html')}: disallowed by robots.txt",
    ]
    assert {f.origin for f in failures} == {web.url("/feeds/news.rss")}
    assert web.requests_to("/private/internal-memo.html") == []


def test_duplicate_links_are_fetched_once(web, make_fetcher, event, source):
    _run(web, make_fetcher, event, source, "/feeds/news.rss")
    assert len(web.requests_to("/articles/marrow-bridge-collapse.html")) == 1


def test_atom_with_xml_base_and_an_undated_entry(web, make_fetcher, event, source):
    docs, failures = _run(web, make_fetcher, event, source, "/feeds/news.atom")
    assert failures == []
    assert set(docs) == {"/articles/minister-orders-inquiry.html", "/articles/engineers-warned-of-cracks.html",
                         "/articles/queral-interview-cp1252.html"}
    assert docs["/articles/minister-orders-inquiry.html"].published_at == dt.datetime(2024, 2, 5, 16, 0, tzinfo=UTC)
    assert extract(docs["/articles/engineers-warned-of-cracks.html"]).published_at == dt.datetime(
        2024, 2, 6, 8, 0, tzinfo=UTC)  # the undated entry: the page's own date


def test_windows_1252_article_arrives_as_proper_text(web, make_fetcher, event, source):
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news.atom")
    html = docs["/articles/queral-interview-cp1252.html"].html or ""
    assert "“Les fissures étaient visibles à l’œil nu,” a déclaré Quérel." in html
    assert "Anaïs Brénot" in html and "\ufffd" not in html


@pytest.mark.parametrize("path", ["/feeds/news.rdf", "/feeds/news091.rss"])
def test_rss_1_0_and_0_91(web, make_fetcher, event, source, path):
    docs, failures = _run(web, make_fetcher, event, source, path)
    assert failures == []
    assert list(docs) == ["/articles/rescue-divers-search-river.html"]


def test_rss_0_91_item_without_date_uses_the_page(web, make_fetcher, event, source):
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news091.rss")
    assert extract(docs["/articles/rescue-divers-search-river.html"]).published_at == dt.datetime(
        2024, 2, 5, 13, 10, tzinfo=UTC)


def test_malformed_xml_is_one_failure_naming_the_feed(web, make_fetcher, event, source):
    docs, failures = _run(web, make_fetcher, event, source, "/feeds/broken.xml")
    assert docs == {}
    assert len(failures) == 1
    assert failures[0].origin == web.url("/feeds/broken.xml")
    assert failures[0].message.startswith("not a valid feed: ")
    assert "\n" not in failures[0].message


def test_html_page_is_not_a_feed(web, make_fetcher, event, source):
    docs, failures = _run(web, make_fetcher, event, source, "/articles/lantern-festival.html")
    assert docs == {}
    assert [f.message for f in failures] == ["not an RSS or Atom feed"]


def test_unreachable_feed_is_one_failure(web, make_fetcher, event, source):
    docs, failures = _run(web, make_fetcher, event, source, "/status/500", retries=1)
    assert docs == {}
    assert len(failures) == 1 and failures[0].origin == web.url("/status/500")
    assert failures[0].message.startswith("HTTP 500 Internal Server Error")


def test_unchanged_feed_yields_nothing_and_fetches_no_pages(web, make_fetcher, event, source):
    state: dict[str, FetchValidators] = {}
    first, _ = _run(web, make_fetcher, event, source, "/feeds/news.rss", state=state)
    assert first
    web.reset()
    again = list(rss.read(source("rss", url=web.url("/feeds/news.rss")), event, make_fetcher(state=state)))
    assert again == []
    assert web.paths() == ["/robots.txt", "/feeds/news.rss"]
    assert "if-none-match" in web.requests_to("/feeds/news.rss")[0].headers


def test_feed_in_back_off_is_not_requested(web, make_fetcher, event, source):
    url = web.url("/feeds/news.rss")
    state = {url: FetchValidators(failures_in_row=2, next_attempt_at=NOW + dt.timedelta(minutes=5))}
    assert list(rss.read(source("rss", url=url), event, make_fetcher(state=state))) == []
    assert web.paths() == []


def test_known_pages_are_not_downloaded_again(web, make_fetcher, event, source):
    fetcher = make_fetcher(known=lambda url: url.endswith("marrow-bridge-collapse.html"))
    docs, _ = _run(web, make_fetcher, event, source, "/feeds/news.rss", fetcher=fetcher)
    assert "/articles/marrow-bridge-collapse.html" not in docs
    assert web.requests_to("/articles/marrow-bridge-collapse.html") == []
    assert "/articles/lantern-festival.html" in docs


def test_feedparser_never_fetches_by_itself(web, make_fetcher, event, source):
    _run(web, make_fetcher, event, source, "/feeds/news.rss")
    _run(web, make_fetcher, event, source, "/feeds/news.atom")
    agents = {r.headers.get("user-agent") for r in web.requests}
    assert agents == {TEST_AGENT}
