"""Direct quotes in a language without deep rules: quotation marks, speech verbs and names.

English has its own attributor (`ingest.nlp.quotes` and its siblings), tuned on thousands of wire
sentences. Other languages are read here from a module of data (`ingest.nlp.languages.<code>.RULES`):
the quoted stretches come from the same mark reader (« … », „…“, »…«, “…”), and the speaker is found
where news in these languages puts it:

* after the quote, the verb first or the name first: `«…», a déclaré Emmanuel Macron`, `„…“, sagte er`,
  `«…», — заявил Путин`, `«…», afirmó el mandatario`, `«…», ha dicho.` (no subject written);
* before it: `Olaf Scholz sagte: „…“`, `Selon Pedro Sánchez, «…»`, `Il souligne que « … »`;
* a quote with no attribution of its own, in the paragraph of an attributed one, is the same speaker's.

The narrative is read as a list of mentions: names (capitalised runs, titles dropped: "Bundeskanzler
Olaf Scholz" → "Olaf Scholz", each in its fullest form in the text), and roles ("le préfet", "der
GDL-Chef") that point back to the last person introduced with that title. A pronoun, a role with no
titled person, or a verb with no subject goes to the person the narrative spoke of last. A name right
after a preposition ("de Gironde", "von Rheinland-Pfalz") is a place, never a speaker. One to three
quoted words without closing punctuation are scare quotes or terms and are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.nlp.capitals import UP
from ingest.nlp.dialogue import dialogue_stretches
from ingest.nlp.languages import QuoteRules
from ingest.nlp.languages.names import AGENCIES, AGENCY_WORDS, PARTICLES
from ingest.nlp.quote_spans import Stretch, find_stretches, mask, sentence_of, sentence_starts
from ingest.nlp.quotes import Quote

_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*")
_ELIDED_RE = re.compile(r"^\w[’'][^\W\d_]*$")  # "L'incendie": one letter, an apostrophe, a word
_VERB_REACH = 8  # words between a quote and its speech verb, at most
_NAME_REACH = 8  # words between an inverted verb and the name or role it introduces
_DASHES = "–—-"
_NEAR = 300  # characters: a person named this close before a role is the one the role points back to
Speaker = tuple[str, str]  # (speaker, kind)
UNNAMED: Speaker = ("", "unnamed")  # an unnamed source ("eine Sprecherin"): found, and no one


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    name: str | None  # titles dropped; None for a role alone ("le préfet", "der GDL-Chef")
    title: str | None  # the title word before it, lower case
    kind: str  # "person" | "org"
    placed: bool  # right after a preposition: a place or an institution, not a speaker


def extract_marked_quotes(text: str, rules: QuoteRules) -> list[Quote]:
    """Direct quotes of `text` in order, each with its speaker, read with `rules`' words."""
    stretches = _stretches(text, rules)
    if not stretches:
        return []
    masked = mask(text, stretches)
    starts = sentence_starts(masked)
    story = _Story(masked, _mentions(masked, rules), rules)
    out: list[Quote] = []
    last_para = -1
    for k, s in enumerate(stretches):
        sentence = sentence_of(starts, s.open_at)
        begin = starts[sentence]
        end = starts[sentence + 1] if sentence + 1 < len(starts) else len(masked)
        prev = stretches[k - 1] if k else None
        same_sentence = prev is not None and prev.close_at >= begin
        spoken = text[s.open_at] in _DASHES  # a stretch of dialogue: always someone's words
        if not spoken and not s.continues_prev and not _is_quote(text, s):
            continue
        before = masked[max(begin, prev.close_at + 1) if prev and same_sentence else begin : s.open_at]
        nxt = stretches[k + 1].open_at if k + 1 < len(stretches) else len(masked)
        after = masked[s.close_at + 1 : min(end, nxt)] if s.close_at >= 0 else ""
        if s.close_at >= 0 and not after.strip():  # a quote ending its sentence, credited in brackets after it
            tail = masked[s.close_at + 1 : nxt]
            if tail.lstrip(" ").startswith("(") and ")" in tail:
                after = tail[: tail.index(")") + 1]
        found = story.after(after, s.close_at + 1) or story.before(before, s.open_at - len(before))
        if found is None and spoken and s.close_at < 0 and s.para != last_para:
            if text[s.start : s.end].rstrip().endswith("?"):
                out.append(Quote(s.start, s.end, text[s.start : s.end], None, None, None))
                continue  # an interviewer's question: unnamed, and the interviewee answers next
            found = story.speaker or story.recent(s.start)
        if found is None and story.speaker is not None and last_para >= s.para - (1 if s.continues_prev else 0):
            found = story.speaker  # split, continued, or a second quote of the same paragraph
        speaker, kind = found if found is not None and found != UNNAMED else (None, None)
        out.append(Quote(s.start, s.end, text[s.start : s.end], speaker, None, kind))
        if found is not None and found != UNNAMED:
            story.spoke(found, s.start)
            last_para = s.para
    return out


def _stretches(text: str, rules: QuoteRules) -> list[Stretch]:
    """Stretches between quotation marks and stretches of dialogue; a paragraph of dialogue keeps the
    marks inside it as part of its speech ("– А на "Суперджете" вам приходилось летать?")."""
    spoken = dialogue_stretches(text) if rules.dialogue else []
    if not spoken:
        return find_stretches(text)
    taken = {s.para for s in spoken}
    return sorted([s for s in find_stretches(text) if s.para not in taken] + spoken, key=lambda s: s.start)


def _is_quote(text: str, s: Stretch) -> bool:
    content = text[s.start : s.end]
    return len(content.split(None, 3)) > 3 or content[-1] in ".!?…"


@lru_cache(maxsize=32)
def _name_re(particles: tuple[str, ...]) -> re.Pattern[str]:
    """Capitalised words joined by spaces and the name particles of the language ("von der", "de la")."""
    joined = "|".join(re.escape(p).replace("\\ ", "[^\\S\\n]+") for p in sorted(particles, key=len, reverse=True))
    return re.compile(rf"{UP}[\w’'-]*(?:[^\S\n]+(?:(?:{joined})[^\S\n]+)*{UP}[\w’'-]*)*")


def _mentions(masked: str, rules: QuoteRules) -> list[_Mention]:
    """Every name and role of the narrative in order, names in the fullest form the text gives them."""
    raw: list[_Mention] = []
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
                raw.append(_Mention(m.start(), m.end(), None, title, "person", placed))
            continue
        told = _agency(words)
        if told:  # "a la AFP Óscar González": the agency spoken to, then the speaker
            at = m.end() - len(" ".join(words))
            raw.append(_Mention(at, at + len(" ".join(words[:told])), " ".join(words[:told]), None, "org", True))
            words, placed = words[told:], False
        else:
            title = title or _lower_title(masked, m.start(), rules)
        cited = rules.name_form(words) if rules.name_form and len(words) > 1 else words
        start = m.end() - len(" ".join(words)) + (len(" ".join(words[: len(words) - len(cited)])) + 1
                                                  if len(cited) < len(words) else 0)
        words = cited
        name = " ".join(w.rstrip(".’'") for w in words)
        is_org = any(w.lower() in rules.org_words for w in words) or (len(words) == 1 and name.isupper())
        raw.append(_Mention(start, m.end(), name, title, "org" if is_org else "person", placed))
    for w in _WORD_RE.finditer(masked):  # roles written lower case: "le préfet", "el mandatario"
        if w.group().islower() and _is_title(w.group(), rules):
            raw.append(_Mention(w.start(), w.end(), None, w.group(), "person", False))
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
        out.append(_Mention(n.start, n.end, max(longer, key=len) if longer else n.name, n.title, n.kind, n.placed))
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
    words = list(_WORD_RE.finditer(tail))
    if not words or tail[words[-1].end() :].strip():
        return False
    prev = words[-1].group().lower()
    if prev in rules.prepositions:
        return True
    return (prev in rules.articles and len(words) > 1 and not tail[words[-2].end() : words[-1].start()].strip()
            and words[-2].group().lower() in rules.prepositions)


def _previous_word_in(words: frozenset[str], masked: str, at: int) -> bool:
    found = _WORD_RE.findall(masked[max(0, at - 20) : at])
    return bool(found) and found[-1].lower() in words


def _lower_title(masked: str, at: int, rules: QuoteRules) -> str | None:
    """"le président Emmanuel Macron", "президент Владимир Путин": a title written lower case right before a
    name ("la alcaldesa de Paiporta" gives Paiporta no title: a preposition stands between)."""
    tail = masked[max(0, at - 40) : at]
    words = list(_WORD_RE.finditer(tail))
    if words and not tail[words[-1].end() :].strip() and _is_title(words[-1].group(), rules):
        return words[-1].group().lower()
    return None


def _is_title(word: str, rules: QuoteRules) -> bool:
    low = word.lower()
    return low in rules.titles or (bool(rules.title_endings) and low.endswith(rules.title_endings))


class _Story:
    """The mentions of one article and who spoke last, asked for the speaker of each quote in turn."""

    def __init__(self, text: str, mentions: list[_Mention], rules: QuoteRules) -> None:
        self._text, self.mentions, self.rules = text, mentions, rules
        self.speaker: Speaker | None = None
        self._spoke_at = -1
        self._speakers: set[str] = set()
        self._named: dict[str, int] = {}
        for n in mentions:
            if n.name:
                self._named[n.name] = self._named.get(n.name, 0) + 1

    def spoke(self, speaker: Speaker, at: int) -> None:
        self.speaker, self._spoke_at = speaker, at
        self._speakers.add(speaker[0])

    def after(self, fragment: str, offset: int) -> Speaker | None:
        """`«…», a déclaré X` / `„…“, sagte er` / `«…», dijo.`: a verb within a few words of the quote."""
        words = _words(fragment, offset)[:_VERB_REACH]
        verb = next((i for i, (w, _) in enumerate(words) if self._is_verb(w)), None)
        if verb is None:
            return self._according_to(fragment, offset) or self._in_brackets(fragment, offset)
        verb_at = words[verb][1]
        end = offset + len(fragment)
        for k, (w, at) in enumerate(words[verb : verb + _NAME_REACH]):
            if self._is_pronoun(w):  # also the one glued to the verb: "déclare-t-il"
                return self.recent(at)
            hit = self._speaker_at(at, end, right_after=k <= 1)
            if hit is not None:
                return hit
        ahead = [n for n in self._within(offset, verb_at) if n.name and not n.placed]
        if ahead:
            return ahead[-1].name, ahead[-1].kind  # type: ignore[return-value]
        return self.recent(verb_at)  # "ha dicho." / "a-t-il dit": no subject written

    def before(self, fragment: str, offset: int) -> Speaker | None:
        """`Olaf Scholz sagte: „…“` / `Selon X, «…»` / `Il souligne que « … »`: the subject before the mark."""
        found = self._according_to(fragment, offset)
        if found is not None:
            return found
        end = offset + len(fragment)
        inside = [n for n in self._within(offset, end) if not n.placed]
        words = _words(fragment, offset)
        verbs = [at for w, at in words if self._is_verb(w)]
        if verbs:
            verb_at = verbs[-1]
            near = [w for w, at in words if at < verb_at][-2:]
            if any(self._is_pronoun(w) for w in near):  # "il poursuit :", "Dann sagt er:" (after: below)
                return self.recent(verb_at)
            subjects = [n for n in inside if n.end <= verb_at]
            persons = [n for n in subjects if n.name and n.kind == "person" and (" " in n.name or self._credible(n))]
            if persons:
                return persons[0].name, "person"  # type: ignore[return-value]
            orgs = [n for n in subjects if n.name and n.kind == "org"]
            if orgs:
                return orgs[0].name, "org"  # type: ignore[return-value]
            roles = [n for n in subjects if n.name is None]
            if roles:  # "Le chef de l'État a adressé « … »", "stellte der GDL-Chef fest:"
                return self._role(roles[0], roles[0].start)
            if any(w in self.rules.org_words for w, at in words if at < verb_at):
                return None  # "le syndicat dénonce « … »": an organisation never named
            after_verb = [w for w, at in words if at > verb_at][:2]
            if any(self._is_pronoun(w) for w in after_verb):
                return self.recent(verb_at)
            later = [n for n in inside if n.start > verb_at and (n.name is None or " " in n.name or self._credible(n))]
            if later:  # "erklärte Olaf Scholz: „…“"
                return self._as_speaker(later[0], later[0].start)
            return self.recent(verb_at)  # "il assure que", "ha señalado que": no subject written
        if fragment.rstrip().endswith(":"):
            bare = re.sub(r"\s*\([^()]*\)\s*:?\s*$", ":", fragment.rstrip())  # "Steffen Baumgart (Köln):"
            named = [n for n in inside if n.end - offset <= len(bare)]
            if named and not bare[named[-1].end - offset :].strip(" :"):
                return self._as_speaker(named[-1], named[-1].start)  # "Emmanuel Macron : « … »"
            if not [n for n in inside if n.name]:
                return self.recent(end)  # "Avant de conclure : « … »": no one else named
        return None

    def recent(self, at: int) -> Speaker | None:
        """The person the narrative spoke of last before `at`: the last speaker, or a person mentioned
        after that speaker's quote who reads as one (see `_credible`)."""
        named = ([n for n in self.mentions if n.start < at and self._credible(n)]
                 or [n for n in self.mentions if n.start < at and self._repeated(n)]
                 or [n for n in self.mentions if n.start < at and self._in_full(n)])
        if named and named[-1].start > self._spoke_at:
            return named[-1].name, "person"  # type: ignore[return-value]
        return self.speaker or ((named[-1].name, "person") if named else None)  # type: ignore[return-value]

    def _credible(self, n: _Mention) -> bool:
        """A person by more than capitals: introduced with a title, or a speaker already. German capitalises
        every noun and every language a sentence's first word, so a capitalised run ("Jubel", "Tour
        Eiffel") is not enough."""
        if not n.name or n.kind != "person" or n.placed:
            return False
        return n.title is not None or n.name in self._speakers

    def _repeated(self, n: _Mention) -> bool:
        """Weaker: a name in full, given more than once (a person, or a product or a place named twice)."""
        return self._in_full(n) and self._named.get(n.name or "", 0) > 1

    @staticmethod
    def _in_full(n: _Mention) -> bool:
        """Weakest: two capitalised words or more that no preposition governs."""
        return bool(n.name) and n.kind == "person" and not n.placed and " " in (n.name or "")

    def _speaker_at(self, at: int, end: int, right_after: bool) -> Speaker | None:
        """The speaker a mention at `at` names: a person or organisation, or a role and the name that
        follows it ("le préfet de Gironde Pierre Dartout", "el subsecretario del Interior, Manuel Monsalve")."""
        hit = next((n for n in self.mentions if n.start <= at < n.end and n.start < end), None)
        if hit is None or (hit.placed and hit.name is not None):
            return None
        if hit.name is None:
            named = [n for n in self.mentions if hit.end <= n.start < min(end, hit.end + 60) and n.name
                     and n.kind == "person" and (" " in n.name or self._credible(n))]
            return (named[0].name, "person") if named else self._role(hit, hit.start)  # type: ignore[return-value]
        if " " not in hit.name and not right_after and not self._credible(hit) and hit.kind == "person":
            return None  # a capitalised word further on ("… dem Radioreporter in Trier") is no speaker
        return hit.name, hit.kind

    def _as_speaker(self, mention: _Mention, at: int) -> Speaker | None:
        return (mention.name, mention.kind) if mention.name else self._role(mention, at)

    def _role(self, mention: _Mention, at: int) -> Speaker | None:
        """A role alone ("le ministre"): the person just spoken of, when the narrative spoke of one in the
        last sentence or two and gave them no other title; else the last person introduced with that title;
        else the person spoken of last. An indefinite role ("eine Sprecherin", "un porte-parole") is no one."""
        if _previous_word_in(self.rules.indefinites, self._text, mention.start):
            return UNNAMED
        if self.rules.capitalised_nouns:  # two capitalised words are as often nouns ("Kanton Tessin")
            recent = ([n for n in self.mentions if n.start < at and self._credible(n)]
                      or [n for n in self.mentions if n.start < at and self._in_full(n)])
        else:  # the name in full just before ("Gérald Darmanin se défend. « … », attaque le ministre")
            recent = [n for n in self.mentions if n.start < at and (self._credible(n) or self._in_full(n))]
        if recent and at - recent[-1].start < _NEAR and recent[-1].title in (None, mention.title):
            return recent[-1].name, "person"  # type: ignore[return-value]
        titled = [n for n in self.mentions if n.start < at and n.name and n.title == mention.title]
        if titled:
            return titled[-1].name, titled[-1].kind  # type: ignore[return-value]
        return self.recent(at) or ((recent[-1].name, "person") if recent else None)  # type: ignore[return-value]

    def _within(self, start: int, end: int) -> list[_Mention]:
        return [n for n in self.mentions if start <= n.start and n.end <= end]

    def _in_brackets(self, fragment: str, offset: int) -> Speaker | None:
        """`„…“ (Freiburgs Trainer Christian Streich nach dem 0:5)`: a quote credited in brackets right
        after it, as collections of the week's sayings and statements pages print them."""
        lead = len(fragment) - len(fragment.lstrip(" ,"))
        if not fragment[lead:].startswith("("):
            return None
        close = fragment.find(")", lead)
        end = offset + (close if close >= 0 else len(fragment))
        inside = [n for n in self._within(offset + lead, end) if n.name and n.kind == "person"
                  and (" " in n.name or self._credible(n))]
        return (inside[0].name, "person") if inside else None  # type: ignore[return-value]

    def _according_to(self, fragment: str, offset: int) -> Speaker | None:
        low = fragment.lower()
        for phrase in self.rules.according_to:
            at = low.find(phrase)
            if at >= 0 and (at == 0 or not low[at - 1].isalpha()):
                following = [n for n in self.mentions if n.start >= offset + at + len(phrase)]
                if following and following[0].start - (offset + at + len(phrase)) < 40:
                    return self._as_speaker(following[0], following[0].start)
        return None

    def _is_verb(self, word: str) -> bool:
        return word in self.rules.speech_verbs or word.split("-", 1)[0] in self.rules.speech_verbs

    def _is_pronoun(self, word: str) -> bool:
        return word in self.rules.pronouns or ("-" in word and "-" + word.rsplit("-", 1)[-1] in self.rules.pronouns)


def _words(fragment: str, offset: int) -> list[tuple[str, int]]:
    return [(m.group().lower(), offset + m.start()) for m in _WORD_RE.finditer(fragment)]
