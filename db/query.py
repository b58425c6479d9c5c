"""The explorer's search syntax, parsed into a small tree that `db.fulltext` compiles for each engine.

Syntax (what analysts know from news archives and web search):

    strike drone           both words (AND is implied; `AND` may be written)
    strike OR raid         either
    -condolences           without this word (also `NOT condolences`)
    "Baghdad airport"      the words next to each other, in this order
    escalat*               any word starting so
    (strike OR raid) -drill
    strike NEAR/5 airport  both, with at most 5 words between them, in either order
    title:strike           a word (or "phrase", or prefix*) in the title only
    source:reuters.com     articles of an outlet (its domain or its name: source:"New York Times")
    lang:fr  country:IR    articles in a language; from outlets of a country
    speaker:Soleimani      articles quoting a figure whose name or alias contains this

Fields combine with words as words do: `strike (source:bbc.co.uk OR lang:fr) -speaker:Trump`.

Keywords are upper case, so `or` is an ordinary word. Words are matched case-insensitively and
without stemming ("strike" does not find "striking"; write `strik*`), the same on SQLite and PostgreSQL.

Why a grammar and lark instead of splitting on spaces: parentheses and precedence (NOT binds tighter
than AND, AND than OR) need a real parser, and a mistake must be reported at its column, not as an
engine's syntax error. The tree is engine-neutral, so SQLite FTS5 and PostgreSQL tsquery get the same
meaning from one parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr (_OR and_expr)*
?and_expr: not_expr (_AND? not_expr)*
?not_expr: (_NOT | _MINUS) atom -> negate
         | atom
?atom: term
     | term NEAR term -> near
     | FIELD term -> field
     | "(" or_expr ")"
?term: PHRASE -> phrase
     | PREFIX -> prefix
     | WORD -> word

_OR: "OR"
_AND: "AND"
_NOT: "NOT"
_MINUS: "-"
NEAR.3: /NEAR\/\d+/
FIELD.3: /[A-Za-z]+:(?=[^\s()])/
PHRASE: /"[^"]*"/
PREFIX.2: /[^\s()"*\-][^\s()"*]*\*/
WORD: /[^\s()"*\-][^\s()"*]*/

%import common.WS
%ignore WS
"""
WORD_CHARS = re.compile(r"\w", re.UNICODE)
PREFIX_WORD = re.compile(r"^\w+$", re.UNICODE)
NEAR_WORD = re.compile(r"^NEAR/\d+$")
FIELDS = ("title", "source", "lang", "country", "speaker")
MAX_NEAR = 50  # PostgreSQL gets an OR of 2 x (n + 1) distances; past this a phrase or AND is meant


class QueryError(ValueError):
    """A search the parser cannot read; the message names the column (1-based) of the problem."""


@dataclass(frozen=True)
class Term:
    """A word, a phrase (several words in order) or a word prefix."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Not:
    part: Node


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Near:
    """Two terms with at most `distance` words between them, in either order."""

    left: Term
    right: Term
    distance: int


@dataclass(frozen=True)
class Field:
    """A term asked of one part of an article: its title (searched in the index) or its outlet,
    language, outlet's country or quoted figures (conditions on the stored rows)."""

    name: str
    value: Term


Node = Term | Not | And | Or | Near | Field


class _Tree(Transformer[Token, Node | None]):
    """Builds the tree; a term with no word character (a lone "&" or "—") is left out, as the engines'
    tokenisers would leave it out of the text."""

    def or_expr(self, parts: list[Node | None]) -> Node | None:
        kept = tuple(p for p in parts if p is not None)
        return (Or(kept) if len(kept) > 1 else kept[0]) if kept else None

    def and_expr(self, parts: list[Node | None]) -> Node | None:
        kept = tuple(p for p in parts if p is not None)
        return (And(kept) if len(kept) > 1 else kept[0]) if kept else None

    def negate(self, parts: list[Node | None]) -> Node | None:
        return Not(parts[0]) if parts[0] is not None else None

    def phrase(self, parts: list[Token]) -> Node | None:
        return _term(str(parts[0])[1:-1])

    def prefix(self, parts: list[Token]) -> Node:
        stem = str(parts[0])[:-1]
        if not PREFIX_WORD.match(stem):
            raise QueryError(f"column {parts[0].column}: a prefix must be letters or digits before the * "
                             f"({parts[0]!s})")
        return Term(stem, prefix=True)

    def word(self, parts: list[Token]) -> Node | None:
        if NEAR_WORD.match(str(parts[0])):  # where no left side can stand, the lexer read NEAR/n as a word
            raise QueryError(f"column {parts[0].column}: {parts[0]!s} needs a word, \"phrase\" or prefix* on "
                             "each side")
        return _term(str(parts[0]))

    def near(self, parts: list[Any]) -> Node | None:
        left, op, right = parts
        distance = int(str(op).split("/")[1])
        if distance > MAX_NEAR:
            raise QueryError(f"column {op.column}: NEAR/{distance} is too far; at most NEAR/{MAX_NEAR}")
        if left is None or right is None:
            return left or right
        return Near(left, right, distance)

    def field(self, parts: list[Any]) -> Node | None:
        token, value = parts
        name = str(token)[:-1].lower()
        if name not in FIELDS:
            raise QueryError(f"column {token.column}: unknown field {str(token)[:-1]!r}; fields are "
                             + ", ".join(f"{f}:" for f in FIELDS))
        if value is None:
            raise QueryError(f"column {token.column}: {name}: needs a word after it")
        return Field(name, value)


def _term(text: str) -> Term | None:
    return Term(" ".join(text.split())) if WORD_CHARS.search(text) else None


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr")


@lru_cache(maxsize=256)
def parse(query: str) -> Node:
    """The tree of `query`; raises QueryError naming the column of the first problem. Cached: a page
    checks, restricts and ranks by the same query (the tree is immutable)."""
    if not query.strip():
        raise QueryError("column 1: the search is empty")
    try:
        node = _Tree().transform(_parser().parse(query))
        if node is None:
            raise QueryError("column 1: the search has no word to search for")
    except UnexpectedEOF:
        raise QueryError(f"column {len(query) + 1}: the search ends too early (an open parenthesis "
                         "or a trailing OR/NOT?)") from None
    except UnexpectedCharacters as exc:
        char = query[exc.pos_in_stream or 0]
        what = "an unclosed quote" if char == '"' else f"unexpected {char!r}"
        raise QueryError(f"column {exc.column}: {what}") from None
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        if token is None or token.type == "$END":
            raise QueryError(f"column {len(query.rstrip()) + 1}: the search ends too early (an open "
                             "parenthesis or a trailing OR/NOT?)") from None
        raise QueryError(f"column {exc.column}: unexpected '{token}'") from None
    except QueryError:
        raise
    except Exception as exc:  # lark wraps errors raised in the transformer
        inner = getattr(exc, "orig_exc", None)
        if isinstance(inner, QueryError):
            raise inner from None
        raise
    _check_negations(node, query)
    return node


def _check_negations(node: Node, query: str, inside_and: bool = False) -> None:
    """A NOT excludes from something: it must sit in an AND with at least one positive part.

    Both engines need this (FTS5's NOT is binary; a tsquery of only negations matches nearly the whole
    store, which is never what was meant)."""
    if isinstance(node, Not):
        if not inside_and:
            raise QueryError(f"column {_column_of(node, query)}: NOT/- needs a word to exclude from "
                             "(e.g. strike -drill)")
        _check_negations(node.part, query)
    elif isinstance(node, And):
        if all(isinstance(p, Not) for p in node.parts):
            raise QueryError(f"column {_column_of(node.parts[0], query)}: NOT/- needs a word to exclude "
                             "from (e.g. strike -drill)")
        for p in node.parts:
            _check_negations(p, query, inside_and=True)
    elif isinstance(node, Or):
        for p in node.parts:
            _check_negations(p, query)


def _column_of(node: Node, query: str) -> int:
    """Column (1-based) of a node's first word in the query, for messages about structure."""
    while not isinstance(node, Term):
        if isinstance(node, Not):
            node = node.part
        elif isinstance(node, Near):
            node = node.left
        elif isinstance(node, Field):
            return query.find(node.name + ":") + 1 or query.lower().find(node.name + ":") + 1 or 1
        else:
            node = node.parts[0]
    return query.find(node.text.split()[0]) + 1 or 1
