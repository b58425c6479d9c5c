"""Every db read the dashboard makes, called as its pages call them, for tests that change who reads.

A read-only engine or role is only good enough when the sidebar and every page can draw with it, so
this walks dashboard.py's sidebar and each pages/<page>.py with the default filters (the event's whole
span) and returns what each read gave, for the caller to check that there was data behind it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from db.filters import Filters
from db.reads import articles, figures, health, overview, sidebar, sources, tone, volume
from db.reads import export as reads_export

EXPORTS = ("articles", "quotes", "daily", "sources", "propagation")


def default_filters(engine: Engine) -> Filters:
    """What the sidebar starts with: the first event over its whole span."""
    slug = str(sidebar.events(engine)["slug"].iloc[0])
    first, last = sidebar.default_dates(engine, slug)
    return Filters(event=slug, date_from=first, date_to=last)


def _before(f: Filters) -> Filters:
    assert f.date_from and f.date_to
    length = f.date_to - f.date_from + dt.timedelta(days=1)
    return f.with_(date_from=f.date_from - length, date_to=f.date_to - length)


def read_every_page(engine: Engine) -> dict[str, Any]:
    """name → result of every read of the sidebar and the seven pages, plus each CSV export."""
    f = default_filters(engine)
    split, _ = tone.split_day(f, tone.event_start(engine, f.event))
    out: dict[str, Any] = {
        "sidebar.event_sources": sidebar.event_sources(engine, f.event),
        "sidebar.event_languages": sidebar.event_languages(engine, f.event),
        "overview.kpis": overview.kpis(engine, f),
        "overview.kpis_before": overview.kpis(engine, _before(f)),
        "overview.series": overview.series(engine, f),
        "overview.top_figures": overview.top_figures(engine, f, 10, "person"),
        "overview.sources": overview.sources(engine, f),
        "volume.event_start": volume.event_start(engine, f.event),
        "tone.tone_band": tone.tone_band(engine, f),
        "tone.tone_heatmap": tone.tone_heatmap(engine, f),
        "tone.tone_histogram": tone.tone_histogram(engine, f),
        "tone.tone_before_after": tone.tone_before_after(engine, f, split),
        "tone.tone_extremes": tone.tone_extremes(engine, f, 10, True),
        "figures.top_figures": figures.top_figures(engine, f, 300, "person"),
        "figures.top_orgs": figures.top_figures(engine, f, 300, "org"),
        "figures.figure_trends": figures.figure_trends(engine, f, 8, "person"),
        "figures.figure_ranks": figures.figure_ranks(engine, f, _before(f), 15, "person"),
        "sources.sources": sources.sources(engine, f),
        "sources.source_profile": sources.source_profile(engine, f),
        "articles.page": articles.page(engine, "articles", f, 25),
        "articles.total": articles.total(engine, "articles", f),
        "articles.quotes": articles.page(engine, "quotes", f, 25),
        "articles.search": articles.page(engine, "articles", f, 25, search="airport"),
        "articles.search_best": articles.page(engine, "articles", f, 25, search='"drone strike" OR airport*',
                                              order="best"),
        "articles.search_quotes": articles.page(engine, "quotes", f, 25, search="-nothing general"),
        "health.freshness": health.freshness(engine),
        "health.counts": health.counts(engine),
        "health.runs": health.runs(engine, 50),
        "health.fetch_inputs": health.fetch_inputs(engine),
    }
    for grouping in volume.GROUPINGS:
        out[f"volume.volume.{grouping}"] = volume.volume(engine, f, grouping, 8, False)
    name = str(out["figures.top_figures"]["figure"].iloc[0])
    out |= {
        "figures.figure_series": figures.figure_series(engine, f, name),
        "figures.figure_outlets": figures.figure_outlets(engine, f, name),
        "figures.figure_aliases": figures.figure_aliases(engine, f, name),
        "figures.quotes": figures.page(engine, "quotes", f, 25, figure=name),
        "figures.total": figures.total(engine, "quotes", f, figure=name),
        "figures.propagation": figures.propagation(engine, f, name, 50),
        "articles.article_figures": articles.article_figures(engine, tuple(out["articles.page"][0]["url"])),
        "health.run_errors": health.run_errors(engine, int(out["health.runs"]["id"].iloc[0])),
    }
    one = f.with_(sources=(str(out["sources.sources"]["source"].iloc[0]),))
    out["sources.one_page"] = sources.page(engine, "articles", one, 100)
    out["sources.one_total"] = sources.total(engine, "articles", one)
    for what in EXPORTS:
        out[f"export.{what}"] = reads_export.export_csv(engine, what, f)
    return out


def check_has_data(reads: dict[str, Any]) -> None:
    """The reads found the store's data, not an empty answer that would hide a failing read."""
    assert reads["overview.kpis"]["articles"] > 0
    assert not reads["overview.series"].empty and not reads["tone.tone_band"].empty
    assert len(reads["articles.page"][0]) == 25 and not reads["articles.quotes"][0].empty
    assert not reads["figures.figure_series"].empty and not reads["sources.one_page"][0].empty
    assert reads["health.counts"] and not reads["health.runs"].empty
    for what in EXPORTS:
        assert reads[f"export.{what}"].count("\n") > 10, what
