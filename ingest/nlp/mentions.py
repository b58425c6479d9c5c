"""Mentions of people and organisations in the narrative (the text outside quotes).

A mention is a run of capitalised words ("Foreign Minister Ilse Marchetti", "Kuvar Reconstruction
Consortium", "Abdulrahman bin Faisal al-Suwaidi") read together with its neighbours: titles and role
nouns give a person and a role, a possessive ("Norvaal’s") marks a modifier, a preposition before it
("in Kessab") a place, an organisation head word ("Authority", "chain Fjordmat") an organisation.
Everything works on the masked text, so names inside quotes are never taken for the narrative's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ingest.nlp.capitals import UP, find_capseqs, looks_like_org, norm_word, spelled_by_acronym
from ingest.nlp.languages.en import (
    ADVERBS,
    APPOSITIVE_RE,
    ARTICLES,
    AUXILIARIES,
    DATELINE_OR_LABEL_RE,
    DEFINITE_ARTICLE,
    DEMONYM_ENDINGS,
    FEMALE_WORDS,
    LATE_ROLE_RE,
    LEADING_ROLE_RE,
    MALE_WORDS,
    OFFICE_TITLES,
    ORG_HEADS,
    PARTICIPLE_ENDINGS,
    PAST_ENDING,
    PERSON_NOUNS,
    POSSESSIVE_AFTER_RE,
    POSSESSIVE_END_RE,
    PREPOSITIONS,
    PRONOUN_AT_RE,
    PRONOUN_GENDERS,
    RELATIVES,
    ROLE_PHRASE_BREAKS,
    SPEECH_VERBS,
    STRONG_DEMONYM_ENDINGS,
)
from ingest.nlp.runs import org_heads, read_run, role_phrases

_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*|\d[\w-]*")
_AGE_RE = re.compile(r"^,[^\S\n]*\d{1,3}[^\S\n]*[,.;]")
_CAP_WORD_RE = re.compile(rf"{UP}\w+")
# a clause starts after a sentence end, a colon, a line break, or the dash after a dateline or a
# live-blog time ("9:45 p.m. — Supervisor Thomasina Kettleworth")
_AT_START_RE = re.compile(r"(?:^|[.!?:—–]\s|\n)[\"“‘«(]?\s*$")
_BREAK_ENDS = frozenset("\"“‘«(.!?:—–")  # what _AT_START_RE leaves last before its closing spaces
_CLAUSE_BREAK_RE = re.compile(r"[,;:.!?()\n“”\"«»]")
_CLAUSE_BREAKS = frozenset(",;:.!?()\n“”\"«»")  # the same characters
_NEXT_WORD_RE = re.compile(r"[^\S\n]+([a-z][\w-]*)")
# Unions used per mention, built once (a `|` in the loop would build a new set every time).
_CLAUSE_WORDS = PREPOSITIONS | RELATIVES  # words that end a role phrase
_ROLE_HEADS = PERSON_NOUNS | ORG_HEADS


class Mention(NamedTuple):
    """One capitalised name in the narrative, with what its neighbours say about it.

    A NamedTuple rather than a frozen dataclass: just as immutable, but an article builds one per
    name, and a frozen dataclass takes about four times as long to build.
    """

    start: int
    end: int
    name: str  # titles removed; possessor removed
    roles: tuple[str, ...]  # role phrases attached by title, role noun or apposition ("minister", ...)
    kind: str  # "person" | "org" | "other" | "unknown"
    prep: bool  # stands after a preposition (object, place)
    possessive: bool  # followed by ’s: a modifier ("Kethara’s negotiator")
    modifier: bool  # followed by a lowercase noun in the same phrase ("Lions coach ...")
    gender: str | None  # from a title or role word ("Mrs", "chairwoman"): reliable
    heads: tuple[str, ...]  # organisation type words ("ministry", "group") for organisations
    pronoun_hint: str | None = None  # first he/she after it in its sentence: usually, not always, theirs


def words_with_offsets(text: str, base: int = 0) -> list[tuple[str, int, int]]:
    """Words of `text` with absolute offsets."""
    return [(m.group(), base + m.start(), base + m.end()) for m in _WORD_RE.finditer(text)]


def _prev_words(masked: str, pos: int, n: int) -> list[str]:
    window = masked[max(0, pos - 60) : pos]
    end = window.rstrip()
    if not end or end[-1] in _CLAUSE_BREAKS:  # the clause starts right here: no words, no regex needed
        return []
    clause = _CLAUSE_BREAK_RE.split(window)[-1]
    words = clause.split()
    # Words of plain letters are exactly what _WORD_RE would find, and str.split finds them far faster.
    return (words if "".join(words).isalpha() else _WORD_RE.findall(clause))[-n:]


def _gender_after(masked: str, end: int, stop: int) -> str | None:
    """"m", "f" or "org" from the first he/she/it word of masked[end:stop]."""
    window = masked[end:stop]
    if PRONOUN_AT_RE.search(window) is None:
        return None
    for w in _WORD_RE.findall(window):
        gender = PRONOUN_GENDERS.get(w.lower())
        if gender is not None:
            return gender
    return None


def _appositive_role(masked: str, end: int) -> tuple[str, ...]:
    """Role words of ", a shipping analyst at …," / ", the company's chief executive," / ", head of …,"
    after a name."""
    if not masked.startswith(",", end):
        return ()
    m = APPOSITIVE_RE.match(masked, end)
    if not m:
        return ()
    if m.group(1) is None:  # without an article only a role noun opens a role (", head of …")
        first = _WORD_RE.search(m.group(2))
        if first is None or first.group() not in PERSON_NOUNS:
            return ()
    owner = (m.group(1) or "").split()
    words: list[str] = []
    if owner and owner[0][:1].isupper() and POSSESSIVE_END_RE.search(owner[0]):
        words.append(owner[0].lower())  # ", Zembara's water minister": "the Zembaran minister" later
    owned = len(words)
    for w in _WORD_RE.findall(m.group(2)):
        low = w.lower()
        if low in _CLAUSE_WORDS or w[0].isupper():
            break
        words.append(low)
    return role_phrases(words) if len(words) > owned else ()


def _leading_role(masked: str, start: int, end: int) -> tuple[str, ...]:
    """Role of "The mother, Camilla Strand" / "His lawyer, Darko Vesnić," before a name, or of "… who was
    visiting with his grandmother, Bernadette." when the name closes its clause."""
    window = masked[max(0, start - 80) : start]
    if not window.rstrip().endswith(","):  # the pattern ends in a comma and spaces: skip the search
        return ()
    m = LEADING_ROLE_RE.search(window)
    late = m is None and masked[end : end + 1] in (",", ".", ";", ":", "")
    if late:  # only a name that closes its clause stands in apposition ("Beside her husband, Anna wept")
        m = LATE_ROLE_RE.search(window)
    if not m:
        return ()
    words = _WORD_RE.findall(m.group(1))
    if late and words[-1].lower() not in PERSON_NOUNS:
        return ()
    for k, w in enumerate(words):
        if w.lower() in _CLAUSE_WORDS:
            words = words[:k]
            break
    if not words or words[-1].lower() not in _ROLE_HEADS:
        return ()
    return role_phrases(words)


@dataclass(slots=True)  # not frozen: a frozen __init__ is slower, and one is built per mention
class _Context:
    """What surrounds one capitalised run: the evidence its kind is decided from."""

    title: tuple[str, ...]
    lead_roles: list[str]  # lower-case role words just before it ("district magistrate")
    roles: tuple[str, ...]
    prev: str  # the content word before it
    next_word: str  # the lower-case word after it, if any
    possessive: bool
    modifier: bool
    determined: bool  # "the" right before it ("the Binance deal")
    aged: bool  # "Name, 54,"
    gender: str | None  # first pronoun after it in its sentence: "m", "f" or "org"


def _lead_roles(before: list[str]) -> list[str]:
    if not before or not before[-1].islower():
        return []
    out: list[str] = []
    for w in reversed([w for w in before if w.islower()]):
        if w in PREPOSITIONS or w in ROLE_PHRASE_BREAKS:
            break
        out.insert(0, w)
    return out


def _context(masked: str, s: int, e: int, title: tuple[str, ...], raw: str, stop: int) -> _Context:
    # The cheap first-character tests only skip regex calls that could not match.
    possessive = (masked.startswith(("’", "'"), e) and bool(POSSESSIVE_AFTER_RE.match(masked[e : e + 3]))
                  ) or raw.endswith(("’", "'"))
    gap = masked[e : e + 1]
    nxt = _NEXT_WORD_RE.match(masked, e, e + 30) if gap.isspace() and gap != "\n" else None
    next_word = nxt.group(1) if nxt else ""
    modifier = bool(next_word) and not possessive and next_word not in _CLAUSE_WORDS and (
        next_word in PERSON_NOUNS or next_word in ORG_HEADS)
    before = _prev_words(masked, s, 4)
    content = [w for w in before if w.lower() not in ARTICLES]
    lead = _lead_roles(before) if before and before[-1].islower() else []
    roles = role_phrases(title) if title else ()
    if lead and lead[-1] in PERSON_NOUNS:
        roles += role_phrases(lead)
    comma_after = masked.startswith(",", e)  # an apposition or an age follows
    if comma_after:
        roles += _appositive_role(masked, e)
    roles += _leading_role(masked, s, e)
    aged = comma_after and bool(_AGE_RE.match(masked[e : e + 8]))
    prev = content[-1].lower() if content else ""
    if prev == "of" and len(content) > 1 and norm_word(content[-2]) in OFFICE_TITLES:
        prev = ""  # "Secretary of State Antony Blinken": the title runs on, the name is its subject
    determined = bool(before) and before[-1].lower() == DEFINITE_ARTICLE
    return _Context(title, lead, roles, prev, next_word, possessive,
                    modifier, determined, aged, _gender_after(masked, e, stop))


def _kind(name: str, org_like: bool, ctx: _Context, caps: Callable[[], list[str]]) -> str:
    """"org", "person", "other" (place, modifier) or "unknown" from the evidence around a name."""
    org_roles = [r for r in ctx.roles if r.split()[-1] in ORG_HEADS and r.split()[-1] not in PERSON_NOUNS]
    person_ev = bool(ctx.title) or len(org_roles) < len(ctx.roles) or ctx.aged
    org_lead = bool(ctx.lead_roles) and ctx.lead_roles[-1] in ORG_HEADS and ctx.lead_roles[-1] not in PERSON_NOUNS
    if name.isupper() and not person_ev and _modifies(name, ctx):
        return "other"  # "the TV tower", "the UN resolution": an acronym qualifying a noun names no speaker
    if org_like or looks_like_org(name) or org_lead or (not person_ev and (org_roles or ctx.gender == "org")):
        return "org"
    if person_ev or ctx.roles:
        return "person"
    if ctx.prev in PREPOSITIONS or ctx.modifier or _demonym(name, ctx.next_word, caps) or _modifies(name, ctx):
        return "other"
    return "person" if ctx.gender in ("m", "f") else "unknown"


def _modifies(name: str, ctx: _Context) -> bool:
    """"the Binance deal", "the Trump administration": a name between "the" and a lower-case word that
    is not a verb of its own ("the Guardian reported", "the Kremlin has said") qualifies that word."""
    nxt = ctx.next_word
    return (ctx.determined and bool(nxt) and " " not in name and nxt not in SPEECH_VERBS
            and nxt not in AUXILIARIES and not nxt.endswith(PARTICIPLE_ENDINGS) and nxt not in ADVERBS)


def _gender(ctx: _Context) -> str | None:
    for w in (*ctx.title, *ctx.lead_roles):
        if norm_word(w) in FEMALE_WORDS:
            return "f"
        if norm_word(w) in MALE_WORDS:
            return "m"
    return None


def _after_break(before: str) -> bool:
    """`before` (the few characters before a name) ends a sentence ("… said. “") or a line."""
    rest = before.rstrip()
    if rest and rest[-1] not in _BREAK_ENDS and "\n" not in before:
        return False  # the pattern could not match: skip the search
    return bool(_AT_START_RE.search(before))




def scan_mentions(masked: str, sentence_starts: list[int]) -> list[Mention]:
    """Every name mention in masked text, classified, in order."""
    starts = set(sentence_starts)
    spans = find_capseqs(masked)
    listed: list[list[str]] = []

    def caps() -> list[str]:
        """The sorted capitalised words, for demonyms: listed on first use (fewer than half of articles ask)."""
        if not listed:
            listed.append(sorted(set(_CAP_WORD_RE.findall(masked))))
        return listed[0]

    out: list[Mention] = []
    for k, (s, e) in enumerate(spans):
        raw = masked[s:e]
        if (s == 0 or masked[s - 1] == "\n") and DATELINE_OR_LABEL_RE.match(masked, e):
            continue  # "WASHINGTON —", "LONDON (Reuters) -", "Details:": where or what, never who
        at_start = s in starts or _after_break(masked[max(0, s - 4) : s])
        # "United Kingdom Maritime Trade Operations (UKMTO)": a name its acronym spells is an organisation
        run = (True, (), raw) if " " in raw and spelled_by_acronym(masked, s, e) else read_run(raw, at_start)
        if run is None:
            continue
        org_like, title, name = run
        k_sent = bisect.bisect_right(sentence_starts, e)
        stop = min(spans[k + 1][0] if k + 1 < len(spans) else len(masked),
                   sentence_starts[k_sent] if k_sent < len(sentence_starts) else len(masked))
        ctx = _context(masked, s, e, title, raw, stop)
        kind = _kind(name, org_like, ctx, caps)
        heads: tuple[str, ...] = ()
        if kind == "org":
            heads = org_heads(name) + tuple(w for w in ctx.lead_roles[-1:] if w in ORG_HEADS)
            heads += tuple(r.split()[-1] for r in ctx.roles if r.split()[-1] in ORG_HEADS)
        person = kind in ("person", "unknown")
        out.append(Mention(s, e, name, ctx.roles, kind, ctx.prev in PREPOSITIONS, ctx.possessive,
                           ctx.modifier, _gender(ctx) if person else None, heads,
                           ctx.gender if person and ctx.gender in ("m", "f") else None))
    return out


def _demonym(name: str, next_word: str, cap_words: Callable[[], list[str]]) -> bool:
    """"Sabrian", "Ketharan", "Darzani" before a lowercase word: an adjective of nationality.

    Told from a surname by the country's own name elsewhere in the text ("Sabria", "Kethara"), or by
    an -ian/-ese/-ish ending before a word that is not a verb.
    """
    if " " in name or not next_word or next_word in PREPOSITIONS:
        return False
    for suffix in DEMONYM_ENDINGS:
        if name.endswith(suffix) and len(name) - len(suffix) >= 3:
            stem = name[: len(name) - len(suffix)]
            caps = cap_words()
            k = bisect.bisect_left(caps, stem)
            while k < len(caps) and caps[k].startswith(stem):
                if caps[k] != name and len(caps[k]) <= len(stem) + 2:
                    return True
                k += 1
    return (name.endswith(STRONG_DEMONYM_ENDINGS) and next_word not in SPEECH_VERBS
            and not next_word.endswith(PAST_ENDING))
