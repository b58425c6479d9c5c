"""Row-level reads (articles, quotes, sources) shared by the explorer pages and the CSV exports.

Each table is one SELECT built from the filters, so a page shows a slice of exactly what the download
streams in full. Column names are the export contract of DESIGN.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import aliased

from db.filters import Filters
from db.models import Article, ArticleEvent, DailyCoverage, Figure, Quote, Source
from db.reads._scope import event_id, filtered_articles, rollup_conditions
from db.rollups import AnySelect

ARTICLE_COLUMNS = ["url", "duplicate_of", "source", "published_at", "title", "tone", "relevance", "quotes",
                   "language"]
QUOTE_COLUMNS = ["article_url", "published_at", "source", "speaker", "figure", "quote", "tone"]
SOURCE_COLUMNS = ["source", "articles", "originals", "originality", "timeliness", "quote_richness",
                  "volume_share", "reliability", "composite", "reliability_source", "name", "country"]
STREAM_CHUNK = 5_000


def _search(term: str | None, *columns: Any) -> Any:
    if not term:
        return None
    pattern = f"%{term.strip()}%"
    return or_(*(func.lower(c).like(func.lower(pattern)) for c in columns))


def articles_select(engine: Engine, f: Filters, search: str | None = None) -> AnySelect:
    """Articles of the view, newest first, with the URL of their original and their quote count."""
    eid = event_id(engine, f.event)
    original = aliased(Article)
    qc = select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
    stmt = (filtered_articles(f, eid, Article.url, original.url, Source.domain, Article.published_at,
                              Article.title, Article.tone, ArticleEvent.relevance,
                              func.coalesce(qc.c.n, 0), Article.language)
            .outerjoin(original, original.id == Article.duplicate_of)
            .outerjoin(qc, qc.c.article_id == Article.id))
    cond = _search(search, Article.title, Article.text)
    if cond is not None:
        stmt = stmt.where(cond)
    return stmt.order_by(Article.published_at.desc(), Article.id)


def quotes_select(engine: Engine, f: Filters, search: str | None = None,
                  figure: str | None = None) -> AnySelect:
    """Quotes in the view's articles, newest first; optionally one figure's or matching a search."""
    eid = event_id(engine, f.event)
    stmt = (filtered_articles(f, eid, Article.url, Article.published_at, Source.domain, Quote.speaker_raw,
                              Figure.name, Quote.text, Quote.tone)
            .join(Quote, Quote.article_id == Article.id)
            .outerjoin(Figure, Figure.id == Quote.figure_id))
    if figure:
        stmt = stmt.where(Figure.name == figure)
    cond = _search(search, Quote.text, Quote.speaker_raw, Figure.name)
    if cond is not None:
        stmt = stmt.where(cond)
    return stmt.order_by(Article.published_at.desc(), Article.id, Quote.start)


def sources_select(engine: Engine, f: Filters) -> AnySelect:
    """Per-source counts in the view (from the rollup) beside each source's stored score parts."""
    eid = event_id(engine, f.event)
    conds = rollup_conditions(f, DailyCoverage, eid)
    if f.lang:
        conds.append(Source.language == f.lang)
    articles = func.sum(DailyCoverage.articles)
    return (select(Source.domain, articles, func.sum(DailyCoverage.originals), Source.originality,
                   Source.timeliness, Source.quote_richness, Source.volume_share, Source.reliability,
                   Source.composite, Source.reliability_source, Source.name, Source.country)
            .join(DailyCoverage, DailyCoverage.source_id == Source.id).where(and_(*conds))
            .group_by(Source.id).order_by(articles.desc(), Source.domain))


def _frame(rows: Sequence[Any], columns: list[str], f: Filters) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if "published_at" in frame:
        stamps = pd.to_datetime(frame["published_at"], utc=True)
        frame["published_at"] = stamps.dt.tz_convert(f.tz)
    return frame


SELECTS = {
    "articles": (articles_select, ARTICLE_COLUMNS),
    "quotes": (quotes_select, QUOTE_COLUMNS),
}


def page(engine: Engine, what: str, f: Filters, limit: int, offset: int = 0, **kw: Any) -> pd.DataFrame:
    """One page of the articles or quotes table."""
    build, columns = SELECTS[what]
    with engine.connect() as conn:
        rows = conn.execute(build(engine, f, **kw).limit(limit).offset(offset)).all()
    return _frame(rows, columns, f)


def count(engine: Engine, what: str, f: Filters, **kw: Any) -> int:
    build, _ = SELECTS[what]
    inner = build(engine, f, **kw).order_by(None).subquery()
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def stream(engine: Engine, what: str, f: Filters, **kw: Any) -> Iterator[pd.DataFrame]:
    """The whole filtered table in chunks, read with a server-side cursor where the backend has one."""
    build, columns = SELECTS[what]
    with engine.connect().execution_options(stream_results=True, yield_per=STREAM_CHUNK) as conn:
        result = conn.execute(build(engine, f, **kw))
        for part in result.partitions(STREAM_CHUNK):
            yield _frame(list(part), columns, f)


def sources(engine: Engine, f: Filters) -> pd.DataFrame:
    """source, articles, originals, score parts, composite, reliability_source, name, country."""
    with engine.connect() as conn:
        rows = conn.execute(sources_select(engine, f)).all()
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    for col in ("articles", "originals"):
        frame[col] = frame[col].astype("int64")
    return frame
