"""Every read the dashboard and the exports use. Each returns a DataFrame of a documented shape.

Aggregation happens in SQL. Time series read the daily rollups when the view is in UTC days or
weeks (cost grows with days x sources, not articles); a view in another time zone, by the hour or by
language aggregates raw rows to UTC hours in SQL (at most 24 x days rows come back) and only those
buckets are shifted into the chosen zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal_column, select

from db.filters import Filters, zone
from db.models import Article, ArticleEvent, DailyCoverage, DailyFigure, Event, Figure, Quote, Source
from db.rollups import AnySelect

SERIES_COLUMNS = ["period", "articles", "originals", "mean_tone", "quotes"]


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


def article_conditions(f: Filters, eid: int) -> list[Any]:
    """WHERE conditions on articles (joined with article_events and sources) for the filters."""
    start, end = f.utc_bounds()
    conds: list[Any] = [ArticleEvent.event_id == eid]
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


def uses_rollup(f: Filters) -> bool:
    return f.is_utc and f.gran in ("day", "week") and not f.lang


def rollup_conditions(f: Filters, table: Any, eid: int) -> list[Any]:
    conds: list[Any] = [table.event_id == eid]
    if f.date_from:
        conds.append(table.day >= f.date_from)
    if f.date_to:
        conds.append(table.day <= f.date_to)
    if f.sources:
        conds.append(table.source_id.in_(select(Source.id).where(Source.domain.in_(f.sources))))
    return conds


def hour_bucket(engine: Engine) -> Any:
    if engine.dialect.name == "postgresql":
        return func.date_trunc("hour", Article.published_at)
    return func.strftime("%Y-%m-%d %H:00:00", Article.published_at)


def _daily_from_rollup(engine: Engine, f: Filters, eid: int) -> pd.DataFrame:
    stmt = (select(DailyCoverage.day, func.sum(DailyCoverage.articles), func.sum(DailyCoverage.originals),
                   func.sum(DailyCoverage.tone_sum), func.sum(DailyCoverage.tone_count),
                   func.sum(DailyCoverage.quotes))
            .where(*rollup_conditions(f, DailyCoverage, eid)).group_by(DailyCoverage.day))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["period", "articles", "originals", "tone_sum", "tone_count", "quotes"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def _hourly_raw(engine: Engine, f: Filters, eid: int) -> pd.DataFrame:
    """UTC-hour buckets aggregated in SQL, then shifted into the filter's time zone."""
    qc = select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
    hour = hour_bucket(engine).label("hour")
    stmt = (filtered_articles(f, eid, hour, func.count(), func.sum(case((Article.duplicate_of.is_(None), 1),
                                                                        else_=0)),
                              func.coalesce(func.sum(Article.tone), 0.0), func.count(Article.tone),
                              func.coalesce(func.sum(qc.c.n), 0))
            .outerjoin(qc, qc.c.article_id == Article.id).group_by(literal_column("hour")))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["period", "articles", "originals", "tone_sum", "tone_count", "quotes"])
    stamps = pd.to_datetime(frame["period"], utc=True)
    frame["period"] = stamps.dt.tz_convert(zone(f.tz)).dt.tz_localize(None)
    return frame


def _regroup(frame: pd.DataFrame, freq: str) -> pd.DataFrame:
    keyed = frame.assign(period=frame["period"].dt.to_period(freq).dt.start_time)
    return keyed.groupby("period", as_index=False)[["articles", "originals", "tone_sum", "tone_count",
                                                    "quotes"]].sum()


def full_range(frame: pd.DataFrame, f: Filters, engine: Engine, freq: str) -> pd.DatetimeIndex:
    first, last = f.date_from, f.date_to
    if first is None or last is None:
        span = event_span(engine, f.event)
        first = first or span[0] or (frame["period"].min().date() if len(frame) else dt.date.today())
        last = last or span[1] or first
    end = pd.Timestamp(last) + (pd.Timedelta(hours=23) if freq == "h" else pd.Timedelta(0))
    start = pd.Timestamp(first).to_period(freq).start_time
    return pd.date_range(start, end, freq={"h": "h", "D": "D", "W": "W-MON"}[freq])


def series(engine: Engine, f: Filters, gran: str | None = None) -> pd.DataFrame:
    """period, articles, originals, mean_tone, quotes — one row per period of the range (zeros filled).

    `gran` overrides the filter's granularity (the daily export is always by day).
    """
    gran = gran or f.gran
    eid = event_id(engine, f.event)
    freq = {"hour": "h", "day": "D", "week": "W"}[gran]
    rollup = uses_rollup(f.with_(gran=gran))
    frame = _daily_from_rollup(engine, f, eid) if rollup else _hourly_raw(engine, f, eid)
    frame = _regroup(frame, freq) if len(frame) else frame
    index = full_range(frame, f, engine, freq)
    frame = frame.set_index("period").reindex(index, fill_value=0).rename_axis("period").reset_index()
    counts = ["articles", "originals", "quotes", "tone_count"]
    frame[counts] = frame[counts].astype("int64")
    frame["mean_tone"] = (frame["tone_sum"] / frame["tone_count"].where(frame["tone_count"] > 0)).round(4)
    return frame[SERIES_COLUMNS]


def daily(engine: Engine, f: Filters) -> pd.DataFrame:
    """day, articles, originals, mean_tone, quotes — the `daily` export (one row per day)."""
    frame = series(engine, f, "day")
    return frame.rename(columns={"period": "day"}).assign(day=lambda d: d["day"].dt.date)


def _kpi_values(engine: Engine, stmt: AnySelect, figures: AnySelect) -> dict[str, float | int | None]:
    """Run the KPI statement (articles, originals, sources, mean tone, quotes) and the figure count."""
    with engine.connect() as conn:
        articles, originals, sources, tone, quotes = conn.execute(stmt).one()
        n_figures = conn.execute(figures).scalar_one()
    return {"articles": int(articles or 0), "originals": int(originals or 0), "sources": int(sources or 0),
            "quotes": int(quotes or 0), "figures": int(n_figures or 0),
            "mean_tone": round(float(tone), 4) if tone is not None else None}


def _kpis_from_rollup(engine: Engine, f: Filters, eid: int) -> dict[str, float | int | None]:
    stmt = select(func.sum(DailyCoverage.articles), func.sum(DailyCoverage.originals),
                  func.count(func.distinct(DailyCoverage.source_id)),
                  func.sum(DailyCoverage.tone_sum) / func.nullif(func.sum(DailyCoverage.tone_count), 0),
                  func.sum(DailyCoverage.quotes)).where(*rollup_conditions(f, DailyCoverage, eid))
    figures = select(func.count(func.distinct(DailyFigure.figure_id))).where(
        *rollup_conditions(f, DailyFigure, eid))
    return _kpi_values(engine, stmt, figures)


def kpis(engine: Engine, f: Filters) -> dict[str, float | int | None]:
    """Headline numbers for the filtered view: articles, originals, sources, quotes, figures, mean tone.

    Mean tone is the mean of article tones. Read from the rollups when the view is in UTC days.
    """
    eid = event_id(engine, f.event)
    if uses_rollup(f.with_(gran="day")):
        return _kpis_from_rollup(engine, f, eid)
    qc = select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
    stmt = (filtered_articles(f, eid, func.count(), func.sum(case((Article.duplicate_of.is_(None), 1),
                                                                  else_=0)),
                              func.count(func.distinct(Article.source_id)), func.avg(Article.tone),
                              func.coalesce(func.sum(qc.c.n), 0))
            .outerjoin(qc, qc.c.article_id == Article.id))
    figures = filtered_articles(f, eid, func.count(func.distinct(Quote.figure_id))).join(
        Quote, Quote.article_id == Article.id)
    return _kpi_values(engine, stmt, figures)


def top_figures(engine: Engine, f: Filters, limit: int = 10) -> pd.DataFrame:
    """figure, quotes, mean_tone — most quoted figures in the view."""
    eid = event_id(engine, f.event)
    if uses_rollup(f):
        stmt = (select(Figure.name, func.sum(DailyFigure.quotes).label("quotes"),
                       (func.sum(DailyFigure.tone_sum) / func.sum(DailyFigure.tone_count)).label("tone"))
                .join(Figure, Figure.id == DailyFigure.figure_id)
                .where(*rollup_conditions(f, DailyFigure, eid)).group_by(Figure.name))
    else:
        stmt = (filtered_articles(f, eid, Figure.name, func.count().label("quotes"),
                                  func.avg(Quote.tone).label("tone"))
                .join(Quote, Quote.article_id == Article.id).join(Figure, Figure.id == Quote.figure_id)
                .group_by(Figure.name))
    stmt = stmt.order_by(literal_column("quotes").desc(), Figure.name).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["figure", "quotes", "mean_tone"])
    frame["quotes"] = frame["quotes"].astype("int64")
    frame["mean_tone"] = frame["mean_tone"].astype(float).round(4)
    return frame
