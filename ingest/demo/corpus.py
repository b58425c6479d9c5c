"""Synthetic, labelled demo corpus: a fictional event covered by 36 fictional outlets over 30 days.

`write_demo_corpus(out_dir)` writes what `python -m ingest demo` ingests through the ordinary files
connector, plus the answers a test or benchmark can score the pipeline against:

- `articles.jsonl` — files-connector rows (url, source, published_at, title, text or html, byline,
  language). About 8% are off-topic, about 27% of on-topic rows are edited placements of wire stories,
  about 2% are exact copies of another row under a tracking-parameter or #fragment URL, about 3% are
  HTML pages instead of text.
- `truth.json` — per URL: relevant, duplicate_of (the wire original a placement copies), exact_copy_of
  (the row an exact copy repeats; the pipeline must drop it), and every quote with its speaker; plus
  every figure's name variants.
- `monitor.toml` — the demo event (terms and aliases cover every spelling) with a files source.
- `sources.csv` — outlets with imported reliability ratings (a few left blank).

The corpus is a pure function of (articles, seed): one `random.Random(seed)`, no clock, no global state,
so the same arguments give byte-identical files. Everything in it is invented; see demo_world.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

from ingest.demo.attribution import Para
from ingest.demo.offtopic import LOCALS, write_offtopic
from ingest.demo.schedule import (
    WINDOW_END,
    WINDOW_START,
    UrlMaker,
    byline,
    choose_story,
    copy_byline,
    per_day,
    stamp,
    timestamp,
)
from ingest.demo.text import STORIES, Draft, write_article
from ingest.demo.tone import article_mood
from ingest.demo.wire import syndicate
from ingest.demo.world import (
    ALL_SOURCES,
    EVENT_NAME,
    EVENT_SLUG,
    EVENT_START,
    EVENT_TERMS,
    FIGURES,
    GENERAL,
    MILITIA_LEADER,
    OUTLETS,
    WIRES,
    Outlet,
    aliases,
)

OFF_TOPIC_SHARE = 0.08
EXACT_COPY_SHARE = 0.02
SYNDICATED_SHARE = 0.27  # of on-topic rows
HTML_SHARE = 0.03
COPIES_PER_WIRE_STORY = 2.6
TRACKING = ("?utm_source=twitter&utm_medium=social", "?utm_source=newsletter&utm_medium=email",
            "?utm_source=facebook&utm_medium=social&utm_campaign=world", "?utm_source=rss", "#comments",
            "#top", "#main-content")
RATING_SOURCE = "Demo ratings 2020"


@dataclass(frozen=True, slots=True)
class DemoFiles:
    """Where the corpus was written; `config` is the monitor.toml to load for ingesting it."""

    dir: Path
    articles: Path
    truth: Path
    config: Path
    sources: Path
    event_slug: str


@dataclass(slots=True)
class Placement:
    """One row of the corpus and what is true about it."""

    url: str
    outlet: Outlet
    published: dt.datetime
    draft: Draft
    relevant: bool
    byline: str | None
    duplicate_of: str | None = None
    exact_copy_of: str | None = None
    html: bool = False


@dataclass(frozen=True, slots=True)
class DemoCorpus:
    """File contents of a corpus, before they are written."""

    articles: str
    truth: str
    config: str
    sources: str


class _Builder:
    """Accumulates placements in generation order; every random draw comes from the one seeded rng."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.urls = UrlMaker()
        self.index = {o.domain: i for i, o in enumerate(ALL_SOURCES)}
        self.rows: list[Placement] = []

    def place(self, outlet: Outlet, when: dt.datetime, draft: Draft, relevant: bool, by: str | None,
              duplicate_of: str | None = None) -> Placement:
        url = self.urls(outlet, self.index[outlet.domain], when, draft.headline, draft.story)
        row = Placement(url, outlet, when, draft, relevant, by, duplicate_of)
        self.rows.append(row)
        return row

    def originals(self, count: int, wire_count: int) -> list[Placement]:
        """On-topic originals following the volume curve; `wire_count` of them by wire agencies."""
        rng, stories = self.rng, list(STORIES.values())
        days = [d for d, n in enumerate(per_day(count)) for _ in range(n)]
        by_wire = set(rng.sample(range(count), wire_count))
        wires: list[Placement] = []
        for i, day in enumerate(days):
            if i in by_wire:
                outlet = rng.choices(WIRES, weights=(0.45, 0.35, 0.2))[0]
            else:
                outlet = rng.choices(OUTLETS, weights=[o.weight for o in OUTLETS])[0]
            story = choose_story(rng, stories, outlet, day)
            draft = write_article(rng, outlet, story, day, article_mood(rng, outlet.bias, day), long=i in by_wire)
            row = self.place(outlet, timestamp(rng, day, story.key), draft, True,
                             byline(rng, self.index[outlet.domain]))
            if i in by_wire:
                wires.append(row)
        return wires

    def copies(self, wires: list[Placement], count: int) -> None:
        """Placements of wire stories by other outlets, minutes to hours after the original."""
        rng = self.rng
        takers: list[list[Outlet]] = [[] for _ in wires]
        # A story filed in the corpus's last minutes has no room for later placements.
        roomy = [k for k, w in enumerate(wires) if w.published < WINDOW_END - dt.timedelta(minutes=10)]
        for _ in range(count if roomy else 0):
            k = rng.choice(roomy)
            free = [o for o in OUTLETS if o not in takers[k]]
            takers[k].append(rng.choices(free, weights=[o.weight for o in free])[0])
        for original, outlets in zip(wires, takers, strict=True):
            day = (original.published - WINDOW_START).days
            room = (WINDOW_END - original.published).total_seconds() / 60 - 5
            for outlet in outlets:
                when = original.published + dt.timedelta(minutes=4 + min(rng.expovariate(1 / 110), 600, room))
                mood = article_mood(rng, outlet.bias, day)
                draft = syndicate(rng, original.draft, original.outlet, outlet, day, mood)
                self.place(outlet, when, draft, True, copy_byline(rng, original.byline, original.outlet),
                           duplicate_of=original.url)

    def off_topic(self, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            outlet = rng.choices(OUTLETS, weights=[o.weight for o in OUTLETS])[0]
            day = rng.randrange(30)
            self.place(outlet, timestamp(rng, day), write_offtopic(rng, outlet, day), False,
                       byline(rng, self.index[outlet.domain]))

    def finish(self, exact_count: int, html_count: int) -> list[Placement]:
        """Mark HTML rows, add exact copies under second URLs, and sort by time."""
        rng = self.rng
        for row in rng.sample(self.rows, min(html_count, len(self.rows))):
            row.html = True
        for row in rng.sample(self.rows, min(exact_count, len(self.rows))):
            copy = Placement(row.url + rng.choice(TRACKING), row.outlet, row.published, row.draft, row.relevant,
                             row.byline, None, row.url, row.html)
            self.rows.append(copy)
        return sorted(self.rows, key=lambda r: (r.published, r.url))


def _html_page(row: Placement, title: str) -> str:
    esc = html.escape
    paras = "".join(f"<p>{esc(p.text, quote=False)}</p>" for p in row.draft.paras)
    author = f'<meta name="author" content="{esc(row.byline)}">' if row.byline else ""
    return (f'<!DOCTYPE html><html lang="{row.outlet.language}"><head><meta charset="utf-8">'
            f"<title>{esc(title, quote=False)} | {esc(row.outlet.name, quote=False)}</title>{author}"
            f'<meta property="article:published_time" content="{stamp(row.published, row.outlet)}"></head>'
            f'<body><header><nav><a href="/">{esc(row.outlet.name, quote=False)}</a> <a href="/world">World</a> '
            f'<a href="/business">Business</a></nav></header><article><h1>{esc(title, quote=False)}</h1>{paras}'
            f"</article><footer><small>© 2020 {esc(row.outlet.name, quote=False)}</small></footer></body></html>")


def _row(row: Placement) -> dict[str, Any]:
    out: dict[str, Any] = {"url": row.url, "source": row.outlet.domain,
                           "published_at": stamp(row.published, row.outlet), "title": row.draft.headline}
    if row.html:
        out["html"] = _html_page(row, row.draft.headline)
    else:
        out["text"] = "\n\n".join(p.text for p in row.draft.paras)
    if row.byline:
        out["byline"] = row.byline
    out["language"] = row.outlet.language
    return out


def _quotes(paras: list[Para]) -> list[dict[str, str | None]]:
    return [{"quote": text, "speaker": speaker} for p in paras for text, speaker in p.quotes]


def _figures() -> dict[str, list[str]]:
    """Every figure (speakers, the two men killed, off-topic locals) with every way its name is written."""
    extra = aliases()
    out: dict[str, list[str]] = {}
    for fig in (GENERAL, MILITIA_LEADER, *FIGURES.values(), *LOCALS.values()):
        names = fig.variants()
        out[fig.canonical] = names + [n for n in extra.get(fig.canonical, ()) if n not in names]
    return out


def _truth(rows: list[Placement]) -> dict[str, Any]:
    articles = {r.url: {"relevant": r.relevant, "duplicate_of": r.duplicate_of, "exact_copy_of": r.exact_copy_of,
                        "quotes": _quotes(r.draft.paras)} for r in rows}
    # Two desks can make the same edits to one wire story; a placement whose text is then identical to an
    # earlier one's is an exact copy of it (stored once), whatever the plan said.
    first_with_text: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r.published, r.url)):
        key = "\n\n".join(p.text for p in r.draft.paras)
        first = first_with_text.setdefault(key, r.url)
        if first != r.url and not articles[r.url]["exact_copy_of"]:
            articles[r.url].update(exact_copy_of=first, duplicate_of=None)
    return {"event": EVENT_SLUG, "articles": articles, "figures": _figures()}


def _toml(value: str | list[str]) -> str:
    return json.dumps(value, ensure_ascii=False)


def config_text() -> str:
    """monitor.toml of the demo: its one event, with alias table and files source."""
    lines = ["# The demo event written by ingest/demo/corpus.py. Everything in it is fictional.",
             "", "[scores]", 'reliability_csv = "sources.csv"  # outlet metadata and demo ratings', "",
             "[[event]]", f"slug = {_toml(EVENT_SLUG)}", f"name = {_toml(EVENT_NAME)}",
             f"start = {EVENT_START.isoformat()}", f"terms = {_toml(list(EVENT_TERMS))}", "", "[event.aliases]"]
    lines += [f"{_toml(name)} = {_toml(variants)}" for name, variants in aliases().items()]
    lines += ["", "[[event.source]]", 'kind = "files"', 'path = "articles.jsonl"', ""]
    return "\n".join(lines)


def sources_text() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("domain", "name", "country", "language", "rating", "source"))
    for o in ALL_SOURCES:
        rated = o.reliability is not None
        writer.writerow((o.domain, o.name, o.country, o.language, f"{o.reliability:.2f}" if rated else "",
                         RATING_SOURCE if rated else ""))
    return buf.getvalue()


def build_demo_corpus(articles: int = 2500, seed: int = 0) -> DemoCorpus:
    """The corpus as file contents: `articles` rows in all (copies and off-topic pieces included)."""
    if articles < 20:
        raise ValueError(f"articles must be at least 20, got {articles}")
    n_off, n_exact = round(articles * OFF_TOPIC_SHARE), round(articles * EXACT_COPY_SHARE)
    n_on = articles - n_off - n_exact
    n_copies = round(n_on * SYNDICATED_SHARE)
    n_wire = max(1, round(n_copies / COPIES_PER_WIRE_STORY))
    builder = _Builder(seed)
    wires = builder.originals(n_on - n_copies, n_wire)
    builder.copies(wires, n_copies)
    builder.off_topic(n_off)
    rows = builder.finish(n_exact, round(articles * HTML_SHARE))
    lines = "".join(json.dumps(_row(r), ensure_ascii=False) + "\n" for r in rows)
    truth = json.dumps(_truth(rows), ensure_ascii=False, indent=1) + "\n"
    return DemoCorpus(lines, truth, config_text(), sources_text())


def write_demo_corpus(out_dir: Path, articles: int = 2500, seed: int = 0) -> DemoFiles:
    """Write the demo corpus into `out_dir` (created if missing) and return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = build_demo_corpus(articles, seed)
    files = DemoFiles(out_dir, out_dir / "articles.jsonl", out_dir / "truth.json", out_dir / "monitor.toml",
                      out_dir / "sources.csv", EVENT_SLUG)
    for path, text in ((files.articles, corpus.articles), (files.truth, corpus.truth),
                       (files.config, corpus.config), (files.sources, corpus.sources)):
        path.write_text(text, encoding="utf-8", newline="\n")
    return files
