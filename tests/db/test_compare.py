"""Compare on both backends, on a store small enough to count by hand: three events, one article in two
of them, one dismissed; volume, the share of all distinct stored coverage, tone and figures per subject,
for events (rollups) and a saved search (raw rows through the query compiler), and both paths agree."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, insert, select

from db import curation, rollups
from db.filters import Filters
from db.models import Article, ArticleEvent, DailyStored, Event, Figure, Quote, Source
from db.reads import compare
from db.reads import saved as reads_saved

DAY1, DAY2 = dt.date(2031, 5, 1), dt.date(2031, 5, 2)
EVENTS = {1: "alpha-summit", 2: "beta-flood", 3: "gamma-vote"}
FIGURES = [(1, "Mira Castellan", "person"), (2, "Oskar Venn", "person"), (3, "Harbour Authority", "org")]
# number: (day, hour, events, tone, text, [figure ids quoted])
ARTICLES = {
    1: (DAY1, 9, [1], 0.5, "Harbour talks open at the summit", [1, 1, 2]),
    2: (DAY1, 10, [1], -0.1, "Summit delegates cross the bridge", []),
    3: (DAY1, 11, [1, 2], 0.2, "Harbour flood delays the summit", [1, 3]),
    4: (DAY1, 12, [2], -0.6, "Flood waters rise in the valley", [2, 2]),
    5: (DAY1, 13, [3], 0.0, "Vote count begins", []),
    6: (DAY1, 14, [1], 0.9, "Harbour gossip column", [2, 2, 2]),  # dismissed from alpha-summit below
    8: (DAY2, 9, [1], 0.3, "Summit closes with a communique", [2]),
    9: (DAY2, 10, [3], 0.1, "Vote result announced", []),
    10: (DAY2, 11, [3], 0.1, "Turnout figures", []),
    11: (DAY2, 12, [2], None, "Flood relief arrives", []),
}
VIEW = Filters(event="alpha-summit", date_from=DAY1, date_to=DAY2)


def _load(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Event), [{"id": i, "slug": s, "name": s.title(), "terms": ["x"], "related": []}
                                     for i, s in EVENTS.items()])
        conn.execute(insert(Source), [{"id": 1, "domain": "north.example"}, {"id": 2, "domain": "south.example"}])
        conn.execute(insert(Figure), [{"id": i, "name": n, "kind": k} for i, n, k in FIGURES])
        links = []
        for n, (day, hour, events, tone, text, quoted) in ARTICLES.items():
            when = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)
            conn.execute(insert(Article).values(
                id=n, canonical_url=f"https://north.example/{n}", url=f"https://north.example/{n}",
                source_id=1 + n % 2, title=text, text=text, published_at=when, fetched_at=when,
                content_hash=f"h{n}", language="en", tone=tone, quote_count=len(quoted), sentence_count=1))
            conn.execute(insert(ArticleEvent), [{"article_id": n, "event_id": e, "relevance": 2.0} for e in events])
            links += [(n, e) for e in events]
            for q, figure in enumerate(quoted):
                conn.execute(insert(Quote).values(article_id=n, start=q, end=q + 1, text=f"said {n}.{q}",
                                                  key=f"said {n}.{q}", speaker_raw="x", figure_id=figure, tone=0.0))
        rollups.add_links(conn, links)  # as an ingest batch keeps the rollups
        curation.dismiss(conn, "alpha-summit", ["https://north.example/6"], "a gossip column")
    reads_saved.save(engine, "alpha-summit", "harbour", "harbour")


@pytest.fixture
def store(engine: Engine) -> Engine:
    _load(engine)
    return engine


SUBJECTS = [compare.Subject("alpha-summit"), compare.Subject("beta-flood"),
            compare.Subject("alpha-summit", "harbour")]


def _by(frame: pd.DataFrame, column: str) -> dict[tuple[str, dt.date], object]:
    return {(s, p.date()): v for s, p, v in zip(frame["subject"], frame["period"], frame[column], strict=True)}


def test_counts_shares_and_tone_per_subject_by_hand(store: Engine) -> None:
    frame = compare.series(store, VIEW, SUBJECTS)
    harbour = "harbour (in alpha-summit)"
    # all distinct coverage: day 1 is articles 1-5 (3 is in two events, counted once; 6 is dismissed
    # from its only event), day 2 is 8-11
    assert set(zip(frame["period"].dt.date, frame["all_articles"], strict=True)) == {(DAY1, 5), (DAY2, 4)}
    assert _by(frame, "articles") == {("alpha-summit", DAY1): 3, ("alpha-summit", DAY2): 1,
                                      ("beta-flood", DAY1): 2, ("beta-flood", DAY2): 1,
                                      (harbour, DAY1): 2, (harbour, DAY2): 0}
    assert _by(frame, "share") == {("alpha-summit", DAY1): 0.6, ("alpha-summit", DAY2): 0.25,
                                   ("beta-flood", DAY1): 0.4, ("beta-flood", DAY2): 0.25,
                                   (harbour, DAY1): 0.4, (harbour, DAY2): 0.0}
    tone = _by(frame, "mean_tone")
    assert tone[("alpha-summit", DAY1)] == pytest.approx((0.5 - 0.1 + 0.2) / 3, abs=1e-4)
    assert tone[("beta-flood", DAY1)] == pytest.approx((0.2 - 0.6) / 2, abs=1e-4)
    assert tone[(harbour, DAY1)] == pytest.approx((0.5 + 0.2) / 2, abs=1e-4)
    assert pd.isna(tone[("beta-flood", DAY2)]) and pd.isna(tone[(harbour, DAY2)])  # nothing toned
    assert list(dict.fromkeys(frame["subject"])) == ["alpha-summit", "beta-flood", harbour]


def test_top_figures_and_their_share_of_each_subjects_quotes(store: Engine) -> None:
    frame = compare.figures(store, VIEW, SUBJECTS, top=5)
    got = {(s, fig): (q, sh) for s, fig, q, sh in zip(frame["subject"], frame["figure"], frame["quotes"],
                                                      frame["share"], strict=True)}
    # alpha: Mira 2 + 1, Oskar 1 + 1 (article 6's three are dismissed); the organisation is left out
    assert got == {("alpha-summit", "Mira Castellan"): (3, 0.6), ("alpha-summit", "Oskar Venn"): (2, 0.4),
                   ("beta-flood", "Oskar Venn"): (2, round(2 / 3, 4)),
                   ("beta-flood", "Mira Castellan"): (1, round(1 / 3, 4)),
                   ("harbour (in alpha-summit)", "Mira Castellan"): (3, 0.75),
                   ("harbour (in alpha-summit)", "Oskar Venn"): (1, 0.25)}
    orgs = compare.figures(store, VIEW, SUBJECTS[:1], top=5, kind="org")
    assert list(zip(orgs["figure"], orgs["quotes"], orgs["share"], strict=True)) == [("Harbour Authority", 1, 1.0)]


def test_rollup_and_raw_paths_agree(store: Engine) -> None:
    rolled = compare.series(store, VIEW, SUBJECTS[:2])
    raw = compare.series(store, VIEW.with_(lang="en"), SUBJECTS[:2])  # a language filter reads raw rows
    assert rolled[["articles", "all_articles", "share"]].equals(raw[["articles", "all_articles", "share"]])
    assert compare.figures(store, VIEW, SUBJECTS[:2]).equals(compare.figures(store, VIEW.with_(lang="en"),
                                                                             SUBJECTS[:2]))


def test_another_time_zone_moves_articles_between_days(store: Engine) -> None:
    """On Kiritimati (UTC+14) an article from 10:00 UTC on falls on the next day's date: alpha's articles
    2 and 3 join article 8 on the second day, and article 9 leaves the window."""
    view = Filters(event="alpha-summit", date_from=DAY1, date_to=DAY2, tz="Pacific/Kiritimati")
    frame = compare.series(store, view, SUBJECTS[:1])
    assert _by(frame, "articles") == {("alpha-summit", DAY1): 1, ("alpha-summit", DAY2): 3}
    assert set(zip(frame["period"].dt.date, frame["all_articles"], strict=True)) == {(DAY1, 1), (DAY2, 5)}


def test_restoring_a_dismissed_article_counts_it_again(store: Engine) -> None:
    with store.begin() as conn:
        curation.restore(conn, "alpha-summit", ["https://north.example/6"])
    frame = compare.series(store, VIEW, SUBJECTS[:1])
    assert _by(frame, "articles")[("alpha-summit", DAY1)] == 4
    assert _by(frame, "share")[("alpha-summit", DAY1)] == round(4 / 6, 4)


def _stored(engine: Engine) -> dict[tuple[int, dt.date], int]:
    with engine.connect() as conn:
        return {(s, rollups._as_date(d)): n for s, d, n in conn.execute(
            select(DailyStored.source_id, DailyStored.day, DailyStored.articles))}


def test_the_whole_is_kept_by_links_dismissals_and_rebuilds(store: Engine) -> None:
    """daily_stored counts each covered article once per outlet day: kept by added links (an article's
    second link adds nothing), by a dismissal's refresh, and equal to a rebuild."""
    expected = {(1, DAY1): 2, (2, DAY1): 3, (1, DAY2): 2, (2, DAY2): 2}  # article n is of outlet 1 + n % 2
    assert _stored(store) == expected
    with store.begin() as conn:
        conn.execute(insert(ArticleEvent).values(article_id=5, event_id=1, relevance=1.0))
        rollups.add_links(conn, [(5, 1)])
    assert _stored(store) == expected
    with store.begin() as conn:
        curation.dismiss(conn, "gamma-vote", ["https://north.example/9"])  # its only event
    assert _stored(store) == expected | {(2, DAY2): 1}
    with store.begin() as conn:
        rollups.rebuild(conn, 3)
    assert _stored(store) == expected | {(2, DAY2): 1}


def test_unknown_subjects_and_tokens(store: Engine) -> None:
    with pytest.raises(compare.CompareError, match="no event 'nope'"):
        compare.series(store, VIEW, [compare.Subject("nope")])
    with pytest.raises(compare.CompareError, match="no saved search 'gone' for event 'alpha-summit'"):
        compare.series(store, VIEW, [compare.Subject("alpha-summit", "gone")])
    assert compare.parse_subject("saved:alpha-summit/harbour") == compare.Subject("alpha-summit", "harbour")
    assert compare.parse_subject("event:beta-flood") == compare.parse_subject("beta-flood")
    with pytest.raises(compare.CompareError):
        compare.parse_subject("saved:harbour")
    assert [s.token for s in compare.options(store)] == ["event:alpha-summit", "saved:alpha-summit/harbour",
                                                         "event:beta-flood", "event:gamma-vote"]
    assert compare.saved_owners(store, "harbour") == ["alpha-summit"]


def test_the_csv_says_what_its_shares_are_parts_of(store: Engine) -> None:
    subjects = compare.resolve(store, SUBJECTS[2:])
    frame = compare.series(store, VIEW, subjects)
    text = compare.to_csv(frame, "volume", VIEW, subjects)
    assert "# subject: harbour (in alpha-summit) · query: harbour" in text
    assert "# share_of: every distinct stored article" in text
    assert "2031-05-01T00:00:00,harbour (in alpha-summit),2,5,0.4" in text
