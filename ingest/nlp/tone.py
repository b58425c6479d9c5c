"""Tone: per sentence, averaged; VADER compound for English, a language's lexicon for the others.

VADER knows only English, so it never scores other languages (on French or Persian it finds nothing and
calls most paragraphs neutral). `tone_method` names what scores a language: "vader" for English (and
for text with no known language, as before), "lexicon:<code>" where a sentiment lexicon ships for the
language (`ingest.nlp.lexicon_tone`), and "none" otherwise, where tone is left unknown (None) rather
than guessed. Each article stores its method, so averages across languages can say they mix methods.

Whole-text VADER is quadratic in length and saturates near ±0.99 on long articles, which tells an
analyst nothing; the mean of sentence compounds keeps differences between articles visible and is
linear in length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ingest.nlp.lexicon_tone import lexicon_tone
from ingest.nlp.lexicons import has_lexicon

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and a
# capital, digit or opening quote; or at a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’»)\]]*\s+(?=[\"'“‘«(A-Z0-9])|\n\s*\n")
MAX_SENTENCE_CHARS = 1_000
VADER = "vader"
NO_METHOD = "none"
LEXICON = "lexicon:"


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


def tone_method(language: str | None) -> str:
    """What scores text in `language`: "vader", "lexicon:<code>" or "none" (see the module's docstring)."""
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    if code == "en":
        return VADER
    return f"{LEXICON}{code}" if has_lexicon(code) else NO_METHOD


def _scorer(method: str) -> Callable[[str], float] | None:
    if method == VADER:
        return lambda text: float(analyzer().polarity_scores(text)["compound"])
    if method.startswith(LEXICON):
        code = method.removeprefix(LEXICON)
        return lambda text: lexicon_tone(text, code)
    return None


def text_tone(text: str, language: str | None = None) -> float | None:
    """Tone of a short text (a quote) in -1..1 by the method of its language; None when it has none."""
    score = _scorer(tone_method(language))
    if score is None:
        return None
    return score(text) if text.strip() else 0.0


def article_tone(text: str, language: str | None = None) -> tuple[float | None, int]:
    """(mean sentence tone, sentence count) of an article by the method of its language; (0.0, 0) for
    empty text, tone None where the language has no method."""
    sentences = split_sentences(text)
    score = _scorer(tone_method(language))
    if score is None:
        return None, len(sentences)
    if not sentences:
        return 0.0, 0
    return sum(score(s) for s in sentences) / len(sentences), len(sentences)
