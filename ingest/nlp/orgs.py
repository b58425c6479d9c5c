"""Organisations of one article and what "the ministry" / "the company" / "the KRC" points back to.

An organisation is known by its name as written ("Tamar Valley Emergency Authority", "Ithmari army",
"Ketharan foreign ministry") and by its type words ("authority", "army", "ministry"; "group" for
"luxury group Casa Ventimiglia"). The README's speaker form is the name as written, without a
leading article or a possessive country ("Norvaal's foreign ministry" → "foreign ministry"); an
acronym given as "Full Name (ACR)", or matching a name's initials, resolves to the full name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.nlp.capitals import UP
from ingest.nlp.languages import alternation
from ingest.nlp.languages.en import (
    BUSINESS_HEADS,
    FUNCTION_WORDS,
    GENERIC_ORG_WORDS,
    ORG_HEADS,
    ORG_NAME_SMALL_WORDS,
    ORG_OPENERS,
    POSSESSIVE_END_RE,
    PREPOSITIONS,
    RELATIVES,
)
from ingest.nlp.mentions import Mention

_ORG_WORDS = alternation(h for h in ORG_HEADS if h.isalpha() and len(h) > 3)
# "the health ministry", "Norvaal's foreign ministry", "a labour court": up to three modifiers, then a head.
# "The|the" rather than "[Tt]he": `re` skips alternatives that open with a plain letter at no cost.
# "*+", "++": a word is never given back letter by letter, nor a space, since what must come next
# (’s, a space, a word) could not start inside a word or a run of spaces: the same matches, sooner.
_ORG_PHRASE_RE = re.compile(
    rf"\b(?:{ORG_OPENERS}|{UP}[\w-]*+[’']s)[^\S\n]++"
    rf"((?:(?!{FUNCTION_WORDS}\b)[\w’'-]++[^\S\n]++){{0,3}}?(?:{_ORG_WORDS}))\b(?![’'-])"
)
_ACRONYM_RE = re.compile(r"[^\S\n]*\(([A-Z][A-Z&]{1,7})\)")
# a comma and a capital next: "the ministry, Dara Kovac said" names a person after the phrase
NAME_AFTER_COMMA_RE = re.compile(r"[^\S\n]*,[^\S\n]*[A-Z]")
_CLAUSE_WORDS = PREPOSITIONS | RELATIVES
_GENERIC_REFS = BUSINESS_HEADS | GENERIC_ORG_WORDS


@dataclass(slots=True)
class Org:
    name: str
    heads: set[str]
    positions: list[int] = field(default_factory=list)  # sorted offsets of its mentions


def clean_org(name: str) -> str:
    """Organisation name without a leading article."""
    toks = name.split()
    while toks and toks[0].lower() in ("the", "a", "an"):
        toks = toks[1:]
    return " ".join(toks)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in ORG_NAME_SMALL_WORDS and w[:1].isupper())


def collect_orgs(masked: str, mentions: list[Mention]) -> list[Org]:
    """Named organisations, then lower-case organisation phrases ("the Ketharan foreign ministry")."""
    orgs: dict[str, Org] = {}
    ending_at: dict[int, Org] = {}  # where each named organisation's mention ends
    for m in mentions:
        if m.kind == "org":
            name = clean_org(m.name)
            org = orgs.setdefault(name.lower(), Org(name, set()))
            org.heads.update(m.heads)
            org.positions.append(m.start)
            ending_at[m.end] = org
    for p in _ORG_PHRASE_RE.finditer(masked):
        words = p.group(1).split()
        if any(w.lower() in _CLAUSE_WORDS for w in words):
            continue
        if NAME_AFTER_COMMA_RE.match(masked[p.end() : p.end() + 4]):
            continue  # "the processors' association, Dravomilk": the name is the organisation
        if (named := _described(masked, p.start(), ending_at)) is not None:
            named.heads.add(words[-1].lower())  # "Skyrill Airways, the region's largest carrier": a
            continue  # description of the named one, so "the carrier" is Skyrill Airways
        while len(words) > 1 and POSSESSIVE_END_RE.search(words[0]):
            words = words[1:]  # possessive country or owner
        if len(words) < 2:
            continue  # "the club", "the ministry": a reference back, not a name
        name = " ".join(words)
        org = orgs.setdefault(name.lower(), Org(name, {words[-1].lower()}))
        org.positions.append(p.start(1))
    for org in orgs.values():
        org.positions.sort()
    return list(orgs.values())


def _described(masked: str, start: int, ending_at: dict[int, Org]) -> Org | None:
    """The named organisation just before ", the …" at `start`, which the phrase then describes."""
    before = masked[max(0, start - 4) : start]
    comma = before.rfind(",")
    if comma < 0 or before[comma + 1 :].strip():
        return None
    return ending_at.get(start - len(before) + comma)


def acronyms(masked: str, mentions: list[Mention], orgs: list[Org]) -> dict[str, str]:
    """"Kuvar Reconstruction Consortium (KRC)" → {"KRC": …}; also initials of organisation names."""
    out: dict[str, str] = {}
    for m in mentions:
        a = _ACRONYM_RE.match(masked, m.end)
        if a and (m.kind in ("org", "unknown", "other") or _initials(m.name) == a.group(1)):
            out[a.group(1)] = clean_org(m.name)
    for org in orgs:
        ini = _initials(org.name)
        if len(ini) >= 2 and ini.isupper() and ini not in out:
            out[ini] = org.name
    return out


def _latest(offsets: list[int], pos: int) -> int:
    k = bisect.bisect_left(offsets, pos)
    return offsets[k - 1] if k else -1


def recent_org(orgs: list[Org], pos: int, heads: set[str] | frozenset[str] | None,
               named: bool = False) -> str | None:
    """The organisation (of one of `heads`, or any) mentioned last before `pos`."""
    best: tuple[int, str] | None = None
    for org in orgs:
        if (named and not org.name[:1].isupper()) or (heads is not None and not org.heads & heads):
            continue
        at = _latest(org.positions, pos)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, org.name)
    return best[1] if best else None


def resolve_org(orgs: list[Org], phrase: str, pos: int) -> tuple[str, str]:
    """"the ministry" → the latest ministry named before; "the health ministry" as written.

    A bare business word ("the company", "the club") with no organisation of that type falls back to
    the latest named organisation: in company news it is the company the story is about.
    """
    words = phrase.split()
    head = words[-1].lower()
    want = [w.lower() for w in words]
    best: tuple[int, int, str] | None = None
    for org in orgs:
        name_words = org.name.lower().split()
        if not all(w in name_words for w in want) and not (len(words) == 1 and head in org.heads):
            continue
        at = _latest(org.positions, pos)
        if at >= 0 and (best is None or (at, len(name_words)) > best[:2]):
            best = (at, len(name_words), org.name)
    if best is not None:
        return best[2], "org"
    if len(words) == 1 and head in _GENERIC_REFS:
        recent = recent_org(orgs, pos, BUSINESS_HEADS) if head in BUSINESS_HEADS else None
        recent = recent or recent_org(orgs, pos, None, named=True)
        if recent:
            return recent, "org"
    return phrase, "org"
