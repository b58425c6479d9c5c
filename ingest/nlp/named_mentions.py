"""The names and roles of a narrative, read by capitals and title words, for `marked_quotes`.

Names are capitalised runs with a language's title words dropped ("Bundeskanzler Olaf Scholz" → "Olaf
Scholz", "Freiburgs Trainer Christian Streich" → "Christian Streich"), each in the fullest form the text
gives it ("Lacalle" → "Luis Lacalle Pou"); roles ("le préfet", "der GDL-Chef") are mentions without a
name. A name right after a preposition is placed (a place, never a speaker); a news agency leading a run
is the one spoken to ("dijo a la AFP Óscar González").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.nlp.capitals import UP
from ingest.nlp.languages import QuoteRules
from ingest.nlp.languages.names import AGENCIES, AGENCY_WORDS, PARTICLES

WORD_RE = re.compile(r"[^\W\d_][\w’'-]*")
_ELIDED_RE = re.compile(r"^\w[’'][^\W\d_]*$")  # "L'incendie": one letter, an apostrophe, a word


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    name: str | None  # titles dropped; None for a role alone ("le préfet", "der GDL-Chef")
    title: str | None  # the title word before it, lower case
    kind: str  # "person" | "org"
    placed: bool  # right after a preposition: a place or an institution, not a speaker


@lru_cache(maxsize=32)
def _name_re(particles: tuple[str, ...]) -> re.Pattern[str]:
    """Capitalised words joined by spaces and the name particles of the language ("von der", "de la")."""
    joined = "|".join(re.escape(p).replace("\\ ", "[^\\S\\n]+") for p in sorted(particles, key=len, reverse=True))
    return re.compile(rf"{UP}[\w’'-]*(?:[^\S\n]+(?:(?:{joined})[^\S\n]+)*{UP}[\w’'-]*)*")


def mentions(masked: str, rules: QuoteRules) -> list[Mention]:
    """Every name and role of the narrative in order, names in the fullest form the text gives them."""
    raw: list[Mention] = []
    for m in _name_re(rules.name_particles or PARTICLES).finditer(masked):
        words = m.group().split()
        title = None
        while words and (_is_title(words[0], rules) or words[0].lower() in rules.not_names):
            if _is_title(words[0], rules):
                title = words[0].lower()
            words.pop(0)
        inner = [i for i, w in enumerate(words[:-1]) if i and _is_title(w, rules) and words[i + 1][:1].isupper()]
        if inner:  # "Freiburgs Trainer Christian Streich", "Hannover 96-Trainer Mirko Slomka": the name after
            title, words = words[inner[-1]].lower(), words[inner[-1] + 1 :]
        placed = _placed(masked, m.start(), rules)
        if title is not None and words and words[0].islower():
            words = []  # "Ministerpräsidentin von Rheinland-Pfalz": a title of a place, a role
        if len(words) == 1 and (_ELIDED_RE.match(words[0]) or len(words[0].rstrip(".")) == 1):
            words = []  # "L'incendie", "D'après" opening a sentence: an article and a noun; "R:" of Q/R
        if not words:
            if title is not None:
                raw.append(Mention(m.start(), m.end(), None, title, "person", placed))
            continue
        told = _agency(words)
        if told:  # "a la AFP Óscar González": the agency spoken to, then the speaker
            at = m.end() - len(" ".join(words))
            raw.append(Mention(at, at + len(" ".join(words[:told])), " ".join(words[:told]), None, "org", True))
            words, placed = words[told:], False
        else:
            title = title or _lower_title(masked, m.start(), rules)
        cited = rules.name_form(words) if rules.name_form and len(words) > 1 else words
        start = m.end() - len(" ".join(words)) + (len(" ".join(words[: len(words) - len(cited)])) + 1
                                                  if len(cited) < len(words) else 0)
        words = cited
        name = " ".join(w.rstrip(".’'") for w in words)
        is_org = any(w.lower() in rules.org_words for w in words) or (len(words) == 1 and name.isupper())
        raw.append(Mention(start, m.end(), name, title, "org" if is_org else "person", placed))
    for w in WORD_RE.finditer(masked):  # roles written lower case: "le préfet", "el mandatario"
        if w.group().islower() and _is_title(w.group(), rules):
            raw.append(Mention(w.start(), w.end(), None, w.group(), "person", False))
    raw.sort(key=lambda n: n.start)
    full = {n.name: _key(n.name, rules) for n in raw if n.name and n.kind == "person" and " " in n.name}
    out = []
    for n in raw:
        key = _key(n.name, rules) if n.name else ()
        longer = [f for f, fk in full.items()
                  if n.name and f != n.name and len(fk) >= len(key) and fk[-len(key) :] == key]
        if not longer and n.name and n.kind == "person":  # "Lacalle", "Otto Pérez" of "Luis Lacalle Pou"…
            inside = [f for f, fk in full.items() if f != n.name and _inside_name(key, fk)]
            longer = inside if len(inside) == 1 else []  # two people share the surname: leave it as written
        out.append(Mention(n.start, n.end, max(longer, key=len) if longer else n.name, n.title, n.kind, n.placed))
    return out


def _inside_name(key: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether a shorter name is a run of a full name's words that is not its given name alone: a first
    surname of two ("Lacalle" of "Luis Lacalle Pou", as Spanish names are shortened), or the name less its
    last surname ("Otto Pérez" of "Otto Pérez Molina")."""
    if not key or len(key) >= len(full):
        return False
    inner = any(full[i : i + len(key)] == key for i in range(1, len(full) - len(key) + 1))
    return inner or (len(key) >= 2 and full[: len(key)] == key)


def _agency(words: list[str]) -> int:
    """How many of a run's first words name a news agency with more of the run after it (0: none), so
    "AFP Óscar González" is the agency told and the person who spoke, not one name. An agency so placed
    is never the speaker: it is the one spoken to."""
    low = [w.lower().rstrip(".,") for w in words]
    for size in range(min(AGENCY_WORDS, len(words) - 1), 0, -1):
        if tuple(low[:size]) in AGENCIES:
            return size
    return 0


def _key(name: str, rules: QuoteRules) -> tuple[str, ...]:
    """A name's words, lower case, without the case endings of an inflected language ("Пескова" → "песков"),
    so a surname in any case finds the name given in full."""
    words = name.lower().split()
    if not rules.case_endings:
        return tuple(words)
    return tuple(next((w[: -len(e)] for e in rules.case_endings if w.endswith(e) and len(w) - len(e) >= 3), w)
                 for w in words)


def _placed(masked: str, at: int, rules: QuoteRules) -> bool:
    """The name at `at` follows a preposition ("de Gironde", "von Rheinland-Pfalz", "de l'Intérieur")."""
    tail = masked[max(0, at - 40) : at]
    words = list(WORD_RE.finditer(tail))
    if not words or tail[words[-1].end() :].strip():
        return False
    prev = words[-1].group().lower()
    if prev in rules.prepositions:
        return True
    return (prev in rules.articles and len(words) > 1 and not tail[words[-2].end() : words[-1].start()].strip()
            and words[-2].group().lower() in rules.prepositions)


def previous_word_in(words: frozenset[str], masked: str, at: int) -> bool:
    found = WORD_RE.findall(masked[max(0, at - 20) : at])
    return bool(found) and found[-1].lower() in words


def _lower_title(masked: str, at: int, rules: QuoteRules) -> str | None:
    """"le président Emmanuel Macron", "президент Владимир Путин": a title written lower case right before a
    name ("la alcaldesa de Paiporta" gives Paiporta no title: a preposition stands between)."""
    tail = masked[max(0, at - 40) : at]
    words = list(WORD_RE.finditer(tail))
    if words and not tail[words[-1].end() :].strip() and _is_title(words[-1].group(), rules):
        return words[-1].group().lower()
    return None


def _is_title(word: str, rules: QuoteRules) -> bool:
    low = word.lower()
    return low in rules.titles or (bool(rules.title_endings) and low.endswith(rules.title_endings))
