"""A small fictional event for the alert tests, ingested through the files connector like any input:
a week of quiet coverage of a river flood in the town of Lenton, then a day when it breaks (many
articles, a dark tone, the mayor quoted again and again), and later a day with a levee story."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

EVENT = "marrow-flood"
START = dt.date(2025, 3, 1)
SPIKE_DAY = dt.date(2025, 3, 8)
OUTLETS = ("lenton-courier.example", "river-news.example", "valley-post.example")
FILLER = ("gauges", "bridges", "volunteers", "sandbags", "council", "meadow", "pumps", "barges", "orchard",
          "schools", "railway", "ferry", "weather", "harvest", "clinic", "market", "depot", "archive")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(n))


def quiet(rng: random.Random, day: dt.date, n: int) -> dict[str, str]:
    return {"title": f"Marrow River flood defences checked ({day:%d %B}, report {n})",
            "text": (f"Engineers checked the Marrow River flood defences near Lenton on {day:%A}. The work went "
                     f"well and residents were calm and hopeful. Notes on {_words(rng, 12)}. The council said the "
                     f"plan was good and support was strong. Also {_words(rng, 10)}.")}


def breaking(rng: random.Random, day: dt.date, n: int) -> dict[str, str]:
    return {"title": f"Marrow River flood destroys homes in Lenton (update {n})",
            "text": (f"The Marrow River flood destroyed homes and killed people in a terrible disaster on {day:%A}. "
                     f"Families lost everything and the damage is devastating. \"We will not abandon the families "
                     f"who lost everything,\" said Ilse Varga, the mayor of Lenton. Rescuers fear more deaths. "
                     f"Witnesses described panic, grief and destruction near {_words(rng, 12)}. "
                     f"It was a horrible, tragic night: {_words(rng, 10)}.")}


def levee(rng: random.Random, day: dt.date, n: int) -> dict[str, str]:
    return {"title": f"Levee repair begins on the Marrow River flood plain ({n})",
            "text": (f"Crews began repairing the levee on the Marrow River flood plain on {day:%A}. Talks about "
                     f"{_words(rng, 12)} went on. Residents watched the work on the levee: {_words(rng, 10)}.")}


def write(path: Path, days: dict[dt.date, tuple[int, str]], seed: int = 7) -> Path:
    """JSON lines of articles: `days` maps a day to (how many, which story: quiet | breaking | levee)."""
    rng = random.Random(seed)
    story = {"quiet": quiet, "breaking": breaking, "levee": levee}
    with path.open("w", encoding="utf-8") as out:
        for day, (count, kind) in sorted(days.items()):
            for n in range(count):
                outlet = OUTLETS[n % len(OUTLETS)]
                when = dt.datetime.combine(day, dt.time(8 + n % 12, n % 60), dt.UTC)
                row = {"url": f"https://{outlet}/{day:%Y/%m/%d}/{kind}-{n}", "source": outlet,
                       "published_at": when.isoformat(), "language": "en", **story[kind](rng, day, n)}
                out.write(json.dumps(row) + "\n")
    return path


def first_week() -> dict[dt.date, tuple[int, str]]:
    """Seven quiet days of two articles each, then the breaking day with twelve."""
    days = {START + dt.timedelta(days=i): (2, "quiet") for i in range(7)}
    days[SPIKE_DAY] = (12, "breaking")
    return days


def config(folder: Path, alerts: str, smtp_port: int | None = None) -> Path:
    """monitor.toml with the event and the given [[event.alert]] tables (and [smtp] on a port)."""
    smtp = f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nfrom = "monitor@lenton.example"\n\n' if smtp_port else ""
    path = folder / "monitor.toml"
    path.write_text(f'{smtp}[[event]]\nslug = "{EVENT}"\nname = "Marrow River flood"\nstart = {START}\n'
                    f'end = 2025-03-31\nterms = ["Marrow River flood"]\n\n{alerts}', encoding="utf-8")
    return path
