"""Syndication: how an outlet edits a wire story it runs, so near-duplicate detection has real work to do.

Copy desks rarely run wire copy untouched. A placement here gets a new headline, a sentence of local
context on top, loses its dateline and its last one to three paragraphs, and has a few words of
narrative swapped. Quote paragraphs are never reworded (outlets do not edit quotes), so the truth of
every remaining quote still holds, and the background paragraph naming the event survives because cuts
only take paragraphs from the end.
"""

from __future__ import annotations

import random
import re

from ingest.demo.attribution import Para, Pen
from ingest.demo.stories import for_day
from ingest.demo.text import STORIES, Draft, Slots, weekday
from ingest.demo.world import LOCAL_INTROS, Outlet

# Word swaps a copy editor makes in narrative paragraphs (whole words, first occurrence).
SWAPS: tuple[tuple[str, str], ...] = (
    ("officials", "authorities"), (r"about(?= \d)", "around"), ("several", "a number of"), ("began", "started"),
    ("urged", "called on"), ("immediately", "at once"), ("soldiers", "troops"), ("warned", "cautioned"),
    ("defence", "defense"), ("organisation", "organization"), ("rose", "climbed"), ("large", "big"),
    ("showed", "appeared to show"), ("gathered", "assembled"), ("continuing", "going on"),
    ("capital", "city"), ("however", "though"), ("dozens", "scores"), ("described", "characterised"),
)
CREDITS = ("This report is based on material from {agency}.", "With reporting from {agency}.",
           "{agency} contributed to this report.")
_DATELINE = re.compile(r"^[A-Z][A-Z .']+, [A-Za-z ]+ \([A-Z]+\) — ")


def _swap_words(rng: random.Random, paras: list[Para]) -> None:
    narrative = [p for p in paras if not p.quotes]
    for _ in range(rng.randint(1, 4)):
        if not narrative:
            return
        para = rng.choice(narrative)
        options = [(a, b) for a, b in SWAPS if re.search(rf"\b{a}\b", para.text)]
        if options:
            old, new = rng.choice(options)
            para.text = re.sub(rf"\b{old}\b", new, para.text, count=1)


def _new_headline(rng: random.Random, original: Draft, wire: Outlet, day: int, mood: float) -> str:
    """Another headline for the same story, in the wire's spellings so names stay consistent."""
    pen = Pen(rng, wire.translit, wire.curly, weekday(day), "")
    slots = Slots(pen, wire, day, mood)
    choices = [h for h in for_day(STORIES[original.story].headlines, day) if slots.fill(h) != original.headline]
    if not choices:
        return f"{rng.choice(('Latest', 'Update', 'Explainer'))}: {original.headline}"
    return slots.fill(rng.choice(choices))


def syndicate(rng: random.Random, original: Draft, wire: Outlet, outlet: Outlet, day: int,
              mood: float) -> Draft:
    """`outlet`'s lightly edited placement of the wire story `original`."""
    paras = [Para(p.text, list(p.quotes)) for p in original.paras]
    keep = max(3, len(paras) - rng.randint(1, 3))
    del paras[keep:]
    paras[0].text = _DATELINE.sub("", paras[0].text, count=1)
    paras[0].text = paras[0].text[:1].upper() + paras[0].text[1:]
    _swap_words(rng, paras[1:])
    typeset = Pen(rng, wire.translit, wire.curly, "", "").typeset
    intro = typeset(rng.choice(LOCAL_INTROS[outlet.country]))
    paras.insert(0 if rng.random() < 0.6 else 1, Para(intro))
    if rng.random() < 0.5:
        paras.append(Para(rng.choice(CREDITS).format(agency=f"the {wire.name}")))
    headline = _new_headline(rng, original, wire, day, mood)
    return Draft(original.story, headline, paras[:10], wire.translit, wire.curly)
