"""Which rules read an article: the per-article language seam.

An article's language (declared by its page or detected from its text) picks the quote reader: English
and text of no known language get the deep English attributor; a language with a module under
`ingest.nlp.languages` (fr, de, es, ru, …) gets `marked_quotes` with that module's words; any other
language gets the quotation marks alone, with no speaker, rather than English rules guessing at words
they cannot read. Adding a language is adding its module: nothing here changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from ingest.nlp.languages import QuoteRules, language_data
from ingest.nlp.marked_quotes import extract_marked_quotes
from ingest.nlp.quotes import Quote, extract_quotes

DEFAULT = "en"  # what reads text whose language is unknown: most short untagged items are English


@dataclass(frozen=True)
class Reader:
    """The rules for one language: `language` is the code whose rules read the text."""

    language: str
    quotes: Callable[[str], list[Quote]]


@lru_cache(maxsize=64)
def reader_for(language: str | None) -> Reader:
    """The reader of an article in `language` (ISO 639-1, any case; None when unknown)."""
    code = (language or DEFAULT).lower()
    if code == "en":
        return Reader("en", extract_quotes)
    rules = language_rules(code)
    if rules is None:
        return Reader(code, partial(extract_marked_quotes, rules=_marks_only(code)))
    return Reader(code, partial(extract_marked_quotes, rules=rules))


def language_rules(code: str) -> QuoteRules | None:
    """`RULES` of the language module `ingest.nlp.languages.<code>`, or None when there is none."""
    rules = language_data(code, "RULES")
    return rules if isinstance(rules, QuoteRules) else None


def _marks_only(code: str) -> QuoteRules:
    """No words at all: quotes are found by their marks and no speaker is ever guessed."""
    empty: frozenset[str] = frozenset()
    return QuoteRules(code=code, speech_verbs=empty, according_to=(), pronouns={}, titles=empty, not_names=empty,
                      org_words=empty)
