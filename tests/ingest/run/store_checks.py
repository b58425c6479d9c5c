"""What a store must look like after any crash, read from outside the process that wrote it.

Tests that kill or race an ingest compare stores with these: totals, rollup cells keyed by what they
mean (event slug, outlet domain, figure name, day) rather than by ids, which differ between stores
(PostgreSQL sequences skip the ids of rolled-back rows), and the invariants a half-written batch
would break.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, inspect, select

from db import rollups
from db.engine import at_head
from db.models import (
    Article,
    ArticleEvent,
    DailyCoverage,
    DailyFigure,
    DailyFigureTotal,
    Dismissal,
    Event,
    Figure,
    FigureAlias,
    QuarterHourCoverage,
    Quote,
    Source,
)

TOTALS = {"articles": Article, "quotes": Quote, "figures": Figure, "figure_aliases": FigureAlias,
          "links": ArticleEvent, "sources": Source, "events": Event}
# rollup table → (its key columns, its count columns); every table also has tone_sum, compared apart
ROLLUPS: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    "daily_coverage": (DailyCoverage, ("event_id", "source_id", "day"),
                       ("articles", "originals", "tone_count", "quotes")),
    "daily_figure": (DailyFigure, ("event_id", "figure_id", "source_id", "day"), ("quotes", "tone_count")),
    "daily_figure_total": (DailyFigureTotal, ("event_id", "figure_id", "day"), ("quotes", "tone_count")),
    "quarter_hour_coverage": (QuarterHourCoverage, ("event_id", "bucket"),
                              ("articles", "originals", "tone_count", "quotes")),
}
Cells = dict[str, dict[tuple[Any, ...], tuple[tuple[int, ...], float]]]


def totals(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(model)).scalar_one())
                for name, model in TOTALS.items()}


def cells(conn: Connection) -> Cells:
    """Every rollup row: table → natural key → (counts, tone sum)."""
    names = {
        "event_id": dict(conn.execute(select(Event.id, Event.slug)).all()),
        "source_id": dict(conn.execute(select(Source.id, Source.domain)).all()),
        "figure_id": dict(conn.execute(select(Figure.id, Figure.name)).all()),
    }
    out: Cells = {}
    for table, (model, keys, counts) in ROLLUPS.items():
        rows = conn.execute(select(*(getattr(model, c) for c in (*keys, *counts, "tone_sum"))))
        out[table] = {}
        for row in rows:
            key = tuple(names[c][v] if c in names else _day(v) if c == "day" else v
                        for c, v in zip(keys, row[:len(keys)], strict=True))
            out[table][key] = (tuple(int(v) for v in row[len(keys):-1]), float(row[-1]))
    return out


def rebuilt_cells(engine: Engine) -> Cells:
    """The rollups `rescore` would compute from the raw rows, without changing the store."""
    with engine.connect() as conn:
        for event_id in conn.execute(select(Event.id)).scalars().all():
            rollups.rebuild(conn, event_id)
        rebuilt = cells(conn)
        conn.rollback()
    return rebuilt


def stored_cells(engine: Engine) -> Cells:
    with engine.connect() as conn:
        return cells(conn)


def same_cells(mine: Cells, theirs: Cells, what: str) -> None:
    """Same keys and counts exactly in every rollup table; tone sums to 1e-9 (a sum kept batch by batch
    adds in another order than one computed at once)."""
    for table in ROLLUPS:
        a, b = mine[table], theirs[table]
        assert a.keys() == b.keys(), (f"{what}: {table} cells differ: only here {sorted(a.keys() - b.keys())[:5]}, "
                                      f"only there {sorted(b.keys() - a.keys())[:5]}")
        wrong = [(k, a[k][0], b[k][0]) for k in sorted(a) if a[k][0] != b[k][0]]
        assert not wrong, f"{what}: {table}: {len(wrong)} cells count otherwise, e.g. {wrong[:3]}"
        keys = sorted(a)
        assert [a[k][1] for k in keys] == pytest.approx([b[k][1] for k in keys], abs=1e-9), f"{what}: {table} tone"


def problems(engine: Engine) -> list[str]:
    """Broken invariants: SQLite's page and index checks (its full-text index against the rows too),
    articles stored without their event link or with a quote count their quotes do not match."""
    found: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                found.append(f"integrity_check: {result[:5]}")
            for fts in ("articles_fts", "quotes_fts"):  # rank 1: compare the index with the rows it indexes
                try:
                    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
                except Exception as exc:  # the check reports corruption as an error
                    found.append(f"{fts}: {str(exc).splitlines()[0]}")
            conn.rollback()
        unlinked = conn.execute(select(func.count()).select_from(Article).where(  # dismissed ones have none
            ~Article.id.in_(select(ArticleEvent.article_id)), ~Article.id.in_(select(Dismissal.article_id)))
        ).scalar_one()
        counted = select(func.count()).where(Quote.article_id == Article.id).scalar_subquery()
        miscounted = conn.execute(select(func.count()).select_from(Article)
                                  .where(Article.quote_count != counted)).scalar_one()
    if unlinked:
        found.append(f"{unlinked} articles without an event link")
    if miscounted:
        found.append(f"{miscounted} articles whose quote_count is not their number of quotes")
    return found


def schema_state(engine: Engine) -> str:
    """'head', 'empty' (no table yet), or the tables of a schema left part-made."""
    if at_head(engine):
        return "head"
    tables = sorted(inspect(engine).get_table_names())
    return "empty" if not tables else "partial: " + ", ".join(tables)


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
