"""Adding (or removing) links' contributions to the rollups reads those links' rows through indexes,
not the store.

Every ingest batch adds its new links' contributions (articles, quotes per figure, quarter hours). A plan
that scans `quotes`, or that starts from every article of the event, costs time in proportion to the
whole store, so a long-running monitor slows down as it grows (seconds per batch at 50,000 articles).
The plans are read on both backends: each big table must be reached through an index on the batch's
article ids. PostgreSQL plans with sequential scans priced out, because on tiny test tables it scans on
purpose; a scan is then left only where no index can serve.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, text

from db import rollups

BIG_TABLES = ("articles", "quotes", "article_events", "daily_coverage", "daily_figure", "quarter_hour_coverage")
BATCH = [3, 8, 21]  # the article ids of a batch's new links
STATEMENTS = {
    "coverage": lambda dialect: rollups._coverage_select(1, BATCH),
    "figures": lambda dialect: rollups._figure_select(1, BATCH),
    "quarters": lambda dialect: rollups._quarter_select(1, dialect, BATCH),
}

def _sqlite_access(conn: Connection, sql: str, params: Any) -> dict[str, list[str]]:
    """table → how each step of the plan reaches it: the index condition, or "" for a full scan."""
    found: dict[str, list[str]] = defaultdict(list)
    for *_, step in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params):
        match = re.match(r"(SCAN|SEARCH) (\w+)(?:.*\((.*)\))?", step)
        if match and match.group(2) in BIG_TABLES:
            found[match.group(2)].append(match.group(3) or "" if match.group(1) == "SEARCH" else "")
    return found


def _postgres_access(conn: Connection, sql: str, params: Any) -> dict[str, list[str]]:
    conn.execute(text("SET LOCAL enable_seqscan = off"))
    table_of = dict(conn.execute(text("SELECT indexname, tablename FROM pg_indexes "
                                      "WHERE schemaname = current_schema()")).all())
    raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql, params).scalar_one()
    plan = json.loads(raw) if isinstance(raw, str) else raw  # psycopg parses json columns itself
    found: dict[str, list[str]] = defaultdict(list)

    def walk(node: dict[str, Any]) -> None:
        kind = node.get("Node Type", "")
        if kind == "Seq Scan":
            found[node["Relation Name"]].append("")
        elif kind in ("Index Scan", "Index Only Scan", "Bitmap Index Scan"):  # without a condition: all of it
            found[table_of[node["Index Name"]]].append(node.get("Index Cond", ""))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def _as_run(engine: Engine, statement: Any) -> tuple[str, Any]:
    """The SQL and parameters the driver receives when `statement` runs (then rolled back)."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, sql: str, params: Any, _context: Any, _many: bool) -> None:
        seen.append((sql, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            conn.execute(statement)
            transaction.rollback()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen[-1]


@pytest.mark.parametrize("name", list(STATEMENTS))
def test_a_batch_reads_only_its_own_articles(engine: Engine, name: str) -> None:
    sql, params = _as_run(engine, STATEMENTS[name](engine.dialect.name))  # what `add_links` reads per event
    with engine.begin() as conn:
        access = (_sqlite_access if engine.dialect.name == "sqlite" else _postgres_access)(conn, sql, params)
    assert access and all(access[t] and all(access[t]) for t in BIG_TABLES if t in access), access  # no full scan
    assert access["articles"] and all("id" in c for c in access["articles"]), access  # the batch's articles
    assert all("article_id" in c for c in access["quotes"]), access  # per article
    if engine.dialect.name == "sqlite":  # PostgreSQL may hash-join an empty table's links whatever their number
        assert all("article_id" in c for c in access["article_events"]), access
