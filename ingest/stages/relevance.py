"""Event relevance: how strongly an article is about an event, from term and alias matches.

A match in the title counts most, then the lead (first paragraphs), then the body; body matches are
capped so a long article that mentions the event once in passing does not outrank a short one about
it. An article joins an event when its score reaches the event's threshold (default 1.0: one body
mention). Matching is case- and accent-insensitive and on whole words.

Terms in other scripts: `fold` also unifies the letter forms one name is typed with in Arabic and
Persian text (ي ى ی, ك ک, ة ه, hamza seats, tatweel; a zero-width non-joiner reads as a word break) and
Russian ё/е, so "سليماني" finds "سلیمانی". Terms given for a language (`terms_by_language` in
monitor.toml) match with that language's affixes (`ingest.nlp.languages.TermAffixes`): "Ирана" for
"Иран", "وسليماني" for "سليماني".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ingest.nlp.languages import TermAffixes
from ingest.nlp.languages.names import LETTER_FORMS

TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
BODY_CAP = 5
RELATED_WEIGHT = 0.5  # a match of an event's `related` terms counts half a match of its own terms
LEAD_CHARS = 600


def fold(text: str) -> str:
    """Lower-case text without diacritics and with one form per letter; same length as the input is
    not guaranteed."""
    if text.isascii():  # nothing to decompose: the common case, at a fraction of the cost
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(LETTER_FORMS)


@dataclass(frozen=True, slots=True)
class Matcher:
    """Compiled term/alias pattern of one event."""

    pattern: re.Pattern[str]

    @classmethod
    def build(cls, terms: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None,
              inflected: Iterable[tuple[Iterable[str], TermAffixes]] = ()) -> Matcher:
        """Terms and alias names as whole words; each group of `inflected` terms with its affixes."""
        words = {fold(t).strip() for t in terms}
        for canonical, variants in (aliases or {}).items():
            words.add(fold(canonical).strip())
            words.update(fold(v).strip() for v in variants)
        words.discard("")
        parts = [_either(words)] if words else []
        for group, affixes in inflected:
            found = {fold(t).strip() for t in group} - {""}
            if found:
                prefix = f"(?:{_either(fold(a) for a in affixes.prefixes)})?" if affixes.prefixes else ""
                suffix = f"(?:{_either(fold(a) for a in affixes.suffixes)})?" if affixes.suffixes else ""
                parts.append(f"{prefix}(?:{_either(found)}){suffix}")
        if not parts:
            return cls(re.compile(r"(?!x)x"))  # matches nothing: an event without terms takes nothing
        return cls(re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"))

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


def _either(words: Iterable[str]) -> str:
    """An alternation of `words`, longest first so a longer term wins where both match."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
