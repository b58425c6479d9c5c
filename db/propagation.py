"""Quote propagation: for each distinct quote, where and when it first appeared and who repeated it.

A quote is the same quote when its text is identical after trimming and case-folding. The first
placement is the earliest article carrying it (ties broken by article id); `outlets` counts distinct
sources, `later_outlets` those after the first, `placements` every article carrying it.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from db.filters import Filters
from db.models import Article, Figure, Quote, Source
from db.queries import event_id, filtered_articles
from db.rollups import AnySelect

COLUMNS = ["quote", "figure", "first_source", "first_published_at", "first_url", "outlets", "later_outlets",
           "placements", "last_published_at", "spread_hours"]


def propagation_select(engine: Engine, f: Filters, figure: str | None = None) -> AnySelect:
    """One row per distinct quote in the view, most widely repeated first."""
    eid = event_id(engine, f.event)
    key = func.lower(func.trim(Quote.text)).label("key")
    ranked = filtered_articles(
        f, eid, key, Quote.text.label("text"), Figure.name.label("figure"), Source.domain.label("source"),
        Article.published_at.label("published_at"), Article.url.label("url"), Article.source_id.label("source_id"),
        func.row_number().over(partition_by=key, order_by=(Article.published_at, Article.id, Quote.start))
        .label("rank"),
    ).join(Quote, Quote.article_id == Article.id).outerjoin(Figure, Figure.id == Quote.figure_id)
    if figure:
        ranked = ranked.where(Figure.name == figure)
    r = ranked.subquery("ranked")
    spread = func.max(r.c.published_at)
    firsts = select(r).where(r.c.rank == 1).subquery("firsts")
    totals = (select(r.c.key, func.count(func.distinct(r.c.source_id)).label("outlets"),
                     func.count().label("placements"), spread.label("last"))
              .group_by(r.c.key).subquery("totals"))
    return (select(firsts.c.text, firsts.c.figure, firsts.c.source, firsts.c.published_at, firsts.c.url,
                   totals.c.outlets, totals.c.placements, totals.c.last)
            .join(totals, totals.c.key == firsts.c.key)
            .order_by(totals.c.outlets.desc(), totals.c.placements.desc(), firsts.c.published_at))


def propagation(engine: Engine, f: Filters, figure: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The columns of `COLUMNS`; timestamps in the filter's time zone."""
    stmt = propagation_select(engine, f, figure)
    if limit:
        stmt = stmt.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=["quote", "figure", "first_source", "first_published_at", "first_url",
                                        "outlets", "placements", "last_published_at"])
    for col in ("first_published_at", "last_published_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True).dt.tz_convert(f.tz)
    frame["later_outlets"] = (frame["outlets"] - 1).clip(lower=0).astype("int64")
    frame["spread_hours"] = ((frame["last_published_at"] - frame["first_published_at"]).dt.total_seconds()
                             / 3600).round(1)
    return frame[COLUMNS]
