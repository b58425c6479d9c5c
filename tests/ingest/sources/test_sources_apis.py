"""GDELT DOC API, GDELT GKG backfill and NewsAPI connectors against fake APIs on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from ingest.fetch.client import FetchValidators
from ingest.sources import gdelt, gkg, newsapi
from ingest.sources.options import Window
from ingest.stages.documents import RawDocument, SourceFailure
from tests.conftest_web import NOW
from tests.webserver import GEN_GDELT_ROWS, GEN_NEWSAPI_ROWS, NEWSAPI_KEY

UTC = dt.UTC


def _split(items):
    docs = [d for d in items if isinstance(d, RawDocument)]
    failures = [f for f in items if isinstance(f, SourceFailure)]
    return docs, failures


def _params(recorded) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(recorded.path).query).items()}


# ---- GDELT DOC API ------------------------------------------------------------------------------


def _gdelt(web, source, **options):
    return source("gdelt", api_url=web.url("/api/v2/doc/doc"), **options)


def test_gdelt_splits_capped_windows_until_every_article_is_listed(web, make_fetcher, event, source):
    docs, failures = _split(list(gdelt.read(_gdelt(web, source), event, make_fetcher())))
    assert failures == []
    assert len(docs) == GEN_GDELT_ROWS + 4
    requests = [_params(r) for r in web.requests_to("/api/v2/doc/doc")]
    assert len(requests) > 3  # the first window hit the 250 cap and was split
    first = requests[0]
    assert first["query"] == '("Marrow Bridge" OR "Port Esmer")'
    assert (first["mode"], first["format"], first["maxrecords"]) == ("artlist", "json", "250")
    assert (first["startdatetime"], first["enddatetime"]) == ("20240205000000", "20240208000000")
    # the halves tile the range: no gap, no overlap
    leaves = sorted((p["startdatetime"], p["enddatetime"]) for p in requests[1:])
    assert leaves[0][0] == "20240205000000" and max(e for _, e in leaves) == "20240208000000"


def test_gdelt_rows_keep_title_and_seen_date(web, make_fetcher, event, source):
    docs, _ = _split(list(gdelt.read(_gdelt(web, source), event, make_fetcher())))
    by_url = {d.url: d for d in docs}
    collapse = by_url[web.url("/articles/marrow-bridge-collapse.html")]
    assert collapse.title == "Marrow Bridge collapses in Port Esmer, dozens feared trapped"
    assert collapse.published_at == dt.datetime(2024, 2, 5, 7, 45, tzinfo=UTC)
    assert collapse.origin == 'gdelt:("Marrow Bridge" OR "Port Esmer")'
    assert "Quérel" in (by_url[web.url("/articles/queral-interview-cp1252.html")].html or "")


def test_gdelt_cap_at_the_smallest_window_is_reported(web, make_fetcher, event, source):
    items = list(gdelt.read(_gdelt(web, source, query="Burst", start="2024-02-05T09:00:00",
                                   end="2024-02-05T11:00:00"), event, make_fetcher()))
    docs, failures = _split(items)
    assert len(docs) == 1  # 300 rows of the same URL
    assert len(failures) == 1 and "250-article cap even at the smallest window" in failures[0].message
    windows = [_params(r) for r in web.requests_to("/api/v2/doc/doc")]
    assert all(p["startdatetime"] >= "20240205090000" for p in windows)
    assert len(windows) < 30


def test_gdelt_error_text_is_a_failure(web, make_fetcher, event, source):
    docs, failures = _split(list(gdelt.read(_gdelt(web, source, query="Invalid x"), event, make_fetcher())))
    assert docs == []
    assert len(failures) == 1
    assert failures[0].message.endswith("GDELT answered: The specified phrase is too short.")


def test_gdelt_resumes_after_a_successful_run(web, make_fetcher, event, source):
    state: dict[str, FetchValidators] = {}
    list(gdelt.read(_gdelt(web, source), event, make_fetcher(state=state)))
    web.reset()
    later = NOW + dt.timedelta(hours=6)
    list(gdelt.read(_gdelt(web, source), event, make_fetcher(state=state, now=lambda: later)))
    first = _params(web.requests_to("/api/v2/doc/doc")[0])
    assert first["startdatetime"] == "20240207220000"  # last success (NOW) minus 2 h overlap
    assert first["enddatetime"] == "20240208060000"


def test_gdelt_older_than_the_doc_api_reach_is_reported_without_backfill(web, make_fetcher, event, source):
    late = dt.datetime(2024, 6, 1, tzinfo=UTC)
    items = list(gdelt.read(_gdelt(web, source, end="2024-06-01"), event, make_fetcher(now=lambda: late)))
    _, failures = _split(items)
    assert any("beyond the DOC API's 90-day reach" in f.message for f in failures)
    assert all(_params(r)["startdatetime"] >= "20240303000000" for r in web.requests_to("/api/v2/doc/doc"))


def test_gdelt_backfills_the_old_part_from_gkg(web, make_fetcher, event, source):
    late = dt.datetime(2024, 6, 1, tzinfo=UTC)
    src = _gdelt(web, source, start="2024-02-05T12:00:00", end="2024-06-01", backfill_gkg=True,
                 gkg_urls=[web.url("/gkg/20240205120000.gkg.csv.zip")])
    docs, failures = _split(list(gdelt.read(src, event, make_fetcher(now=lambda: late))))
    assert failures == []
    assert web.url("/articles/minister-orders-inquiry.html") in {d.url for d in docs}


def test_gdelt_failure_backs_the_source_off(web, make_fetcher, event, source):
    state: dict[str, FetchValidators] = {}
    src = source("gdelt", api_url=web.url("/status/503"))
    _, failures = _split(list(gdelt.read(src, event, make_fetcher(state=state, retries=0))))
    assert len(failures) == 1 and "HTTP 503" in failures[0].message
    [record] = state.values()
    assert record.failures_in_row == 1 and record.next_attempt_at is not None
    web.reset()
    assert list(gdelt.read(src, event, make_fetcher(state=state))) == []
    assert web.paths() == []


def test_gdelt_mode_gkg_reads_only_gkg(web, make_fetcher, event, source):
    src = source("gdelt", mode="gkg", gkg_urls=[web.url("/gkg/20240205121500.gkg.csv.gz")])
    docs, _ = _split(list(gdelt.read(src, event, make_fetcher())))
    assert [d.url for d in docs] == [web.url("/articles/rescue-divers-search-river.html")]
    assert web.requests_to("/api/v2/doc/doc") == []


# ---- GKG backfill ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".zip", ".gz"])
def test_gkg_keeps_rows_matching_terms_and_aliases(web, make_fetcher, event, source, suffix):
    src = source("gkg", gkg_urls=[web.url(f"/gkg/20240205120000.gkg.csv{suffix}")])
    docs, failures = _split(list(gkg.read(src, event, make_fetcher())))
    assert failures == []
    assert [d.url.removeprefix(web.base) for d in docs] == [
        "/articles/marrow-bridge-collapse.html",  # URL words
        "/articles/minister-orders-inquiry.html",  # person "ilse värnholt", accent-folded
        "/articles/engineers-warned-of-cracks.html",  # organisation "port esmer engineering council"
        "/articles/residents-count-cost.html",  # V2.1ALLNAMES "Marrow Bridge"
    ]
    assert docs[0].published_at == dt.datetime(2024, 2, 5, 12, 0, tzinfo=UTC)
    assert docs[0].origin == web.url(f"/gkg/20240205120000.gkg.csv{suffix}")
    assert web.requests_to("/articles/lantern-festival.html") == []


def test_gkg_alias_only_match(web, make_fetcher, source):
    from ingest.config import EventConfig

    only_alias = EventConfig(slug="s", name="s", start=None, terms=(), aliases={"Anaïs Brénot": ("Minister Brenot",)})
    src = source("gkg", gkg_urls=[web.url("/gkg/20240205120000.gkg.csv.zip")])
    docs, _ = _split(list(gkg.read(src, only_alias, make_fetcher())))
    assert [d.url for d in docs] == [web.url("/articles/minister-orders-inquiry.html")]


def test_gkg_masterlist_is_filtered_by_date_and_kind(web, make_fetcher, event, source):
    src = source("gkg", masterlist_url=web.url("/gkg/masterfilelist.txt"),
                 start="2024-02-05T12:00:00", end="2024-02-05T12:30:00")
    docs, failures = _split(list(gkg.read(src, event, make_fetcher())))
    assert failures == []
    assert sorted(p for p in web.paths() if p.startswith("/gkg/2")) == [
        "/gkg/20240205120000.gkg.csv.zip", "/gkg/20240205121500.gkg.csv.zip"]
    assert len(docs) == 5


def test_gkg_generated_names_skip_missing_slots(web, make_fetcher, event, source):
    src = source("gkg", gkg_base_url=web.url("/gkg/"), start="2024-02-05T11:50:00", end="2024-02-05T12:20:00")
    docs, failures = _split(list(gkg.read(src, event, make_fetcher())))
    assert failures == []  # 11:45 does not exist on the server: not an error
    assert [p for p in web.paths() if p.startswith("/gkg/")] == [
        "/gkg/20240205114500.gkg.csv.zip", "/gkg/20240205120000.gkg.csv.zip", "/gkg/20240205121500.gkg.csv.zip"]
    assert len(docs) == 5


def test_gkg_refuses_too_many_files(web, make_fetcher, event, source):
    src = source("gkg", gkg_base_url=web.url("/gkg/"), start="2024-02-01", end="2024-02-05", max_files=96)
    docs, failures = _split(list(gkg.read(src, event, make_fetcher())))
    assert docs == [] and web.paths() == []
    assert [f.message for f in failures] == [
        "384 GKG files in range, more than max_files = 96; narrow start/end or raise it"]


def test_gkg_corrupt_and_missing_files_are_failures(web, make_fetcher, event, source):
    src = source("gkg", gkg_urls=[web.url("/gkg/corrupt.gkg.csv.zip"), web.url("/gkg/19990101000000.gkg.csv.zip"),
                                  web.url("/gkg/20240205121500.gkg.csv.zip")])
    docs, failures = _split(list(gkg.read(src, event, make_fetcher())))
    assert len(docs) == 1
    assert failures[0].origin == web.url("/gkg/corrupt.gkg.csv.zip")
    assert failures[0].message.startswith("not a readable GKG file")
    assert failures[1].message == "HTTP 404 Not Found"


def test_gkg_matching_rows_on_plain_lines(event):
    line = "\t".join(["id", "20240205120000", "1", "x.example", "https://x.example/news/port-esmer-ferry"]
                     + [""] * 22)
    rows = list(gkg.matching_rows([line, line.replace("port-esmer", "harbour")], gkg.event_matcher(event)))
    assert [r.url for r in rows] == ["https://x.example/news/port-esmer-ferry"]
    assert rows[0].source == "x.example"


def test_gkg_generated_urls_follow_gdelt_naming():
    win = Window(dt.datetime(2024, 2, 5, 12, 7, tzinfo=UTC), dt.datetime(2024, 2, 5, 12, 31, tzinfo=UTC))
    assert gkg.generated_urls("http://data.example/gdeltv2", win) == [
        "http://data.example/gdeltv2/20240205120000.gkg.csv.zip",
        "http://data.example/gdeltv2/20240205121500.gkg.csv.zip",
        "http://data.example/gdeltv2/20240205123000.gkg.csv.zip",
    ]


# ---- NewsAPI ----------------------------------------------------------------------------------------


def _newsapi(web, source, **options):
    options.setdefault("api_key", NEWSAPI_KEY)
    return source("newsapi", api_url=web.url("/v2/everything"), **options)


def test_newsapi_pages_through_results(web, make_fetcher, event, source):
    docs, failures = _split(list(newsapi.read(_newsapi(web, source, language="en"), event, make_fetcher())))
    assert len(docs) == GEN_NEWSAPI_ROWS + 3  # fixture rows minus [Removed] and the 404
    assert [f.message for f in failures] == [f"{web.url('/articles/withdrawn.html')}: HTTP 404 Not Found"]
    pages = [_params(r) for r in web.requests_to("/v2/everything")]
    assert [p["page"] for p in pages] == ["1", "2"]
    assert pages[0]["q"] == '("Marrow Bridge" OR "Port Esmer")'
    assert (pages[0]["pageSize"], pages[0]["language"]) == ("100", "en")
    assert (pages[0]["from"], pages[0]["to"]) == ("2024-02-05T00:00:00", "2024-02-08T00:00:00")


def test_newsapi_key_travels_in_a_header_not_the_url(web, make_fetcher, event, source):
    list(newsapi.read(_newsapi(web, source), event, make_fetcher()))
    for recorded in web.requests_to("/v2/everything"):
        assert recorded.headers["x-api-key"] == NEWSAPI_KEY
        assert NEWSAPI_KEY not in recorded.path


def test_newsapi_documents_keep_title_and_date(web, make_fetcher, event, source):
    docs, _ = _split(list(newsapi.read(_newsapi(web, source), event, make_fetcher())))
    engineers = next(d for d in docs if d.url.endswith("engineers-warned-of-cracks.html"))
    assert engineers.title == "Engineers warned of cracks in Marrow Bridge, documents show"
    assert engineers.published_at == dt.datetime(2024, 2, 6, 8, 0, tzinfo=UTC)
    assert engineers.origin == "newsapi"


def test_newsapi_missing_key_is_one_clear_failure(web, make_fetcher, event, source):
    items = list(newsapi.read(_newsapi(web, source, api_key=""), event, make_fetcher()))
    assert items == [SourceFailure(origin="newsapi", message="NEWSAPI_KEY is not set")]
    assert f"{items[0].origin}: {items[0].message}" == "newsapi: NEWSAPI_KEY is not set"
    assert web.paths() == []


def test_newsapi_rejected_key_reports_the_api_message(web, make_fetcher, event, source):
    items = list(newsapi.read(_newsapi(web, source, api_key="wrong"), event, make_fetcher()))
    assert len(items) == 1
    assert items[0].message == "apiKeyInvalid: Your API key is invalid or incorrect. Check your key."


def test_newsapi_plan_cap_keeps_what_was_listed(web, make_fetcher, event, source):
    docs, failures = _split(list(newsapi.read(_newsapi(web, source, query="Capped"), event, make_fetcher())))
    assert len(docs) == 98  # page 1: 100 rows = 3 fixture pages + [Removed] + a 404 + 95 generated
    assert len(failures) == 2
    assert [_params(r)["page"] for r in web.requests_to("/v2/everything")] == ["1", "2"]
    assert "result cap was reached" in failures[-1].message and "maximumResultsReached" in failures[-1].message


def test_newsapi_bad_option_is_a_failure(web, make_fetcher, event, source):
    items = list(newsapi.read(_newsapi(web, source, start="last tuesday"), event, make_fetcher()))
    assert len(items) == 1 and "`start`" in items[0].message


def test_api_endpoints_skip_robots_but_article_pages_do_not(web, make_fetcher, event, source):
    web.robots = b"User-agent: *\nDisallow: /api/\nDisallow: /v2/\nDisallow: /gkg/\nDisallow: /articles/marrow\n"
    fetcher = make_fetcher()
    _, failures = _split(list(newsapi.read(_newsapi(web, source), event, fetcher)))
    assert len(web.requests_to("/v2/everything")) == 2
    blocked = f"{web.url('/articles/marrow-bridge-collapse.html')}: disallowed by robots.txt"
    assert blocked in [f.message for f in failures]
    src = source("gkg", gkg_urls=[web.url("/gkg/20240205121500.gkg.csv.zip")])
    docs, _ = _split(list(gkg.read(src, event, fetcher)))
    assert [d.url for d in docs] == [web.url("/articles/rescue-divers-search-river.html")]
