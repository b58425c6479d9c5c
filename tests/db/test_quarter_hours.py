"""Views in other time zones (and by the hour) read the event's quarter hours, on both backends: the same
series as grouping the raw rows, also in zones whose offset is not whole hours, with a local midnight
falling between two articles a few minutes apart."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine, insert

from db import rollups
from db.filters import Filters
from db.models import Article, ArticleEvent, Event, Source
from db.reads import _scope
from db.reads import overview as reads_overview

BASE = dt.datetime(2020, 1, 3, tzinfo=dt.UTC)
# minutes after BASE: 20:25Z and 20:35Z are 23:55 and 00:05 in Tehran (+3:30); 18:10Z and 18:20Z are 23:55
# and 00:05 in Kathmandu (+5:45); the others spread over three days
MINUTES = [20 * 60 + 25, 20 * 60 + 35, 18 * 60 + 10, 18 * 60 + 20, 5, 600, 1500, 2900, 3000, 4300]


def _load(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Event).values(id=1, slug="e", name="E", terms=["x"], related=[]))
        conn.execute(insert(Source), [{"id": 1, "domain": "a.example"}, {"id": 2, "domain": "b.example"}])
        conn.execute(insert(Article), [
            {"id": i + 1, "canonical_url": f"https://a.example/{i}", "url": f"https://a.example/{i}",
             "source_id": 1 + i % 2, "title": f"T{i}", "text": "x", "published_at": BASE + dt.timedelta(minutes=m),
             "fetched_at": BASE, "content_hash": f"h{i}", "tone": (i % 5 - 2) / 4, "quote_count": 0,
             "duplicate_of": 1 if i in (4, 5) else None} for i, m in enumerate(MINUTES)])
        conn.execute(insert(ArticleEvent), [{"article_id": i + 1, "event_id": 1, "relevance": 1.0}
                                            for i in range(len(MINUTES))])
        rollups.rebuild(conn, 1)  # the links were written directly


def _expected(f: Filters) -> dict[pd.Timestamp, int]:
    """Articles per local period, each article's own time put in the zone (what the series must say)."""
    stamps = pd.Series([BASE + dt.timedelta(minutes=m) for m in MINUTES]).dt.tz_convert(f.tz).dt.tz_localize(None)
    periods = stamps.dt.to_period({"hour": "h", "day": "D", "week": "W"}[f.gran]).dt.start_time
    return {k: int(v) for k, v in periods.value_counts().items()}


@pytest.mark.parametrize("tz", ["Asia/Tehran", "Asia/Kathmandu", "America/New_York", "UTC"])
@pytest.mark.parametrize("gran", ["hour", "day", "week"])
@pytest.mark.parametrize("sources", [(), ("a.example", "b.example")])  # an outlet filter reads raw rows
def test_each_article_counts_in_its_local_period(engine: Engine, tz: str, gran: str, sources: tuple[str, ...]
                                                 ) -> None:
    _load(engine)
    f = Filters(event="e", date_from=dt.date(2020, 1, 2), date_to=dt.date(2020, 1, 7), tz=tz, gran=gran,
                sources=sources)
    summed = reads_overview.series(engine, f)
    assert {p: n for p, n in zip(summed["period"], summed["articles"], strict=True) if n} == _expected(f)


@pytest.mark.parametrize("tz", ["America/New_York", "Europe/Paris"])
@pytest.mark.parametrize("gran", ["hour", "day"])
def test_quarter_hours_give_the_raw_series_in_whole_hour_zones(engine: Engine, tz: str, gran: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Raw rows are grouped by UTC hour, which is exact only where the offset is whole hours."""
    _load(engine)
    f = Filters(event="e", date_from=dt.date(2020, 1, 2), date_to=dt.date(2020, 1, 7), tz=tz, gran=gran)
    summed = reads_overview.series(engine, f)
    monkeypatch.setattr(reads_overview, "uses_quarters", lambda _f: False)
    pd.testing.assert_frame_equal(summed, reads_overview.series(engine, f))


def test_a_local_midnight_between_two_quarter_hours(engine: Engine) -> None:
    _load(engine)
    f = Filters(event="e", date_from=dt.date(2020, 1, 3), date_to=dt.date(2020, 1, 4), tz="Asia/Tehran")
    assert _scope.uses_quarters(f) and not _scope.uses_rollup(f)
    daily = reads_overview.daily(engine, f)
    # Tehran's 3rd holds 03:35, 13:30, 21:40, 21:50 and 23:55 (20:25Z); its 4th 00:05 (20:35Z) and 04:30
    assert dict(zip(daily["day"], daily["articles"], strict=True)) == {dt.date(2020, 1, 3): 5, dt.date(2020, 1, 4): 2}
