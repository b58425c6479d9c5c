"""Direct quotes in a language without deep rules: quotation marks, speech verbs and names.

English has its own attributor (`ingest.nlp.quotes` and its siblings), tuned on thousands of wire
sentences. Other languages are read here from a module of data (`ingest.nlp.languages.<code>.RULES`):
the quoted stretches come from the same mark reader (« … », „…“, »…«, “…”), and the speaker is found
where news in these languages puts it:

* after the quote, the verb first or the name first: `«…», a déclaré Emmanuel Macron`, `„…“, sagte er`,
  `«…», — заявил Путин`, `«…», dijo.` (no subject: the speaker before);
* before it: `Olaf Scholz sagte: „…“`, `Selon Pedro Sánchez, «…»`, `Emmanuel Macron : « … »`;
* a quote split by its attribution, or reopened on the next paragraph, keeps its speaker.

A name is a run of capitalised words with its titles dropped ("Bundeskanzler Olaf Scholz" → "Olaf
Scholz"), given in its fullest form in the text; a bare title after the verb ("a dit le ministre")
points to the last person introduced with that title. Pronouns go to the last speaker. One to three
quoted words without closing punctuation are scare quotes or terms and are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.nlp.capitals import UP
from ingest.nlp.languages import QuoteRules
from ingest.nlp.languages.names import PARTICLES
from ingest.nlp.quote_spans import Stretch, find_stretches, mask, sentence_of, sentence_starts
from ingest.nlp.quotes import Quote

_NAME_RE = re.compile(rf"{UP}[\w’'-]*(?:[^\S\n]+(?:(?:{'|'.join(PARTICLES)})[^\S\n]+)*{UP}[\w’'-]*)*")
_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*")
_VERB_REACH = 8  # words between a quote and its speech verb, at most
_NAME_REACH = 6  # words between an inverted verb and the name it introduces


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    name: str  # titles dropped
    title: str | None  # the title word dropped before it, lower case
    kind: str  # "person" | "org"


def extract_marked_quotes(text: str, rules: QuoteRules) -> list[Quote]:
    """Direct quotes of `text` in order, each with its speaker, read with `rules`' words."""
    stretches = find_stretches(text)
    if not stretches:
        return []
    masked = mask(text, stretches)
    starts = sentence_starts(masked)
    names = _names(masked, rules)
    out: list[Quote] = []
    last: tuple[str | None, str | None, int, int] = (None, None, -1, -1)  # speaker, kind, para, sentence
    for k, s in enumerate(stretches):
        sentence = sentence_of(starts, s.open_at)
        begin = starts[sentence]
        end = starts[sentence + 1] if sentence + 1 < len(starts) else len(masked)
        prev = stretches[k - 1] if k else None
        same_sentence = prev is not None and prev.close_at >= begin
        if not s.continues_prev and not _is_quote(text, s):
            continue
        before = masked[max(begin, prev.close_at + 1) if prev and same_sentence else begin : s.open_at]
        nxt = stretches[k + 1].open_at if k + 1 < len(stretches) else len(masked)
        after = masked[s.close_at + 1 : min(end, nxt)] if s.close_at >= 0 else ""
        found = _after(after, s.close_at + 1, rules, names, last) or _before(before, s.open_at - len(before), rules,
                                                                             names, last)
        if found is None and (s.continues_prev or same_sentence) and last[2] >= s.para - 1:
            found = _last_person(last)
        speaker, kind = found if found is not None else (None, None)
        out.append(Quote(s.start, s.end, text[s.start : s.end], speaker, None, kind))
        if speaker is not None:
            last = (speaker, kind, s.para, sentence)
    return out


def _is_quote(text: str, s: Stretch) -> bool:
    content = text[s.start : s.end]
    return len(content.split(None, 3)) > 3 or content[-1] in ".!?…"


def _names(masked: str, rules: QuoteRules) -> list[_Name]:
    """Every name in the narrative, titles dropped, each in the fullest form the text gives it."""
    raw: list[_Name] = []
    for m in _NAME_RE.finditer(masked):
        words = m.group().split()
        title = None
        while words and (_is_title(words[0], rules) or words[0].lower() in rules.not_names):
            if _is_title(words[0], rules):
                title = words[0].lower()
            words.pop(0)
        if not words:
            continue
        if title is None:  # "le président Emmanuel Macron", "президент Владимир Путин": a title written lower case
            title = next((w for w in reversed(_words(masked[max(0, m.start() - 40) : m.start()], 0)[-2:])
                          if _is_title(w[0], rules)), ("", 0))[0] or None
        name = " ".join(w.rstrip(".’'") for w in words)
        is_org = any(w.lower() in rules.org_words for w in words) or (len(words) == 1 and name.isupper())
        raw.append(_Name(m.end() - len(" ".join(words)), m.end(), name, title, "org" if is_org else "person"))
    full = [n.name for n in raw if n.kind == "person" and " " in n.name]
    out = []
    for n in raw:
        longer = [f for f in full if f != n.name and f.endswith(" " + n.name)]
        out.append(_Name(n.start, n.end, max(longer, key=len) if longer else n.name, n.title, n.kind))
    return out


def _is_title(word: str, rules: QuoteRules) -> bool:
    low = word.lower()
    return low in rules.titles or (bool(rules.title_endings) and low.endswith(rules.title_endings))


def _words(fragment: str, offset: int) -> list[tuple[str, int]]:
    return [(m.group().lower(), offset + m.start()) for m in _WORD_RE.finditer(fragment)]


def _is_verb(word: str, rules: QuoteRules) -> bool:
    return word in rules.speech_verbs or word.split("-", 1)[0] in rules.speech_verbs


def _pronoun(word: str, rules: QuoteRules) -> bool:
    return word in rules.pronouns or ("-" in word and "-" + word.rsplit("-", 1)[-1] in rules.pronouns)


def _after(fragment: str, offset: int, rules: QuoteRules, names: list[_Name],
           last: tuple[str | None, str | None, int, int]) -> tuple[str, str] | None:
    """`«…», a déclaré X` / `„…“, sagte er` / `«…», dijo.`: the verb within a few words of the quote."""
    words = _words(fragment, offset)[:_VERB_REACH]
    verb = next((i for i, (w, _) in enumerate(words) if _is_verb(w, rules)), None)
    if verb is None:
        return _according_to(fragment, offset, rules, names)
    verb_at = words[verb][1]
    for w, at in words[verb: verb + _NAME_REACH]:  # the pronoun glued to the verb: "déclare-t-il"
        if _pronoun(w, rules):
            return _last_person(last)
        hit = _name_at(names, at)
        if hit is not None:
            return hit.name, hit.kind
        titled = _titled(names, w, verb_at)
        if titled is not None:
            return titled
    ahead = [n for n in names if offset <= n.start < verb_at]
    if ahead:
        return ahead[-1].name, ahead[-1].kind
    if any(_pronoun(w, rules) for w, _ in words[:verb]):
        return _last_person(last)
    return _last_person(last)  # no subject written ("dijo."): the one speaking before


def _before(fragment: str, offset: int, rules: QuoteRules, names: list[_Name],
            last: tuple[str | None, str | None, int, int]) -> tuple[str, str] | None:
    """`Olaf Scholz sagte: „…“` / `Selon X, «…»` / `X : « … »`: a subject before the opening mark."""
    found = _according_to(fragment, offset, rules, names)
    if found is not None:
        return found
    inside = [n for n in names if offset <= n.start and n.end <= offset + len(fragment)]
    words = _words(fragment, offset)
    verbs = [at for w, at in words if _is_verb(w, rules)]
    if verbs:
        subjects = [n for n in inside if n.end <= verbs[-1]]
        persons = [n for n in subjects if n.kind == "person" and " " in n.name] or subjects
        if persons:
            return persons[0].name, persons[0].kind
        if any(_pronoun(w, rules) for w, at in words if at < verbs[-1]):
            return _last_person(last)
        later = [n for n in inside if n.start > verbs[-1]]  # "erklärte Olaf Scholz: „…“"
        if later:
            return later[0].name, later[0].kind
        return None
    if fragment.rstrip().endswith(":") and inside and not fragment[inside[-1].end - offset :].strip(" :"):
        return inside[-1].name, inside[-1].kind
    return None


def _according_to(fragment: str, offset: int, rules: QuoteRules, names: list[_Name]) -> tuple[str, str] | None:
    low = fragment.lower()
    for phrase in rules.according_to:
        at = low.find(phrase)
        if at >= 0 and (at == 0 or not low[at - 1].isalpha()):
            following = [n for n in names if n.start >= offset + at + len(phrase)]
            if following and following[0].start - (offset + at + len(phrase)) < 40:
                return following[0].name, following[0].kind
    return None


def _name_at(names: list[_Name], at: int) -> _Name | None:
    return next((n for n in names if n.start <= at < n.end), None)


def _titled(names: list[_Name], word: str, before: int) -> tuple[str, str] | None:
    """"a dit le ministre": the last person introduced with that title before this point."""
    earlier = [n for n in names if n.title == word and n.start < before and n.kind == "person"]
    return (earlier[-1].name, "person") if earlier else None


def _last_person(last: tuple[str | None, str | None, int, int]) -> tuple[str, str] | None:
    return (last[0], last[1] or "person") if last[0] is not None else None
