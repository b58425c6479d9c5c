"""Tone: VADER compound per sentence, averaged.

Whole-text VADER is quadratic in length and saturates near ±0.99 on long articles, which tells an
analyst nothing; the mean of sentence compounds keeps differences between articles visible and is
linear in length.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and a
# capital, digit or opening quote; or at a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s+(?=[\"'“‘«(A-Z0-9])|\n\s*\n")
MAX_SENTENCE_CHARS = 1_000


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    """One shared analyser: building it parses VADER's lexicon (tens of milliseconds)."""
    return SentimentIntensityAnalyzer()


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`; over-long runs without punctuation are cut so VADER stays linear."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        while len(piece) > MAX_SENTENCE_CHARS:
            out.append(piece[:MAX_SENTENCE_CHARS])
            piece = piece[MAX_SENTENCE_CHARS:]
        if piece:
            out.append(piece)
    return out


def text_tone(text: str) -> float:
    """VADER compound of a short text (a quote), in -1..1."""
    return float(analyzer().polarity_scores(text)["compound"]) if text.strip() else 0.0


def article_tone(text: str) -> tuple[float, int]:
    """(mean sentence compound, sentence count) of an article; (0.0, 0) for empty text."""
    sentences = split_sentences(text)
    if not sentences:
        return 0.0, 0
    scorer = analyzer().polarity_scores
    total = sum(scorer(s)["compound"] for s in sentences)
    return total / len(sentences), len(sentences)
