"""Reads of the Overview page: headline numbers, the coverage series (also the `daily` export), top
figures, spikes and the sources table.

UTC views by day or week read the daily rollups (cost grows with days x sources, not articles); a view
in another time zone or by the hour sums the event's quarter hours (`quarter_hour_coverage`); one that
also filters outlets or a language aggregates raw rows to UTC hours in SQL.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, literal_column, select

from db.filters import Filters
from db.models import Article, DailyCoverage, QuarterHourCoverage, Quote
from db.reads._buckets import FREQ, from_quarters, full_range, hour_bucket, periods, to_local
from db.reads._scope import (
    event_id,
    figure_rollup,
    filtered_articles,
    quarter_conditions,
    rollup_conditions,
    uses_quarters,
    uses_rollup,
)
from db.reads._tables import sources as sources
from db.reads.figures import top_figures as top_figures
from db.reads.volume import detect_spikes as detect_spikes
from db.rollups import AnySelect

SERIES_COLUMNS = ["period", "articles", "originals", "mean_tone", "quotes"]


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
    """UTC quarter-hour buckets aggregated in SQL, then shifted into the filter's time zone."""
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
    return to_local(frame, f, raw=True)


def _from_quarters(engine: Engine, f: Filters, eid: int) -> pd.DataFrame:
    """The event's quarter hours in the view's days, as UTC times shifted into its zone."""
    q = QuarterHourCoverage
    stmt = select(q.bucket, q.articles, q.originals, q.tone_sum, q.tone_count, q.quotes).where(
        *quarter_conditions(f, eid))  # one row per bucket already: (event, bucket) is the key
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(stmt)]  # plain tuples: pandas probes Row objects slowly
    frame = pd.DataFrame(rows, columns=["period", "articles", "originals", "tone_sum", "tone_count", "quotes"])
    return to_local(from_quarters(frame), f, raw=True)


def series(engine: Engine, f: Filters, gran: str | None = None) -> pd.DataFrame:
    """period, articles, originals, mean_tone, quotes — one row per period of the range (zeros filled).

    `gran` overrides the filter's granularity (the daily export is always by day).
    """
    gran = gran or f.gran
    eid = event_id(engine, f.event)
    freq = FREQ[gran]
    rollup = uses_rollup(f.with_(gran=gran))
    if rollup:
        frame = _daily_from_rollup(engine, f, eid)
    else:
        frame = _from_quarters(engine, f, eid) if uses_quarters(f) else _hourly_raw(engine, f, eid)
    frame = periods(frame, freq, []) if len(frame) else frame
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
    cells = figure_rollup(f)
    figures = select(func.count(func.distinct(cells.figure_id))).where(*rollup_conditions(f, cells, eid))
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
