"""When and where demo articles appear: the volume curve, hours of the day, story choice, URLs, bylines.

Volume follows a news spike: most coverage on the first days, decaying over the month, with secondary
spikes on day 5 (missile strike and airliner crash) and day 8 (the admission). Timestamps follow a
daily rhythm in UTC and are written in each outlet's own offset, as real feeds do.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re

from ingest.demo.stories import StoryType
from ingest.demo.world import DAYS, EVENT_START, Outlet, reporters

WINDOW_START = dt.datetime.combine(EVENT_START, dt.time(0, 0), tzinfo=dt.UTC)
WINDOW_END = WINDOW_START + dt.timedelta(days=DAYS) - dt.timedelta(seconds=1)

# Relative output by UTC hour: quiet at night in the outlets' main time zones, busy in the working day.
HOURLY = (1.0, 1.0, 1.0, 1.5, 2, 3, 4, 5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5)
# Nothing can be reported before it happened: (day, first UTC hour) of the first report of a story type.
NOT_BEFORE = {"strike": (0, 1), "profile": (0, 1), "oil": (0, 1), "reaction": (0, 2), "crash": (5, 3),
              "admission": (8, 4), "halvara_vote": (2, 12), "assembly_vote": (6, 20)}
# Outlets give more room to the stories closest to their readers.
LOCAL_ANGLE = {"Marland": ("crash", "admission"), "Corvania": ("assembly_vote", "missiles"),
               "Halvara": ("halvara_vote", "troops"), "Daravand": ("funeral", "protests"),
               "Teralia": ("oil",), "Valmont": ("accord",), "Lindenmark": ("accord",)}
SECTIONS = {"oil": "business", "assembly_vote": "politics", "halvara_vote": "world", "analysis": "opinion",
            "offtopic": "local"}


def volume(day: int) -> float:
    """Relative number of original on-topic articles on `day` (0 = event day)."""
    return (100 * math.exp(-day / 3.0) + 55 * math.exp(-(((day - 5) / 0.9) ** 2))
            + 28 * math.exp(-(((day - 8) / 0.9) ** 2)) + 4)


def per_day(total: int) -> list[int]:
    """`total` split over the days in proportion to `volume` (largest remainder, so it adds up)."""
    weights = [volume(d) for d in range(DAYS)]
    exact = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(DAYS), key=lambda d: (counts[d] - exact[d], d))
    for d in by_remainder[: total - sum(counts)]:
        counts[d] += 1
    return counts


def timestamp(rng: random.Random, day: int, story: str = "") -> dt.datetime:
    """A UTC publication time on `day`, never before the happening the story reports.

    The strike is at about 00:45 UTC on day 0, so no on-topic story appears before 01:00 that day.
    """
    first_day, first_hour = NOT_BEFORE.get(story, (0, 1)) if story else (-1, 0)
    hours = range(first_hour if day == first_day else 0, 24)
    hour = rng.choices(hours, weights=[HOURLY[h] for h in hours])[0]
    return WINDOW_START + dt.timedelta(days=day, hours=hour, minutes=rng.randrange(60),
                                       seconds=rng.randrange(60))


def choose_story(rng: random.Random, stories: list[StoryType], outlet: Outlet, day: int) -> StoryType:
    """A story type for `day`, weighted by its interest curve and the outlet's local angle."""
    live = [s for s in stories if s.first <= day <= s.last]
    local = LOCAL_ANGLE.get(outlet.country, ())
    weights = [s.weight * math.exp(-abs(day - s.peak) / s.width) * (2.0 if s.key in local else 1.0)
               for s in live]
    if outlet.domain == "energywatch.example":
        weights = [w * (6.0 if s.key == "oil" else 1.0) for s, w in zip(live, weights, strict=True)]
    return rng.choices(live, weights=weights)[0]


def stamp(when: dt.datetime, outlet: Outlet) -> str:
    """ISO 8601 in the outlet's offset; UTC is written with Z."""
    local = when.astimezone(dt.timezone(dt.timedelta(minutes=outlet.utc_offset_min)))
    text = local.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def slugify(headline: str) -> str:
    words = re.findall(r"[a-z0-9]+", headline.lower().replace("’", "").replace("'", ""))
    return "-".join(words[:9])


class UrlMaker:
    """Per-outlet URL patterns; unique across the corpus."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.serial = 4_100_000

    def __call__(self, outlet: Outlet, outlet_index: int, when: dt.datetime, headline: str,
                 story: str) -> str:
        self.serial += 7
        slug, section = slugify(headline), SECTIONS.get(story, "world")
        style = outlet_index % 4
        if style == 0:
            path = f"{section}/{when:%Y/%m/%d}/{slug}"
        elif style == 1:
            path = f"news/{slug}-{self.serial}"
        elif style == 2:
            path = f"{section}/{when:%Y%m%d}-{slug}.html"
        else:
            path = f"article/{self.serial}/{slug}"
        url = f"https://{outlet.domain}/{path}"
        n = 2
        while url in self.seen:
            url = f"https://{outlet.domain}/{path}-{n}"
            n += 1
        self.seen.add(url)
        return url


def byline(rng: random.Random, outlet_index: int) -> str | None:
    """Staff byline: one or two reporters, sometimes none."""
    staff = reporters(outlet_index)
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.3:
        a, b = rng.sample(staff, 2)
        return f"{a} and {b}"
    return rng.choice(staff)


def copy_byline(rng: random.Random, original: str | None, wire: Outlet) -> str | None:
    roll = rng.random()
    if roll < 0.4:
        return wire.name
    if roll < 0.7 and original:
        return f"{original}, {wire.name}"
    return "Staff and agencies" if roll < 0.9 else None
