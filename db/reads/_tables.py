"""Row-level reads (articles, quotes, sources) shared by the explorer pages and the CSV exports.

Each table is one SELECT built from the filters, so a page shows a slice of exactly what the download
streams in full. Column names are the export contract of DESIGN.md.

Pages are read by keyset, not OFFSET: a page is "the rows after this one" in the table's order
(newest first), so the hundredth page costs what the first does, and a page's header total comes from
the rollups (or a count that stops at `COUNT_CAP`), never from counting a million rows per click.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from db import search as searching
from db.filters import Filters
from db.models import Article, ArticleEvent, DailyCoverage, Figure, Quote, Source
from db.reads._scope import event_id, listed_articles, rollup_conditions
from db.rollups import AnySelect

# tone_method says what scored `tone` (VADER for English, a lexicon per language): tones of two methods
# are on the same −1…1 scale but not measured alike
ARTICLE_COLUMNS = ["url", "duplicate_of", "source", "published_at", "title", "tone", "relevance", "quotes",
                   "language", "language_confidence", "tone_method"]
QUOTE_COLUMNS = ["article_url", "published_at", "source", "speaker", "figure", "quote", "tone", "tone_method"]
SOURCE_COLUMNS = ["source", "articles", "originals", "originality", "timeliness", "quote_richness",
                  "volume_share", "reliability", "composite", "reliability_source", "name", "country"]
STREAM_CHUNK = 5_000
COUNT_CAP = 10_000  # a search or time-zone view counts this many matches at most ("10,000+")
RANK_WINDOW = 1_000  # best match ranks the newest this many matches of a search (see articles_select)
Cursor = tuple[Any, ...]  # the ordering key of a page's last row: where the next page starts


def articles_select(engine: Engine, f: Filters, search: str | None = None, order: str = "newest",
                    walk: bool = False) -> AnySelect:
    """Articles of the view with the URL of their original and their quote count, newest first or, with
    a search and order="best", best match first; the ordering key (published_at, id[, score]) follows
    the export columns. `walk`: only one page is read (see db.fulltext.restrict), and best match ranks
    the newest RANK_WINDOW matches."""
    eid = event_id(engine, f.event)
    original = aliased(Article)
    relevance = (select(ArticleEvent.relevance).where(ArticleEvent.article_id == Article.id,
                                                      ArticleEvent.event_id == eid).scalar_subquery())
    stmt = (listed_articles(f, eid, Article.url, original.url, Source.domain, Article.published_at,
                            Article.title, Article.tone, relevance, Article.quote_count,
                            Article.language, Article.language_confidence, Article.tone_method,
                            Article.published_at, Article.id)
            .outerjoin(original, original.id == Article.duplicate_of))
    stmt, score = searching.restrict(engine, "articles", stmt, search, Article.id, walk=walk and order != "best")
    if order == "best" and score is not None:
        ranked = score.label("score")
        if walk:  # one page on screen; counts and exports rank every match
            stmt = stmt.where(Article.id.in_(_newest_matches(engine, f, eid, search)))
        return stmt.add_columns(ranked).order_by(ranked.desc(), Article.published_at.desc(), Article.id.desc())
    return stmt.order_by(Article.published_at.desc(), Article.id.desc())


def _newest_matches(engine: Engine, f: Filters, eid: int, search: str | None) -> Any:
    """Ids of the view's newest RANK_WINDOW matches of `search`: the rows best match ranks.

    Why a window: neither engine's index holds a row's score, so ranking every match reads every
    match's text vector (PostgreSQL) or postings with their positions (FTS5), ~6 us a match; a word in
    7% of a million articles took 460 ms a page on PostgreSQL. Newest first is what the index serves
    fast, so the rank window is the most recent matches, and the page says how many it ranked."""
    newest = listed_articles(f, eid, Article.id)
    newest, _score = searching.restrict(engine, "articles", newest, search, Article.id)
    return newest.order_by(Article.published_at.desc(), Article.id.desc()).limit(RANK_WINDOW).correlate(None)


def quotes_select(engine: Engine, f: Filters, search: str | None = None,
                  figure: str | None = None, walk: bool = False) -> AnySelect:
    """Quotes in the view's articles, newest first, in text order within an article; optionally one
    figure's or matching a search (quote text and speaker as written). The ordering key (published_at,
    article id, start) ends the row."""
    eid = event_id(engine, f.event)
    stmt = (listed_articles(f, eid, Article.url, Article.published_at, Source.domain, Quote.speaker_raw,
                            Figure.name, Quote.text, Quote.tone, Article.tone_method, Article.published_at,
                            Article.id, Quote.start)
            .join(Quote, Quote.article_id == Article.id)
            .outerjoin(Figure, Figure.id == Quote.figure_id))
    if figure:
        stmt = stmt.where(Figure.name == figure)
    stmt, _score = searching.restrict(engine, "quotes", stmt, search, Quote.id, walk=walk)
    return stmt.order_by(Article.published_at.desc(), Article.id.desc(), Quote.start)


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


def _after(what: str, cursor: Cursor, score: Any = None) -> Any:
    """Rows that come after `cursor` in the table's order, as one condition both backends serve from
    the published_at index (or, ordered by a search's `score`, from the matches)."""
    published, article = literal(cursor[0], Article.published_at.type), literal(cursor[1], Article.id.type)
    later = or_(Article.published_at < published, and_(Article.published_at == published, Article.id < article))
    if score is not None:
        return or_(score < cursor[2], and_(score == cursor[2], later))
    if what == "quotes":
        same = and_(Article.published_at == published, Article.id == article, Quote.start > cursor[2])
        later = or_(later, same)
    # the plain bound is implied by the OR; it is what lets the planner seek the index instead of scanning
    return and_(Article.published_at <= published, later)


def _frame(rows: Sequence[Any], columns: list[str], f: Filters) -> pd.DataFrame:
    frame = pd.DataFrame([row[:len(columns)] for row in rows], columns=columns)
    if "published_at" in frame:
        stamps = pd.to_datetime(frame["published_at"], utc=True)
        frame["published_at"] = stamps.dt.tz_convert(f.tz)
    return frame


SELECTS = {
    "articles": (articles_select, ARTICLE_COLUMNS),
    "quotes": (quotes_select, QUOTE_COLUMNS),
}


def page(engine: Engine, what: str, f: Filters, limit: int, after: Cursor | None = None,
         **kw: Any) -> tuple[pd.DataFrame, Cursor | None]:
    """One page of the articles or quotes table: the `limit` rows after `after` (None: the first page),
    and the cursor of the next page (None when this is the last)."""
    build, columns = SELECTS[what]
    stmt = build(engine, f, walk=True, **kw)
    if after is not None:
        stmt = stmt.where(_after(what, after, stmt.selected_columns.get("score")))  # a ranked page's score
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(limit + 1)).all()
    following = tuple(rows[limit - 1][len(columns):]) if len(rows) > limit else None
    return _frame(rows[:limit], columns, f), following


def total(engine: Engine, what: str, f: Filters, **kw: Any) -> tuple[int, bool]:
    """How many rows the table holds, and whether that is exact: from the rollups when the view is
    whole UTC days with no search, language or figure (what they are keyed by), else counted up to
    COUNT_CAP + 1 rows, so a header total never costs a scan of the store."""
    if f.is_utc and not f.lang and not any(v for k, v in kw.items() if k != "order"):  # search / figure
        eid = event_id(engine, f.event)
        column = DailyCoverage.articles if what == "articles" else DailyCoverage.quotes
        stmt = select(func.coalesce(func.sum(column), 0)).where(and_(*rollup_conditions(f, DailyCoverage, eid)))
        with engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one()), True
    build, _ = SELECTS[what]
    inner = build(engine, f, **kw).order_by(None).limit(COUNT_CAP + 1).subquery()  # any COUNT_CAP + 1 rows
    with engine.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(inner)).scalar_one())
    return min(n, COUNT_CAP), n <= COUNT_CAP


def stream(engine: Engine, what: str, f: Filters, limit: int | None = None, **kw: Any) -> Iterator[pd.DataFrame]:
    """The whole filtered table (or its first `limit` rows) in chunks, read with a server-side cursor
    where the backend has one."""
    build, columns = SELECTS[what]
    stmt = build(engine, f, **kw)
    if limit is not None:
        stmt = stmt.limit(limit)
    with engine.connect().execution_options(stream_results=True, yield_per=STREAM_CHUNK) as conn:
        result = conn.execute(stmt)
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
