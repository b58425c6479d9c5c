"""Reading the attribution around a quote: which speech verb, and which phrase is its subject.

Three shapes cover wire-service English:

* after the quote, verb first:   "…," said Zhao Minghui, a shipping analyst at …
* after the quote, subject first: "…," the Ketharan foreign ministry said in a statement.
* before the quote, ending in a colon (or a comma after the verb): Farida Mansouri, president of …, said: "…"

The subject phrase is cut into comma segments; leading adverbials ("Speaking at a school,") and
relative clauses ("who asked not to be named") are dropped, and the segments are read as a name, a
pronoun, an organisation phrase, a role noun or an unnamed source. A name anywhere in the subject's
apposition wins ("His lawyer, Darko Vesnić,"), except that names further along a verb-first phrase
count only when the segment is the name alone (", the first name, Kari").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ingest.nlp.languages.en import (
    ACCORDING_TO_RE,
    ADVERBS,
    AND_WORDS,
    ARTICLES,
    ASIDE_PARTICIPLES,
    ASK_COMPLEMENTS,
    ASK_VERBS,
    AUXILIARIES,
    BACK_VERBS,
    CATENATIVES,
    DATELINE_RE,
    DEFINITE_ARTICLE,
    DOCUMENT_HEADS,
    DOCUMENT_PRONOUNS,
    HONORIFICS,
    INDEFINITES,
    OFFICE_TITLES,
    ORG_HEADS,
    PARTICIPLE_ENDINGS,
    PERSON_NOUNS,
    PLURAL_ENDING,
    POSSESSIVE_END_RE,
    POSSESSIVE_PRONOUNS,
    PREPOSITIONS,
    QUOTED_AS_RE,
    QUOTED_CUE,
    READ_VERBS,
    RELATIVES,
    SPEECH_PARTICIPLES,
    SPEECH_VERBS,
    STATEMENT_LEADS,
    SUBJECT_PRONOUNS,
)
from ingest.nlp.mentions import Mention, words_with_offsets
from ingest.nlp.speakers import Memory, mentions_between

_MAX_SUBJECT_WORDS = 24
_SEGMENT_SPLIT_RE = re.compile(r"(,|—|–|\s-\s)")
_SPACED_DASH_RE = re.compile(r"\s-\s")
_CLAUSE_WORDS = PREPOSITIONS | RELATIVES  # built once, not per call
_NAME_FOLLOWERS = _CLAUSE_WORDS | AND_WORDS  # lower-case words that may follow a subject name


class Ref(NamedTuple):  # a NamedTuple, like Mention: immutable, and quicker to build than a frozen dataclass
    """What an attribution points at.

    kind: "name" (a capitalised name), "pron" (he/she/it/they), "role" ("the minister"), "poss" (a
    role behind a possessive, "her friend": unnamed unless a named person holds it), "org" ("the
    health ministry") or "anon" ("a senior official").
    """

    kind: str
    text: str
    pos: int
    mention: Mention | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    ref: Ref | None
    cue: str | None


def _verbs(words: list[tuple[str, int, int]]) -> list[int]:
    """Indexes of speech verbs that head an attribution (not "who asked not to be named")."""
    out = []
    for k, (w, _, _) in enumerate(words):
        if w in READ_VERBS:  # "a statement from X read", "read a letter from X": a document speaks
            near = {x.lower() for x, _, _ in words[max(0, k - 6) : k + 4]}
            if near & DOCUMENT_HEADS or (k and words[k - 1][0] in DOCUMENT_PRONOUNS):
                out.append(k)  # also "…,” it read.": the document named before
            continue
        if w in BACK_VERBS and k + 1 < len(words) and words[k + 1][0] == "back":
            out.append(k)  # "…,” Tapper pushed back.", "shot back", "hit back"
            continue
        if w not in SPEECH_VERBS:  # lower case only: "Asked how …," opens an adverbial
            continue
        prev = words[k - 1][0].lower() if k else ""
        nxt = words[k + 1][0].lower() if k + 1 < len(words) else ""
        if prev in RELATIVES or (w in ASK_VERBS and nxt in ASK_COMPLEMENTS):
            continue
        out.append(k)
    return out


def _segments(text: str, base: int) -> list[tuple[str, int]]:
    out, pos = [], 0
    for part in _SEGMENT_SPLIT_RE.split(text):
        spaced_dash = len(part) == 3 and bool(_SPACED_DASH_RE.fullmatch(part))  # r"\s-\s" is 3 characters
        if part not in (",", "—", "–") and not spaced_dash and part.strip():
            lead = len(part) - len(part.lstrip())
            out.append((part.strip(), base + pos + lead))
        pos += len(part)
    return out


def _is_adverbial(seg: str) -> bool:
    first = seg.split()[0]
    low = first.lower()
    return low in PREPOSITIONS or (first[0].isupper() and low.endswith(PARTICIPLE_ENDINGS) and low not in PERSON_NOUNS)


def _subject_segments(segs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Segments from the subject on: leading adverbials ("Outside court,") and a live blog's time or a
    dateline before its dash are dropped, the last segment always kept."""
    while len(segs) > 1 and (_is_adverbial(segs[0][0]) or DATELINE_RE.match(segs[0][0])):
        segs = segs[1:]
    return segs


def _skippable(seg: str) -> bool:
    first = seg.split()[0].lower()
    return first in RELATIVES or seg.replace(" ", "").isdigit() or first in ASIDE_PARTICIPLES


def _strip_lead(seg: str, start: int) -> tuple[str, int]:
    low = seg.lower()
    if not low.startswith(STATEMENT_LEADS):  # the usual case, tested in one call
        return seg, start
    for lead in STATEMENT_LEADS:
        if low.startswith(lead):
            rest = seg[len(lead) :]
            stripped = rest.lstrip()
            return stripped, start + len(seg) - len(stripped)
    return seg, start


def classify(seg: str, start: int, mem: Memory, whole: bool) -> Ref | None:
    """Read one comma segment of a subject phrase as a reference (or None)."""
    seg, start = _strip_lead(seg, start)
    words = words_with_offsets(seg, start)
    while len(words) > 1 and words[-1][0].lower() in ADVERBS:
        words = words[:-1]
    if not words:
        return None
    last = words[-1][0].lower()
    if last in SUBJECT_PRONOUNS and (len(words) == 1 or words[0][0].lower() in PREPOSITIONS):
        return Ref("pron", last, words[-1][1])  # "he", "In a farewell message he"
    return _name_ref(words, mem, whole) or _phrase_ref(words)


def _name_ref(words: list[tuple[str, int, int]], mem: Memory, whole: bool) -> Ref | None:
    """The segment's head name: not after a preposition, not a possessive, not a modifier.

    With `whole`, the segment must be nothing but the name (and titles or role words before it).
    """
    for m in mentions_between(mem, words[0][1], words[-1][2]):
        if m.possessive:
            continue
        before = [w for w, _, e in words if e <= m.start]
        after = [w for w, s, _ in words if s >= m.end]
        content = [w for w in before if w.lower() not in ARTICLES]
        titled = len(mem.masked[m.start : m.end].split()) > len(m.name.split())  # "State Oren Valik"
        if content and content[-1].lower() in PREPOSITIONS and not (titled and _title_runs_on(content)):
            continue  # "an official at the Association of …": the organisation is not the subject
        if after and after[0][0].islower() and after[0].lower() not in _NAME_FOLLOWERS:
            continue  # modifier: "Lions coach …", "a Sabrian official"
        lead_ok = all(w.lower() in ARTICLES or w.lower() in PERSON_NOUNS or w[0].isupper()
                      for w in before)
        if whole and (after or not lead_ok):
            continue
        if all(w.lower() in OFFICE_TITLES or w.lower() in HONORIFICS for w in m.name.split()):
            return Ref("role", m.name.lower(), m.start)  # "the Governor said": an office, not a name
        return Ref("name", m.name, m.start, m)
    return None


def _title_runs_on(content: list[str]) -> bool:
    """"Secretary of State Oren Valik", "Secretary of Defense …": the "of" belongs to the office (and the
    name's run opens with the rest of it), unlike "the mayor of Tel Zahra, Hassan Mroueh"."""
    return len(content) > 1 and content[-1].lower() == "of" and content[-2].lower().rstrip(".") in OFFICE_TITLES


def _phrase_ref(words: list[tuple[str, int, int]]) -> Ref | None:
    """A nameless noun phrase: "a senior official", "the minister", "her friend", "the army"."""
    first, at = words[0][0].lower(), words[0][1]
    phrase = [w for w, _, _ in words]
    for k, w in enumerate(phrase[1:], 1):
        if w.lower() in _CLAUSE_WORDS:
            phrase = phrase[:k]
            break
    head = phrase[-1].lower()
    is_org = head in ORG_HEADS and head not in PERSON_NOUNS
    if first in INDEFINITES:
        return Ref("org", " ".join(phrase[1:]), at) if is_org else Ref("anon", head, at)
    if first == DEFINITE_ARTICLE or first in POSSESSIVE_PRONOUNS or POSSESSIVE_END_RE.search(words[0][0]):
        body = phrase[1:]
        while len(body) > 1 and POSSESSIVE_END_RE.search(body[0]):
            body = body[1:]  # "Norvaal's foreign ministry": the possessive country is not the name
        if not body:
            return None
        if is_org:
            return Ref("org", " ".join(body), at)
        return Ref("poss" if first in POSSESSIVE_PRONOUNS else "role", " ".join(body), at)
    if is_org and len(phrase) <= 4 and phrase[0][0].islower():
        return Ref("org", " ".join(phrase), at)
    if head.endswith(PLURAL_ENDING) and head[: -len(PLURAL_ENDING)] in PERSON_NOUNS:
        return Ref("anon", head, at)  # "officials said"
    return None


def read_subject(text: str, base: int, mem: Memory, verb_first: bool) -> Ref | None:
    """The reference a subject phrase (before a verb, or after a verb-first attribution) makes."""
    segs = _segments(text, base)
    if not verb_first:
        segs = _subject_segments(segs)
    refs: list[Ref] = []
    for idx, (seg, start) in enumerate(segs[:4]):
        if _skippable(seg):
            continue
        ref = classify(seg, start, mem, whole=idx > 0)
        if ref is not None:
            refs.append(ref)
        elif idx == 0 and verb_first:
            break
    names = [r for r in refs if r.kind == "name"]
    if names:
        return names[0]
    if not refs:
        return None
    return refs[0] if verb_first else refs[-1]


def _according_to(text: str, base: int, mem: Memory) -> Attribution | None:
    """"…," according to the ministry. / According to X, "…": a source without a speech verb."""
    m = ACCORDING_TO_RE.search(text)
    if m is None:
        return None
    ref = read_subject(text[m.end() :], base + m.end(), mem, verb_first=True)
    return Attribution(ref, None) if ref is not None else None


def attribute_after(after: str, base: int, mem: Memory) -> Attribution | None:
    """Attribution in the narrative after the closing mark, up to the sentence end."""
    if ACCORDING_TO_RE.match(after):
        return _according_to(after, base, mem)
    words = words_with_offsets(after, base)
    if not words:
        return None
    verbs = [k for k in _verbs(words) if k <= _MAX_SUBJECT_WORDS]
    if not verbs:
        return None
    k = verbs[0]
    verb, _, ve = words[k]
    if k == 0:
        ref = read_subject(after[ve - base :], ve, mem, verb_first=True)
    else:  # "…,” the Kremlin has said: the subject ends before its auxiliary
        j = k
        while j > 1 and words[j - 1][0].lower() in AUXILIARIES:
            j -= 1
        ref = read_subject(after[: words[j][1] - base], base, mem, verb_first=False)
    if ref is None:
        return None
    return Attribution(ref, verb)


def attribute_before(before: str, base: int, mem: Memory) -> Attribution | None:
    """Attribution in the lead-in of the quote's sentence ("X told a rally:")."""
    stripped = before.rstrip()
    if not stripped:
        return None
    if ACCORDING_TO_RE.match(stripped) and stripped.endswith(","):
        return _according_to(stripped[:-1], base, mem)
    quoted = QUOTED_AS_RE.search(stripped)
    if quoted is not None:
        ref = read_subject(quoted.group(1), base + quoted.start(1), mem, verb_first=True)
        return Attribution(ref, QUOTED_CUE) if ref is not None else None
    words = words_with_offsets(stripped, base)
    verbs = _verbs(words)
    ends_with_verb = bool(verbs) and verbs[-1] >= len(words) - 4
    if stripped[-1] not in ":," and not ends_with_verb:
        return None
    if stripped[-1] in ":," and (inner := _participle_lead(stripped, base, words, verbs, mem)) is not None:
        return inner
    for k in verbs:
        verb, vs, ve = words[k]
        subject = stripped[: vs - base]
        if subject.strip(" ,"):
            ref = read_subject(subject, base, mem, verb_first=False)
        else:
            ref = read_subject(stripped[ve - base :].rstrip(":, "), ve, mem, verb_first=True)
        if ref is not None:
            return Attribution(ref, verb)
    return None


def _participle_lead(stripped: str, base: int, words: list[tuple[str, int, int]], verbs: list[int],
                     mem: Memory) -> Attribution | None:
    """A lead-in that ends in a speech participle ("saying:", "telling voters:"): who that participle's
    subject is.

    "She said her son kept saying: “…”" — the son's words, not hers: the phrase between the verb before
    and "kept" is the subject. "In his speech he apologised to the country after the vote, telling
    voters: “…”" — a participle after a comma hangs on the subject of its clause: the first pronoun of
    the sentence, when no name that a preposition does not govern comes before it (a name there is
    read by the colon rule).
    """
    p = next((i for i in range(len(words) - 1, max(-1, len(words) - 4), -1)
              if words[i][0].lower() in SPEECH_PARTICIPLES), None)
    if p is None or p == 0:
        return None
    verb, vs, _ = words[p]
    if words[p - 1][0].lower() in CATENATIVES:
        prior = [k for k in verbs if k < p - 1]
        lo = words[prior[-1]][2] if prior else base
        ref = read_subject(stripped[lo - base : words[p - 1][1] - base], lo, mem, verb_first=False)
        return Attribution(ref, verb) if ref is not None else None
    if not stripped[: vs - base].rstrip().endswith(",") or verbs:
        return None
    clause_end = base + len(stripped[: vs - base].rstrip()) - 1  # the comma before the participle
    pronoun = next((Ref("pron", w.lower(), s) for w, s, _ in words[:p]
                    if w.lower() in SUBJECT_PRONOUNS and w.lower() != "it"), None)
    named = next((m for m in mentions_between(mem, base, clause_end)
                  if not (m.prep or m.possessive or m.modifier)), None)
    if pronoun is not None and (named is None or pronoun.pos < named.start):
        return Attribution(pronoun, verb)
    return None


def attribute_colon(before: str, base: int, mem: Memory) -> Attribution | None:
    """The subject of a lead-in that ends in a colon without a speech verb: "Halvington captain Fergus
    Ruddock-Baines praised his opponents: “…”", "Noor Kassabian … spoke for the families: “…”".

    The colon hands the sentence over to the quote, so its subject is the speaker whatever the verb.
    Only a subject that opens its clause counts: a name after a lower-case word ("The union accused
    Kask of lying:") is an object; an unnamed subject ("A doctor described the scene:") is anonymous.
    A role opening the clause may be named in the next comma segment ("Mrs Colethorpe's nephew,
    Julian Brightwell, read a statement:").
    """
    stripped = before.rstrip()
    if not stripped.endswith(":") or _verbs(words_with_offsets(stripped, base)):
        return None  # a speech verb's own subject was read (or rightly found wanting) by attribute_before
    segs = _subject_segments(_segments(stripped[:-1], base))
    for idx, (seg, start) in enumerate(segs[:3]):
        words = words_with_offsets(seg, start)
        if not words:
            return None
        first = words[0][0].lower()
        if idx == 0 and first in INDEFINITES:
            return Attribution(Ref("anon", first, start), None)
        if idx == 0 and first in SUBJECT_PRONOUNS:
            return Attribution(Ref("pron", first, start), None)
        for m in mentions_between(mem, start, start + len(seg)):
            leading = [w for w, _, e in words if e <= m.start]
            if not all(w[0].isupper() or w.lower() in PERSON_NOUNS or w.lower() in ORG_HEADS for w in leading):
                return None
            trailing = any(s >= m.end for _, s, _ in words)
            if not (m.prep or m.possessive or m.modifier) and (idx == 0 or not trailing):
                return Attribution(Ref("name", m.name, m.start, m), None)
        if words[-1][0].lower() not in PERSON_NOUNS:
            return None  # only a role ("X's nephew", "the company's founder") is named after its comma
    return None
