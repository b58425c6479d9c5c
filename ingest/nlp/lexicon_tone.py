"""Tone from a language's sentiment lexicon: the words it marks ±1, negated, intensified and normalised
like VADER's compound, so scores of every language share the range −1…1 and the sign means the same.

VADER knows English only: on French or Persian text it finds a few English-looking tokens or nothing, and
scores most paragraphs 0. A lexicon per language (`ingest.nlp.lexicons`) with that language's lemmas and
clitics (`ingest.nlp.languages.<code>.TONE`) gets the sign right on most clearly polar paragraphs; the
accuracy per language is measured by `python -m bench languages` and listed in the README.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache

from ingest.nlp.languages import ToneWords, tone_words
from ingest.nlp.lexicons import lexicon

ALPHA = 15.0  # VADER's normalisation: compound = s / sqrt(s² + 15)
INTENSITY = 1.5
DIMINISHED = 0.5
CONTRAST_BEFORE, CONTRAST_AFTER = 0.5, 1.5  # VADER's weights around "but"
MIN_COMPOUND_TAIL = 4  # a compound's tail shorter than this is too often a mere ending
# a word: letters, with the zero-width non-joiner Persian writes inside words ("می‌کشند")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|\u200c)*|[.!?;:,،]")
_CLAUSE_END = frozenset(".!?;:")
_PAUSES = frozenset(",،")  # a comma ends a negation's reach ("воды не было, сигнализации …"), not the clause


def _strip_marks(text: str) -> str:
    """Arabic/Persian vowel marks and tatweel out, so a vocalised word is the lexicon's word."""
    return "".join(c for c in text
                   if c != "\u0640" and not ("\u0610" <= c <= "\u06ed" and unicodedata.category(c) == "Mn"))


@lru_cache(maxsize=8)
def _lemmatizer(code: str) -> Callable[[str], str]:
    """The lemma of a word: pymorphy3 for Russian (simplemma misses most inflected Russian forms),
    simplemma for the other languages it knows, the word itself otherwise."""
    if code == "ru":
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer()
        return lambda word: str(morph.parse(word)[0].normal_form)
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    if code not in SUPPORTED_LANGUAGES:
        return lambda word: word
    return lambda word: str(simplemma.lemmatize(word, lang=code)).lower()


@lru_cache(maxsize=64)
def function_words(code: str) -> frozenset[str]:
    """The `stop-words` package's list for `code` (empty when it has none): words such as "en", "sur",
    "contre" that the lexicons mark but that say nothing about tone. A language's `overrides` put back
    the few in these lists that do ("bien", "mal")."""
    from stop_words import StopWordError, get_stop_words

    try:
        return frozenset(w.lower() for w in get_stop_words(code))
    except StopWordError:
        return frozenset()


def _find(word: str, code: str, words: ToneWords) -> float | None:
    """The value of `word` or of its lemma: None when neither is a tone word."""
    lex, stop = lexicon(code), function_words(code)
    forms = (word, _lemmatizer(code)(word))
    for form in forms:  # a language's own entries first, for the word or its lemma ("удалось" → "удаться")
        if form in words.overrides:
            return words.overrides[form]
    if any(form in words.ignore for form in forms):
        return None
    for form in forms:
        if form in stop:
            return None
        if form in lex:
            return lex[form]
    return None


@lru_cache(maxsize=200_000)
def word_value(word: str, code: str) -> tuple[float, bool]:
    """(lexicon value, whether a negating prefix was stripped) of one lower-case word; value 0.0 when
    the word carries no tone. Tries the word, its lemma, then the word without clitics, then the tail of
    a compound."""
    words = tone_words(code)
    found = _find(word, code, words)
    if found is not None or word in words.ignore:
        return (found or 0.0), False
    for prefix in words.negating_prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = _find(word[len(prefix):].lstrip("\u200c"), code, words)
            if rest:
                return rest, True
    stems = [word[len(p):].lstrip("\u200c") for p in words.prefixes if word.startswith(p) and len(word) - len(p) >= 3]
    stems = stems or [word]
    for stem in stems:
        for candidate in (stem, *(stem[: -len(s)].rstrip("\u200c") for s in words.suffixes
                                  if stem.endswith(s) and len(stem) - len(s) >= 3)):
            if candidate != word and (found := _find(candidate, code, words)) is not None:
                return found, False
    if words.compounds and len(word) > 2 * MIN_COMPOUND_TAIL:
        for start in range(2, len(word) - MIN_COMPOUND_TAIL + 1):
            if (found := _find(word[start:], code, words)) is not None:
                return found, False
    return 0.0, False


def raw_score(text: str, code: str) -> float:
    """Sum of the lexicon values of the words of `text`, negations, intensifiers and contrasts applied."""
    words = tone_words(code)
    tokens = [t.lower() for t in _WORD.findall(_strip_marks(text))]
    total, clause, negated_until, boost, weight = 0.0, 0.0, -1, 1.0, 1.0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _CLAUSE_END:
            total, clause, negated_until, boost, weight = total + clause, 0.0, -1, 1.0, 1.0
            i += 1
            continue
        if token in _PAUSES:
            negated_until, boost = -1, 1.0
            i += 1
            continue
        length, phrase_value = _phrase(tokens, i, words.phrases)
        if length and not phrase_value:  # a phrase with no tone of its own: "sin embargo" negates nothing
            i += length
            if tokens[i - 1] in words.contrasts:  # … but it is a "but"
                clause, weight = clause * CONTRAST_BEFORE, CONTRAST_AFTER
            continue
        if token in words.contrasts:  # "X, mais Y": X counts half, Y one and a half (VADER's "but" rule)
            clause, weight = clause * CONTRAST_BEFORE, CONTRAST_AFTER
            i += 1
            continue
        if token in words.negations:
            negated_until = i + words.scope
            i += 1
            continue
        if token in words.intensifiers or token in words.diminishers:
            boost = INTENSITY if token in words.intensifiers else DIMINISHED
            i += 1
            continue
        value, prefix_negated = (phrase_value, False) if length else word_value(token, code)
        i += length or 1
        if not value:
            continue
        after = any(t in words.after_negations for t in _until_pause(tokens[i: i + words.scope]))
        if (i - (length or 1) <= negated_until) != (prefix_negated != after):  # an odd number of negations
            value = -value
        clause += value * boost * weight
        boost = 1.0
    return total + clause


def _until_pause(tokens: list[str]) -> list[str]:
    """The tokens up to the first punctuation mark: a negation after a word reaches back no further."""
    for n, token in enumerate(tokens):
        if token in _CLAUSE_END or token in _PAUSES:
            return tokens[:n]
    return tokens


def _phrase(tokens: list[str], i: int, phrases: Mapping[str, float]) -> tuple[int, float]:
    """(how many tokens, value) of the longest phrase starting at token `i`; (0, 0.0) when none does."""
    best = (0, 0.0)
    for phrase, value in phrases.items():
        parts = phrase.split()
        if len(parts) <= best[0] or i + len(parts) > len(tokens):
            continue
        *head, last = parts
        if tokens[i: i + len(head)] == head and (
            tokens[i + len(head)].startswith(last[:-1]) if last.endswith("*") else tokens[i + len(head)] == last
        ):
            best = (len(parts), value)
    return best


def normalise(score: float) -> float:
    return score / math.sqrt(score * score + ALPHA) if score else 0.0


def lexicon_tone(text: str, code: str) -> float:
    """Tone of a short text (a quote, a paragraph) in -1..1 with the lexicon of language `code`."""
    return normalise(raw_score(text, code))
