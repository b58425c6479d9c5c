"""What is particular to one language, one module or package per ISO 639-1 code.

* `en/` holds English's speech verbs, titles, roles, pronouns, organisation heads and the other word
  lists the deep English attributor (`ingest.nlp.quotes` and its siblings) reasons with (`words.py`), its
  attribution phrases ("according to", "quoted … as saying", "a senior official"; `patterns.py`) and the
  shapes of page furniture ("Read more:", bylines, photo credits; `boilerplate.py`).
* Every other language is one module (`fr.py`, `de.py`, …) defining `RULES`, a `QuoteRules`: the data
  `ingest.nlp.marked_quotes` reads quotes with (speech verbs, "according to" phrases, pronouns, titles).
  Adding a language is adding such a module; `ingest.nlp.readers` finds it by the article's language.
* A module may define `TONE`, a `ToneWords`: the negation and intensifier words, the clitics and the
  words to leave out that `ingest.nlp.lexicon_tone` needs to score tone with that language's lexicon.
* `names.py`: what names carry in any language (particles such as "al-", "von der").
* A module may also define `TERM_AFFIXES`, a `TermAffixes`: what an event term written in that language
  may carry when the text inflects it (Russian case endings, Arabic clitics). `ar.py` and `fa.py` hold
  only that so far.

`QuoteRules`, `TermAffixes`, `ToneWords` and the helpers below belong to no language.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class QuoteRules:
    """A language's words for reading quotes by their marks (see `ingest.nlp.marked_quotes`).

    Every word is lower case, as the rules compare them; verbs are listed in the forms news text uses
    (past and present, both genders), since the rules match words, not lemmas.
    """

    code: str  # ISO 639-1
    speech_verbs: frozenset[str]  # "déclaré", "dit", "sagte", "dijo", "заявил"
    according_to: tuple[str, ...]  # phrases naming a source without a verb: "selon", "laut", "по словам"
    pronouns: Mapping[str, str]  # subject pronoun → "m" | "f" | "any": "il", "elle", "er", "sie"
    titles: frozenset[str]  # words standing before a name that are not part of it: "président", "ministre"
    not_names: frozenset[str]  # capitalised words that never start a name: sentence openers, months, days
    org_words: frozenset[str]  # words that make a name an organisation: "ministère", "ministerium"
    title_endings: tuple[str, ...] = field(default=())  # compound titles by their end: "…sprecher", "…minister"
    prepositions: frozenset[str] = field(default=frozenset())  # a name after one is a place: "de", "von", "в"
    articles: frozenset[str] = field(default=frozenset())  # between a preposition and a name: "de l'Intérieur"
    indefinites: frozenset[str] = field(default=frozenset())  # an unnamed source: "une porte-parole", "eine"
    dialogue: bool = True  # paragraphs opened by a dash are speech ("– Да, летал."); not in German news
    capitalised_nouns: bool = False  # every noun capitalised (German): a capitalised run is weak evidence of a name
    case_endings: tuple[str, ...] = field(default=())  # stripped to compare names: "Пескова" ~ "Песков"
    name_particles: tuple[str, ...] = field(default=())  # instead of `names.PARTICLES` ("der" is an article in German)
    # a name in the form it is cited by, from the words the text inflected ("Дмитрия Пескова" → "Дмитрий Песков")
    name_form: Callable[[list[str]], list[str]] | None = None


@dataclass(frozen=True)
class TermAffixes:
    """What a language joins to a name in running text, so that an event term still matches there.

    "Иран" is "Ирана", "Ираном" in other cases; Arabic writes "and", "for", "the" onto the word
    ("وسليماني", "للسليماني"). A term given for the language matches with one of these on either side
    (never both sides' letters inside the word: the term stays whole).
    """

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()


NO_AFFIXES = TermAffixes()


@dataclass(frozen=True)
class ToneWords:
    """What a language needs beside its sentiment lexicon for the lexicon to score tone right.

    A lexicon knows words; text carries them negated ("no hubo víctimas"), intensified, inflected or with
    clitics joined on ("والقتل", "می‌کشند"), and the Chen–Skiena lexicons also mark some function words
    ("sur", "contre", "tout") that say nothing about tone. All words are lower case.
    """

    negations: frozenset[str] = field(default=frozenset())  # flip the next `scope` words: "ne", "kein", "не"
    scope: int = 3  # how many words after a negation it reaches (a clause mark ends it sooner)
    after_negations: frozenset[str] = field(default=frozenset())  # negate the words before: German "nicht"
    intensifiers: frozenset[str] = field(default=frozenset())  # weigh the next word ×1.5: "très", "sehr"
    # weigh the next word ×0.5 and carry no tone themselves: "leicht verletzt" is hurt, a little
    diminishers: frozenset[str] = field(default=frozenset())
    ignore: frozenset[str] = field(default=frozenset())  # lexicon entries that carry no tone in news text
    prefixes: tuple[str, ...] = ()  # stripped, longest first, when the word itself is not found: "وال", "می"
    suffixes: tuple[str, ...] = ()  # likewise at the end: "ها", "های"
    negating_prefixes: tuple[str, ...] = ()  # a prefix that negates the rest: Persian "نمی", "ن"
    compounds: bool = False  # look up the longest known tail of a long word: "Erdbebenopfer" → "opfer"
    overrides: Mapping[str, float] = field(default_factory=dict)  # entries the lexicon lacks or gets wrong
    # "but" words: the clause after one says what the sentence means, so it weighs more than the one before
    contrasts: frozenset[str] = field(default=frozenset())
    # a few words read together, whose meaning is not their words' ("trouvé la mort": died; "ums Leben"):
    # space-separated words, the last one a prefix when it ends in "*"
    phrases: Mapping[str, float] = field(default_factory=dict)


NO_TONE_WORDS = ToneWords()


@lru_cache(maxsize=64)
def tone_words(code: str) -> ToneWords:
    """`TONE` of the language module `ingest.nlp.languages.<code>`, or nothing particular."""
    words = language_data(code, "TONE")
    return words if isinstance(words, ToneWords) else NO_TONE_WORDS


def language_data(code: str, name: str) -> object:
    """`name` defined by the language module `ingest.nlp.languages.<code>`, or None (no such module,
    or a code that is not a lower-case ISO 639 code)."""
    if not code.isalpha() or not code.islower() or len(code) > 3:
        return None
    try:
        module = importlib.import_module(f"{__name__}.{code}")
    except ModuleNotFoundError:
        return None
    return getattr(module, name, None)


@lru_cache(maxsize=64)
def term_affixes(code: str) -> TermAffixes:
    """`TERM_AFFIXES` of the language module `ingest.nlp.languages.<code>`, or none."""
    affixes = language_data(code, "TERM_AFFIXES")
    return affixes if isinstance(affixes, TermAffixes) else NO_AFFIXES


def polar_words(negative: str = "", positive: str = "") -> dict[str, float]:
    """Overrides from two whitespace-separated word lists: the first −1, the second +1.

    For the vocabulary of news events that the Chen–Skiena lexicons miss or sign wrong: the dead and the
    injured, rubble, floods ("décombres", "heridos", "قتلى") against rescues, survivors, titles and
    medals ("sauvés", "gerettet", "نجاة"). General words of news reporting only, never an event's names.
    """
    return {**dict.fromkeys(negative.split(), -1.0), **dict.fromkeys(positive.split(), 1.0)}


def word_set(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words of `text` (keeps long lists readable)."""
    return frozenset(text.split())


def alternation(words: Iterable[str]) -> str:
    """A regex for any of `words`, as a trie: "man", "manager", "mother" → "m(?:an(?:ager)?|other)".

    It matches what the words joined by "|" longest first match, and backtracks through the same ends
    in the same order (longer before shorter, as a greedy "?" tries its group first), but `re` walks a
    trie in a few steps per position where a flat alternation of hundreds of words tries each in turn.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:  # a word ends here: longer words first, then this one
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
