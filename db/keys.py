"""Matching keys the store computes once at write time, so reads can group on an indexed column.

`quote_key` is how the propagation view knows two placements of a quote are one quote: outlets
re-case a quote, reflow its whitespace, swap curly and straight marks, and keep or drop the
punctuation before the closing mark ("… warning," / "… warning."). Words are never changed.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                        "‹": "'", "›": "'", "–": "-", "—": "-"})
_SPACE_RE = re.compile(r"\s+")
_EDGE = " \"'.,;:!?-…"
KEY_LENGTH = 500  # long enough to tell quotes apart, short enough for an index on every backend


def quote_key(text: str) -> str:
    """Case-folded, marks unified, whitespace collapsed, leading and trailing punctuation dropped."""
    plain = unicodedata.normalize("NFKC", text).translate(_MARKS).casefold()
    return _SPACE_RE.sub(" ", plain).strip(_EDGE)[:KEY_LENGTH]
