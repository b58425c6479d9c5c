"""Direct quotes in news text and who said them.

`extract_quotes(text)` finds each stretch of someone's own words between quotation marks (one span per
part of a split quote and per paragraph of a quote that runs on), leaves out scare quotes, quoted
terms, titles and nicknames, and attributes each quote to a speaker: the fullest form of a person's
name in the text (titles dropped), an organisation as written, or None for an unnamed source.

Rules, not a model: the project runs without network or model downloads, and rules over the few
shapes wire copy uses are fast (thousands of paragraphs a second) and can be read and fixed. The
stages live in sibling modules: `quote_spans` (marks → stretches → quotes), `capitals` and
`mentions` (names in the narrative), `speakers` (per-article memory, resolution), `attribution`
(verb and subject).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ingest.nlp.attribution import (
    Attribution,
    Ref,
    attribute_after,
    attribute_before,
    attribute_colon,
    read_subject,
)
from ingest.nlp.languages.en import (
    CAME_FROM_RE,
    CONTINUING_VERBS,
    DOCUMENT_PRONOUNS,
    READ_VERBS,
    RELAY_VERBS,
    SPEECH_PARTICIPLES,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
)
from ingest.nlp.mentions import words_with_offsets
from ingest.nlp.orgs import resolve_org
from ingest.nlp.quote_spans import (
    Stretch,
    find_stretches,
    is_quote,
    lead_in,
    mask,
    sentence_of,
    sentence_starts,
)
from ingest.nlp.speakers import (
    Memory,
    build_memory,
    ctx_subject,
    mention_range,
    mentions_between,
    person_or_org,
    resolve_pronoun,
    resolve_role,
    salient_people,
)

_MARKS = frozenset("\"“”„‟«»‹›‘’‚‛'")


@dataclass(frozen=True, slots=True)
class Quote:
    """One quoted span and its attribution."""

    start: int  # offset into text, quote marks excluded
    end: int  # exclusive; text[start:end] is the quote
    text: str  # == text[start:end]
    speaker: str | None  # fullest form of the name in the text, no titles; org name; None if anonymous
    cue: str | None  # speech verb used for attribution ("said", "told", "wrote"), None if none
    speaker_kind: str | None  # "person" | "org" | None


@dataclass(slots=True)
class _Last:
    """The previous quote, for split quotes and quotes running over paragraphs."""

    para: int
    sentence: int
    speaker: str | None
    kind: str | None
    cue: str | None
    end: int  # where the quote closed


def extract_quotes(text: str) -> list[Quote]:
    """Direct quotes of `text` in order, each with its speaker."""
    if not text or _MARKS.isdisjoint(text):
        return []
    stretches = find_stretches(text)
    if not stretches:
        return []
    masked = mask(text, stretches)
    starts = sentence_starts(masked)
    mem = build_memory(masked, starts)
    quotes: list[tuple[Stretch, str]] = []
    prev_close = -1
    for k, s in enumerate(stretches):
        before = lead_in(masked, starts, s, prev_close)
        if not before.strip() and masked[: s.open_at].rstrip().endswith(":"):
            before = _line_above(masked, starts, s.open_at)
        if is_quote(text, masked, s, before, _after(masked, starts, stretches, k)):
            quotes.append((s, before))
            prev_close = s.close_at if s.close_at >= 0 else s.end
    history: list[tuple[int, str, str]] = []
    out: list[Quote] = []
    last: _Last | None = None
    only = [s for s, _ in quotes]
    for k, (s, before) in enumerate(quotes):
        after = _after(masked, starts, only, k)
        sentence = sentence_of(starts, s.open_at)
        if s.continues_prev and last is not None:
            speaker, kind, cue = last.speaker, last.kind, last.cue
        else:
            att = _attribution(s, before, after, mem) or attribute_colon(before, s.open_at - len(before), mem)
            if att is not None and att.ref is not None:
                speaker, kind = (_continued(mem, att, last, s.para)
                                 or _resolve(mem, att.ref, min(s.open_at, att.ref.pos), history, att.cue))
                cue = att.cue
                if kind == "person" and speaker:
                    bisect.insort(history, (att.ref.pos, speaker, kind))
                    _learn_gender(mem, att.ref, speaker)
            else:
                speaker, kind, cue = _embedded(mem, s, before, sentence, history)
                if speaker is None:
                    speaker, kind, cue = _unattributed(mem, masked, starts, s, sentence, last, history)
        out.append(Quote(s.start, s.end, text[s.start : s.end], speaker, cue, kind))
        last = _Last(s.para, sentence_of(starts, max(s.close_at, s.start)), speaker, kind, cue, max(s.close_at, s.end))
    return out


def _continued(mem: Memory, att: Attribution, last: _Last | None, para: int) -> tuple[str, str] | None:
    """“…” He added: “…” — "added" and "continued" carry on the quote before: its speaker, when a
    person of the pronoun's gender (or of none known) spoke in this paragraph or the one before and no
    one else is named between the two quotes ("Her coach, X, said … He added:" is the coach)."""
    ref = att.ref
    pronoun_gender = SUBJECT_PRONOUNS.get(ref.text) if ref is not None and ref.kind == "pron" else None
    if (ref is None or pronoun_gender not in ("m", "f") or att.cue not in CONTINUING_VERBS
            or last is None or last.kind != "person" or not last.speaker or para - last.para > 1):
        return None
    if any(m.kind in ("person", "unknown") for m in mentions_between(mem, last.end, ref.pos)):
        return None
    gender = mem.gender.get(last.speaker) or mem.hint.get(last.speaker)
    return (last.speaker, "person") if gender in (None, pronoun_gender) else None


def _line_above(masked: str, starts: list[int], pos: int) -> str:
    """"X told reporters:" alone on the line above the quote is the quote's lead-in."""
    end = len(masked[:pos].rstrip())
    sentence = sentence_of(starts, end - 1)
    return masked[starts[sentence] : pos]


def _after(masked: str, starts: list[int], stretches: list[Stretch], k: int) -> str:
    s = stretches[k]
    if s.close_at < 0:
        return ""
    si = sentence_of(starts, s.close_at)
    end = starts[si + 1] if si + 1 < len(starts) else len(masked)
    if end == s.close_at + 1 or not masked[s.close_at + 1 : end].strip():
        end = _question_tag_end(masked, starts, s, si, end)
    if k + 1 < len(stretches):
        end = min(end, stretches[k + 1].open_at)
    return masked[s.close_at + 1 : max(end, s.close_at + 1)]


def _question_tag_end(masked: str, starts: list[int], s: Stretch, si: int, end: int) -> int:
    """“Did you order it?” Tapper asked. — a question or exclamation ends its sentence at the mark, so the
    attribution after it reads as a sentence of its own: take it when it is short and opens with the
    speaker and the verb (or the verb), on the same line."""
    if masked[s.close_at - 1 : s.close_at] not in ("?", "!") or si + 1 >= len(starts):
        return end
    nxt = starts[si + 2] if si + 2 < len(starts) else len(masked)
    tag = masked[end:nxt]
    words = tag.split()
    if "\n" in masked[s.close_at:end] or not 1 < len(words) <= 8:
        return end
    return nxt if any(w.lower().strip(".,") in SPEECH_VERBS for w in words[:5]) else end


def _attribution(s: Stretch, before: str, after: str, mem: Memory) -> Attribution | None:
    lead_base = s.open_at - len(before)
    if before.rstrip().endswith(":"):
        att = attribute_before(before, lead_base, mem)
        if att is not None:
            return att
    if s.close_at >= 0:
        att = attribute_after(after, s.close_at + 1, mem)
        if att is not None and att.cue in RELAY_VERBS:
            return _relayed(before, lead_base, mem) or att
        if att is not None:
            return att
    return attribute_before(before, lead_base, mem)


def _relayed(before: str, base: int, mem: Memory) -> Attribution | None:
    """"… with spokesman Ned Price saying that he is a “prime target,” CNN reported.": an outlet that
    reports a partial quote relays it; the words are those of the named person whose speech verb or
    participle leads into it in the same sentence."""
    lead = before.rstrip()
    if not lead or not lead[-1].isalnum():
        return None
    words = words_with_offsets(lead, base)
    for k in range(len(words) - 1, 0, -1):
        word = words[k][0].lower()
        if word in SPEECH_VERBS or word in SPEECH_PARTICIPLES:
            at = words[k][1]
            person = next((m for m in mentions_between(mem, words[max(0, k - 6)][1], at)
                           if m.kind == "person" and not mem.masked[m.end : at].strip()
                           and not (m.prep or m.possessive or m.modifier)), None)
            return Attribution(Ref("name", person.name, person.start, person), words[k][0]) if person else None
    return None


def _resolve(mem: Memory, ref: Ref, pos: int, history: list[tuple[int, str, str]], cue: str | None = None
             ) -> tuple[str | None, str | None]:
    if ref.kind == "name":
        return person_or_org(mem, ref.text, ref.mention)
    if ref.kind == "pron":
        found = resolve_pronoun(mem, ref.text, pos, history)
        if found[0] is None and cue in READ_VERBS and ref.text in DOCUMENT_PRONOUNS:
            # "Ana Ruiz released a statement. “…,” it read.": the document is its issuer's words
            issuer = next(salient_people(mem, pos, history), None)
            return (issuer, "person") if issuer else found
        return found
    if ref.kind == "role":
        return resolve_role(mem, ref.text, pos, history)
    if ref.kind == "poss":
        return resolve_role(mem, ref.text, pos, history, fallback=False)
    if ref.kind == "org":
        return resolve_org(mem.orgs, ref.text, pos)
    return None, None


def _learn_gender(mem: Memory, ref: Ref, speaker: str) -> None:
    gender = SUBJECT_PRONOUNS.get(ref.text) if ref.kind == "pron" else None
    if gender in ("m", "f"):
        mem.gender.setdefault(speaker, gender)


def _embedded(mem: Memory, s: Stretch, before: str, sentence: int, history: list[tuple[int, str, str]]
              ) -> tuple[str | None, str | None, str | None]:
    """A partial quote inside the writer's sentence with no speech verb to point at its speaker
    ("Dustin Johnson told Reuters he was the “last one off the dock”", "he reportedly told an official
    to “…”"): the words are the sentence subject's — the first name ahead of the mark, or a leading
    pronoun resolved to the person or organisation it stands for."""
    lead = before.strip()
    if not lead or lead[-1] in ".!?…:":
        return None, None, None
    first = lead.split(None, 1)[0].lower().strip(",")
    if first in SUBJECT_PRONOUNS:
        speaker, kind = resolve_pronoun(mem, first, s.open_at - len(before), history)
        if speaker:
            return speaker, kind, None
    speaker, kind = ctx_subject(mem, sentence, before=s.open_at)
    return speaker, kind, None


def _named_after(mem: Memory, masked: str, starts: list[int], s: Stretch
                 ) -> tuple[str | None, str | None, str | None] | None:
    """“Any retaliation will be met with force.” The warning came from X: the sentence right after the
    quote, in its paragraph, says whose words they were."""
    if s.close_at < 0:
        return None
    si = sentence_of(starts, s.close_at + 1)
    at = starts[si] if starts[si] > s.close_at else (starts[si + 1] if si + 1 < len(starts) else len(masked))
    if "\n" in masked[s.close_at : at]:
        return None
    found = CAME_FROM_RE.match(masked, at)
    if found is None:
        return None
    end = starts[si + 2] if starts[si] <= s.close_at and si + 2 < len(starts) else len(masked)
    ref = read_subject(masked[found.end() : end].rstrip(" .\n"), found.end(), mem, verb_first=True)
    if ref is None:
        return None
    speaker, kind = _resolve(mem, ref, found.end(), [])
    return (speaker, kind, None) if speaker else None


def _unattributed(mem: Memory, masked: str, starts: list[int], s: Stretch, sentence: int,
                  last: _Last | None, history: list[tuple[int, str, str]]
                  ) -> tuple[str | None, str | None, str | None]:
    """No speech verb: named by the sentence after ("The warning came from X."), a later part of a split
    quote, or the subject of the sentence before."""
    named = _named_after(mem, masked, starts, s)
    if named is not None:
        return named
    para_start = sentence == 0 or masked[starts[sentence] - 1] == "\n"
    if last is not None and last.para == s.para and last.sentence >= sentence - 1:
        return last.speaker, last.kind, last.cue
    if not para_start:
        speaker, kind = ctx_subject(mem, sentence - 1)
        if speaker is None:
            speaker = next(salient_people(mem, s.open_at, history), None)
            kind = "person" if speaker else None
        return speaker, kind, None
    if last is not None:
        introduced = _introduced_between(mem, masked, last, s)
        if introduced is not None:
            return introduced, "person", None
        return last.speaker, last.kind, last.cue
    return None, None, None


def _introduced_between(mem: Memory, masked: str, last: _Last, s: Stretch) -> str | None:
    """“…,” said X.  ¶ We got answers from Y, the director of the water board. ¶ “…” — the paragraph
    between two quotes introduces the next speaker when it names one person (someone a title or a role
    marks as one; a capitalised programme or place name is not), by full name, other than the speaker
    before; then the unattributed quote opening the next paragraph is theirs."""
    lo = masked.find("\n", last.end, s.open_at)  # the paragraph after the one the last quote closed in
    if lo < 0 or masked[lo : s.open_at].strip().count("\n") > 0:  # none, or more than one: no one introduced
        return None
    people = {mem.person_key[i] for i in mention_range(mem, lo, s.open_at)
              if i in mem.person_key and mem.mentions[i].kind == "person"
              and not (mem.mentions[i].possessive or mem.mentions[i].modifier)}
    if len(people) != 1:
        return None
    (person,) = people
    return person if " " in person and person != last.speaker else None

