"""The search syntax: what parses to what, errors that name their column, and no input that reaches an
engine as syntax (any text either parses, and then runs on a real FTS5 table, or is a QueryError)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import fulltext
from db.fulltext import fts5_match
from db.query import And, Field, Near, Not, Or, QueryError, Term, parse


@pytest.mark.parametrize(("query", "tree"), [
    ("strike", Term("strike")),
    ("strike drone", And((Term("strike"), Term("drone")))),
    ("a AND b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
    ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
    ("(a OR b) -c", And((Or((Term("a"), Term("b"))), Not(Term("c"))))),
    ("a NOT b", And((Term("a"), Not(Term("b"))))),
    ('"Baghdad   airport"', Term("Baghdad airport")),
    ("escalat*", Term("escalat", prefix=True)),
    ("or and not", And((Term("or"), Term("and"), Term("not")))),
    ("x-ray NOTE ORwell", And((Term("x-ray"), Term("NOTE"), Term("ORwell")))),
    ("Trump & Iran", And((Term("Trump"), Term("Iran")))),
    ("a — b", And((Term("a"), Term("b")))),
    ("strike NEAR/5 airport", Near(Term("strike"), Term("airport"), 5)),
    ('"drone strike" NEAR/0 airp*', Near(Term("drone strike"), Term("airp", prefix=True), 0)),
    ("a NEAR/2 b OR c", Or((Near(Term("a"), Term("b"), 2), Term("c")))),
    ("a NEAR b", And((Term("a"), Term("NEAR"), Term("b")))),  # without /n it is a word, as `or` is
    ("title:strike", Field("title", Term("strike"))),
    ('source:"New York Times"', Field("source", Term("New York Times"))),
    ("SOURCE:reut*", Field("source", Term("reut", prefix=True))),
    ("strike (lang:fr OR country:IR) -speaker:Trump", And((Term("strike"), Or((Field("lang", Term("fr")),
     Field("country", Term("IR")))), Not(Field("speaker", Term("Trump")))))),
    ("title: strike", And((Term("title:"), Term("strike")))),  # no value right after the colon: a word
])
def test_parse(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(("query", "column"), [
    ("", 1), ('strike "drone', 8), ("a OR", 5), ("(a b", 5), ("a)", 2), ("NOT a", 5), ("a OR -b", 7),
    ("a *b", 3), ("... ?", 1), ("ab.c*", 1),
    ("strike bogus:x", 8), ("a NEAR/51 b", 3), ("a NEAR/2 b NEAR/2 c", 12), ("a NEAR/2 (b)", 10),
    ("NOT source:x", 5), ("-lang:fr", 2), ('title:"—"', 1), ("a NEAR/3", 9), ("NEAR/3 b", 1), ("a OR NEAR/1 b", 6),
])
def test_errors_name_the_column(query: str, column: int) -> None:
    with pytest.raises(QueryError, match=rf"^column {column}: "):
        parse(query)


def test_fts5_strings_quote_every_term() -> None:
    assert fts5_match(parse('(a OR "b c") -d e*')) == '((("a" OR "b c") AND "e"*) NOT ("d"))'
    assert fts5_match(parse('say "he said ""no"""')) != ""  # an embedded quote never ends the string early


@pytest.mark.parametrize(("query", "loose"), [
    ("a NEAR/3 b", "a b"),
    ("(a NEAR/3 b) OR c", "(a b) OR c"),
    ("x -(a NEAR/3 b)", "x"),  # nothing can be said of the NOT: left out of the AND
    ("(a NEAR/3 b) OR (c -(d NEAR/1 e))", "(a b) OR c"),
    ("t -c", "t -c"),
])
def test_near_read_without_positions(query: str, loose: str) -> None:
    """What the PostgreSQL search adds beside a NEAR so the planner reads the words' postings
    (fulltext._without_positions): a query every match also matches."""
    assert fulltext._without_positions(parse(query)) == parse(loose)


def test_fts5_near_and_title() -> None:
    assert fts5_match(parse('a NEAR/3 "b c"')) == 'NEAR("a" "b c", 3)'
    assert fts5_match(parse("title:a*")) == '{title} : ("a"*)'


def _text_only(node: object) -> object:
    """The tree with row fields (source:, lang:, …) left out, as db.search hands the index only text."""
    if isinstance(node, Field) and node.name != "title":
        return None
    if isinstance(node, Not):
        part = _text_only(node.part)
        return Not(part) if part is not None else None  # type: ignore[arg-type]
    if isinstance(node, (And, Or)):
        parts = tuple(p for p in map(_text_only, node.parts) if p is not None)
        if isinstance(node, And) and parts and all(isinstance(p, Not) for p in parts):
            return None
        return type(node)(parts) if len(parts) > 1 else (parts[0] if parts else None)  # type: ignore[arg-type]
    return node


PIECES = [*'ab "()*-:^.&', " OR ", " AND ", " NOT ", "NEAR", " NEAR/2 ", " NEAR/x ", "title:", "lang:", "zz:", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_text_parses_and_runs_or_is_a_query_error(query: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    db.execute("INSERT INTO t VALUES ('a b', 'a b ab é')")
    try:
        tree = parse(query)
    except QueryError as exc:
        assert str(exc).startswith("column ")
        assert int(str(exc).split()[1].rstrip(":")) <= len(query) + 1
        return
    text = _text_only(tree)
    if text is not None:
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_match(text),)).fetchall()  # type: ignore[arg-type]
