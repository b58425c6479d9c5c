"""Per-article memory of who is named, and resolving a reference to a speaker.

One pass over the narrative collects people (fullest form of each name, roles, gender hints from
pronouns and titles), organisations (with their type words: "ministry", "group"), acronyms defined as
"Full Name (ACR)" and unnamed sources ("a senior official"). A quote's attribution then names a
reference — a name, a pronoun, a role noun, an organisation phrase — and this module turns it into the
speaker string the README asks for: the fullest form of a person's name, an organisation as written,
or None for an unnamed source.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.nlp.lexicon import (
    ANONYMOUS_HEADS,
    DOCUMENT_HEADS,
    BUSINESS_HEADS,
    FEMALE_WORDS,
    MALE_WORDS,
    ORG_HEADS,
    PERSON_NOUNS,
    PREPOSITIONS,
    RELATIVES,
)
from ingest.nlp.mentions import (
    UP,
    Mention,
    is_business,
    looks_like_org,
    org_heads,
    scan_mentions,
    words_with_offsets,
)

Speaker = tuple[str | None, str | None]  # (speaker, kind)

_DETS = r"(?:the|a|an|its|their|his|her|of|in|at|on|for|by|to|from|and|or|that|which|who|with)"
_ORG_PHRASE_RE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|%s[\w-]*[’']s)[^\S\n]+"
    r"((?:(?!%s\b)[\w’'-]+[^\S\n]+){0,3}?(?:%%s))\b(?![’'-])" % (UP, _DETS)
    % "|".join(sorted((h for h in ORG_HEADS if h.isalpha() and len(h) > 3), key=len, reverse=True))
)
_ANON_RE = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|%s[\w-]*[’']s)[^\S\n]+"
    r"((?:(?!%s\b)[\w’'-]+[^\S\n]+){0,4}?(?:%s))\b(?![’'-])"
    % (UP, _DETS, "|".join(sorted((h for h in PERSON_NOUNS if h.isalpha()), key=len, reverse=True)))
)
_ACRONYM_RE = re.compile(r"[^\S\n]*\(([A-Z][A-Z&]{1,7})\)")
_GENERIC_REFS = BUSINESS_HEADS | frozenset("club team side organisation organization body outlet".split())
_SMALL = frozenset("of the and for on de du des la del &".split())


@dataclass(slots=True)
class Org:
    name: str
    heads: set[str]
    positions: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Memory:
    """Everything one article says about who is who, in text order."""

    mentions: list[Mention]
    starts: list[int]
    person_key: dict[int, str]  # mention index → fullest form of the person's name
    gender: dict[str, str]
    roles: dict[str, set[str]]
    orgs: list[Org]
    acronyms: dict[str, str]
    anon: list[tuple[int, str]]  # (offset, head noun) of unnamed people
    mention_starts: list[int]
    masked: str


def _tokens(name: str) -> list[str]:
    return name.replace("’", "'").lower().split()


def _contains(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))


def _clean_org(name: str) -> str:
    toks = name.split()
    while toks and toks[0].lower() in ("the", "a", "an"):
        toks = toks[1:]
    return " ".join(toks)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _SMALL and w[:1].isupper())


def build_memory(masked: str, starts: list[int]) -> Memory:
    """Collect people, organisations, acronyms and unnamed sources of one article."""
    mentions = scan_mentions(masked, starts)
    full_names = [m.name for m in mentions if m.kind in ("person", "unknown") and " " in m.name
                  and not m.possessive or m.kind == "person" and " " in m.name]
    person_key: dict[int, str] = {}
    gender: dict[str, str] = {}
    roles: dict[str, set[str]] = {}
    orgs: dict[str, Org] = {}
    for i, m in enumerate(mentions):
        if m.kind == "org":
            org = orgs.setdefault(_clean_org(m.name), Org(_clean_org(m.name), set(m.heads)))
            org.heads.update(m.heads)
            org.positions.append(m.start)
            continue
        if m.modifier or m.kind == "other" and not any(_contains(_tokens(f), _tokens(m.name))
                                                      for f in full_names):
            continue
        key = fullest(full_names, m.name)
        if m.kind == "unknown" and " " not in key and not m.roles:
            if not any(_contains(_tokens(f), _tokens(m.name)) for f in full_names):
                continue
        person_key[i] = key
        roles.setdefault(key, set()).update(m.roles)
        if m.gender in ("m", "f") and key not in gender:
            gender[key] = m.gender
        for r in m.roles:
            for w in r.split():
                if key not in gender and w in FEMALE_WORDS:
                    gender[key] = "f"
                elif key not in gender and w in MALE_WORDS:
                    gender[key] = "m"
    org_list = list(orgs.values())
    _add_org_phrases(masked, org_list, mentions)
    acronyms = _acronyms(masked, mentions, org_list)
    anon = [(m.start(), m.group(1).split()[-1].lower()) for m in _ANON_RE.finditer(masked)
            if not _named_apposition(masked, m.start(), m.end())]
    return Memory(mentions, starts, person_key, gender, roles, org_list, acronyms, anon,
                  [m.start for m in mentions], masked)


def _named_apposition(masked: str, start: int, end: int) -> bool:
    """"Kalinova, a former judge" or "A spokeswoman, Colonel X": the phrase describes a named person."""
    before = masked[max(0, start - 40) : start]
    after = masked[end : end + 40]
    return bool(re.search(r"\w[^\S\n]*,[^\S\n]*$", before) or re.match(r"[^\S\n]*,[^\S\n]*[A-Z]", after)
                or re.match(r"[^,.;:\n]{0,50}first name,[^\S\n]*[A-Z]", after))


def _add_org_phrases(masked: str, orgs: list[Org], mentions: list[Mention]) -> None:
    """Lower-case organisation phrases ("the Ketharan foreign ministry") as organisations too."""
    for m in _ORG_PHRASE_RE.finditer(masked):
        words = m.group(1).split()
        if any(w.lower() in PREPOSITIONS or w.lower() in RELATIVES for w in words):
            continue
        if re.match(r"[^\S\n]*,[^\S\n]*[A-Z]", masked[m.end() : m.end() + 4]):
            continue  # "the processors' association, Dravomilk": the name is the organisation
        while words and re.search(r"[’']s$", words[0]) and len(words) > 1:
            words = words[1:]  # possessive country or owner
        if len(words) < 2:
            continue  # "the club", "the ministry": a reference back, not a name
        name = " ".join(words)
        head = words[-1].lower()
        org = next((o for o in orgs if o.name.lower() == name.lower()), None)
        if org is None:
            org = Org(name, {head})
            orgs.append(org)
        org.positions.append(m.start(1))


def _acronyms(masked: str, mentions: list[Mention], orgs: list[Org]) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in mentions:
        a = _ACRONYM_RE.match(masked, m.end)
        if a and m.kind in ("org", "unknown", "other"):
            out[a.group(1)] = _clean_org(m.name)
    for org in orgs:
        ini = _initials(org.name)
        if len(ini) >= 2 and ini.isupper() and ini not in out:
            out[ini] = org.name
    return out


def fullest(full_names: list[str], name: str) -> str:
    """Longest name in the article holding `name`'s words in order ("Carvajal" → "Inés Carvajal Ruiz")."""
    part = _tokens(name)
    best = name
    best_score = (0, 0)
    for f in full_names:
        toks = _tokens(f)
        if _contains(toks, part) and len(toks) >= len(part):
            score = (int(toks[-1] == part[-1]), len(toks))
            if score > best_score:
                best, best_score = f, score
    return best


def person_or_org(mem: Memory, name: str, mention: Mention | None) -> Speaker:
    """Speaker for an explicit name in an attribution."""
    if name in mem.acronyms:
        return mem.acronyms[name], "org"
    if mention is not None and mention.kind == "org" or looks_like_org(name):
        clean = _clean_org(name)
        for org in mem.orgs:
            if org.name.lower() == clean.lower():
                return org.name, "org"
        return clean, "org"
    full = [key for key in mem.roles]
    key = fullest(full, name)
    if mention is None or mention.kind != "other":
        return key, "person"
    return key, "person"


def _sentence(mem: Memory, pos: int) -> int:
    return bisect.bisect_right(mem.starts, pos) - 1


def _person_candidates(mem: Memory, pos: int, history: list[tuple[int, str, str]]) -> list[str]:
    """People named before `pos`, most salient first: later sentences first, subjects first."""
    ranked: list[tuple[int, int, int, str]] = []
    for i, m in enumerate(mem.mentions):
        if m.start >= pos:
            break
        key = mem.person_key.get(i)
        if key is None:
            continue
        demoted = int(m.possessive or m.prep)
        ranked.append((-_sentence(mem, m.start), demoted, m.start, key))
    for p, name, kind in history:
        if p < pos and kind == "person":
            ranked.append((-_sentence(mem, p), 0, p, name))
    ranked.sort()
    return list(dict.fromkeys(k for _, _, _, k in ranked))


def resolve_pronoun(mem: Memory, pron: str, pos: int, history: list[tuple[int, str, str]]) -> Speaker:
    """"he"/"she" → the most salient earlier person of that gender; "it"/"they" → an organisation."""
    if pron in ("it", "they"):
        org = _recent_org(mem, pos, None)
        if org or pron == "it":
            return (org, "org") if org else (None, None)
    want = {"he": "m", "she": "f"}.get(pron)
    for key in _person_candidates(mem, pos, history):
        g = mem.gender.get(key)
        if want is None or g is None or g == want:
            return key, "person"
    return None, None


def _recent_org(mem: Memory, pos: int, heads: set[str] | None, named: bool = False) -> str | None:
    best: tuple[int, str] | None = None
    for org in mem.orgs:
        if named and not org.name[:1].isupper():
            continue
        before = [p for p in org.positions if p < pos]
        if not before:
            continue
        if heads is not None and not (org.heads & heads):
            continue
        if best is None or max(before) > best[0]:
            best = (max(before), org.name)
    return best[1] if best else None


def resolve_org(mem: Memory, phrase: str, pos: int) -> Speaker:
    """"the ministry" → the latest organisation of that type; "the health ministry" as written."""
    words = phrase.split()
    head = words[-1].lower()
    want = [w.lower() for w in words]
    best: tuple[int, int, str] | None = None
    for org in mem.orgs:
        name_words = org.name.lower().split()
        if not all(w in name_words for w in want) and not (len(words) == 1 and head in org.heads):
            continue
        before = [p for p in org.positions if p < pos]
        if not before:
            continue
        cand = (max(before), len(name_words), org.name)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is not None:
        return best[2], "org"
    if len(words) > 1:
        return phrase, "org"
    if len(words) == 1 and head in _GENERIC_REFS:
        recent = _recent_org(mem, pos, set(BUSINESS_HEADS)) if head in BUSINESS_HEADS else None
        recent = recent or _recent_org(mem, pos, None, named=True)
        if recent:
            return recent, "org"
    return phrase, "org"


def resolve_role(mem: Memory, phrase: str, pos: int, history: list[tuple[int, str, str]],
                 fallback: bool = True) -> Speaker:
    """"the minister" / "the 54-year-old" → the person that role or epithet points back to."""
    words = phrase.lower().split()
    head = words[-1]
    if head in ORG_HEADS and head not in PERSON_NOUNS:
        return resolve_org(mem, phrase, pos)
    if head in DOCUMENT_HEADS:
        return _document_author(mem, head, pos)
    best: tuple[int, int, str | None] | None = None  # (match quality, position, speaker)
    for i, m in enumerate(mem.mentions):
        if m.start >= pos:
            break
        key = mem.person_key.get(i)
        if key is None:
            continue
        rs = mem.roles.get(key, set())
        quality = 2 if phrase.lower() in rs else 1 if any(r.split()[-1] == head for r in rs) else 0
        if quality and (best is None or (quality, m.start) >= (best[0], best[1])):
            best = (quality, m.start, key)
    for p, h in mem.anon:
        if p < pos and h == head and (best is None or p > best[1]):
            best = (1, p, None)
    if best is not None:
        return best[2], ("person" if best[2] else None)
    if head in ORG_HEADS and _recent_org(mem, pos, {head}):
        return resolve_org(mem, phrase, pos)
    if head in ANONYMOUS_HEADS or not fallback:
        return None, None
    cands = _person_candidates(mem, pos, history)
    return (cands[0], "person") if cands else (None, None)


def _document_author(mem: Memory, head: str, pos: int) -> Speaker:
    """"the statement said": whoever the latest sentence mentioning a statement has as its subject."""
    found = [m.start() for m in re.finditer(r"\b%ss?\b" % re.escape(head), mem.masked[:pos], re.I)]
    for at in reversed(found):
        speaker = ctx_subject(mem, _sentence(mem, at))
        if speaker[0]:
            return speaker
    recent = _recent_org(mem, pos, None, named=True)
    return (recent, "org") if recent else (None, None)


def ctx_subject(mem: Memory, sentence: int) -> Speaker:
    """Subject of a sentence with no speech verb ("Nurse X carried two patients …"), person first."""
    lo = mem.starts[sentence]
    hi = mem.starts[sentence + 1] if sentence + 1 < len(mem.starts) else 1 << 60
    first_org = None
    for i in range(bisect.bisect_left(mem.mention_starts, lo), len(mem.mentions)):
        m = mem.mentions[i]
        if m.start >= hi:
            break
        if m.prep or m.possessive:
            continue
        if i in mem.person_key:
            return mem.person_key[i], "person"
        if m.kind == "org" and first_org is None:
            first_org = _clean_org(m.name)
    return (first_org, "org") if first_org else (None, None)


def mentions_between(mem: Memory, lo: int, hi: int) -> list[tuple[int, Mention]]:
    """(index, mention) pairs starting inside [lo, hi)."""
    first = bisect.bisect_left(mem.mention_starts, lo)
    out = []
    for i in range(first, len(mem.mentions)):
        if mem.mentions[i].start >= hi:
            break
        out.append((i, mem.mentions[i]))
    return out


def head_of(phrase: str) -> str:
    words = [w for w, _, _ in words_with_offsets(phrase)]
    return words[-1].lower() if words else ""


__all__ = ["Memory", "build_memory", "ctx_subject", "org_heads", "person_or_org", "resolve_org",
           "resolve_pronoun", "resolve_role", "mentions_between", "head_of"]
