"""House style of demo outlets: each outlet words its own reporting its own way.

Outlets that cover the same story independently build it from the same facts but not the same
sentences; a syndicated copy keeps the agency's wording. Without this, two outlets filling the same
story template would share most of their prose and look like copies of each other. Each outlet picks,
deterministically from its domain, one wording for each group below and uses it in its own narrative
paragraphs; quotes are never touched (they are someone's words), nor are wire copies (demo_wire edits
those lightly, as a desk would).
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

from ingest.demo.attribution import Para

# Interchangeable wordings, each valid wherever any member appears in the templates.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("was killed", "was slain", "died", "lost his life"),
    ("drone strike", "drone attack", "missile strike from a drone", "air strike by a drone"),
    ("officials", "government officials", "authorities", "senior officials"),
    ("widely seen", "widely regarded", "long considered", "broadly viewed"),
    ("most powerful", "most influential", "mightiest", "most formidable"),
    ("more than", "over", "upwards of", "well over"),
    ("the region", "the wider region", "the surrounding region", "the whole region"),
    ("crowds", "large crowds", "throngs of people", "huge crowds"),
    ("gathered", "assembled", "massed", "came together"),
    ("warned", "cautioned", "has warned", "issued a warning"),
    ("said", "stated", "noted", "told the press"),
    ("announced", "declared", "made public", "confirmed"),
    ("sharply", "steeply", "strongly", "markedly"),
    ("jumped", "surged", "leapt", "shot up"),
    ("tensions", "tension", "frictions", "hostility"),
    ("on Friday", "on Friday local time", "late on Friday", "during Friday"),
    ("operations", "activities", "missions", "campaigns"),
    ("attack", "assault", "attack", "raid"),
    ("capital", "capital city", "seat of government", "capital"),
    ("leaders", "leaders", "heads of government", "top leaders"),
    ("response", "reply", "answer", "reaction"),
    ("investigation", "inquiry", "probe", "investigation"),
    ("country", "nation", "state", "country"),
    ("people", "residents", "citizens", "people"),
    ("after", "following", "after", "soon after"),
    ("before", "ahead of", "prior to", "before"),
    ("military commander", "army commander", "military chief", "commander"),
    ("was planning attacks on", "had been plotting attacks against", "was preparing attacks on",
     "planned to strike"),
    ("diplomats and troops", "diplomats and soldiers", "embassies and forces", "envoys and troops"),
    ("an act of", "nothing less than", "a clear case of", "an act of"),
    ("when their convoy was hit", "as their vehicles were struck", "when missiles hit their convoy",
     "as their motorcade was hit"),
    ("struck a convoy leaving", "hit a line of cars leaving", "targeted vehicles as they left",
     "fired on a convoy departing"),
    ("the most serious confrontation", "the gravest clash", "the worst stand-off", "the most dangerous showdown"),
    ("in decades", "in a generation", "for decades", "in many years"),
    ("who led", "who headed", "who commanded", "the head of"),
    ("deputy leader", "second-in-command", "number two", "deputy chief"),
    ("had come to the airport to meet", "was at the airport to greet", "had gone to the airport to receive",
     "was waiting at the airport for"),
    ("shopkeepers in the old city", "traders in the old quarter", "merchants in the historic centre",
     "stallholders in the old town"),
    ("who asked not to be named", "speaking on condition of anonymity", "who declined to be identified",
     "who would not give a name"),
    ("the killing of", "the death of", "the assassination of", "the slaying of"),
)


@lru_cache(maxsize=128)
def _style(domain: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """The outlet's wording for each group, and one pattern that finds any group member."""
    choice: dict[str, str] = {}
    for i, group in enumerate(GROUPS):
        pick = group[zlib.crc32(f"{domain}/{i}".encode()) % len(group)]
        for member in group:
            choice.setdefault(member, pick)
    members = sorted(choice, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in members) + r")\b")
    return pattern, choice


def restyle(para: Para, domain: str) -> Para:
    """A narrative paragraph in the outlet's own wording; paragraphs carrying quotes are left as they are."""
    if para.quotes:
        return para
    pattern, choice = _style(domain)
    return Para(pattern.sub(lambda m: _reword(m, choice), para.text))


_PASSIVE = ("was ", "is ", "are ", "were ", "been ", "be ")


def _reword(match: re.Match[str], choice: dict[str, str]) -> str:
    """The outlet's wording for a match, except "said" in the passive ("was said to"), which has none."""
    word = match.group(0)
    if word == "said" and match.string[max(0, match.start() - 6):match.start()].endswith(_PASSIVE):
        return word
    return choice[word]
