"""Figures across articles: one canonical name per person, whatever the spelling or title.

Merging is deliberately conservative, because a wrong merge puts one person's words in another's
mouth on every dashboard page, while a missed merge only splits a figure in two (and an analyst can
fix it with an alias in monitor.toml). Evidence that two names are one person:

* the alias table (`[event.aliases]`), which may map anything, even a bare surname or "General X";
* the same name once titles, case, accents and punctuation are set aside ("Gen. Qassem Soleimani");
* a transliteration variant: the same number of name words, each word with the same consonants and
  a close spelling ("Qassem"/"Qasem"/"Qassim", "Soleimani"/"Suleimani").

Not evidence: a shared surname or first name alone ("Ali Karimi" vs "Reza Karimi"), or a generational
suffix that differs ("Donald Trump" vs "Donald Trump Jr."). A bare surname ("Trump", "President Trump")
in an article that never gives the full name goes to the one known figure with that surname, or to the
prominent one when several share it (quoted at least PROMINENT times as often as the next); otherwise it
stays a figure of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from rapidfuzz.distance import Indel

from ingest.nlp.languages.en import MULTIWORD_TITLES, NAME_SUFFIXES, NAME_TITLES
from ingest.nlp.languages.names import COMPARISON_PARTICLES, LETTER_FORMS

_PUNCT_RE = re.compile(r"[^\w\s]")
_SPACE_RE = re.compile(r"\s+")
_TRANSLIT = (("kh", "k"), ("gh", "g"), ("ph", "f"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "c"),
             ("ck", "k"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"), ("w", "v"))
_VOWELS = frozenset("aeiou")
_MIN_TOKEN_RATIO = 0.7
_MIN_NAME_RATIO = 0.85
PROMINENT = 5  # a bare surname shared by several figures goes to one quoted this many times as often


def _fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, hyphens and dots as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "").replace("'", "").replace("‘", "").casefold().translate(LETTER_FORMS)
    plain = _PUNCT_RE.sub(" ", plain)
    return _SPACE_RE.sub(" ", plain).strip()


def _strip_title_tokens(tokens: list[str], folded: list[str]) -> tuple[list[str], list[str]]:
    """Drop leading titles (multi-word first) from parallel display and folded token lists."""
    changed = True
    while changed and len(folded) > 1:
        changed = False
        for title in MULTIWORD_TITLES:
            parts = _fold(title).split()
            if folded[: len(parts)] == parts and len(folded) > len(parts):
                tokens, folded, changed = tokens[len(parts) :], folded[len(parts) :], True
                break
        if not changed and folded[0] in NAME_TITLES:
            tokens, folded, changed = tokens[1:], folded[1:], True
    return tokens, folded


def _split(name: str) -> tuple[list[str], list[str]]:
    """Display tokens and folded tokens of a name, titles and a possessive 's removed."""
    display = _SPACE_RE.sub(" ", name).strip()
    display = re.sub(r"[’']s$", "", display).strip(" ,;:")
    if display.endswith(".") and not re.search(r"(?:\b\w|Jr|Sr)\.$", display):
        display = display[:-1]
    tokens = [t for t in display.split(" ") if _fold(t)]
    folded = [" ".join(_fold(t).split()) for t in tokens]
    return _strip_title_tokens(tokens, folded)


def normalise_name(name: str) -> str:
    """Matching key: titles and honorifics dropped, accents and case folded, spaces collapsed."""
    _, folded = _split(name)
    return " ".join(folded)


def display_name(name: str) -> str:
    """The name as written, titles dropped and whitespace collapsed ("Gen.  Qassem Soleimani" → …)."""
    tokens, _ = _split(name)
    return " ".join(tokens)


def _skeleton(token: str) -> str:
    s = "q" + token[2:] if token.startswith("gh") else token  # Ghaani/Qaani, Ghasem/Qasem: one Persian letter
    for a, b in _TRANSLIT:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def same_spelling(a: str, b: str) -> bool:
    """Two spellings of one name word ("Zelenskyy"/"Zelensky", "Qaani"/"Ghaani"): the same skeleton once
    transliteration pairs and doubled letters are set aside; words of four letters or fewer never."""
    x, y = _fold(a), _fold(b)
    return min(len(x), len(y)) > 4 and _skeleton(x) == _skeleton(y)


def _consonants(token: str) -> str:
    return re.sub(r"[aeiou]", "", _skeleton(token))


def _words(key: str) -> list[str]:
    return key.replace("-", " ").split()


def _variant_score(a: str, b: str) -> float:
    """Similarity of two name keys as transliteration variants; 0 when not variants."""
    wa, wb = _words(a), _words(b)
    if len(wa) < 2 or len(wa) != len(wb):
        return 0.0
    if {w for w in wa if w in NAME_SUFFIXES} != {w for w in wb if w in NAME_SUFFIXES}:
        return 0.0
    for x, y in zip(wa, wb, strict=True):
        if x == y:
            continue
        if x in COMPARISON_PARTICLES or y in COMPARISON_PARTICLES or x in NAME_SUFFIXES or y in NAME_SUFFIXES:
            return 0.0
        sx, sy = _skeleton(x), _skeleton(y)
        same_start = sx[0] == sy[0] or (sx[0] in _VOWELS and sy[0] in _VOWELS)  # "Esmail"/"Ismail", "Osama"/"Usama"
        if min(len(x), len(y)) <= 3 or not same_start or sx[-1] != sy[-1] or _consonants(x) != _consonants(y):
            return 0.0  # "Maria"/"Mario", "Ivan"/"Ivana": a different ending is a different name
        if Indel.normalized_similarity(sx, sy) < _MIN_TOKEN_RATIO:
            return 0.0
    score = Indel.normalized_similarity(" ".join(map(_skeleton, wa)), " ".join(map(_skeleton, wb)))
    return score if score >= _MIN_NAME_RATIO else 0.0


class FigureIndex:
    """Canonical figure names for speaker names, built from the alias table and stored figures.

    Deterministic: the same calls in the same order give the same answers; ties go to the name
    registered first.
    """

    def __init__(self, aliases: dict[str, list[str]] | None = None, known: Iterable[str] = (),
                 quoted: Mapping[str, int] | None = None) -> None:
        self._by_key: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = {}
        self._by_surname: dict[str, list[str]] = {}  # surname → canonical figures of two words or more
        self._counts: Counter[str] = Counter()
        for canonical, variants in (aliases or {}).items():
            canon = self._add(canonical)
            for variant in variants:
                self._bind(variant, canon, force=True)
        for name in known:
            key = normalise_name(name)
            if key and key not in self._by_key:
                self._add(name)
        for name, quotes in (quoted or {}).items():  # how often stored figures were quoted before
            self._counts[self._by_key.get(normalise_name(name), name)] += quotes

    def _add(self, name: str) -> str:
        key = normalise_name(name)
        if key in self._by_key:
            return self._by_key[key]
        canon = display_name(name) or name.strip()
        self._by_key[key] = canon
        self._aliases.setdefault(canon, [])
        surname = _surname(key)
        if surname and canon not in self._by_surname.setdefault(surname, []):
            self._by_surname[surname].append(canon)
        return canon

    def _bind(self, variant: str, canonical: str, force: bool = False) -> None:
        key = normalise_name(variant)
        if not key:
            return
        if force or key not in self._by_key:
            self._by_key[key] = canonical
        self._note_alias(variant, canonical)

    def _note_alias(self, variant: str, canonical: str) -> None:
        shown = variant.strip()
        if shown != canonical and shown not in self._aliases[canonical]:
            self._aliases[canonical].append(shown)

    def resolve(self, name: str, weight: int = 1) -> str:
        """Canonical figure for a speaker name; a name matching nothing becomes a new figure. `weight`
        is how many quotes the name stands for (it makes a figure prominent)."""
        canon = self._resolve(name)
        self._counts[canon] += weight
        return canon

    def note(self, canonical: str, quotes: int = 1) -> None:
        """Count more quotes for a figure already resolved (callers that cache `resolve`)."""
        self._counts[canonical] += quotes

    def _resolve(self, name: str) -> str:
        key = normalise_name(name)
        if not key:
            return name.strip()
        bearer = self._surname_bearer(key)
        if bearer is not None:  # decided afresh each time: a second bearer may make the surname ambiguous
            self._note_alias(name, bearer)
            return bearer
        if key in self._by_key:
            canon = self._by_key[key]
            self._bind(name, canon)
            return canon
        plain = _without_initials(key)  # "Donald J. Verlan" is "Donald Verlan"
        if plain != key and plain in self._by_key:
            canon = self._by_key[plain]
            self._bind(name, canon)
            return canon
        best, best_score = None, 0.0
        for other_key, canon in self._by_key.items():
            score = _variant_score(key, other_key)
            if score > best_score:
                best, best_score = canon, score
        if best is not None:
            self._bind(name, best)
            return best
        canon = self._add(name)
        self._bind(name, canon)
        return canon

    def _surname_bearer(self, key: str) -> str | None:
        """The figure a bare surname stands for: the only one of that surname, or the prominent one."""
        if " " in key or key in COMPARISON_PARTICLES or key in NAME_SUFFIXES:
            return None
        bearers = self._by_surname.get(key, [])
        if len(bearers) == 1:
            return bearers[0]
        ranked = sorted(bearers, key=lambda b: -self._counts[b])
        if len(ranked) > 1 and self._counts[ranked[0]] >= PROMINENT * max(1, self._counts[ranked[1]]):
            return ranked[0]
        return None

    def aliases_of(self, canonical: str) -> list[str]:
        """Other spellings seen or configured for a canonical figure, in the order first met."""
        return list(self._aliases.get(canonical, []))

    def figures(self) -> list[str]:
        """Every canonical figure, in the order registered."""
        return list(self._aliases)


def _without_initials(key: str) -> str:
    """A name key without its middle initials ("donald j verlan" → "donald verlan")."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]])


def _surname(key: str) -> str | None:
    """Last name word of a folded key of two words or more ("donald trump jr" → "trump")."""
    words = [w for w in _words(key) if w not in NAME_SUFFIXES]
    return words[-1] if len(words) >= 2 and words[-1] not in COMPARISON_PARTICLES else None


def resolve_in_article(names: list[str]) -> dict[str, str]:
    """Map each name mention of one article to the fullest form of that person's name there.

    "Soleimani", "Gen. Soleimani" and "Qassem Soleimani" in one article all map to "Qassem Soleimani".
    A short form that fits two different full names ("Trump" beside "Donald Trump" and "Donald Trump
    Jr.") keeps its own title-free form: the article does not say which one is meant.
    """
    parsed = {n: _split(n) for n in names}
    fulls: dict[tuple[str, ...], str] = {}
    for n in names:
        tokens, folded = parsed[n]
        if len(folded) >= 2:
            key = tuple(folded)
            if key not in fulls or len(" ".join(tokens)) > len(fulls[key]):
                fulls[key] = " ".join(tokens)
    out: dict[str, str] = {}
    for n in names:
        tokens, folded = parsed[n]
        own = " ".join(tokens) or n.strip()
        cands = [full for key, full in fulls.items() if _fits(list(key), folded)]
        maximal = [c for c in cands if not any(c != d and _fits(parsed_key(d), parsed_key(c))
                                               for d in cands)]
        out[n] = maximal[0] if len(set(maximal)) == 1 else own
    return out


def parsed_key(name: str) -> list[str]:
    return _split(name)[1]


def _fits(full: list[str], part: list[str]) -> bool:
    """`part`'s words appear in `full` in order, ending on the same surname, suffixes equal."""
    if not part or len(part) > len(full):
        return False
    if len(part) == 1:
        return part[0] in full and part[0] not in COMPARISON_PARTICLES and part[0] not in NAME_SUFFIXES
    if {w for w in full if w in NAME_SUFFIXES} != {w for w in part if w in NAME_SUFFIXES}:
        return False
    if part[-1] != full[-1]:
        return False
    it = iter(full)
    return all(w in it for w in part)
