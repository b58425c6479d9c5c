"""Per-article memory of who is named, and resolving a reference to a speaker.

One pass over the narrative collects people (fullest form of each name, roles, gender hints from
pronouns and titles), organisations (`orgs`), acronyms and unnamed sources ("a senior official").
A quote's attribution names a reference — a name, a pronoun, a role noun, an organisation phrase —
and this module turns it into the speaker string the README asks for: the fullest form of a person's
name, an organisation as written, or None for an unnamed source.

Lookups go through indexes (names by word, positions per person, roles by word) so a long article
costs about linear time: pronouns walk back a bounded number of sentences, not the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce

from ingest.nlp.capitals import UP, looks_like_org
from ingest.nlp.languages import alternation
from ingest.nlp.languages.en import (
    ANON_OPENERS,
    ANONYMOUS_HEADS,
    AUXILIARIES,
    DEFINITE_OPENER,
    DOCUMENT_HEADS,
    FEMALE_WORDS,
    FIRST_NAME_RE,
    FUNCTION_WORDS,
    MALE_WORDS,
    OFFICE_TITLES,
    ORG_HEADS,
    PERSON_NOUNS,
    POSSESSIVE,
    POSSESSIVE_ENDINGS,
    PRONOUN_OPENING_RE,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
    document_re,
    indefinite_phrase_re,
)
from ingest.nlp.mentions import Mention, scan_mentions
from ingest.nlp.name_index import NameIndex
from ingest.nlp.orgs import NAME_AFTER_COMMA_RE, Org, acronyms, clean_org, collect_orgs, recent_org, resolve_org

Speaker = tuple[str | None, str | None]  # (speaker, kind)
History = list[tuple[int, str, str]]  # (offset, speaker, kind) of attributions made, sorted by offset

_PERSON_WORDS = alternation(h for h in PERSON_NOUNS if h.isalpha())  # a trie: a few steps, not hundreds of tries
# A sentence whose subject is a definite role, not a name ("The Reform UK leader claimed …", "The 54-year-old
# said …"): it speaks of someone named before, and the people it names after that subject are its objects.
_ROLE_OPENING_RE = re.compile(
    rf"[^\S\n]*[\"“‘«(]?(?:{DEFINITE_OPENER})[^\S\n]+(?:[\w’'.-]+[^\S\n]+){{0,4}}?"
    rf"(?:{alternation(h for h in PERSON_NOUNS | OFFICE_TITLES if h.isalpha())}|\d+-year-old)[^\S\n]+"
    rf"(?:[a-z]+ed|{alternation(SPEECH_VERBS | AUXILIARIES)})\b"  # its verb next: not "… of Acme, Ana Ruiz,"
)
# A sentence opened by an organisation named by its kind: "The cash-strapped company", "The ministry".
_ORG_OPENING_RE = re.compile(
    rf"[^\S\n]*(?:{DEFINITE_OPENER})[^\S\n]+((?:[a-z][\w’'-]*[^\S\n]+){{0,3}}?"
    rf"(?:{alternation(h for h in ORG_HEADS if h.isalpha() and h not in PERSON_NOUNS)}))\b(?![’'-])"
)
# Unnamed people: "a senior civil defence official", "one farmer", "Kask's lawyer", "her friend".
# Possessive "*+", "++", as in orgs._ORG_PHRASE_RE.
_ANON_RE = re.compile(
    rf"\b(?:{ANON_OPENERS}|{UP}[\w-]*+{POSSESSIVE})[^\S\n]++"
    rf"((?:(?!{FUNCTION_WORDS}\b)[\w’'-]++[^\S\n]++){{0,4}}?(?:{_PERSON_WORDS}))\b(?![’'-])"
)
_COMMA_BEFORE_RE = re.compile(r"\w[^\S\n]*,[^\S\n]*$")
# Subject pronouns that stand for organisations ("it", "they") and for people of a gender ("he", "she").
_ORG_PRONOUNS = frozenset(p for p, g in SUBJECT_PRONOUNS.items() if g in ("org", "any"))
_PERSON_PRONOUNS = {p: g for p, g in SUBJECT_PRONOUNS.items() if g in ("m", "f")}
_LOOKBACK_SENTENCES = 40


@dataclass(slots=True)
class Memory:
    """Everything one article says about who is who, in text order."""

    masked: str
    starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]
    person_key: dict[int, str]  # mention index → fullest form of the person's name
    names: NameIndex
    gender: dict[str, str]  # reliable: titles, role words, "she said" attributions
    hint: dict[str, str]  # "X said he would …": usually X's gender, sometimes someone else's
    roles: dict[str, set[str]]
    positions: dict[str, list[int]]  # person → offsets of their mentions
    orgs: list[Org]
    acronyms: dict[str, str]
    anon: dict[str, list[int]]  # head noun → offsets of unnamed people ("a senior official")


def build_memory(masked: str, starts: list[int]) -> Memory:
    """Collect people, organisations, acronyms and unnamed sources of one article."""
    mentions = scan_mentions(masked, starts)
    names = NameIndex(m.name for m in mentions if " " in m.name and (
        m.kind == "person" or (m.kind == "unknown" and not m.possessive)))
    person_key: dict[int, str] = {}
    gender: dict[str, str] = {}
    hint: dict[str, str] = {}
    roles: dict[str, set[str]] = {}
    positions: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.kind == "org" or m.modifier or (m.kind == "other" and not names.knows(m.name)):
            continue
        key = names.fullest(m.name)
        if m.kind == "unknown" and " " not in key and not m.roles and not names.knows(m.name):
            continue
        person_key[i] = key
        roles.setdefault(key, set()).update(m.roles)
        positions.setdefault(key, []).append(m.start)
        hints = [m.gender] + ["f" if w in FEMALE_WORDS else "m" if w in MALE_WORDS else None
                              for r in m.roles for w in r.split()]
        for g in hints:
            if g in ("m", "f"):
                gender.setdefault(key, g)
        if m.pronoun_hint:
            hint.setdefault(key, m.pronoun_hint)
    orgs = collect_orgs(masked, mentions)
    anon: dict[str, list[int]] = {}
    for a in _ANON_RE.finditer(masked):
        if not _named_apposition(masked, a.start(), a.end()):
            anon.setdefault(a.group(1).split()[-1].lower(), []).append(a.start())
    return Memory(masked, starts, mentions, [m.start for m in mentions], person_key, names, gender,
                  hint, roles, positions, orgs, acronyms(masked, mentions, orgs), anon)


def _named_apposition(masked: str, start: int, end: int) -> bool:
    """"Kalinova, a former judge" or "A spokeswoman, Colonel X": the phrase describes a named person."""
    before = masked[max(0, start - 40) : start]
    after = masked[end : end + 60]
    # The first pattern ends in a comma and spaces: without one at the end, skip its search.
    comma_before = before.rstrip().endswith(",") and bool(_COMMA_BEFORE_RE.search(before))
    return bool(comma_before or NAME_AFTER_COMMA_RE.match(after) or FIRST_NAME_RE.match(after))


def _latest(offsets: list[int], pos: int) -> int:
    """Largest offset before `pos`, or -1."""
    k = bisect.bisect_left(offsets, pos)
    return offsets[k - 1] if k else -1


def _sentence(mem: Memory, pos: int) -> int:
    return bisect.bisect_right(mem.starts, pos) - 1


def person_or_org(mem: Memory, name: str, mention: Mention | None) -> Speaker:
    """Speaker for an explicit name in an attribution: fullest person name, or organisation name."""
    if name in mem.acronyms:
        return mem.acronyms[name], "org"
    if (mention is not None and mention.kind == "org") or looks_like_org(name):
        clean = clean_org(name)
        same = next((o.name for o in mem.orgs if o.name.lower() == clean.lower()), None)
        return same or clean, "org"
    if not mem.names.knows(name) and (mention is None or not mention.roles):
        # "Corvenne said" after "Corvenne Athletic": the short form of a named organisation, when no
        # person of the article bears the name
        words = name.lower().split()
        for org in mem.orgs:
            full = org.name.lower().split()
            if org.name[:1].isupper() and len(full) > len(words) and full[: len(words)] == words:
                return org.name, "org"
    return mem.names.fullest(name), "person"


def salient_people(mem: Memory, pos: int, history: History) -> Iterator[str]:
    """People named before `pos`, most salient first: nearer sentences first, subjects first."""
    seen: set[str] = set()
    deferred: list[str] = []
    idx = bisect.bisect_left(mem.mention_starts, pos) - 1
    h = bisect.bisect_left(history, (pos,)) - 1
    sentence = _sentence(mem, max(pos - 1, 0))
    for s in range(sentence, max(-1, sentence - _LOOKBACK_SENTENCES), -1):
        lo = mem.starts[s]
        ranked: list[tuple[int, int, str]] = []
        while idx >= 0 and mem.mention_starts[idx] >= lo:
            key = mem.person_key.get(idx)
            if key is not None:
                m = mem.mentions[idx]
                ranked.append((int(m.possessive or m.prep), m.start, key))
            idx -= 1
        while h >= 0 and history[h][0] >= lo:
            if history[h][2] == "person":
                ranked.append((0, history[h][0], history[h][1]))
            h -= 1
        if ranked and ((all(r[0] for r in ranked) and PRONOUN_OPENING_RE.match(mem.masked, lo))
                       or _role_subject_before(mem.masked, lo, min(r[1] for r in ranked))):
            # "He was the second MP, following Lee Anderson" / "The Reform UK leader … beat Conservative
            # Giles Watling": the subject is someone carried from further back, and the people named
            # after it are not who "he" is
            deferred.extend(key for _, _, key in sorted(ranked))
            continue
        for _, _, key in sorted(ranked):
            if key not in seen:
                seen.add(key)
                yield key
    for key in deferred:
        if key not in seen:
            seen.add(key)
            yield key


def _role_subject_before(masked: str, lo: int, first_name_at: int) -> bool:
    """The sentence at `lo` opens with a definite role as its subject, before any name in it."""
    found = _ROLE_OPENING_RE.match(masked, lo)
    return found is not None and found.end() <= first_name_at


def resolve_pronoun(mem: Memory, pron: str, pos: int, history: History) -> Speaker:
    """"he"/"she" → the most salient earlier person of that gender; "it"/"they" → an organisation."""
    if pron in _ORG_PRONOUNS:
        org = recent_org(mem.orgs, pos, None) or _unclassified_subject(mem, pos)
        org = mem.acronyms.get(org, org) if org else org  # "UKMTO said … it added": the full name
        if org or SUBJECT_PRONOUNS[pron] == "org":  # "it" is never a person
            return (org, "org") if org else (None, None)
    if pron in _PERSON_PRONOUNS and _unnamed_subject_before(mem, pos, history):
        return None, None
    want = _PERSON_PRONOUNS.get(pron)
    fallback = None
    for key in salient_people(mem, pos, history):
        sure = mem.gender.get(key)
        g = sure or mem.hint.get(key)
        if want is not None and sure is None and looks_like_org(key):
            continue  # "UK", "TV": "he" and "she" are people
        if want is None or g is None or g == want:
            return key, "person"
        if fallback is None and sure is None:
            fallback = key  # only a pronoun hint against it: take it if no one fits better
    return (fallback, "person") if fallback else (None, None)


def _unnamed_subject_before(mem: Memory, pos: int, history: History) -> bool:
    """"A crane driver … said he had heard a crack. “…,” he said.": the sentence before `pos` (or its
    own) opens with an unnamed person, and no one named is mentioned or quoted between them."""
    latest = max((_latest(offsets, pos) for offsets in mem.anon.values()), default=-1)
    if latest < 0:
        return False
    sentence = _sentence(mem, latest)
    if mem.masked[mem.starts[sentence] : latest].strip() or _sentence(mem, max(pos - 1, 0)) - sentence > 1:
        return False  # not the subject that opens its sentence, or further back than the sentence before
    first, last = (bisect.bisect_left(mem.mention_starts, at) for at in (latest, pos))
    if any(i in mem.person_key for i in range(first, last)):
        return False
    return not any(latest < at < pos and kind == "person" for at, _, kind in history)


def _unclassified_subject(mem: Memory, pos: int) -> str | None:
    """For "it said" with no known organisation: the latest subject name that is not a person.

    "Alpenmilch said in a statement …. “…,” it said." — a one-word name nothing marks as a person.
    """
    lo = mem.starts[max(0, _sentence(mem, max(pos - 1, 0)) - 3)]
    for i in range(bisect.bisect_left(mem.mention_starts, pos) - 1, -1, -1):
        m = mem.mentions[i]
        if m.start < lo:
            break
        if m.kind == "unknown" and i not in mem.person_key and not (m.prep or m.possessive or m.modifier):
            return clean_org(m.name)
    return None


def resolve_role(mem: Memory, phrase: str, pos: int, history: History, fallback: bool = True) -> Speaker:
    """"the minister" / "the 54-year-old" → the person that role or epithet points back to.

    A role some named person holds wins (the full phrase before the head noun alone, then the latest);
    an unnamed person introduced with the same noun ("an official … the official said") gives None;
    an epithet no one holds ("the centenarian") falls back to the most salient person.
    """
    low = phrase.lower()
    head = low.split()[-1]
    if head in ORG_HEADS and head not in PERSON_NOUNS:
        return resolve_org(mem.orgs, phrase, pos)
    if head in DOCUMENT_HEADS:
        return _document_author(mem, head, pos)
    best: tuple[float, int, str | None] | None = None  # (match quality, offset, speaker)
    modifiers = low.split()[:-1]
    for key, rs in mem.roles.items():
        quality: float = 2 if low in rs else 1 if any(r.rsplit(" ", 1)[-1] == head for r in rs) else 0
        if quality == 1 and modifiers and _same_origin(modifiers, rs):
            quality = 1.5  # "the Zembaran minister" → the one introduced as "Zembara's water minister"
        at = _latest(mem.positions[key], pos) if quality else -1
        if at >= 0 and (best is None or (quality, at) > (best[0], best[1])):
            best = (quality, at, key)
    at = max(_latest(mem.anon.get(head, []), pos), _indefinite_before(mem, head, pos))
    if at >= 0 and (best is None or at > best[1]):
        return None, None
    if best is not None:
        return best[2], "person"
    if head in ORG_HEADS and recent_org(mem.orgs, pos, {head}):
        return resolve_org(mem.orgs, phrase, pos)
    if head in ANONYMOUS_HEADS or not fallback:
        return None, None
    first = next(salient_people(mem, pos, history), None)
    return (first, "person") if first else (None, None)


def _same_origin(modifiers: list[str], roles: set[str]) -> bool:
    """A modifier and a role word share a country stem: "zembaran" and "zembara's", "ardovian" and
    "ardovian" (a demonym and its country, five letters at least)."""
    # stems without a possessive ending ("zembara's" → "zembara")
    words = {reduce(str.removesuffix, POSSESSIVE_ENDINGS, w) for r in roles for w in r.split()}
    return any(len(m) >= 5 and len(w) >= 5 and (m.startswith(w) or w.startswith(m))
               for m in modifiers for w in words)


def _indefinite_before(mem: Memory, head: str, pos: int) -> int:
    """Offset of the latest "a/an/one … <head>" (an unnamed person) in the 4,000 characters before `pos`.

    Catches role nouns the lexicon does not list ("a bystander … the bystander said").
    """
    window = max(0, pos - 4000)
    if mem.masked.find(head, window, pos) < 0:  # every match holds the head word: no need to scan
        return -1
    found = [m for m in indefinite_phrase_re(head).finditer(mem.masked, window, pos)
             if not _named_apposition(mem.masked, m.start(), m.end())]
    return found[-1].start() if found else -1


def _document_author(mem: Memory, head: str, pos: int) -> Speaker:
    """"the statement said": whoever the latest sentence mentioning a statement has as its subject."""
    window = max(0, pos - 4000)
    found = [m.start() for m in document_re(head).finditer(mem.masked, window, pos)]  # offsets in the text
    for at in reversed(found):
        sentence = _sentence(mem, at)
        issuer = _org_opening(mem, sentence, at)
        speaker = issuer or ctx_subject(mem, sentence, before=at)
        if not speaker[0]:  # "a statement from X": the issuer is named after the document
            speaker = ctx_subject(mem, sentence)
        if speaker[0]:
            return speaker
    recent = recent_org(mem.orgs, pos, None, named=True)
    return (recent, "org") if recent else (None, None)


def _org_opening(mem: Memory, sentence: int, before: int) -> Speaker | None:
    """"The cash-strapped company added in its statement that it had appointed X": a sentence whose
    subject is an organisation named by its kind, ahead of the document; the issuer is that
    organisation, not a person the statement goes on to name."""
    found = _ORG_OPENING_RE.match(mem.masked, mem.starts[sentence], before)
    if found is None or any(m.kind != "org" for m in mentions_between(mem, mem.starts[sentence], found.end())):
        return None
    name, kind = resolve_org(mem.orgs, found.group(1), found.start(1))
    if not name[:1].isupper():  # "cash-strapped company" as written: the company the story is about
        name, kind = resolve_org(mem.orgs, found.group(1).split()[-1], found.start(1))
    return name, kind


def ctx_subject(mem: Memory, sentence: int, before: int | None = None) -> Speaker:
    """Subject of a sentence with no speech verb ("Nurse X carried two patients …"), person first;
    with `before`, only what stands ahead of that offset counts (the subject of a partial quote)."""
    lo = mem.starts[sentence]
    hi = mem.starts[sentence + 1] if sentence + 1 < len(mem.starts) else len(mem.masked)
    if before is not None:
        hi = min(hi, before)
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
            first_org = clean_org(m.name)
    return (first_org, "org") if first_org else (None, None)


def mention_range(mem: Memory, lo: int, hi: int) -> range:
    """Indices of the mentions starting inside [lo, hi) (for `person_key`, which is by index)."""
    return range(bisect.bisect_left(mem.mention_starts, lo), bisect.bisect_left(mem.mention_starts, hi))


def mentions_between(mem: Memory, lo: int, hi: int) -> list[Mention]:
    """Mentions starting inside [lo, hi)."""
    found = mention_range(mem, lo, hi)
    return mem.mentions[found.start : found.stop]
