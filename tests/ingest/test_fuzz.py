"""Arbitrary bytes and Unicode at the three doors of the pipeline: the feed reader, the HTML extractor and
the store. Nothing escapes but the project's own error type (ExtractionError for a page with no text),
and whatever is stored is storable (no NUL or other control character, on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from db.models import Article
from ingest.config import EventConfig
from ingest.run.pipeline import Pipeline
from ingest.sources.pages import PageRequest
from ingest.sources.rss import _items, feed_problem, parse_feed
from ingest.stages.documents import RawDocument, SourceFailure
from ingest.stages.enrich import process
from ingest.stages.extract import ExtractionError

EVENT = EventConfig(slug="fuzz", name="Fuzz", start=dt.date(2024, 1, 1), terms=("bridge",), aliases={})
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# markup-ish text: tags, entities, quotes and dashes mixed with any Unicode
_MARKUP = st.lists(st.one_of(st.sampled_from(["<", ">", "</", "<p>", "<div>", "&amp;", "&#0;", "&lol;", "“", "”",
                                              "«", "»", "—", "\x00", "\ufeff", "\ud800", "<![CDATA[", "]]>",
                                              "<script>", "bridge"]),
                             st.text(max_size=20)), max_size=60).map("".join)


@FUZZ
@given(st.one_of(st.binary(max_size=2000), _MARKUP.map(lambda s: s.encode("utf-8", "surrogatepass"))),
       st.sampled_from([None, "application/rss+xml", "text/xml; charset=koi8-r", "text/html; charset=x-bogus"]))
def test_the_feed_reader_takes_any_bytes(content: bytes, content_type: str | None) -> None:
    parsed = parse_feed(content, "https://feeds.example/rss", content_type)
    problem = feed_problem(parsed)
    if problem is None:
        for item in _items(parsed.entries, "https://feeds.example/rss", "https://feeds.example/rss", None):
            assert isinstance(item, PageRequest | SourceFailure)
    else:
        assert "\n" not in problem


@FUZZ
@given(_MARKUP, st.one_of(st.none(), st.text(max_size=80)))
def test_the_extractor_gives_an_article_or_its_own_error(html: str, title: str | None) -> None:
    doc = RawDocument(url="https://news.example/a", origin="fuzz", html=html, title=title,
                      fetched_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC))
    try:
        processed = process(doc, [EVENT])
    except ExtractionError as exc:
        assert str(exc).startswith("fuzz: ")
        return
    for value in (processed.doc.text, processed.doc.title, processed.doc.byline or ""):
        assert "\x00" not in value and not any("\ud800" <= c <= "\udfff" for c in value)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=60))), min_size=1,
                max_size=6))
def test_the_store_keeps_what_it_can_and_never_raises(engine: Engine, docs: list[tuple[str, str | None]]) -> None:
    items = [RawDocument(url=f"https://news.example/{abs(hash((text, title, i)))}", origin=f"fuzz:{i}",
                         text=f"bridge {text}", title=title, published_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC))
             for i, (text, title) in enumerate(docs)]
    report = Pipeline(engine, [EVENT], batch_size=3).run(items, "fuzz")
    assert report.status in ("ok", "partial")
    with engine.connect() as conn:
        for text, title in conn.execute(select(Article.text, Article.title)):
            assert "\x00" not in text and "\x00" not in (title or "")
