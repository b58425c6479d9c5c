"""URL-list and sitemap connectors, and the connector registry."""

from __future__ import annotations

import datetime as dt
import sys
import time
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.fetch.client import FetchValidators
from ingest.sources import registry, sitemap, urls
from ingest.stages.documents import RawDocument, SourceFailure
from ingest.stages.extract import extract

UTC = dt.UTC


def _split(items):
    return ([d for d in items if isinstance(d, RawDocument)], [f for f in items if isinstance(f, SourceFailure)])


# ---- URL lists ---------------------------------------------------------------------------------------


def _write_list(tmp_path, web, lines):
    path = tmp_path / "lists" / "urls.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(line.replace("{{BASE}}", web.base) for line in lines) + "\n", encoding="utf-8")
    return path


def test_url_list_reads_good_lines_and_reports_bad_ones(web, make_fetcher, event, source, tmp_path):
    path = _write_list(tmp_path, web, [
        "# hand-picked coverage of the Marrow Bridge collapse",
        "",
        "{{BASE}}/articles/marrow-bridge-collapse.html",
        "   {{BASE}}/articles/minister-orders-inquiry.html   ",
        "ftp://files.example/report.pdf",
        "not a url at all",
        "{{BASE}}/articles/withdrawn.html",
        "{{BASE}}/articles/marrow-bridge-collapse.html?utm_campaign=x",
        "/articles/relative.html",
    ])
    docs, failures = _split(list(urls.read(source("urls", path="lists/urls.txt"), event, make_fetcher())))
    assert [d.url for d in docs] == [web.url("/articles/marrow-bridge-collapse.html"),
                                     web.url("/articles/minister-orders-inquiry.html")]
    assert docs[0].origin == f"{path}:3"
    assert extract(docs[0]).published_at == dt.datetime(2024, 2, 5, 7, 30, tzinfo=UTC)  # from the page
    assert [f"{f.origin}: {f.message}" for f in failures] == [
        f"{path}:5: not an absolute http(s) URL: 'ftp://files.example/report.pdf'",
        f"{path}:6: not a URL (contains spaces): 'not a url at all'",
        f"{path}:7: {web.url('/articles/withdrawn.html')}: HTTP 404 Not Found",
        f"{path}:9: not an absolute http(s) URL: '/articles/relative.html'",
    ]
    assert len(web.requests_to("/articles/marrow-bridge-collapse.html")) == 1


def test_missing_url_list_is_one_failure(web, make_fetcher, event, source, tmp_path):
    items = list(urls.read(source("urls", path="nope.txt"), event, make_fetcher()))
    assert len(items) == 1 and isinstance(items[0], SourceFailure)
    assert items[0].origin == str(tmp_path / "nope.txt")
    assert items[0].message == "cannot read: No such file or directory"


def test_non_utf8_url_list_is_one_failure(make_fetcher, event, source, tmp_path):
    (tmp_path / "latin.txt").write_bytes("https://example.org/caf\xe9\n".encode("latin-1"))
    items = list(urls.read(source("urls", path="latin.txt"), event, make_fetcher()))
    assert [type(i) for i in items] == [SourceFailure] and items[0].message.startswith("not UTF-8 text")


def test_url_list_served_over_http(web, make_fetcher, event, source, tmp_path):
    items = list(urls.read(source("urls", url=web.url("/gkg/masterfilelist.txt")), event, make_fetcher()))
    _, failures = _split(items)
    # the masterlist's lines are "size md5 url": not URLs, each reported with its line number
    assert failures[0].origin == web.url("/gkg/masterfilelist.txt") + ":1"


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=20))
def test_parse_lines_accounts_for_every_meaningful_line(lines):
    parsed = list(urls.parse_lines("\n".join(lines)))
    assert all((p.url is None) != (p.problem is None) for p in parsed)
    assert [p.number for p in parsed] == sorted({p.number for p in parsed})


# ---- sitemaps ----------------------------------------------------------------------------------------


def test_news_sitemap_gives_titles_dates_and_languages(web, make_fetcher, event, source):
    docs, failures = _split(list(sitemap.read(source("sitemap", url=web.url("/sitemaps/news.xml")), event,
                                              make_fetcher())))
    assert failures == []
    assert [d.url for d in docs] == [web.url("/articles/marrow-bridge-collapse.html"),
                                     web.url("/articles/rescue-divers-search-river.html")]
    assert docs[1].title == "Divers search the Tolven as Marrow Bridge toll rises"
    assert docs[1].published_at == dt.datetime(2024, 2, 5, 13, 10, tzinfo=UTC)
    assert docs[1].language == "en" and docs[1].origin == web.url("/sitemaps/news.xml")
    assert web.requests_to("/articles/lantern-festival.html") == []  # dated before the event's start


def test_since_option_overrides_the_event_start(web, make_fetcher, event, source):
    src = source("sitemap", url=web.url("/sitemaps/news.xml"), since="2023-11-01")
    docs, _ = _split(list(sitemap.read(src, event, make_fetcher())))
    assert web.url("/articles/lantern-festival.html") in [d.url for d in docs]


def test_sitemap_index_is_followed_one_level(web, make_fetcher, event, source):
    docs, failures = _split(list(sitemap.read(source("sitemap", url=web.url("/sitemaps/index.xml")), event,
                                              make_fetcher())))
    assert failures == []
    assert sorted(d.url.removeprefix(web.base) for d in docs) == [
        "/articles/engineers-warned-of-cracks.html", "/articles/marrow-bridge-collapse.html",
        "/articles/rescue-divers-search-river.html", "/articles/residents-count-cost.html"]
    engineers = next(d for d in docs if d.url.endswith("engineers-warned-of-cracks.html"))
    assert engineers.published_at == dt.datetime(2024, 2, 6, tzinfo=UTC)  # <lastmod> without news tags


def test_nested_sitemap_index_is_not_followed(web, make_fetcher, event, source):
    src = source("sitemap", url=web.url("/sitemaps/nested-index.xml"))
    docs, failures = _split(list(sitemap.read(src, event, make_fetcher())))
    assert [(f.origin, f.message) for f in failures] == [
        (web.url("/sitemaps/index.xml"), "nested sitemap index not followed (one level only)")]
    assert len(docs) == 2  # plain.xml, listed directly in the nested index
    assert web.requests_to("/sitemaps/news.xml") == []


def test_malformed_sitemap_is_one_failure(web, make_fetcher, event, source):
    items = list(sitemap.read(source("sitemap", url=web.url("/sitemaps/broken.xml")), event, make_fetcher()))
    assert len(items) == 1 and items[0].origin == web.url("/sitemaps/broken.xml")
    assert items[0].message.startswith("not a readable sitemap: malformed XML")


def test_feed_is_not_a_sitemap(web, make_fetcher, event, source):
    items = list(sitemap.read(source("sitemap", url=web.url("/feeds/news.rss")), event, make_fetcher()))
    assert [i.message for i in items] == ["not a readable sitemap: not a sitemap (root element <rss>)"]


def test_unchanged_sitemap_yields_nothing(web, make_fetcher, event, source):
    state: dict[str, FetchValidators] = {}
    src = source("sitemap", url=web.url("/sitemaps/news.xml"))
    assert list(sitemap.read(src, event, make_fetcher(state=state)))
    web.reset()
    assert list(sitemap.read(src, event, make_fetcher(state=state))) == []
    assert [p for p in web.paths() if p.startswith("/articles/")] == []


def test_gzipped_sitemap_is_read():
    import gzip

    xml = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/x</loc></url></urlset>'
    kind, entries = sitemap.parse_sitemap(gzip.compress(xml))
    assert kind == "urlset" and [e.url for e in entries] == ["https://a.example/x"]


# ---- registry ----------------------------------------------------------------------------------------


def test_every_configurable_kind_has_a_connector():
    assert set(registry.KINDS) == set(registry.CONNECTORS)
    assert registry.connector("rss") is registry.CONNECTORS["rss"]


def test_unknown_kind_names_the_known_ones():
    with pytest.raises(ValueError) as info:
        registry.connector("telex")
    assert str(info.value) == "unknown source kind 'telex' (known: files, gdelt, gkg, newsapi, rss, sitemap, urls)"


def test_files_connector_is_imported_lazily(monkeypatch, event, source, make_fetcher):
    calls = []
    fake = types.ModuleType("ingest.sources.files")
    fake.read = lambda src, ev, fetcher: iter(calls.append((src.kind, ev.slug)) or [])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ingest.sources.files", fake)
    assert list(registry.read_source(source("files", path="x.jsonl"), event, make_fetcher())) == []
    assert calls == [("files", "marrow-bridge")]


def test_registry_runs_the_connector_for_the_kind(web, make_fetcher, event, source):
    items = list(registry.read_source(source("rss", url=web.url("/feeds/news.atom")), event, make_fetcher()))
    assert len([i for i in items if isinstance(i, RawDocument)]) == 3


def test_pages_of_different_hosts_download_at_once_and_arrive_in_list_order(web, make_fetcher, event, source,
                                                                            tmp_path):
    # 127.0.0.1 and localhost are two hosts to the fetcher (at most 2 requests each) but one server here
    hosts = [web.base, web.base.replace("127.0.0.1", "localhost")]
    lines = [f"{hosts[i % 2]}/slow?delay=0.6&n={i}" for i in range(8)]
    path = _write_list(tmp_path, web, lines)
    fetcher = make_fetcher(sleep=time.sleep, resolve=lambda host, *a: [(None, None, None, None, ("127.0.0.1", 0))])
    docs, failures = _split(list(urls.read(source("urls", path=str(path)), event, fetcher)))
    assert failures == []
    assert [d.url for d in docs] == lines
    assert web.max_in_flight == 4


def test_concurrency_one_downloads_one_page_at_a_time(web, make_fetcher, event, source, tmp_path):
    path = _write_list(tmp_path, web, [f"{{{{BASE}}}}/slow?delay=0.2&n={i}&tag=one" for i in range(3)])
    docs, _ = _split(list(urls.read(source("urls", path=str(path)), event, make_fetcher(concurrency=1,
                                                                                        sleep=time.sleep))))
    assert len(docs) == 3 and web.max_tagged["one"] == 1
