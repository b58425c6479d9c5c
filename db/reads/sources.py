"""Reads of the Sources page: each outlet's scores and counts, its profile in the view (first article,
hours after the first), and its articles.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, select

from db.filters import Filters, zone
from db.models import Article, Quote, Source
from db.reads._scope import event_id, filtered_articles
from db.reads._tables import page as page
from db.reads._tables import sources as sources
from db.reads._tables import total as total


def source_profile(engine: Engine, f: Filters) -> pd.DataFrame:
    """source, country, language, articles, originals, mean_tone, quotes, first_article, hours_after_first —
    per source in the view; first_article (in the zone) needs raw rows, so this is one SQL GROUP BY over
    them. Earliest first."""
    eid = event_id(engine, f.event)
    qc = select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
    stmt = (filtered_articles(f, eid, Source.domain, Source.country, Source.language, func.count(),
                              func.sum(case((Article.duplicate_of.is_(None), 1), else_=0)), func.avg(Article.tone),
                              func.coalesce(func.sum(qc.c.n), 0), func.min(Article.published_at))
            .outerjoin(qc, qc.c.article_id == Article.id)
            .group_by(Source.domain, Source.country, Source.language))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    cols = ["source", "country", "language", "articles", "originals", "mean_tone", "quotes", "first_article"]
    frame = pd.DataFrame(rows, columns=cols)
    first = pd.to_datetime(frame["first_article"], utc=True)
    frame["hours_after_first"] = ((first - first.min()).dt.total_seconds() / 3600).round(1)
    frame["first_article"] = first.dt.tz_convert(zone(f.tz))
    for col in ("articles", "originals", "quotes"):
        frame[col] = frame[col].astype("int64")
    frame["mean_tone"] = frame["mean_tone"].astype(float).round(4)
    return frame.sort_values(["first_article", "source"]).reset_index(drop=True)
