"""Event relevance: how strongly an article is about an event, from term and alias matches.

A match in the title counts most, then the lead (first paragraphs), then the body; body matches are
capped so a long article that mentions the event once in passing does not outrank a short one about
it. An article joins an event when its score reaches the event's threshold (default 1.0: one body
mention). Matching is case- and accent-insensitive and on whole words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
BODY_CAP = 5
RELATED_WEIGHT = 0.5  # a match of an event's `related` terms counts half a match of its own terms
LEAD_CHARS = 600


def fold(text: str) -> str:
    """Lower-case text without diacritics, same length as the input is not guaranteed."""
    if text.isascii():  # nothing to decompose: the common case, at a fraction of the cost
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class Matcher:
    """Compiled term/alias pattern of one event."""

    pattern: re.Pattern[str]

    @classmethod
    def build(cls, terms: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None) -> Matcher:
        words = {fold(t).strip() for t in terms}
        for canonical, variants in (aliases or {}).items():
            words.add(fold(canonical).strip())
            words.update(fold(v).strip() for v in variants)
        words.discard("")
        if not words:
            return cls(re.compile(r"(?!x)x"))  # matches nothing: an event without terms takes nothing
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return cls(re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"))

    def count(self, text: str) -> int:
        return len(self.pattern.findall(fold(text))) if text else 0

    def score(self, title: str, text: str) -> float:
        """Weighted match score of an article (0 when nothing matches).

        The text is matched once and each hit is weighted by where it starts, so a term that straddles
        the end of the lead is still found.
        """
        starts = [m.start() for m in self.pattern.finditer(fold(text))] if text else []
        lead = sum(1 for s in starts if s < LEAD_CHARS)
        return (
            TITLE_WEIGHT * min(self.count(title), 1)
            + LEAD_WEIGHT * min(lead, 2)
            + BODY_WEIGHT * min(len(starts) - lead, BODY_CAP)
        )
