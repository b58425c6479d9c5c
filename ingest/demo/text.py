"""Article prose for the demo corpus: fills story templates and arranges lead, background, quotes, body.

An article is a headline plus 4–10 paragraphs: a lead (with a dateline for some outlets), a background
paragraph that always names the general (so every on-topic article carries an event term and a
syndicated copy, which only loses paragraphs from the end, keeps it), quote blocks and narrative
paragraphs, some carrying a framing sentence whose tone follows the article's mood.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ingest.demo.attribution import Para, Pen, cap, quote_block
from ingest.demo.sayings import ANONYMOUS, SAYINGS
from ingest.demo.stories import EARLY, StoryType, for_day
from ingest.demo.stories_late import LATE
from ingest.demo.style import restyle
from ingest.demo.tone import SLOTS, framing, pick_slot
from ingest.demo.world import EVENT_START, FIGURES, GENERAL, MILITIA_LEADER, Outlet

STORIES: dict[str, StoryType] = {s.key: s for s in EARLY + LATE}

# Day of each dated happening, and whether reports say "early on <weekday>".
HAPPENINGS: dict[str, tuple[int, bool]] = {
    "strike": (0, True), "vote": (2, False), "accord": (2, False), "missiles": (5, True),
    "crash": (5, True), "avote": (6, False), "admit": (8, False), "dispute": (11, False),
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth")

BACKGROUND_DAY0 = (
    "{gen}, who had led the Ardent Guard's operations abroad for more than two decades, was widely seen "
    "as the second most powerful man in Daravand.",
    "The strike also killed {qad}, the deputy leader of the Popular Resistance Front, who had come to the "
    "airport to meet {gen}.",
    "Corvania says {gen} was planning attacks on its diplomats and troops; Daravand called the strike an "
    "act of state terrorism.",
)
BACKGROUND_LATER = (
    "The crisis began {on_strike}, when a Corvanian drone struck a convoy leaving Merat International "
    "Airport and killed {gen}, the commander of the Ardent Guard's foreign operations.",
    "Tensions have soared since {gen} was killed in a Corvanian drone strike at Merat airport {on_strike}.",
    "{gen}, who led the Ardent Guard's operations abroad, died alongside {qad} of the Popular Resistance "
    "Front when their convoy was hit {on_strike}.",
    "Corvania says {gen} was planning attacks on its diplomats and troops when he was killed {on_strike}; "
    "Daravand calls the strike an act of state terrorism.",
    "The killing of {gen} {on_strike} was the most serious confrontation between Corvania and Daravand "
    "in decades.",
)


def date_words(day: int, dmy: bool) -> str:
    d = EVENT_START + dt.timedelta(days=day)
    return f"{d.day} {d:%B}" if dmy else f"{d:%B} {d.day}"


def weekday(day: int) -> str:
    return f"{EVENT_START + dt.timedelta(days=day):%A}"


class Slots(dict[str, str]):
    """Template values computed on first use; names remember whether they were already written."""

    def __init__(self, pen: Pen, outlet: Outlet, day: int, mood: float) -> None:
        super().__init__()
        self.pen, self.outlet, self.day, self.mood = pen, outlet, day, mood
        marks = ("“", "”", "‘", "’") if outlet.curly else ('"', '"', "'", "'")
        self.update(zip(("lq", "rq", "hlq", "hrq"), marks, strict=True))
        self["wd"] = weekday(day)
        self["gen_s"] = GENERAL.surname(outlet.translit)
        self["protest_day"] = ORDINALS[min(max(day - 8, 1), len(ORDINALS) - 1)]
        self.gen_title = pen.rng.choice(("General", "Major General", "Gen."))

    def __missing__(self, key: str) -> str:
        rng, translit = self.pen.rng, self.outlet.translit
        if key == "gen":
            if "vahedmir" in self.pen.mentioned:
                return self["gen_s"] if rng.random() < 0.75 else f"General {self['gen_s']}"
            self.pen.mentioned.add("vahedmir")
            return f"{self.gen_title} {GENERAL.spelling(translit)}"
        if key == "qad":
            if "qadrawi" in self.pen.mentioned:
                return MILITIA_LEADER.surname(translit)
            self.pen.mentioned.add("qadrawi")
            return MILITIA_LEADER.spelling(translit)
        if key[:2] in ("p_", "n_"):
            fig = FIGURES[key[2:]]
            if fig.key in self.pen.mentioned:
                return fig.surname(translit)
            self.pen.mentioned.add(fig.key)
            full = fig.spelling(translit)
            return f"{fig.title} {full}" if key[0] == "p" and fig.title else full
        if key[3:] in HAPPENINGS:
            return self._when(*HAPPENINGS[key[3:]])
        if key.lower() in SLOTS:
            value = pick_slot(rng, key.lower(), self.mood)
            return cap(value) if key[0].isupper() else value
        raise KeyError(key)

    def _when(self, event_day: int, early: bool) -> str:
        ago = self.day - event_day
        if ago == 0 and early:
            return self.pen.rng.choice(("early on ", "in the early hours of ")) + weekday(event_day)
        if 0 <= ago <= 5:
            return "on " + weekday(event_day)
        return "on " + date_words(event_day, self.outlet.dmy)

    def fill(self, template: str) -> str:
        return self.pen.typeset(template.format_map(self))


@dataclass(slots=True)
class Draft:
    """An article before it is placed: what the generator knows, including the truth of each quote."""

    story: str
    headline: str
    paras: list[Para]
    translit: int
    curly: bool


def _speakers(rng: random.Random, story: StoryType, count: int) -> list[str]:
    pool = list(story.speakers)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        key = rng.choices([k for k, _ in pool], weights=[w for _, w in pool])[0]
        chosen.append(key)
        pool = [(k, w) for k, w in pool if k != key]
    return chosen


def _block(pen: Pen, story: StoryType, key: str) -> list[Para]:
    if key == "anon":
        who, said = ANONYMOUS[story.key]
        return quote_block(pen, None, list(said), pen.rng.choice(who))
    table = SAYINGS[key]
    return quote_block(pen, FIGURES[key], list(table.get(story.key, ())) + list(table.get("*", ())))


def _narrative(slots: Slots, template: str) -> Para:
    pen = slots.pen
    text = slots.fill(template) if template else pen.typeset(framing(pen.rng, slots.mood, pen.used))
    if template and pen.rng.random() < 0.85:
        text += " " + pen.typeset(framing(pen.rng, slots.mood, pen.used))
    return Para(text)


def write_article(rng: random.Random, outlet: Outlet, story: StoryType, day: int, mood: float,
                  long: bool = False) -> Draft:
    """One on-topic article about `story`, as `outlet` would write it on `day` in `mood`.

    The order of paragraphs is decided first and the text filled in reading order, so that a person's
    first mention is the one with the full name and title, and later ones use the surname.
    """
    place = rng.choice(story.datelines)
    city, country = place.split(", ")
    pen = Pen(rng, outlet.translit, outlet.curly, weekday(day), city.title())
    slots = Slots(pen, outlet, day, mood)
    headline = slots.fill(rng.choice(for_day(story.headlines, day)))
    lead = slots.fill(rng.choice(for_day(story.leads, day)))
    if rng.random() < 0.35:
        lead += " " + pen.typeset(framing(rng, mood, pen.used))
    if outlet.wire or rng.random() < 0.4:
        lead = f"{city}, {country}{f' ({outlet.wire})' if outlet.wire else ''} — {lead}"
    speakers = _speakers(rng, story, rng.randint(3, 5) if long else rng.randint(2, 4))
    bodies = for_day(story.body, day)
    rng.shuffle(bodies)
    bodies = bodies[: rng.randint(2, 4) if long else rng.randint(1, 3)]
    if rng.random() < 0.6:
        bodies.append("")  # a paragraph of framing alone
    # Plan: lead, background early (a quote block may come first), then quotes and narrative mixed.
    rest: list[tuple[str, str]] = [("q", k) for k in speakers] + [("n", t) for t in bodies]
    rng.shuffle(rest)
    plan = [("q", speakers[0])] if rng.random() < 0.35 else []
    rest = [r for r in rest if r not in plan]
    paras = [Para(lead)]
    for kind, arg in [*plan, ("b", ""), *rest]:
        if kind == "b":
            paras.append(Para(slots.fill(rng.choice(BACKGROUND_DAY0 if day == 0 else BACKGROUND_LATER))))
        elif kind == "q":
            paras.extend(_block(pen, story, arg))
        else:
            paras.append(_narrative(slots, arg))
    del paras[10:]
    while len(paras) < 4:
        paras.append(_narrative(slots, ""))
    paras = [restyle(p, outlet.domain) for p in paras]
    return Draft(story.key, headline, paras, outlet.translit, outlet.curly)
