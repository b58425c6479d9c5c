"""A parsed search (db.query) as SQL over a table read: text to the full-text index, fields to rows.

Words, phrases, prefixes, NEAR and `title:` are answered by the engine's index (db.fulltext).
`source:`, `lang:`, `country:` and `speaker:` are not in any text index: they are conditions on the
article's own row, its outlet's row and its quotes' figures, which the table reads already join.

Why split the tree instead of turning every part into a condition: the index is fastest when it is
joined once with the whole text query (and, on SQLite, walked newest first for a common word; see
fulltext.restrict). So the text parts of a top-level AND go to the index together, and only what is
left (fields, and text under an OR with a field) becomes conditions, a text part among them an
"id IN (matches)" probe of the index.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Engine, and_, exists, func, not_, or_, select

from db import fulltext
from db.models import Article, Figure, FigureAlias, Quote, Source
from db.query import And, Field, Near, Node, Not, Or, Term, parse

ROW_FIELDS = ("source", "lang", "country", "speaker")  # fields answered from rows, not from the text index
SPEAKER_FACTOR = 75.0  # see _often_quoted: page size x (probe cost / read cost), measured by bench queries


def restrict(engine: Engine, what: str, stmt: Any, query: str | None, base_id: Any,
             walk: bool = False) -> tuple[Any, Any]:
    """`stmt` (a read of articles or quotes, joined with Article and Source) narrowed to what `query`
    matches, and the text match's score, higher is better (None without text to rank by, or when
    the rows are found by walking). Raises db.query.QueryError."""
    if not query or not query.strip():
        return stmt, None
    node = parse(query)
    text, rest = split(node, what)
    score = None
    if text is not None:
        stmt, score = fulltext.restrict(engine, what, stmt, text, base_id, walk=walk)
    if rest is not None:
        stmt = stmt.where(condition(engine, what, rest, base_id))
    return stmt, score


def is_text(node: Node, what: str) -> bool:
    """Whether the index of `what` answers all of `node` (the quotes index holds no titles)."""
    if isinstance(node, (Term, Near)):
        return True
    if isinstance(node, Field):
        return node.name == "title" and what == "articles"
    if isinstance(node, Not):
        return is_text(node.part, what)
    return all(is_text(p, what) for p in node.parts)


def split(node: Node, what: str) -> tuple[Node | None, Node | None]:
    """(the part the text index answers, the rest as conditions); None where there is none.

    The text part keeps a top-level AND's positive text parts and its negated ones (FTS5 needs a
    positive part to exclude from); everything else is the rest."""
    if is_text(node, what):
        return node, None
    if not isinstance(node, And):
        return None, node
    text = [p for p in node.parts if is_text(p, what)]
    if not any(not isinstance(p, Not) for p in text):
        return None, node
    rest = [p for p in node.parts if not is_text(p, what)]
    return _joined(text), _joined(rest)


def _joined(parts: list[Node]) -> Node | None:
    return None if not parts else parts[0] if len(parts) == 1 else And(tuple(parts))


def condition(engine: Engine, what: str, node: Node, base_id: Any, probe: bool = False) -> Any:
    """`node` as one SQL condition on the read's rows. `probe`: keep SQLite from answering an OR from
    the indexes of its parts (see `_broad`), so it tests each row of the newest-first walk instead."""
    if isinstance(node, Not):
        return not_(condition(engine, what, node.part, base_id, probe))
    if isinstance(node, And):
        return and_(*(condition(engine, what, p, base_id, probe) for p in node.parts))
    if isinstance(node, Or):
        probe = probe or (engine.dialect.name == "sqlite" and _broad(engine, what, node))
        return or_(*(condition(engine, what, p, base_id, probe) for p in node.parts))
    if isinstance(node, Field) and node.name in ROW_FIELDS:
        return field_condition(engine, what, node, probe)
    if is_text(node, what):
        return fulltext.matches(engine, what, node, base_id + 0 if probe else base_id)
    # title: in a quotes read: the quote's article's title
    return fulltext.matches(engine, "articles", node, Article.id + 0 if probe else Article.id)


def _broad(engine: Engine, what: str, node: Or) -> bool:
    """Whether a part of this OR matches so many rows that a newest-first page is found sooner by walking
    the articles and testing each than by SQLite's plan for an OR of indexed parts: reading every
    match of every part and sorting them (a country's articles under `title:x OR country:IR`). The
    threshold is fulltext.dense's, and a part is counted only up to it."""
    index = fulltext.INDEXES[what]
    for part in node.parts:
        if isinstance(part, Field) and part.name in ("source", "country"):
            with engine.connect() as conn:
                rows = conn.execute(select(func.max(Article.id))).scalar() or 0
                cap = int(math.sqrt(fulltext.DENSE_FACTOR * rows))
                outlets = _outlets(engine, part)
                inner = select(Article.id).where(Article.source_id.in_(outlets)).limit(cap + 1).subquery()
                if conn.execute(select(func.count()).select_from(inner)).scalar_one() > cap:
                    return True
        elif (is_text(part, what) and not isinstance(part, Not)
              and fulltext.dense(engine, index, fulltext.fts5_match(part))):
            return True
    return False


def _escaped(text: str) -> str:
    return text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(value: Term) -> str:
    """A LIKE pattern for a field value: escaped, lower case, `%` after a prefix."""
    return _escaped(value.text) + ("%" if value.prefix else "")


def _equals(col: Any, value: Term) -> Any:
    """Case-insensitive equality (or a prefix, for `source:reut*`)."""
    return func.lower(col).like(_like(value), escape="\\")


def _outlets(engine: Engine, node: Field) -> list[int]:
    """Ids of the outlets a source: or country: field names."""
    value = node.value
    if node.name == "source":
        www = Term("www." + value.text, value.prefix)
        named = or_(_equals(Source.domain, value), _equals(Source.domain, www), _equals(Source.name, value))
    else:
        named = _equals(Source.country, value)
    return _ids(engine, select(Source.id).where(named))


def field_condition(engine: Engine, what: str, node: Field, probe: bool = False) -> Any:
    """source: the outlet's domain (with or without www.) or its name; lang: the article's language;
    country: the outlet's country; speaker: an attributed quote whose figure's name or one of its
    aliases contains the value (`speaker:Soleimani` finds "Qassem Soleimani").

    Outlets and figures are looked up first (small tables) and the read gets their ids: a plain
    `source_id IN (…)` lets the engine walk an outlet's articles newest first by
    ix_articles_source_published, where a LIKE on the joined row is tested on every article.
    `probe`: see `condition`."""
    value = node.value
    if node.name == "lang":
        return _equals(Article.language, value)
    if node.name in ("source", "country"):
        return (Article.source_id + 0 if probe else Article.source_id).in_(_outlets(engine, node))
    contains = f"%{_escaped(value.text)}%"
    figures = _ids(engine, select(Figure.id).where(func.lower(Figure.name).like(contains, escape="\\")).union(
        select(FigureAlias.figure_id).where(func.lower(FigureAlias.alias).like(contains, escape="\\"))))
    if what == "quotes":
        return Quote.figure_id.in_(figures)
    if engine.dialect.name == "sqlite" and _often_quoted(engine, figures):
        return exists(select(Quote.id).where(Quote.article_id == Article.id, Quote.figure_id.in_(figures)))
    return Article.id.in_(select(Quote.article_id).where(Quote.figure_id.in_(figures)))


def _ids(engine: Engine, stmt: Any) -> list[int]:
    with engine.connect() as conn:
        return sorted({int(i) for i in conn.execute(stmt).scalars()})


def _often_quoted(engine: Engine, figures: list[int]) -> bool:
    """Whether these figures are quoted so often that a newest-first page is found faster by walking
    the articles and probing each one's quotes (quotes.article_id) than by reading every article that
    quotes them and sorting (the choice fulltext.dense makes for words). A probe of the quotes index
    costs about what reading one matching article does, so the walk wins past about
    sqrt(SPEAKER_FACTOR x articles) quotes; they are counted up to that many only. PostgreSQL's
    planner makes this choice from its statistics."""
    if not figures:
        return False
    with engine.connect() as conn:
        rows = conn.execute(select(func.max(Article.id))).scalar() or 0
        cap = int(math.sqrt(SPEAKER_FACTOR * rows))
        inner = select(Quote.id).where(Quote.figure_id.in_(figures)).limit(cap + 1).subquery()
        found = conn.execute(select(func.count()).select_from(inner)).scalar_one()
    return bool(found > cap)
