"""Keyset pages of the articles and quotes tables and their header totals, on both backends: walking
every page gives exactly the full table once, in order, also where many articles share a timestamp."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert

from db import rollups
from db.filters import Filters
from db.models import Article, ArticleEvent, Event, Quote, Source
from db.reads import _tables as reads_tables

BASE = dt.datetime(2021, 3, 1, 12, tzinfo=dt.UTC)


def _load(engine: Engine, n: int = 57) -> None:
    """n articles over two sources, three per timestamp (ties the cursor must break by id); article i
    has i % 4 quotes; every seventh mentions "lighthouse"."""
    with engine.begin() as conn:
        conn.execute(insert(Event).values(id=1, slug="e", name="E", terms=["x"], related=[]))
        conn.execute(insert(Source), [{"id": 1, "domain": "a.example"}, {"id": 2, "domain": "b.example"}])
        for i in range(n):
            when = BASE - dt.timedelta(hours=i // 3)
            conn.execute(insert(Article).values(
                id=i + 1, canonical_url=f"https://a.example/{i}", url=f"https://a.example/{i}",
                source_id=1 + i % 2, title=f"Story {i}" + (" lighthouse" if i % 7 == 0 else ""), text="Body.",
                published_at=when, fetched_at=when, content_hash=f"h{i}", quote_count=i % 4, sentence_count=1))
            conn.execute(insert(ArticleEvent).values(article_id=i + 1, event_id=1, relevance=2.0))
            for q in range(i % 4):
                conn.execute(insert(Quote).values(article_id=i + 1, start=q * 10, end=q * 10 + 5, text=f"q{i}.{q}",
                                                  key=f"q{i}.{q}", tone=0.0))
        rollups.rebuild(conn, 1)


def _walk(engine: Engine, what: str, f: Filters, size: int, **kw: object) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    cursor = None
    for _ in range(1000):
        frame, cursor = reads_tables.page(engine, what, f, size, cursor, **kw)
        assert len(frame) <= size
        rows += [tuple(r) for r in frame.itertuples(index=False)]
        if cursor is None:
            return rows
    raise AssertionError("paging never ended")


def _everything(engine: Engine, what: str, f: Filters, **kw: object) -> list[tuple[object, ...]]:
    return [tuple(r) for part in reads_tables.stream(engine, what, f, **kw) for r in part.itertuples(index=False)]


def test_pages_cover_the_table_once_in_order(engine: Engine) -> None:
    _load(engine)
    f = Filters(event="e")
    for what, size in (("articles", 5), ("articles", 57), ("quotes", 4), ("quotes", 7)):
        whole = _everything(engine, what, f)
        assert _walk(engine, what, f, size) == whole, (what, size)
    articles = _everything(engine, "articles", f)
    assert len(articles) == 57 and len({r[0] for r in articles}) == 57
    stamps = [r[3] for r in articles]
    assert stamps == sorted(stamps, reverse=True)
    assert sum(i % 4 for i in range(57)) == len(_everything(engine, "quotes", f))


def test_pages_follow_filters_and_search(engine: Engine) -> None:
    _load(engine)
    one = Filters(event="e", sources=("b.example",))
    rows = _walk(engine, "articles", one, 4)
    assert len(rows) == 28 and {r[2] for r in rows} == {"b.example"}
    found = _walk(engine, "articles", Filters(event="e"), 2, search="LIGHTHOUSE")
    assert sorted(r[4] for r in found) == sorted(f"Story {i} lighthouse" for i in range(0, 57, 7))


def test_quote_counts_come_from_the_article_row(engine: Engine) -> None:
    _load(engine)
    frame, _ = reads_tables.page(engine, "articles", Filters(event="e"), 57)
    assert dict(zip(frame["url"], frame["quotes"], strict=True)) == {f"https://a.example/{i}": i % 4 for i in range(57)}


def test_totals_from_rollups_and_capped_counts(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(engine)
    f = Filters(event="e")
    assert reads_tables.total(engine, "articles", f) == (57, True)
    assert reads_tables.total(engine, "quotes", f) == (sum(i % 4 for i in range(57)), True)
    assert reads_tables.total(engine, "articles", f.with_(sources=("a.example",))) == (29, True)
    assert reads_tables.total(engine, "articles", f, search="lighthouse") == (9, True)
    assert reads_tables.total(engine, "articles", f.with_(tz="Europe/Paris")) == (57, True)
    monkeypatch.setattr(reads_tables, "COUNT_CAP", 8)
    assert reads_tables.total(engine, "articles", f, search="lighthouse") == (8, False)
    assert reads_tables.total(engine, "articles", f) == (57, True)  # rollups are never capped
