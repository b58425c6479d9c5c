"""The search syntax: what parses to what, errors that name their column, and no input that reaches an
engine as syntax (any text either parses, and then runs on a real FTS5 table, or is a QueryError)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.fulltext import fts5_match
from db.query import And, Not, Or, QueryError, Term, parse


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
])
def test_parse(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(("query", "column"), [
    ("", 1), ('strike "drone', 8), ("a OR", 5), ("(a b", 5), ("a)", 2), ("NOT a", 5), ("a OR -b", 7),
    ("a *b", 3), ("... ?", 1), ("ab.c*", 1),
])
def test_errors_name_the_column(query: str, column: int) -> None:
    with pytest.raises(QueryError, match=rf"^column {column}: "):
        parse(query)


def test_fts5_strings_quote_every_term() -> None:
    assert fts5_match(parse('(a OR "b c") -d e*')) == '((("a" OR "b c") AND "e"*) NOT ("d"))'
    assert fts5_match(parse('say "he said ""no"""')) != ""  # an embedded quote never ends the string early


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*'ab "()*-:^.&', " OR ", " AND ", " NOT ", "NEAR", "é"]), max_size=12).map("".join))
def test_any_text_parses_and_runs_or_is_a_query_error(query: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.execute("INSERT INTO t VALUES ('a b ab é')")
    try:
        tree = parse(query)
    except QueryError as exc:
        assert str(exc).startswith("column ")
        return
    db.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_match(tree),)).fetchall()
