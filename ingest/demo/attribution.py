"""Quote paragraphs in every attribution form, with the ground truth of each quote recorded as written.

A quote block is one paragraph that names its speaker, optionally followed by one that refers back to
them (pronoun, role noun, or a split quote). The truth is recorded while the text is built, never
recovered from it afterwards, so it is right by construction: each quote is the exact text between its
marks and its speaker is the figure's canonical name (None for unnamed sources).

Forms (the labels the quote benchmark uses): colon `X said: "…"`; qns `"…," X said`; qsnr `"…," said
X, the role`; role-name `Role X said "…"`; split `"A," she said. "B."`; pronoun; role noun; statement
`a statement from X said`; telegram `X wrote on Telegram`; anonymous `a senior official said`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.demo.world import Figure

Quote = tuple[str, str | None]  # (text between the marks, canonical speaker or None)


@dataclass(slots=True)
class Para:
    text: str
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class Pen:
    """Writing state of one article: the outlet's house style and who has been named so far."""

    rng: random.Random
    translit: int
    curly: bool
    weekday: str
    city: str
    mentioned: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def q(self, text: str) -> str:
        return f"“{text}”" if self.curly else f'"{text}"'

    def typeset(self, text: str) -> str:
        """Curly-quote outlets also set apostrophes curly; quote marks were placed already."""
        return text.replace("'", "’") if self.curly else text


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def comma(sentence: str) -> str:
    """A quote that runs into its attribution ends with a comma inside the marks (unless ? or !)."""
    return sentence[:-1] + "," if sentence.endswith(".") else sentence


def _pick(pen: Pen, options: list[tuple[str, float]]) -> str:
    names = [name for name, _ in options]
    return pen.rng.choices(names, weights=[w for _, w in options])[0]


def org_name(fig: Figure) -> str:
    return f"{fig.title} {fig.canonical}" if fig.title else fig.canonical


def first_ref(pen: Pen, fig: Figure) -> tuple[str, str]:
    """(name with title, name with appositive role) for a person's first mention."""
    full = fig.spelling(pen.translit)
    titled = f"{fig.title} {full}" if fig.title else f"{full}, {fig.role},"
    return titled, f"{full}, {fig.role},"


def later_ref(pen: Pen, fig: Figure) -> str:
    """Surname, sometimes with title, once the person has been named."""
    surname = fig.surname(pen.translit)
    if fig.title and pen.rng.random() < 0.3:
        return f"{fig.title} {surname}"
    return surname


def _person_named(pen: Pen, fig: Figure, parts: list[str]) -> tuple[str, list[str]]:
    """Paragraph text naming a person, and the quote spans in order."""
    q, qc, wd = pen.q, pen.q(comma(parts[0])), pen.weekday
    whole = " ".join(parts)
    if fig.key in pen.mentioned:
        ref = later_ref(pen, fig)
        forms = [("colon", 3), ("qns", 3), ("qsnr", 1.5), ("split", 1.5 if len(parts) > 1 else 0),
                 ("telegram", 1.5 if fig.telegram else 0)]
        form = _pick(pen, forms)
        if form == "colon":
            verb = pen.rng.choice(("said", "told reporters", "added", f"said on {wd}", "insisted"))
            lead_in = pen.rng.choice(("", "", "", f"Speaking in {pen.city}, ", "Later, "))
            ref_text = ref if lead_in else cap(ref)
            return f"{lead_in}{ref_text} {verb}: {q(whole)}", [whole]
        if form == "qns":
            tail = pen.rng.choice(("said", f"said on {wd}", "told reporters", "said in a statement"))
            return f"{q(comma(whole))} {ref} {tail}.", [comma(whole)]
        if form == "qsnr":
            return f"{q(comma(whole))} said {ref}.", [comma(whole)]
        if form == "split":
            rest = " ".join(parts[1:])
            return f"{qc} {ref} said. {q(rest)}", [comma(parts[0]), rest]
        return f"{cap(ref)} wrote on Telegram: {q(whole)}", [whole]
    titled, appos = first_ref(pen, fig)
    forms = [("colon", 3), ("qsnr", 3), ("qns", 2), ("role_name", 3 if fig.title else 0),
             ("split", 1.5 if len(parts) > 1 else 0), ("telegram", 2 if fig.telegram else 0)]
    form = _pick(pen, forms)
    if form == "colon":
        who = pen.rng.choice((titled, appos))
        verb = pen.rng.choice(("said", "told reporters", f"said on {wd}", "told a news conference"))
        return f"{who} {verb}: {q(whole)}", [whole]
    if form == "qsnr":
        return f"{q(comma(whole))} said {fig.spelling(pen.translit)}, {fig.role}.", [comma(whole)]
    if form == "qns":
        who = titled if fig.title else appos
        return f"{q(comma(whole))} {who} said.", [comma(whole)]
    if form == "role_name":
        sep = pen.rng.choice((" ", ", "))
        return f"{titled} said{sep}{q(whole)}", [whole]
    if form == "split":
        rest = " ".join(parts[1:])
        return f"{qc} said {fig.spelling(pen.translit)}, {fig.role}. {q(rest)}", [comma(parts[0]), rest]
    who = titled if fig.title and pen.rng.random() < 0.5 else appos
    return f"{who} wrote on Telegram: {q(whole)}", [whole]


def _org_named(pen: Pen, fig: Figure, parts: list[str]) -> tuple[str, list[str]]:
    q, name, whole = pen.q, org_name(fig), " ".join(parts)
    forms = [("statement", 3), ("org_colon", 2), ("org_qns", 2), ("telegram", 2.5 if fig.telegram else 0)]
    form = _pick(pen, forms)
    if form == "statement":
        if pen.rng.random() < 0.5:
            return f"A statement from {name} said: {q(whole)}", [whole]
        return f"{q(comma(whole))} a statement from {name} said.", [comma(whole)]
    if form == "org_colon":
        verb = pen.rng.choice(("said in a statement", f"said on {pen.weekday}", "said"))
        return f"{cap(name)} {verb}: {q(whole)}", [whole]
    if form == "org_qns":
        return f"{q(comma(whole))} {name} said.", [comma(whole)]
    if pen.rng.random() < 0.5:
        return f"{cap(name)} wrote on Telegram: {q(whole)}", [whole]
    return f"In a post on Telegram, {name} wrote: {q(whole)}", [whole]


def _follow(pen: Pen, fig: Figure, parts: list[str]) -> tuple[str, list[str]]:
    """A paragraph that refers back to the speaker named just before: pronoun, role noun, or split."""
    q, whole = pen.q, " ".join(parts)
    pron = fig.pronoun
    form = _pick(pen, [("pronoun", 3), ("role_noun", 2), ("split", 2 if len(parts) > 1 else 0)])
    if form == "split":
        rest = " ".join(parts[1:])
        who = pron if pen.rng.random() < 0.7 else fig.role_noun
        return f"{q(comma(parts[0]))} {who} said. {q(rest)}", [comma(parts[0]), rest]
    who = pron if form == "pronoun" else fig.role_noun
    style = pen.rng.randrange(3)
    if style == 0:
        return f"{cap(who)} added: {q(whole)}", [whole]
    verb = pen.rng.choice(("said", "added", "told reporters" if not fig.org else "said"))
    return f"{q(comma(whole))} {who} {verb}.", [comma(whole)]


def _anonymous(pen: Pen, who: str, parts: list[str]) -> tuple[str, list[str]]:
    q, whole = pen.q, " ".join(parts)
    style = pen.rng.randrange(3)
    if style == 0:
        return f"{q(comma(whole))} {who} said.", [comma(whole)]
    if style == 1:
        return f"{cap(who)} said: {q(whole)}", [whole]
    return f"{q(comma(whole))} said {who}, who asked not to be named.", [comma(whole)]


def _take(pen: Pen, pool: list[str], most: int) -> list[str]:
    fresh = [s for s in pool if s not in pen.used]
    pen.rng.shuffle(fresh)
    chosen = fresh[: pen.rng.randint(1, most)] if fresh else []
    pen.used.update(chosen)
    return chosen


def quote_block(pen: Pen, fig: Figure | None, pool: list[str], anon_who: str = "") -> list[Para]:
    """One or two paragraphs of quotes from `fig` (None: an unnamed source described by `anon_who`)."""
    parts = _take(pen, pool, 2)
    if not parts:
        return []
    if fig is None:
        text, spans = _anonymous(pen, anon_who, parts)
        return [_para(pen, text, spans, None)]
    text, spans = (_org_named if fig.org else _person_named)(pen, fig, parts)
    pen.mentioned.add(fig.key)
    block = [_para(pen, text, spans, fig.canonical)]
    if pen.rng.random() < 0.55:
        more = _take(pen, pool, 2)
        if more:
            text, spans = _follow(pen, fig, more)
            block.append(_para(pen, text, spans, fig.canonical))
    return block


def _para(pen: Pen, text: str, spans: list[str], speaker: str | None) -> Para:
    body = pen.typeset(text)
    quotes = [(pen.typeset(s), speaker) for s in spans]
    assert all(s in body for s, _ in quotes), (body, quotes)
    return Para(body, quotes)
