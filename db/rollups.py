"""Rollups (per day and outlet; per quarter hour), kept by each change at the cost of what it changed.

- `add_links`: a batch's new article-event links add their own contributions (articles, originals,
  tone, quotes; quotes per figure) to their cells with one upsert per table. This reads only the
  batch's rows, so a batch costs the same in a store of a thousand articles or of millions.
- `demote`: a stored original that became a copy (an article that turned out to predate a syndicated
  group's original takes the group over) leaves the `originals` of its cells, one row per link.
- `remove_links`: links an analyst dismisses (db.curation) take their contributions off, as
  `add_links` adds them when the analyst restores them.
Every change costs what it changed, never what the cells hold.
`rebuild` is the same statements with no key filter (used by `rescore`). Days are UTC days.

`daily_stored` (distinct articles of any event per outlet and day, Compare's whole) is kept by the same
calls: an added link counts its article when it is the article's first link, a removed one uncounts it
when it was the last, and a rebuild recomputes the table (an event's lost links may lie on any day).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    Table,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from db.models import (
    Article,
    ArticleEvent,
    DailyCoverage,
    DailyFigure,
    DailyFigureTotal,
    DailyStored,
    QuarterHourCoverage,
    Quote,
)

CoverageKey = tuple[int, int, dt.date]  # event_id, source_id, day
IN_LIMIT = 5_000  # article ids per IN list when adding links (a batch holds far fewer)
AnySelect = Select[*tuple[Any, ...]]


def day_of(column: Any) -> Any:
    """UTC calendar day of a stored timestamp, as SQL (same expression on SQLite and PostgreSQL)."""
    return func.date(column)


QUARTER_S = 900  # seconds per quarter_hour_coverage bucket


def quarter_of(column: Any, dialect: str) -> Any:
    """The UTC quarter hour of a stored timestamp as its bucket number (epoch seconds // 900), as SQL.
    Stored times are naive UTC on both backends, so both read them as UTC."""
    if dialect == "postgresql":
        return cast(func.floor(func.extract("epoch", column) / QUARTER_S), Integer)
    return cast(cast(func.strftime("%s", column), Integer).op("/", return_type=Integer)(QUARTER_S), Integer)


def bucket_of(published: dt.datetime) -> int:
    """The quarter_hour_coverage bucket of an aware timestamp, as `quarter_of` computes it in SQL."""
    return int(published.timestamp()) // QUARTER_S


def _cell_articles(ids: Any = None) -> Any:
    """The articles being counted (all, for a rebuild, or only `ids`, a batch's), materialised first.
    Left to themselves, SQLite and PostgreSQL start from the event's side (every article of the event)
    and count every stored quote: a batch then cost time in proportion to the whole store, seconds per
    batch at 50,000 articles, instead of to the batch."""
    conditions = [Article.id.in_(ids)] if ids is not None else []
    return (select(Article.id, Article.source_id, Article.published_at, Article.duplicate_of, Article.tone,
                   Article.quote_count)
            .where(*conditions).cte("cell_articles").prefix_with("MATERIALIZED"))


def _in_event(cell: Any, event_id: Any) -> Any:
    return and_(ArticleEvent.article_id == cell.c.id, ArticleEvent.event_id == event_id)


def _coverage_select(event_id: int, ids: Any = None) -> AnySelect:
    """Coverage rows of one event: of all its articles, or only of the articles `ids`."""
    cell = _cell_articles(ids)
    day_col = day_of(cell.c.published_at)
    return (
        select(
            ArticleEvent.event_id,
            cell.c.source_id,
            day_col.label("day"),
            *_coverage_measures(cell),
        )
        .select_from(cell)
        .join(ArticleEvent, _in_event(cell, event_id))
        .group_by(ArticleEvent.event_id, cell.c.source_id, day_col)
    )


def _coverage_measures(cell: Any) -> list[Any]:
    """What a coverage cell (a day's or a quarter hour's) counts of its articles."""
    return [func.count().label("articles"),
            func.sum(case((cell.c.duplicate_of.is_(None), 1), else_=0)).label("originals"),
            func.coalesce(func.sum(cell.c.tone), 0.0).label("tone_sum"),
            func.count(cell.c.tone).label("tone_count"),
            func.coalesce(func.sum(cell.c.quote_count), 0).label("quotes")]


def _quarter_select(event_id: int, dialect: str, ids: Any = None) -> AnySelect:
    """`quarter_hour_coverage` rows of one event: all its articles, or only the articles `ids`, per UTC
    quarter hour over every outlet. Membership is a probe of each article's link (not a join), so the
    plan starts from the articles asked for, never from every link of the event."""
    cell = _cell_articles(ids)
    bucket = quarter_of(cell.c.published_at, dialect).label("bucket")
    event = literal(event_id, Integer)
    linked = select(ArticleEvent.article_id).where(_in_event(cell, event)).exists()
    return (select(event.label("event_id"), bucket, *_coverage_measures(cell))
            .select_from(cell).where(linked).group_by(bucket))


def _figure_select(event_id: int, ids: Any = None) -> AnySelect:
    """Figure rows of one event, selected as in `_coverage_select`."""
    cell = _cell_articles(ids)
    day_col = day_of(cell.c.published_at)
    stmt = (
        select(
            ArticleEvent.event_id,
            Quote.figure_id,
            cell.c.source_id,
            day_col.label("day"),
            func.count().label("quotes"),
            func.coalesce(func.sum(Quote.tone), 0.0).label("tone_sum"),
            func.count(Quote.tone).label("tone_count"),
        )
        .select_from(cell)
        .join(ArticleEvent, _in_event(cell, event_id))
        .join(Quote, Quote.article_id == cell.c.id)
        .where(Quote.figure_id.is_not(None))
        .group_by(ArticleEvent.event_id, Quote.figure_id, cell.c.source_id, day_col)
    )
    if ids is not None:  # said of the quotes too, so the planner starts from them and not from the event's links
        stmt = stmt.where(Quote.article_id.in_(ids))
    return stmt


def _figure_totals_select(event_id: int) -> AnySelect:
    """`daily_figure_total` rows of one event summed from its `daily_figure` cells."""
    return (select(DailyFigure.event_id, DailyFigure.figure_id, DailyFigure.day, func.sum(DailyFigure.quotes),
                   func.sum(DailyFigure.tone_sum), func.sum(DailyFigure.tone_count))
            .where(DailyFigure.event_id == event_id)
            .group_by(DailyFigure.event_id, DailyFigure.figure_id, DailyFigure.day))


def _stored_select() -> AnySelect:
    """`daily_stored` rows: the articles linked to any event, each once, per outlet and day."""
    cell = _cell_articles()
    day_col = day_of(cell.c.published_at)
    linked = select(ArticleEvent.article_id).where(ArticleEvent.article_id == cell.c.id).exists()
    return (select(cell.c.source_id, day_col.label("day"), func.count().label("articles"))
            .select_from(cell).where(linked).group_by(cell.c.source_id, day_col))


_COVERAGE_COLS = ["event_id", "source_id", "day", "articles", "originals", "tone_sum", "tone_count", "quotes"]
_FIGURE_COLS = ["event_id", "figure_id", "source_id", "day", "quotes", "tone_sum", "tone_count"]
_TOTAL_COLS = ["event_id", "figure_id", "day", "quotes", "tone_sum", "tone_count"]
_STORED_COLS = ["source_id", "day", "articles"]
_QUARTER_COLS = ["event_id", "bucket", "articles", "originals", "tone_sum", "tone_count", "quotes"]


def add_links(conn: Connection, links: Iterable[tuple[int, int]]) -> int:
    """Add the contributions of new (article id, event id) links to their coverage, figure, quarter-hour
    and daily_stored cells, after the links are stored. Each link must be new: adding one twice counts
    its article twice. Returns the coverage cells changed."""
    return _apply(conn, links, 1)


def remove_links(conn: Connection, links: Iterable[tuple[int, int]]) -> int:
    """Take the contributions of stored (article id, event id) links off their cells, before the links
    are deleted (an analyst dismissing articles, db.curation); cells left empty are deleted, so the
    rollups equal a rebuild. Returns the coverage cells changed."""
    return _apply(conn, links, -1)


def _apply(conn: Connection, links: Iterable[tuple[int, int]], sign: int) -> int:
    """`add_links` (sign 1) or `remove_links` (sign -1): each link's own contributions, read from its
    article's stored rows, added to or taken off the cells."""
    links = list(links)
    by_event: dict[int, list[int]] = defaultdict(list)
    for article_id, event_id in links:
        by_event[event_id].append(article_id)
    changed = 0
    for event_id, ids in sorted(by_event.items()):
        for start in range(0, len(ids), IN_LIMIT):
            part = sorted(ids[start:start + IN_LIMIT])
            coverage = _signed(_new_cells(conn, _coverage_select(event_id, part), _COVERAGE_COLS), sign, 3)
            figures = _signed(_new_cells(conn, _figure_select(event_id, part), _FIGURE_COLS), sign, 4)
            quarters = _signed([dict(zip(_QUARTER_COLS, row, strict=True)) for row in
                                conn.execute(_quarter_select(event_id, conn.dialect.name, part))], sign, 2)
            _upsert_add(conn, DailyCoverage.__table__, coverage, _COVERAGE_COLS[:3])  # type: ignore[arg-type]
            _upsert_add(conn, DailyFigure.__table__, figures, _FIGURE_COLS[:4])  # type: ignore[arg-type]
            _upsert_add(conn, DailyFigureTotal.__table__, _over_sources(figures), _TOTAL_COLS[:3])  # type: ignore[arg-type]
            _upsert_add(conn, QuarterHourCoverage.__table__, quarters, _QUARTER_COLS[:2])  # type: ignore[arg-type]
            changed += len(coverage)
        if sign < 0:  # a cell no article counts in any more is no cell (a rebuild would not make it)
            conn.execute(delete(DailyCoverage).where(DailyCoverage.event_id == event_id, DailyCoverage.articles <= 0))
            conn.execute(delete(DailyFigure).where(DailyFigure.event_id == event_id, DailyFigure.quotes <= 0))
            conn.execute(delete(DailyFigureTotal).where(DailyFigureTotal.event_id == event_id,
                                                        DailyFigureTotal.quotes <= 0))
            conn.execute(delete(QuarterHourCoverage).where(QuarterHourCoverage.event_id == event_id,
                                                           QuarterHourCoverage.articles <= 0))
    _stored_links(conn, links, sign)
    return changed


def _signed(rows: list[dict[str, Any]], sign: int, keys: int) -> list[dict[str, Any]]:
    """The rows with every value after the first `keys` columns multiplied by `sign`."""
    if sign > 0:
        return rows
    return [{k: (v if i < keys else -v) for i, (k, v) in enumerate(row.items())} for row in rows]


def demote(conn: Connection, article_ids: Iterable[int], new_links: Iterable[tuple[int, int]] = ()) -> int:
    """Take the stored articles `article_ids`, originals that became copies (a syndication take-over),
    off the `originals` of their cells: one less per (event, outlet, day) they are linked in, except for
    links in `new_links` (added in the same batch: `add_links` counts them as copies). Returns the cells
    changed.

    Why a delta and not `refresh`: nothing else a rollup holds depends on which member of a group is its
    original, so the change is exact, and it costs one row per link of the demoted article where a
    refresh recomputes whole cells from the raw rows, a cost that grows with the store."""
    ids, fresh = sorted(set(article_ids)), set(new_links)
    cells: Counter[CoverageKey] = Counter()
    quarters: Counter[tuple[int, int]] = Counter()
    for start in range(0, len(ids), IN_LIMIT):
        part = ids[start:start + IN_LIMIT]
        rows = conn.execute(select(ArticleEvent.article_id, ArticleEvent.event_id, Article.source_id,
                                   Article.published_at).join(Article, Article.id == ArticleEvent.article_id)
                            .where(ArticleEvent.article_id.in_(part)))
        for article_id, event_id, source_id, published in rows:
            if (article_id, event_id) not in fresh:
                cells[(event_id, source_id, published.astimezone(dt.UTC).date())] += 1
                quarters[(event_id, bucket_of(published))] += 1
    none = {"articles": 0, "tone_sum": 0.0, "tone_count": 0, "quotes": 0}
    rows_ = [{"event_id": e, "source_id": s, "day": d, "originals": -n, **none}
             for (e, s, d), n in sorted(cells.items())]
    _upsert_add(conn, DailyCoverage.__table__, rows_, _COVERAGE_COLS[:3])  # type: ignore[arg-type]
    _upsert_add(conn, QuarterHourCoverage.__table__,  # type: ignore[arg-type]
                [{"event_id": e, "bucket": b, "originals": -n, **none} for (e, b), n in sorted(quarters.items())],
                _QUARTER_COLS[:2])
    return len(rows_)


def _stored_links(conn: Connection, links: Iterable[tuple[int, int]], sign: int) -> None:
    """`daily_stored`: count (sign 1, links just stored) or uncount (sign -1, links about to be deleted)
    the articles that these links make or stop being coverage: those all of whose stored links are
    among them."""
    changing = Counter(article_id for article_id, _event in links)
    ids = sorted(changing)
    cells: Counter[tuple[int, dt.date]] = Counter()
    for start in range(0, len(ids), IN_LIMIT):
        part = ids[start:start + IN_LIMIT]
        held = dict(conn.execute(select(ArticleEvent.article_id, func.count()).where(ArticleEvent.article_id.in_(part))
                                 .group_by(ArticleEvent.article_id)).all())
        whole = [a for a in part if held.get(a, 0) == changing[a]]
        if whole:
            for source_id, published in conn.execute(select(Article.source_id, Article.published_at)
                                                     .where(Article.id.in_(whole))):
                cells[(source_id, published.astimezone(dt.UTC).date())] += sign
    rows = [{"source_id": s, "day": d, "articles": n} for (s, d), n in sorted(cells.items())]
    _upsert_add(conn, DailyStored.__table__, rows, _STORED_COLS[:2])  # type: ignore[arg-type]
    for source_id, day in (sorted(cells) if sign < 0 else []):
        conn.execute(delete(DailyStored).where(DailyStored.source_id == source_id, DailyStored.day == day,
                                               DailyStored.articles <= 0))


def _new_cells(conn: Connection, stmt: AnySelect, columns: list[str]) -> list[dict[str, Any]]:
    """The rows of `stmt` as column dicts with their day as a date."""
    rows = [dict(zip(columns, row, strict=True)) for row in conn.execute(stmt)]
    for row in rows:
        row["day"] = _as_date(row["day"])
    return rows


def _over_sources(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figure cell rows summed over their outlets: the rows `daily_figure_total` adds."""
    totals: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in figures:
        key = (row["event_id"], row["figure_id"], row["day"])
        total = totals.setdefault(key, dict(zip(_TOTAL_COLS[:3], key, strict=True), quotes=0, tone_sum=0.0,
                                            tone_count=0))
        for col in ("quotes", "tone_sum", "tone_count"):
            total[col] += row[col]
    return list(totals.values())


def _as_date(value: Any) -> dt.date:
    """SQLite's date() comes back as 'YYYY-MM-DD' text, PostgreSQL's as a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _upsert_add(conn: Connection, table: Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """Insert each row's cell, or add its values to the cell already there (INSERT … ON CONFLICT DO
    UPDATE on both backends)."""
    if not rows:
        return
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(table)
    added = {c: table.c[c] + stmt.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=added), rows)


def rebuild(conn: Connection, event_id: int) -> None:
    """Drop and recompute every rollup row of one event (used by `rescore`)."""
    conn.execute(delete(DailyCoverage).where(DailyCoverage.event_id == event_id))
    conn.execute(delete(DailyFigure).where(DailyFigure.event_id == event_id))
    conn.execute(insert(DailyCoverage).from_select(_COVERAGE_COLS, _coverage_select(event_id)))
    conn.execute(insert(DailyFigure).from_select(_FIGURE_COLS, _figure_select(event_id)))
    conn.execute(delete(DailyFigureTotal).where(DailyFigureTotal.event_id == event_id))
    conn.execute(insert(DailyFigureTotal).from_select(_TOTAL_COLS, _figure_totals_select(event_id)))
    conn.execute(delete(QuarterHourCoverage).where(QuarterHourCoverage.event_id == event_id))
    conn.execute(insert(QuarterHourCoverage).from_select(_QUARTER_COLS,
                                                         _quarter_select(event_id, conn.dialect.name)))
    conn.execute(delete(DailyStored))
    conn.execute(insert(DailyStored).from_select(_STORED_COLS, _stored_select()))
