"""Reads of the Articles page: the filtered articles and quotes tables, a page at a time, and the figures
quoted in each article of a page.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from db.models import Article, Figure, Quote
from db.query import QueryError, parse
from db.reads._tables import RANK_WINDOW as RANK_WINDOW
from db.reads._tables import page as page
from db.reads._tables import total as total


def article_figures(engine: Engine, urls: tuple[str, ...]) -> pd.DataFrame:
    """url, figures — the distinct figures quoted in each of these articles (one page of the articles
    table), names joined by "; "; articles without attributed quotes are left out."""
    stmt = (select(Article.url, Figure.name).join(Quote, Quote.article_id == Article.id)
            .join(Figure, Figure.id == Quote.figure_id).where(Article.url.in_(urls)).distinct()
            .order_by(Article.url, Figure.name))
    with engine.connect() as conn:
        rows = pd.DataFrame(conn.execute(stmt).all(), columns=["url", "figure"])
    return rows.groupby("url", as_index=False).agg(figures=("figure", "; ".join))


def search_problem(query: str | None) -> str | None:
    """Why the explorer cannot run this search ("column 7: an unclosed quote"), or None when it can."""
    if not query:
        return None
    try:
        parse(query)
    except QueryError as exc:
        return str(exc)
    return None
