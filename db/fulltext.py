"""Full-text search on each backend's own engine: SQLite FTS5 and PostgreSQL tsvector + GIN.

Why the engines and not LIKE: `LIKE '%word%'` reads every title and text of the view for each search,
which at a million articles is seconds per keystroke; an inverted index answers from the postings of
the words asked for, and knows phrases, prefixes and ranking.

What is indexed (created by migration 0006, kept in step inside the store's own transactions):
- articles: title (weighted above the text) and text; quotes: the quote's text and the speaker as
  written in the article.
- SQLite: external-content FTS5 tables `articles_fts` / `quotes_fts` (rowid = the row's id), filled by
  triggers on insert, delete and on update of the indexed columns, tokenised `unicode61` with
  diacritics kept.
- PostgreSQL: a stored generated column `search_vector` (to_tsvector with the `simple` configuration:
  case-folded, no stemming, no stop words) and a GIN index on it.

Both tokenise without stemming or stop words, so a search means the same on either store; see
`db.query` for the syntax. `rebuild()` re-creates the index from the stored rows (`presswatch db
rebuild-search`), for after a restore or a bulk load that bypassed the store.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Double,
    Engine,
    Text,
    and_,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)

from db.query import And, Field, Near, Node, Not, Or, Term

PG_CONFIG = "simple"
DENSE_FACTOR = 600.0  # see dense: (probe cost / read cost) x rows per page
PG_SPARSE_FACTOR = 36.0  # see sparse: (test cost / read cost) x rows per page, measured at 1M articles
PG_COLUMN = "search_vector"


@dataclass(frozen=True)
class SearchIndex:
    """One searchable table: its FTS5 table on SQLite, its indexed columns and their weights."""

    table: str
    fts: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]  # FTS5 bm25 column weights; PostgreSQL uses setweight A, B in this order
    prefix_lengths: tuple[int, ...] = ()  # FTS5 prefix indexes (characters before the *)


INDEXES = {
    "articles": SearchIndex("articles", "articles_fts", ("title", "text"), (5.0, 1.0), (3, 4)),
    "quotes": SearchIndex("quotes", "quotes_fts", ("text", "speaker_raw"), (1.0, 0.5)),
}


def fts5_match(node: Node) -> str:
    """The FTS5 MATCH string of a parsed text query (see `db.search` for fields that are not text):
    every term a quoted string, so nothing the user typed is read as FTS5 syntax."""
    if isinstance(node, Term):
        return '"' + node.text.replace('"', '""') + '"' + ("*" if node.prefix else "")
    if isinstance(node, Near):  # FTS5's N is the most tokens between the two, in either order
        return f"NEAR({fts5_match(node.left)} {fts5_match(node.right)}, {node.distance})"
    if isinstance(node, Field):
        if node.name != "title":
            raise ValueError(f"{node.name}: is not in the text index")  # db.search keeps it out
        return "{title} : (" + fts5_match(node.value) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(fts5_match(p) for p in node.parts) + ")"
    if isinstance(node, And):
        keep = [fts5_match(p) for p in node.parts if not isinstance(p, Not)]
        drop = [fts5_match(p.part) for p in node.parts if isinstance(p, Not)]
        joined = "(" + " AND ".join(keep) + ")"
        return f"({joined} NOT ({' OR '.join(drop)}))" if drop else joined
    raise ValueError("a NOT outside an AND reached the compiler")  # parse() refuses these


def tsquery(node: Node) -> Any:
    """The PostgreSQL tsquery of a parsed query, built from bound parameters, never from query text."""
    config: Any = literal_column(f"'{PG_CONFIG}'::regconfig")
    if isinstance(node, Term):
        if node.prefix:  # parse() allows only word characters before the *, none of them tsquery syntax
            return func.to_tsquery(config, node.text + ":*")
        return func.phraseto_tsquery(config, node.text)
    if isinstance(node, Near):
        return _near(tsquery(node.left), tsquery(node.right), node.distance)
    if isinstance(node, Field):
        if node.name != "title":
            raise ValueError(f"{node.name}: is not in the text index")  # db.search keeps it out
        return _weighted(tsquery(node.value), "A")
    if isinstance(node, Not):
        return func.tsquery_not(tsquery(node.part))
    combine = func.tsquery_or if isinstance(node, Or) else func.tsquery_and
    result = tsquery(node.parts[0])
    for part in node.parts[1:]:
        result = combine(result, tsquery(part))
    return result


def _near(left: Any, right: Any, distance: int) -> Any:
    """FTS5's NEAR as a tsquery. `<d>` is "d positions after the end of the left side", so at most n
    words between, in either order, is an OR over d = 1 … n + 1 both ways round. `search_vector`
    continues the text's positions after the title's, where FTS5 keeps the two columns apart, so the
    whole is asked of the title's lexemes (weight A) or of the text's (weight B), never across."""
    result = None
    for d in range(1, distance + 2):
        for first, second in ((left, right), (right, left)):
            part = func.tsquery_phrase(first, second, d)
            result = part if result is None else func.tsquery_or(result, part)
    return func.tsquery_or(_weighted(result, "A"), _weighted(result, "B"))


def _weighted(query: Any, weight: str) -> Any:
    """`query` with every lexeme restricted to `weight` (A: the title, B: the text; migration 0006).
    tsquery has no function for it, so its text form is rewritten ('x' → 'x':A, 'x':* → 'x':*A). A
    lexeme's own quotes are doubled in that form, so only a closing quote is followed by a space, a
    parenthesis, `:*` or the end."""
    prefixed = func.regexp_replace(cast(query, Text), r"':\*", f"':*{weight}", "g")
    weighted = func.regexp_replace(prefixed, r"'(\s|\)|$)", f"':{weight}\\1", "g")
    return func.to_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), weighted)


def restrict(engine: Engine, what: str, stmt: Any, node: Node, base_id: Any,
             walk: bool = False) -> tuple[Any, Any]:
    """`stmt` narrowed to rows matching the text query `node` (rows of INDEXES[what] whose id is
    `base_id`), and the match's score, higher is better (None when the rows are found by walking).
    `walk`: the caller reads one newest-first page, so on SQLite a query matching most rows may be
    answered by walking the date index (see `dense`) and on PostgreSQL one matching few rows by
    reading them all first (see `sparse`); counts, exports and ranked pages read the matches."""
    index = INDEXES[what]
    if engine.dialect.name == "sqlite":
        match = fts5_match(node)
        fts = table(index.fts, column("rowid"), column(index.fts))
        if walk and _probe_fast(node, index) and dense(engine, index, match):
            probe = (select(literal(1)).select_from(fts)
                     .where(fts.c[index.fts].op("MATCH")(match), fts.c.rowid == base_id))
            return stmt.where(exists(probe)), None  # no ranking without the join
        stmt = stmt.join(fts, fts.c.rowid == base_id).where(fts.c[index.fts].op("MATCH")(match))
    elif walk:  # PostgreSQL, one newest-first page: read the matches when they are few (see `sparse`)
        vector: Any = literal_column(f"{index.table}.{PG_COLUMN}")
        loose = _without_positions(node) if _has_near(node) else None
        found = vector.op("@@")(tsquery(loose if loose is not None else node))  # what the GIN index answers
        if sparse(engine, index, found):
            fenced: Any = select(literal_column("id")).select_from(table(index.table)).where(found).offset(0)
            stmt = stmt.where(base_id.in_(fenced.correlate(None)))  # OFFSET 0: read first, not walked
            if loose is not None:  # a NEAR's positions, tested on the rows found only
                stmt = stmt.where(vector.op("@@")(tsquery(node)))
        else:
            stmt = stmt.where(matches(engine, what, node, base_id))
    else:
        stmt = stmt.where(matches(engine, what, node, base_id))
    return stmt, score(engine, what, node)


def matches(engine: Engine, what: str, node: Node, base_id: Any) -> Any:
    """A condition "the row `base_id` of INDEXES[what] matches the text query `node`", for use inside
    AND/OR/NOT with other conditions (db.search); `restrict` joins the index instead where it can."""
    index = INDEXES[what]
    if engine.dialect.name == "sqlite":
        fts = table(index.fts, column("rowid"), column(index.fts))
        return base_id.in_(select(fts.c.rowid).where(fts.c[index.fts].op("MATCH")(fts5_match(node))))
    vector: Any = literal_column(f"{index.table}.{PG_COLUMN}")
    exact = vector.op("@@")(tsquery(node))
    loose = _without_positions(node) if _has_near(node) else None
    return exact if loose is None else and_(vector.op("@@")(tsquery(loose)), exact)


def _has_near(node: Node) -> bool:
    if isinstance(node, Near):
        return True
    if isinstance(node, Not):
        return _has_near(node.part)
    return isinstance(node, (And, Or)) and any(_has_near(p) for p in node.parts)


def _without_positions(node: Node) -> Node | None:
    """A query every match of `node` also matches, with NEAR read as AND (None where nothing can be
    said: a NEAR under a NOT).

    Why: PostgreSQL estimates a NEAR's tsquery (an OR of `<d>` phrases, see `_near`) to match ~8% of
    the rows whatever its words, so for a rare word NEAR a common one it walks the date index newest
    first and tests the phrase on tens of thousands of rows (126 ms at 100,000 articles) instead of
    reading the rare word's postings. The same words ANDed are estimated from their statistics, so
    added beside the exact query they lead the planner to the GIN index; the exact query then checks
    the positions of the few rows found."""
    if isinstance(node, Near):
        return And((node.left, node.right))
    if isinstance(node, Not):
        return None if _has_near(node.part) else node
    if isinstance(node, (And, Or)):
        parts = [_without_positions(p) for p in node.parts]
        if isinstance(node, Or):
            return None if None in parts else Or(tuple(p for p in parts if p is not None))
        kept = tuple(p for p in parts if p is not None)
        return (And(kept) if len(kept) > 1 else kept[0]) if kept else None
    return node


def _prefixes(node: Node) -> list[Term]:
    """The prefix terms of a query (`esc*`)."""
    if isinstance(node, Term):
        return [node] if node.prefix else []
    if isinstance(node, Near):
        return _prefixes(node.left) + _prefixes(node.right)
    if isinstance(node, Field):
        return _prefixes(node.value)
    if isinstance(node, Not):
        return _prefixes(node.part)
    return [t for p in node.parts for t in _prefixes(p)]


def _probe_fast(node: Node, index: SearchIndex) -> bool:
    """Whether probing one row for `node` is one posting lookup per term: FTS5 merges the postings of
    every word a prefix expands to for each probe unless it holds that prefix length as an index of its
    own (migration 0017: 3 and 4 characters on articles), so a walk of probes is only for those."""
    return all(len(t.text) in index.prefix_lengths for t in _prefixes(node))


def dense(engine: Engine, index: SearchIndex, match: str) -> bool:
    """Whether an SQLite search matches so many rows that a newest-first page is found faster by walking
    the published_at index and probing each row's postings than by reading every match and sorting.

    Why: FTS5 answers MATCH with every matching rowid; for a word in most articles (the event's own
    name, searched in its own event) that is the whole store, read and sorted for every page. Walking
    newest first and probing costs about limit x rows / matches probes instead. Reading M matches costs
    about 1.6 us each and a probe about 18 us (measured at 300,000 articles), so for a page of 50 the
    walk wins once M exceeds about sqrt(DENSE_FACTOR x rows); the matches are counted up to that many
    only. PostgreSQL's planner makes this choice itself from the column's statistics."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT max(rowid) FROM {index.table}")).scalar() or 0
        cap = int(math.sqrt(DENSE_FACTOR * rows))
        found = conn.execute(text(f"SELECT count(*) FROM (SELECT rowid FROM {index.fts} WHERE {index.fts} "
                                  "MATCH :m LIMIT :cap)"), {"m": match, "cap": cap + 1}).scalar_one()
    return bool(found > cap)


def sparse(engine: Engine, index: SearchIndex, condition: Any) -> bool:
    """Whether a PostgreSQL search matches so few rows (by the planner's own estimate) that a
    newest-first page is found faster by reading every match from the GIN index and sorting them
    than by walking the published_at index and testing each row.

    Why decide here and not leave it to the planner: it prices the `@@` test of a walked row as a cheap
    filter, but each test reads the row's text vector from the heap (~5 us), so for a word in 0.2% of a
    million articles it walked 37,000 rows (115-200 ms) where reading the 2,000 matches takes 15-30 ms.
    The walk costs about limit x rows / M tests and reading costs about M row reads, so reading wins
    below M = sqrt(PG_SPARSE_FACTOR x rows); the planner's estimate of M costs one EXPLAIN (~1 ms)."""
    stmt = select(literal(1)).select_from(table(index.table)).where(condition)
    compiled = stmt.compile(dialect=engine.dialect)
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar_one()
        rows = conn.execute(text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                            {"t": index.table}).scalar_one()
    estimate = float((plan[0] if isinstance(plan, list) else plan)["Plan"]["Plan Rows"])
    return estimate <= math.sqrt(PG_SPARSE_FACTOR * float(rows or 0))


def score(engine: Engine, what: str, node: Node) -> Any:
    """How well a row matched the text query `node` in a statement narrowed by `restrict` (higher is better): BM25
    with the title weighted above the text on SQLite, ts_rank_cd (cover density) on PostgreSQL."""
    index = INDEXES[what]
    if engine.dialect.name == "sqlite":
        return -func.bm25(literal_column(index.fts), *index.weights)
    vector: Any = literal_column(f"{index.table}.{PG_COLUMN}")
    # as double precision: a real read back into Python and bound again is not equal to itself
    return cast(func.ts_rank_cd(vector, tsquery(node)), Double)


def rebuild(engine: Engine) -> dict[str, int]:
    """Rebuild every search index from the stored rows; returns the rows indexed per table."""
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for what, index in INDEXES.items():
            if engine.dialect.name == "sqlite":
                conn.execute(text(f"INSERT INTO {index.fts}({index.fts}) VALUES ('rebuild')"))
                conn.execute(text(f"INSERT INTO {index.fts}({index.fts}) VALUES ('optimize')"))
            else:
                conn.execute(text(f"REINDEX INDEX ix_{index.table}_{PG_COLUMN}"))
            counts[what] = int(conn.execute(text(f"SELECT count(*) FROM {index.table}")).scalar_one())
    return counts


QUEUE_PREFIX = "procrastinate_"


def schema_includes(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic `include_object`: the search tables, columns and index live outside the models (they
    differ per backend), and so do the task queue's tables (procrastinate's own schema, PostgreSQL
    only), so schema comparisons leave them out."""
    if name is None:
        return True
    if name.startswith(QUEUE_PREFIX):  # the task queue's tables and indexes (migration 0011)
        return False
    if type_ == "table":
        return not any(name == i.fts or name.startswith(i.fts + "_") for i in INDEXES.values())
    return name != PG_COLUMN and not name.endswith(f"_{PG_COLUMN}")
