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

from ingest.nlp.dialogue import dialogue_stretches
from ingest.nlp.languages import QuoteRules
from ingest.nlp.named_mentions import WORD_RE, Mention, mentions, previous_word_in
from ingest.nlp.quote_spans import Stretch, find_stretches, mask, sentence_of, sentence_starts
from ingest.nlp.quotes import Quote

_VERB_REACH = 8  # words between a quote and its speech verb, at most
_NAME_REACH = 8  # words between an inverted verb and the name or role it introduces
_DASHES = "–—-"
_NEAR = 300  # characters: a person named this close before a role is the one the role points back to
Speaker = tuple[str, str]  # (speaker, kind)
UNNAMED: Speaker = ("", "unnamed")  # an unnamed source ("eine Sprecherin"): found, and no one


def extract_marked_quotes(text: str, rules: QuoteRules) -> list[Quote]:
    """Direct quotes of `text` in order, each with its speaker, read with `rules`' words."""
    stretches = _stretches(text, rules)
    if not stretches:
        return []
    masked = mask(text, stretches)
    starts = sentence_starts(masked)
    story = _Story(masked, mentions(masked, rules), rules)
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


class _Story:
    """The mentions of one article and who spoke last, asked for the speaker of each quote in turn."""

    def __init__(self, text: str, mentions: list[Mention], rules: QuoteRules) -> None:
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

    def _credible(self, n: Mention) -> bool:
        """A person by more than capitals: introduced with a title, or a speaker already. German capitalises
        every noun and every language a sentence's first word, so a capitalised run ("Jubel", "Tour
        Eiffel") is not enough."""
        if not n.name or n.kind != "person" or n.placed:
            return False
        return n.title is not None or n.name in self._speakers

    def _repeated(self, n: Mention) -> bool:
        """Weaker: a name in full, given more than once (a person, or a product or a place named twice)."""
        return self._in_full(n) and self._named.get(n.name or "", 0) > 1

    @staticmethod
    def _in_full(n: Mention) -> bool:
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

    def _as_speaker(self, mention: Mention, at: int) -> Speaker | None:
        return (mention.name, mention.kind) if mention.name else self._role(mention, at)

    def _role(self, mention: Mention, at: int) -> Speaker | None:
        """A role alone ("le ministre"): the person just spoken of, when the narrative spoke of one in the
        last sentence or two and gave them no other title; else the last person introduced with that title;
        else the person spoken of last. An indefinite role ("eine Sprecherin", "un porte-parole") is no one."""
        if previous_word_in(self.rules.indefinites, self._text, mention.start):
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

    def _within(self, start: int, end: int) -> list[Mention]:
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
    return [(m.group().lower(), offset + m.start()) for m in WORD_RE.finditer(fragment)]
