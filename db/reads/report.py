"""Reads of the report (`presswatch report`, the Overview page's Report button, the e-mail digest): the
current view's key numbers, its series, tone, top figures and sources, in one object.

Everything comes from the reads the pages use (overview, volume, tone, figures, the sources table), so a
report says what the dashboard shows for the same filters, dismissed articles left out as they are there.
A search query does not narrow the charts (no page read takes one): the report counts the articles
matching it and lists the newest of them, as the Articles page does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from db.filters import Filters
from db.query import parse
from db.reads import curation, overview, tone, volume
from db.reads._scope import default_dates, event_id, events
from db.reads._tables import page, total

TOP = 10  # figures, organisations and sources listed
STACKED = 8  # outlets stacked in the volume chart; the rest are summed as "other"
MATCHES_LISTED = 10


@dataclass(frozen=True)
class ReportData:
    """What one report shows; `filters` has its dates filled in (the dashboard's opening range when
    none were given), so the window printed is the window read."""

    filters: Filters
    query: str | None
    event_name: str
    event_start: dt.date | None
    generated_at: dt.datetime
    kpis: dict[str, Any]
    previous: dict[str, Any] | None  # the period of equal length just before; None without a closed range
    series: pd.DataFrame  # overview.series: period, articles, originals, mean_tone, quotes
    spikes: list[int]
    band: pd.DataFrame  # tone.tone_band
    tone_methods: list[str]  # the methods that scored the view's tones (VADER, a lexicon per language)
    by_source: pd.DataFrame  # volume.volume by source: period, group, articles
    by_source_spikes: list[int]
    people: pd.DataFrame  # figure, quotes, mean_tone
    organisations: pd.DataFrame
    sources: pd.DataFrame  # the sources table's top rows
    notes: pd.DataFrame  # id, day, label
    dismissed: int
    matches: tuple[int, bool] | None  # (count, exact) of articles matching `query`
    matching: pd.DataFrame | None  # the newest of them

    @property
    def has_coverage(self) -> bool:
        return bool(self.kpis["articles"])


def previous_period(f: Filters) -> Filters | None:
    """The same filters over the period of equal length just before, or None without both dates."""
    if not (f.date_from and f.date_to):
        return None
    length = f.date_to - f.date_from + dt.timedelta(days=1)
    return f.with_(date_from=f.date_from - length, date_to=f.date_to - length)


def resolved(engine: Engine, f: Filters) -> Filters:
    """`f` with a missing first or last day taken from the range the dashboard opens on."""
    if f.date_from and f.date_to:
        return f
    first, last = default_dates(engine, f.event)
    date_from, date_to = f.date_from or first, f.date_to or last
    if date_from and date_to and date_from > date_to:  # a --from after the coverage ends: an empty day
        date_to = date_from
    return f.with_(date_from=date_from, date_to=date_to)


def report_data(engine: Engine, f: Filters, query: str | None = None,
                now: dt.datetime | None = None) -> ReportData:
    """Everything a report shows for filters `f` (and a search `query`).

    Raises UnknownEventError for an event the store does not have and QueryError for a query the
    parser cannot read, before anything else is read."""
    event_id(engine, f.event)
    query = (query or "").strip() or None
    if query:
        parse(query)
    f = resolved(engine, f)
    named = events(engine).set_index("slug")
    before = previous_period(f)
    kpis = overview.kpis(engine, f)
    series = overview.series(engine, f)
    by_source = volume.volume(engine, f, "source", STACKED)
    totals = by_source.groupby("period", as_index=False)["articles"].sum()
    matches = matching = None
    if query:
        matches = total(engine, "articles", f, search=query)
        matching, _ = page(engine, "articles", f, MATCHES_LISTED, search=query)
    return ReportData(
        filters=f, query=query, event_name=str(named.loc[f.event, "name"] or f.event),
        event_start=named.loc[f.event, "start"] if pd.notna(named.loc[f.event, "start"]) else None,
        generated_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0), kpis=kpis,
        previous=overview.kpis(engine, before) if before else None, series=series,
        spikes=overview.detect_spikes(series["articles"].tolist()), band=tone.tone_band(engine, f),
        tone_methods=tone.mixed_methods(tone.tone_by_language(engine, f)),
        by_source=by_source, by_source_spikes=volume.detect_spikes(totals["articles"].tolist()),
        people=overview.top_figures(engine, f, TOP, "person"),
        organisations=overview.top_figures(engine, f, TOP, "org"),
        sources=overview.sources(engine, f).head(TOP), notes=curation.notes(engine, f.event),
        dismissed=len(curation.dismissed(engine, f)), matches=matches, matching=matching)
