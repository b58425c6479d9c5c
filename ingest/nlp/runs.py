"""What a capitalised run names, from its words alone: titles before the name, the name, and whether
it reads as an organisation ("Police Chief Leopold Ostrowski" is a title and a person, "CBS News’
Margaret Brennan" the outlet's reporter, "U.S. Secretary" an office with no one named).

`mentions` reads each run with its neighbours; everything here depends on the run's words only, so
the answers are cached: names and titles recur within and across articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ingest.nlp.capitals import looks_like_org, norm_word
from ingest.nlp.languages.en import (
    ACADEMIC_TITLES,
    HONORIFICS,
    NEWS_NOUNS,
    NON_NAMES,
    OFFICE_TITLES,
    ORG_HEADS,
    ORG_LINK_WORDS,
    OUTLET_WORDS,
    PARTICIPLE_ENDINGS,
    PARTY_WORDS,
    PERSON_NOUN_ENDINGS,
    PERSON_NOUNS,
    STRONG_ORG_WORDS,
    TITLE_FORMS,
)


@lru_cache(maxsize=1 << 14)
def is_title_word(token: str, at_sentence_start: bool) -> bool:
    """A capitalised word standing before a name as a title ("Minister", "Dr.", "Nurse")."""
    low = norm_word(token)
    if low in HONORIFICS or low in OFFICE_TITLES or low in PARTY_WORDS:
        return True
    parts = low.split("-")  # hyphenated titles: "Secretary-General", "Attorney-General", "Vice-President"
    if len(parts) > 1 and all(p in OFFICE_TITLES or p in HONORIFICS for p in parts):
        return True
    return at_sentence_start and (low in PERSON_NOUNS or low.endswith(PERSON_NOUN_ENDINGS))


def split_title(tokens: list[str], at_sentence_start: bool) -> tuple[list[str], list[str]]:
    """(title tokens, name tokens): titles are the words up to the last title word before the name."""
    cut = 0
    for j, tok in enumerate(tokens[:-1]):
        if is_title_word(tok, (at_sentence_start and j == 0) or (cut == j and cut > 0)):
            cut = j + 1
    return tokens[:cut], tokens[cut:]


def role_phrases(words: Sequence[str]) -> tuple[str, ...]:
    """Role phrases from title or role words: ["Foreign", "Minister"] → ("foreign minister", "minister")."""
    return _role_phrases(tuple(words)) if words else ()


@lru_cache(maxsize=1 << 14)
def _role_phrases(words: tuple[str, ...]) -> tuple[str, ...]:
    """`role_phrases`, cached: the same few titles and role words come back in every article."""
    low = [TITLE_FORMS.get(norm_word(w), norm_word(w)) for w in words if norm_word(w) not in HONORIFICS or
           norm_word(w) in ACADEMIC_TITLES or norm_word(w) in TITLE_FORMS]
    low = [w for w in low if w]
    if not low:
        return ()
    out = [" ".join(low[i:]) for i in range(len(low))]
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1 << 14)
def org_heads(name: str) -> tuple[str, ...]:
    """Type words of an organisation name: its last word ("… Authority"), or its first in the "Bureau of
    Flight Safety Inquiry" shape, and strong organisation words anywhere."""
    words = name.split()
    last = norm_word(words[-1]) if words else ""
    heads = [last] if last in ORG_HEADS else []
    if len(words) > 2 and words[1] in ORG_LINK_WORDS and norm_word(words[0]) in ORG_HEADS:
        heads.append(norm_word(words[0]))
    for w in words:
        low = norm_word(w)
        if low in STRONG_ORG_WORDS and low not in heads:
            heads.append(low)
    return tuple(heads)


def _name_tokens(tokens: list[str], at_start: bool, org_like: bool) -> tuple[list[str], list[str]]:
    """(title tokens, name tokens) of a capitalised run; organisations keep every word."""
    if org_like:
        return [], tokens
    title, name = split_title(tokens, at_start)
    while name and len(name) > 1 and not title and norm_word(name[0]) in NON_NAMES:
        name = name[1:]
    return title, name


# The owner at the head of a run: up to a possessive word, with at least two capitalised words after it
# (only the s’ form: a run stops before ’s, so "CNN’s Jake Tapper" is two runs already)
_OWNER_RE = re.compile(r"^(?:\S+[^\S\n]+){0,3}\S*[sS][’'][^\S\n]+(?=\S+[^\S\n]+\S)")


def _is_outlet(owner: str) -> bool:
    """The owner of a possessive is an organisation: "CBS News", "Sky News", "The Times"."""
    words = owner.split()
    return (looks_like_org(owner) or norm_word(words[-1]) in OUTLET_WORDS
            or (len(words[0]) > 1 and words[0].isupper()))


@lru_cache(maxsize=1 << 14)
def read_run(raw: str, at_start: bool) -> tuple[bool, tuple[str, ...], str] | None:
    """(organisation-like, title tokens, name) of a capitalised run, or None when it names no one.

    Depends on the run's words alone, and names recur within and across articles: cached.
    """
    owner = _OWNER_RE.match(raw)
    if owner and _is_outlet(owner.group().rstrip().rstrip("’'")) and not looks_like_org(raw[owner.end():]):
        raw = raw[owner.end():]  # "CBS News’ Margaret Brennan": the outlet's reporter, not the outlet
    tokens = raw.split()
    org_like = looks_like_org(raw) or (len(tokens) > 1 and norm_word(tokens[-1]) in OUTLET_WORDS)  # "New York Times"
    if org_like:  # "Police Chief Leopold Ostrowski", "Army Commander Gen. X": an office, then a person
        title, name_toks = split_title(tokens, at_start)
        org_like = not (title and norm_word(title[-1]) in OFFICE_TITLES and name_toks
                        and not looks_like_org(" ".join(name_toks)))
    title, name_toks = _name_tokens(tokens, at_start, org_like)
    name = " ".join(name_toks)
    low = norm_word(name)
    if not org_like and len(name_toks) == 1 and norm_word(name_toks[0]) in NEWS_NOUNS:
        return None  # "General Election": a title word, then a thing
    if not org_like and name_toks and norm_word(name_toks[-1]) in OFFICE_TITLES:
        return None  # "U.S. Secretary", "the Foreign Minister": an office with no name in the run
    if not name_toks or (len(name_toks) == 1 and not title and (
            low in NON_NAMES or (at_start and (low.endswith(PARTICIPLE_ENDINGS) or low in PERSON_NOUNS)))):
        return None
    return org_like, tuple(title), name
