"""NEAR/n and fields (title:, source:, lang:, country:, speaker:) on both backends, on the same rows:
what each matches, alone and inside AND / OR / NOT with words, in the articles and the quotes tables."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert

from db import fulltext, rollups
from db import search as searching
from db.filters import Filters
from db.models import Article, ArticleEvent, Event, Figure, FigureAlias, Quote, Source
from db.reads import _tables as reads_tables

BASE = dt.datetime(2022, 5, 1, 12, tzinfo=dt.UTC)
SOURCES = [(1, "www.nytimes.com", "New York Times", "US"), (2, "lemonde.fr", "Le Monde", "FR"),
           (3, "irna.ir", "IRNA", "IR")]
FIGURES = [(1, "Qassem Soleimani", ["General Soleimani"]), (2, "Donald Trump", ["President Trump"])]
# title, text, source id, language, [(quote, figure id)]; article i is published i hours before BASE
ARTICLES = [
    ("Strike at Baghdad airport", "A drone strike near the airport killed the general.", 1, "en", [("q1", 1)]),
    ("Airport closed", "The airport was closed after a strike by workers on the runway.", 2, "fr", []),
    ("Strike talks", "Unions and the airport authority met; talks of a strike ended at noon today.", 3, "en",
     [("q3", 2)]),
    ("Funeral", "Crowds mourned the general. Airport strike fears kept flights away.", 3, "fa", [("q4", 1)]),
    ("Oil prices", "Prices rose. The strike was far from any airport or runway of the region at all.", 1, "en",
     [("q5", 2), ("q6", 1)]),
]


def _load(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Event).values(id=1, slug="e", name="E", terms=["x"], related=[]))
        conn.execute(insert(Source), [{"id": i, "domain": d, "name": n, "country": c} for i, d, n, c in SOURCES])
        conn.execute(insert(Figure), [{"id": i, "name": n} for i, n, _ in FIGURES])
        conn.execute(insert(FigureAlias), [{"alias": a, "figure_id": i} for i, _, aliases in FIGURES for a in aliases])
        for i, (title, body, source, lang, quotes) in enumerate(ARTICLES):
            when = BASE - dt.timedelta(hours=i)
            conn.execute(insert(Article).values(
                id=i + 1, canonical_url=f"https://x.example/{i}", url=f"https://x.example/{i}", source_id=source,
                title=title, text=body, published_at=when, fetched_at=when, content_hash=f"h{i}", language=lang,
                quote_count=len(quotes), sentence_count=1))
            conn.execute(insert(ArticleEvent).values(article_id=i + 1, event_id=1, relevance=2.0))
            for q, (said, figure) in enumerate(quotes):
                conn.execute(insert(Quote).values(article_id=i + 1, start=q, end=q + 1, text=said, key=said,
                                                  speaker_raw="someone", figure_id=figure, tone=0.0))
        rollups.rebuild(conn, 1)


def _articles(engine: Engine, query: str) -> list[int]:
    """Article numbers (1-based, as in ARTICLES) matching, newest first."""
    frame, _ = reads_tables.page(engine, "articles", Filters(event="e"), 100, search=query)
    return [int(url.rsplit("/", 1)[1]) + 1 for url in frame["url"]]


@pytest.mark.parametrize(("query", "expected"), [
    # NEAR/n: at most n words between, either order, within the title or within the text
    ("strike NEAR/0 airport", [4]),
    ("airport NEAR/0 strike", [4]),
    ("drone NEAR/0 strike", [1]),
    ("strike NEAR/1 airport", [4]),
    ("strike NEAR/2 airport", [1, 4]),
    # article 3: 5 words between in its text, 4 from its title's "strike" to its text's first "airport"
    ("strike NEAR/4 airport", [1, 2, 4, 5]),
    ("strike NEAR/5 airport", [1, 2, 3, 4, 5]),
    ('"drone strike" NEAR/1 airport', []),
    ('"drone strike" NEAR/2 airport', [1]),
    ('airport NEAR/4 "by workers"', []),
    ('airport NEAR/5 "by workers"', [2]),
    ("strik* NEAR/0 airport", [4]),
    ("strike NEAR/2 airport -drone", [4]),
    ("runway NEAR/3 strike OR funeral", [4]),
    ("runway NEAR/4 strike OR funeral", [2, 4]),
    # title: the title only
    ("title:airport", [1, 2]),
    ("title:strike", [1, 3]),
    ('title:"baghdad airport"', [1]),
    ("title:strik*", [1, 3]),
    ("title:airport -title:closed", [1]),
    ("airport -title:airport", [3, 4, 5]),
    # source: domain (with or without www.), or name; lang:; country:
    ("source:nytimes.com", [1, 5]),
    ("source:www.nytimes.com", [1, 5]),
    ('source:"New York Times"', [1, 5]),
    ("source:lemon*", [2]),
    ("lang:FR", [2]),
    ("country:ir", [3, 4]),
    ("strike country:ir", [3, 4]),
    ("strike -country:ir", [1, 2, 5]),
    ("runway OR lang:fa", [2, 4, 5]),
    ("(source:irna.ir OR lang:fr) talks", [3]),
    ("country:us -title:strike", [5]),
    # speaker: a figure's name or alias, contained
    ("speaker:soleimani", [1, 4, 5]),
    ('speaker:"President Trump"', [3, 5]),
    ("speaker:trump -speaker:soleimani", [3]),
    ("general speaker:soleimani", [1, 4]),
    ("speaker:nobody", []),
])
def test_near_and_fields(engine: Engine, query: str, expected: list[int]) -> None:
    _load(engine)
    assert _articles(engine, query) == expected


@pytest.mark.parametrize("dense", [600.0, 0.0])
def test_a_field_beside_a_common_word_on_both_sqlite_plans(engine: Engine, dense: float,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SQLite plan (walk or read the matches, for words and for speakers) gives the same rows."""
    monkeypatch.setattr(fulltext, "DENSE_FACTOR", dense)
    monkeypatch.setattr(searching, "SPEAKER_FACTOR", dense / 8)
    _load(engine)
    assert _articles(engine, "airport country:ir") == [3, 4]
    assert _articles(engine, "airport NEAR/2 strike source:irna.ir") == [4]
    assert _articles(engine, "speaker:soleimani") == [1, 4, 5]
    assert _articles(engine, "general -speaker:trump") == [1, 4]
    assert _articles(engine, "speaker:trump OR title:funeral") == [3, 4, 5]
    assert _articles(engine, "runway OR country:ir") == [2, 3, 4, 5]
    assert _articles(engine, "(title:oil OR source:lemonde.fr) -drone") == [2, 5]
    assert _articles(engine, "(title:oil OR source:lemonde.fr) -runway OR drone") == [1]  # both have runway


def test_fields_in_the_quotes_table(engine: Engine) -> None:
    _load(engine)
    f = Filters(event="e")

    def quotes(query: str) -> list[str]:
        frame, _ = reads_tables.page(engine, "quotes", f, 100, search=query)
        return list(frame["quote"])

    assert quotes("speaker:soleimani") == ["q1", "q4", "q6"]  # the quote's own figure, not its article's
    assert quotes("title:airport") == ["q1"]
    assert quotes("q5 OR country:fr") == ["q5"]
    assert quotes("source:irna.ir -speaker:trump") == ["q4"]


def test_ranked_by_text_with_a_field_and_counted(engine: Engine) -> None:
    _load(engine)
    f = Filters(event="e")
    ranked, _ = reads_tables.page(engine, "articles", f, 100, search="strike source:irna.ir", order="best")
    assert sorted(ranked["title"]) == ["Funeral", "Strike talks"]
    assert ranked["title"].iloc[0] == "Strike talks"  # the word in the title
    assert reads_tables.total(engine, "articles", f, search="speaker:soleimani") == (3, True)
    only_fields, _ = reads_tables.page(engine, "articles", f, 100, search="lang:en", order="best")
    assert len(only_fields) == 3  # nothing to rank by: newest first
