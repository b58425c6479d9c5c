"""Full-text search on both backends: what a query matches, ranking, paging by rank, and the index
staying in step with the stored rows (insert, update, delete, rebuild)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, delete, insert, update

from db import fulltext, rollups
from db.engine import make_engine, upgrade
from db.filters import Filters
from db.models import Article, ArticleEvent, Event, Quote, Source
from db.query import QueryError
from db.reads import _tables as reads_tables

BASE = dt.datetime(2022, 5, 1, 12, tzinfo=dt.UTC)
# (title, text, [(quote, speaker)]): article i is published i hours before BASE
ARTICLES = [
    ("Drone strike at the airport", "A drone strike hit the airport road before dawn.",
     [("We will respond at a time of our choosing", "Ministry spokesman")]),
    ("Markets steady", "Oil prices rose after the strike, traders said. Strikes by dockworkers continued.",
     [("Nobody expected this", "Alma Ferreira")]),
    ("Airport reopens", "Flights resumed at the AIRPORT; the road to the terminal stays closed.", []),
    ("Dockworkers' strike ends", "The union said the strike had ended. No drone was involved.",
     [("The strike is over", "union leader")]),
    ("Weather", "Rain in the north, sun in the south. Québec had snow.", []),
    ("Escalation fears", "Analysts warned of escalating tension and an escalation of attacks.",
     [("Escalation is not inevitable", "Alma Ferreira")]),
]


def _load(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Event).values(id=1, slug="e", name="E", terms=["x"], related=[]))
        conn.execute(insert(Source).values(id=1, domain="a.example"))
        for i, (title, body, quotes) in enumerate(ARTICLES):
            when = BASE - dt.timedelta(hours=i)
            conn.execute(insert(Article).values(
                id=i + 1, canonical_url=f"https://a.example/{i}", url=f"https://a.example/{i}", source_id=1,
                title=title, text=body, published_at=when, fetched_at=when, content_hash=f"h{i}",
                quote_count=len(quotes), sentence_count=1))
            conn.execute(insert(ArticleEvent).values(article_id=i + 1, event_id=1, relevance=2.0))
            for q, (said, who) in enumerate(quotes):
                conn.execute(insert(Quote).values(article_id=i + 1, start=q, end=q + 1, text=said, key=said,
                                                  speaker_raw=who, tone=0.0))
        rollups.rebuild(conn, 1)


def _titles(engine: Engine, query: str, **kw: object) -> list[str]:
    frame, _ = reads_tables.page(engine, "articles", Filters(event="e"), 100, search=query, **kw)
    return list(frame["title"])


@pytest.mark.parametrize(("query", "expected"), [
    ("strike", ["Drone strike at the airport", "Markets steady", "Dockworkers' strike ends"]),
    ("STRIKE airport", ["Drone strike at the airport"]),
    ("strike AND airport", ["Drone strike at the airport"]),
    ("strike -drone", ["Markets steady"]),
    ("strike NOT drone", ["Markets steady"]),
    ('"drone strike"', ["Drone strike at the airport"]),  # Dockworkers' has both words, not side by side
    ('"strike drone"', []),
    ("strik*", ["Drone strike at the airport", "Markets steady", "Dockworkers' strike ends"]),
    ("escalat*", ["Escalation fears"]),
    ("esc*", ["Escalation fears"]),  # a prefix FTS5 holds an index of (3 and 4 characters): probed when walking
    ("str* -drone", ["Markets steady"]),
    ("escalation", ["Escalation fears"]),
    ("airport OR snow", ["Drone strike at the airport", "Airport reopens", "Weather"]),
    ("(airport OR union) road", ["Drone strike at the airport", "Airport reopens"]),
    ("union OR airport road", ["Drone strike at the airport", "Airport reopens", "Dockworkers' strike ends"]),
    ("Québec", ["Weather"]),
    ("or", []),  # a lower-case keyword is a word, and no text has it
    ("striking", []),  # no stemming: the same on both engines
    ("drone NEAR/3 airport", ["Drone strike at the airport"]),  # drone strike hit the airport: 3 between
    ("drone NEAR/2 airport", []),
    ("(drone NEAR/3 airport) OR snow", ["Drone strike at the airport", "Weather"]),
    ("strike -(drone NEAR/3 airport)", ["Markets steady", "Dockworkers' strike ends"]),
])
@pytest.mark.parametrize("plan", ["read every match", "walk newest first and probe"])
def test_query_matches(engine: Engine, query: str, expected: list[str], plan: str,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Both plans give the same rows: on SQLite see fulltext.dense, on PostgreSQL fulltext.sparse (a
    store this small reads every match first, unless told that no search is sparse)."""
    if plan.startswith("walk"):
        monkeypatch.setattr(fulltext, "DENSE_FACTOR", 0.0)  # every search with a match counts as dense
        monkeypatch.setattr(fulltext, "PG_SPARSE_FACTOR", 0.0)  # and none as sparse
    _load(engine)
    assert _titles(engine, query) == expected  # newest first


@pytest.mark.parametrize("dense", [600.0, 0.0])
def test_quotes_match_text_and_speaker(engine: Engine, dense: float, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fulltext, "DENSE_FACTOR", dense)
    _load(engine)
    f = Filters(event="e")
    by_text, _ = reads_tables.page(engine, "quotes", f, 50, search="escalation")
    assert list(by_text["quote"]) == ["Escalation is not inevitable"]
    by_speaker, _ = reads_tables.page(engine, "quotes", f, 50, search='"alma ferreira"')
    assert list(by_speaker["quote"]) == ["Nobody expected this", "Escalation is not inevitable"]
    assert reads_tables.total(engine, "quotes", f, search="ferreira") == (2, True)


def test_best_match_ranks_and_pages_every_match_once(engine: Engine) -> None:
    _load(engine)
    ranked = _titles(engine, "strike", order="best")
    assert sorted(ranked) == sorted(_titles(engine, "strike"))
    assert ranked[0] in ("Drone strike at the airport", "Dockworkers' strike ends")  # the word in the title
    assert ranked[-1] == "Markets steady"
    walked, cursor = [], None
    for _ in range(10):
        frame, cursor = reads_tables.page(engine, "articles", Filters(event="e"), 1, cursor, search="strike",
                                          order="best")
        walked += list(frame["title"])
        if cursor is None:
            break
    assert walked == ranked


def test_best_match_ranks_the_newest_matches(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking reads every ranked row's index entry, so it ranks a window of the newest matches."""
    _load(engine)
    monkeypatch.setattr(reads_tables, "RANK_WINDOW", 2)
    assert _titles(engine, "strike", order="best") == ["Drone strike at the airport", "Markets steady"]
    assert _titles(engine, "strike airport", order="best") == ["Drone strike at the airport"]
    f = Filters(event="e")  # the header count and the export still hold every match
    assert reads_tables.total(engine, "articles", f, search="strike", order="best") == (3, True)
    exported = pd.concat(reads_tables.stream(engine, "articles", f, search="strike", order="best"))
    assert len(exported) == 3


def test_index_follows_inserts_updates_and_deletes(engine: Engine) -> None:
    _load(engine)
    with engine.begin() as conn:
        conn.execute(update(Article).where(Article.id == 5).values(text="A tornado crossed the plains."))
        conn.execute(update(Article).where(Article.id == 1).values(quote_count=7))  # not an indexed column
        conn.execute(delete(Article).where(Article.id == 3))
    assert _titles(engine, "tornado") == ["Weather"]
    assert _titles(engine, "snow") == []
    assert _titles(engine, "airport") == ["Drone strike at the airport"]
    assert fulltext.rebuild(engine) == {"articles": 5, "quotes": 4}
    assert _titles(engine, "tornado OR airport") == ["Drone strike at the airport", "Weather"]


@pytest.mark.parametrize("query", ['"drone', "strike OR", "(strike", "-strike", "a OR -b", "!!! ?", "ab.c*", "a:*"])
def test_bad_searches_raise_query_errors(engine: Engine, query: str) -> None:
    _load(engine)
    with pytest.raises(QueryError, match=r"^column \d+: "):
        _titles(engine, query)


def test_search_survives_what_engines_read_as_syntax(engine: Engine) -> None:
    _load(engine)
    for query in ('NEAR(a b)', 'title:strike', "strike' OR 1=1", "x & y | !z", "{a}", "^strike"):
        _titles(engine, query)  # whatever they match, they are searched for as words, never run as syntax


def test_sqlite_keeps_prefix_indexes_of_three_and_four_characters(tmp_path: Path) -> None:
    """What lets a walk probe a short prefix in one lookup (migration 0017, fulltext._probe_fast);
    PostgreSQL answers prefixes from its GIN index."""
    store = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    upgrade(store)
    with store.connect() as conn:
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").scalar_one()
    store.dispose()
    assert "prefix='3 4'" in sql
    assert fulltext.INDEXES["articles"].prefix_lengths == (3, 4)
