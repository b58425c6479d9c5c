"""The view as SQL: which event, which articles and which rollup cells a `Filters` selects.

Every read starts here, so a filter means the same thing on every page, export and rollup path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from db.filters import Filters
from db.models import (
    Article,
    ArticleEvent,
    DailyCoverage,
    DailyFigure,
    DailyFigureTotal,
    Event,
    QuarterHourCoverage,
    Source,
)
from db.rollups import AnySelect, bucket_of


class UnknownEventError(LookupError):
    """The filters name an event the store does not have."""


def events(engine: Engine) -> pd.DataFrame:
    """slug, name, start — every event, newest start first."""
    stmt = select(Event.slug, Event.name, Event.start).order_by(Event.start.desc().nulls_last(), Event.slug)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=["slug", "name", "start"])


def event_id(engine: Engine, slug: str) -> int:
    with engine.connect() as conn:
        found = conn.execute(select(Event.id).where(Event.slug == slug)).scalar_one_or_none()
    if found is None:
        raise UnknownEventError(f"no event {slug!r} in the store")
    return int(found)


def event_sources(engine: Engine, slug: str) -> list[str]:
    """Domains with coverage of the event, most articles first (for the source filter)."""
    eid = event_id(engine, slug)
    stmt = (select(Source.domain).join(DailyCoverage, DailyCoverage.source_id == Source.id)
            .where(DailyCoverage.event_id == eid).group_by(Source.domain)
            .order_by(func.sum(DailyCoverage.articles).desc(), Source.domain))
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def event_languages(engine: Engine, slug: str) -> list[str]:
    eid = event_id(engine, slug)
    stmt = (select(Article.language).join(ArticleEvent, ArticleEvent.article_id == Article.id)
            .where(ArticleEvent.event_id == eid, Article.language.is_not(None)).distinct()
            .order_by(Article.language))
    with engine.connect() as conn:
        return [lang for lang in conn.execute(stmt).scalars() if lang]


def event_span(engine: Engine, slug: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last UTC day with coverage."""
    eid = event_id(engine, slug)
    stmt = select(func.min(DailyCoverage.day), func.max(DailyCoverage.day)).where(DailyCoverage.event_id == eid)
    with engine.connect() as conn:
        first, last = conn.execute(stmt).one()
    return first, last


def default_dates(engine: Engine, slug: str) -> tuple[dt.date | None, dt.date | None]:
    """The range a view opens on: the days with coverage, narrowed to the configured event window
    (start-1 to end+1, the grace days an article may join in) so a stray late article does not stretch
    every chart; the whole coverage span when the window holds none of it."""
    first, last = event_span(engine, slug)
    with engine.connect() as conn:
        row = conn.execute(select(Event.start, Event.end).where(Event.slug == slug)).one_or_none()
    start, end = row if row else (None, None)
    lo = max(first, start - dt.timedelta(days=1)) if first and start else first or start
    hi = min(last, end + dt.timedelta(days=1)) if last and end else last or end
    if lo and hi and lo > hi:
        return first, last
    return lo, hi


def event_start(engine: Engine, slug: str) -> dt.date | None:
    """The event's configured start day (None when not configured)."""
    with engine.connect() as conn:
        return conn.execute(select(Event.start).where(Event.slug == slug)).scalar_one_or_none()


def article_conditions(f: Filters, eid: int) -> list[Any]:
    """WHERE conditions on articles (joined with article_events and sources) for the filters."""
    return [ArticleEvent.event_id == eid, *_article_filters(f)]


def _article_filters(f: Filters) -> list[Any]:
    """The filters' conditions on articles and their sources (not on event membership)."""
    start, end = f.utc_bounds()
    conds: list[Any] = []
    if start:
        conds.append(Article.published_at >= start)
    if end:
        conds.append(Article.published_at < end)
    if f.sources:
        conds.append(Source.domain.in_(f.sources))
    if f.lang:
        conds.append(Article.language == f.lang)
    return conds


def filtered_articles(f: Filters, eid: int, *columns: Any) -> AnySelect:
    return (select(*columns).select_from(ArticleEvent)
            .join(Article, Article.id == ArticleEvent.article_id)
            .join(Source, Source.id == Article.source_id)
            .where(and_(*article_conditions(f, eid))))


def listed_articles(f: Filters, eid: int, *columns: Any) -> AnySelect:
    """The filtered articles for a table read newest first a page at a time: event membership is an
    EXISTS probe of article_events' primary key, so both backends walk the articles' published_at
    index backwards and stop after one page, instead of reading every article of the event and
    sorting them (100 ms at 100,000 articles on SQLite, growing with the store)."""
    member = select(ArticleEvent.article_id).where(ArticleEvent.article_id == Article.id,
                                                   ArticleEvent.event_id == eid).exists()
    return (select(*columns).select_from(Article).join(Source, Source.id == Article.source_id)
            .where(member, *_article_filters(f)))


def uses_rollup(f: Filters) -> bool:
    return f.is_utc and f.gran in ("day", "week") and not f.lang


def uses_quarters(f: Filters) -> bool:
    """Whether a view the daily rollups cannot serve (another time zone, by the hour) can be summed from
    the event's quarter hours (`quarter_hour_coverage`): they are kept over every outlet and language."""
    return not f.lang and not f.sources


def quarter_conditions(f: Filters, eid: int) -> list[Any]:
    """WHERE conditions on `quarter_hour_coverage` for the event and the view's days (in its zone)."""
    start, end = f.utc_bounds()
    conds: list[Any] = [QuarterHourCoverage.event_id == eid]
    if start:
        conds.append(QuarterHourCoverage.bucket >= bucket_of(start))
    if end:
        conds.append(QuarterHourCoverage.bucket < bucket_of(end))
    return conds


def figure_rollup(f: Filters) -> Any:
    """The figure rollup a view reads: per outlet only when it filters outlets, else the totals (one
    row per figure and day instead of one per figure, outlet and day)."""
    return DailyFigure if f.sources else DailyFigureTotal


def rollup_conditions(f: Filters, table: Any, eid: int | None) -> list[Any]:
    """WHERE conditions on a daily rollup table for the filters' days and outlets, and its event (None:
    a table of every event's coverage, `daily_stored`)."""
    conds: list[Any] = [table.event_id == eid] if eid is not None else []
    if f.date_from:
        conds.append(table.day >= f.date_from)
    if f.date_to:
        conds.append(table.day <= f.date_to)
    if f.sources:
        conds.append(table.source_id.in_(select(Source.id).where(Source.domain.in_(f.sources))))
    return conds
