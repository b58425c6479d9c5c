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
from dataclasses import dataclass

from ingest.nlp.lexicon import (
    BUSINESS_HEADS,
    FEMALE_WORDS,
    HONORIFICS,
    MALE_WORDS,
    NON_NAMES,
    OFFICE_TITLES,
    ORG_HEADS,
    PERSON_NOUNS,
    PREPOSITIONS,
    RELATIVES,
    SPEECH_VERBS,
    word_set,
)


def _upper_class() -> str:
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1) if chr(c).isupper()]
    return "[" + "".join(chars) + "]"


UP = _upper_class()
_ABBR = r"(?:Dr|Mr|Mrs|Ms|Mx|Gen|Col|Lt|Sgt|Capt|Cpt|Prof|Rev|Sen|Rep|Gov|Maj|Brig|Adm|Cdr|St|Fr|Jr|Sr)\."
_PREFIXED = rf"(?:al|el|ad|ash|as|at|az|an|ar|ud|ul|bin|ibn|abu|ben|bint|de|di|da|du|van|von|d|l|o)[-’']{UP}\w*"
_PLAIN = rf"{UP}\w*(?:[-’'](?!s\b)\w+)*(?:(?<=s)[’'](?=[^\S\n]+{UP}))?"
_TOKEN = rf"(?:{_ABBR}|{_PREFIXED}|{_PLAIN})"
_PARTICLE = (r"(?:bin|bint|ibn|van|von|de|del|della|der|den|des|di|da|das|do|dos|du|la|le|las|los|ter|ten|y|al|el"
             r"|af|av|zu)")
_CAPSEQ_RE = re.compile(rf"{_TOKEN}(?:(?:[^\S\n]+{_PARTICLE})*[^\S\n]+{_TOKEN})*")
_CONNECT_RE = re.compile(r"[^\S\n]+(?:of the|of|for|for the|and|&|on|de|du|des|de la|del)[^\S\n]+$")
_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*|\d[\w-]*")
_AGE_RE = re.compile(r"^,[^\S\n]*\d{1,3}[^\S\n]*[,.;]")
_POSSESSIVE_RE = re.compile(r"^[’']s?(?=[^\w]|$)")
_STRONG_ORG = word_set(
    """
    ministry authority union association federation council commission committee court agency institute
    university bank company corporation group party front alliance movement service office directorate board
    tribunal consortium foundation league society department inspectorate army navy police government
    holdings securities capital partners airways airlines railways fc united rovers wanderers athletic
    albion sc cf
    """
)
_FUNCTION_LEADS = word_set(
    """
    the a an in at on for by with from to of as after before during since until while when where if but and
    or so yet it he she they we i you his her their its our my your this that these those there here asked
    speaking according across among outside inside despite however meanwhile also only even still then later
    earlier today yesterday tomorrow tonight now once monday tuesday wednesday thursday friday saturday
    sunday what who why how which whose without within under over between against around about near into
    through along behind some many most every each both all no not
    """
)
_TITLE_NORMAL = {"dr": "doctor", "prof": "professor", "gen": "general", "col": "colonel", "lt": "lieutenant",
                 "sgt": "sergeant", "capt": "captain", "cpt": "captain", "adm": "admiral", "gov": "governor",
                 "sen": "senator", "rep": "representative", "justice": "judge", "maj": "major"}


@dataclass(frozen=True, slots=True)
class Mention:
    """One capitalised name in the narrative, with what its neighbours say about it."""

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


def _norm(token: str) -> str:
    return token.lower().rstrip(".").strip("’'")


def is_title_word(token: str, at_sentence_start: bool) -> bool:
    """A capitalised word standing before a name as a title ("Minister", "Dr.", "Nurse")."""
    low = _norm(token)
    if low in HONORIFICS or low in OFFICE_TITLES:
        return True
    parts = low.split("-")  # hyphenated titles: "Secretary-General", "Attorney-General", "Vice-President"
    if len(parts) > 1 and all(p in OFFICE_TITLES or p in HONORIFICS for p in parts):
        return True
    return at_sentence_start and (low in PERSON_NOUNS or low.endswith("ist"))


def split_title(tokens: list[str], at_sentence_start: bool) -> tuple[list[str], list[str]]:
    """(title tokens, name tokens): titles are the words up to the last title word before the name."""
    cut = 0
    for j, tok in enumerate(tokens[:-1]):
        if is_title_word(tok, (at_sentence_start and j == 0) or (cut == j and cut > 0)):
            cut = j + 1
    return tokens[:cut], tokens[cut:]


def role_phrases(words: list[str]) -> tuple[str, ...]:
    """Role phrases from title or role words: ["Foreign", "Minister"] → ("foreign minister", "minister")."""
    low = [_TITLE_NORMAL.get(_norm(w), _norm(w)) for w in words if _norm(w) not in HONORIFICS or
           _norm(w) in ("dr", "prof", "professor", "doctor")]
    low = [w for w in low if w]
    if not low:
        return ()
    out = [" ".join(low[i:]) for i in range(len(low))]
    return tuple(dict.fromkeys(out))


def org_heads(name: str) -> tuple[str, ...]:
    last = _norm(name.split()[-1]) if name.split() else ""
    heads = [last] if last in ORG_HEADS else []
    for w in name.split():
        low = _norm(w)
        if low in _STRONG_ORG and low not in heads:
            heads.append(low)
    return tuple(heads)


def looks_like_org(name: str) -> bool:
    toks = name.split()
    if not toks:
        return False
    if len(toks) == 1 and toks[0].isupper() and len(toks[0]) >= 2 and toks[0].isalpha():
        return True
    if _norm(toks[-1]) in ORG_HEADS:
        return True
    return any(_norm(t) in _STRONG_ORG for t in toks)


def _merge_connected(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join "Union" + "of" + "Journalists" when the left part is an organisation name."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            gap = text[pe:s]
            if (len(gap) <= 8 and _CONNECT_RE.search(" " + gap.rstrip() + " ") and looks_like_org(text[ps:pe])
                    and (gap.strip() not in ("and", "&") or " of " in text[ps:pe])):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def find_capseqs(masked: str) -> list[tuple[int, int]]:
    """Spans of capitalised word runs, leading function words dropped, organisation names joined."""
    spans: list[tuple[int, int]] = []
    for m in _CAPSEQ_RE.finditer(masked):
        s, e = m.start(), m.end()
        for tok in re.finditer(r"\S+", m.group()):
            if _norm(tok.group()) in _FUNCTION_LEADS:
                s = m.start() + tok.end()
                continue
            break
        while s < e and masked[s].isspace():
            s += 1
        if s < e:
            spans.append((s, e))
    return _merge_connected(masked, spans)


def _prev_words(masked: str, pos: int, n: int) -> list[str]:
    window = masked[max(0, pos - 60) : pos]
    window = re.split(r"[,;:.!?()\n“”\"«»]", window)[-1]
    return [w for w, _, _ in words_with_offsets(window)][-n:]


def _gender_after(masked: str, end: int, stop: int) -> str | None:
    for w, _, _ in words_with_offsets(masked[end:stop]):
        low = w.lower()
        if low in ("he", "his", "himself"):
            return "m"
        if low in ("she", "hers", "herself"):
            return "f"
        if low in ("it", "its"):
            return "org"
    return None


def _appositive_role(masked: str, end: int) -> tuple[str, ...]:
    """Role words of ", a shipping analyst at …," / ", the company's chief executive," after a name."""
    m = re.match(r",[^\S\n]*(?:a|an|the|[\w’']+[’']s)[^\S\n]+([^,;:.()\n]{1,60})", masked[end:])
    if not m:
        return ()
    words: list[str] = []
    for w, _, _ in words_with_offsets(m.group(1)):
        if w.lower() in PREPOSITIONS or w.lower() in RELATIVES or w[0].isupper():
            break
        words.append(w.lower())
    return role_phrases(words) if words else ()


def _leading_role(masked: str, start: int) -> tuple[str, ...]:
    """Role of "The mother, Camilla Strand" / "His lawyer, Darko Vesnić," before a name."""
    m = re.search(r"(?:^|[,.;:\n])[^\S\n]*(?:the|his|her|their|its|a|an|[\w’']+[’']s)[^\S\n]+"
                  r"([a-z][^,;:.()\n]{0,50}),[^\S\n]*$", masked[max(0, start - 80) : start], re.I)
    if not m:
        return ()
    words = [w for w, _, _ in words_with_offsets(m.group(1))]
    for k, w in enumerate(words):
        if w.lower() in PREPOSITIONS or w.lower() in RELATIVES:
            words = words[:k]
            break
    if not words or words[-1].lower() not in PERSON_NOUNS | ORG_HEADS:
        return ()
    return role_phrases(words)


@dataclass(frozen=True, slots=True)
class _Context:
    """What surrounds one capitalised run: the evidence its kind is decided from."""

    title: list[str]
    lead_roles: list[str]  # lower-case role words just before it ("district magistrate")
    roles: tuple[str, ...]
    prev: str  # the content word before it
    next_word: str  # the lower-case word after it, if any
    possessive: bool
    modifier: bool
    aged: bool  # "Name, 54,"
    gender: str | None  # first pronoun after it in its sentence: "m", "f" or "org"


def _name_tokens(tokens: list[str], at_start: bool, org_like: bool) -> tuple[list[str], list[str]]:
    """(title tokens, name tokens) of a capitalised run; organisations keep every word."""
    if org_like:
        return [], tokens
    title, name = split_title(tokens, at_start)
    while name and len(name) > 1 and not title and _norm(name[0]) in NON_NAMES:
        name = name[1:]
    return title, name


def _lead_roles(before: list[str]) -> list[str]:
    if not before or not before[-1].islower():
        return []
    out: list[str] = []
    for w in reversed([w for w in before if w.islower()]):
        if w in PREPOSITIONS or w in ("the", "a", "an", "and", "that", "said", "told"):
            break
        out.insert(0, w)
    return out


def _context(masked: str, s: int, e: int, title: list[str], raw: str, stop: int) -> _Context:
    possessive = bool(_POSSESSIVE_RE.match(masked[e : e + 3])) or raw.endswith(("’", "'"))
    nxt = re.match(r"[^\S\n]+([a-z][\w-]*)", masked[e : e + 30])
    next_word = nxt.group(1) if nxt else ""
    modifier = bool(next_word) and not possessive and next_word not in PREPOSITIONS | RELATIVES and (
        next_word in PERSON_NOUNS or next_word in ORG_HEADS)
    before = _prev_words(masked, s, 4)
    content = [w for w in before if w.lower() not in ("the", "a", "an")]
    lead = _lead_roles(before)
    roles = role_phrases(title) + (role_phrases(lead) if lead and lead[-1] in PERSON_NOUNS else ())
    roles += _appositive_role(masked, e) + _leading_role(masked, s)
    return _Context(title, lead, roles, content[-1].lower() if content else "", next_word, possessive,
                    modifier, bool(_AGE_RE.match(masked[e : e + 8])), _gender_after(masked, e, stop))


def _kind(name: str, org_like: bool, ctx: _Context, caps: list[str]) -> str:
    """"org", "person", "other" (place, modifier) or "unknown" from the evidence around a name."""
    org_roles = [r for r in ctx.roles if r.split()[-1] in ORG_HEADS and r.split()[-1] not in PERSON_NOUNS]
    person_ev = bool(ctx.title) or len(org_roles) < len(ctx.roles) or ctx.aged
    org_lead = bool(ctx.lead_roles) and ctx.lead_roles[-1] in ORG_HEADS and ctx.lead_roles[-1] not in PERSON_NOUNS
    if org_like or looks_like_org(name) or org_lead or (not person_ev and (org_roles or ctx.gender == "org")):
        return "org"
    if person_ev or ctx.roles:
        return "person"
    if ctx.prev in PREPOSITIONS or ctx.modifier or _demonym(name, ctx.next_word, caps):
        return "other"
    return "person" if ctx.gender in ("m", "f") else "unknown"


def _gender(ctx: _Context) -> str | None:
    for w in ctx.title + ctx.lead_roles:
        if _norm(w) in FEMALE_WORDS:
            return "f"
        if _norm(w) in MALE_WORDS:
            return "m"
    return None


def scan_mentions(masked: str, sentence_starts: list[int]) -> list[Mention]:
    """Every name mention in masked text, classified, in order."""
    starts = set(sentence_starts)
    spans = find_capseqs(masked)
    caps = sorted(set(re.findall(rf"{UP}\w+", masked)))
    out: list[Mention] = []
    for k, (s, e) in enumerate(spans):
        raw = masked[s:e]
        at_start = s in starts or bool(re.search(r"(?:^|[.!?:]\s|\n)[\"“‘«(]?\s*$", masked[max(0, s - 4) : s]))
        org_like = looks_like_org(raw)
        title, name_toks = _name_tokens(raw.split(), at_start, org_like)
        name = " ".join(name_toks)
        low = _norm(name)
        if not name_toks or (len(name_toks) == 1 and not title and (
                low in NON_NAMES or (at_start and (low.endswith(("ing", "ed")) or low in PERSON_NOUNS)))):
            continue
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


def _demonym(name: str, next_word: str, caps: list[str]) -> bool:
    """"Sabrian", "Ketharan", "Darzani" before a lowercase word: an adjective of nationality.

    Told from a surname by the country's own name elsewhere in the text ("Sabria", "Kethara"), or by
    an -ian/-ese/-ish ending before a word that is not a verb.
    """
    if " " in name or not next_word or next_word in PREPOSITIONS:
        return False
    for suffix in ("ian", "an", "ese", "i", "n", "ish"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 3:
            stem = name[: len(name) - len(suffix)]
            k = bisect.bisect_left(caps, stem)
            while k < len(caps) and caps[k].startswith(stem):
                if caps[k] != name and len(caps[k]) <= len(stem) + 2:
                    return True
                k += 1
    return name.endswith(("ian", "ese", "ish")) and next_word not in SPEECH_VERBS and not next_word.endswith("ed")


def is_business(heads: tuple[str, ...]) -> bool:
    return any(h in BUSINESS_HEADS for h in heads)
