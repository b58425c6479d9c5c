"""The report of a view: key numbers, the dashboard's charts as images, top figures and sources, and the
filters and query it was made with, as one self-contained HTML file or a PDF.

Used by `presswatch report` (ingest/report/commands.py), the Overview page's Report button and the
e-mail digest, which calls `report_html(engine, filters)`. The charts are the figures the pages draw
(pages/_charts.py), rendered to PNG by Chromium (pages/_chromium.py) and embedded as data: URIs, so the
HTML opens anywhere, offline, and the PDF is Chromium printing that same HTML. Nothing here imports
Streamlit: the command line uses it without a dashboard running.
"""

from __future__ import annotations

import base64
import datetime as dt
import numbers
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from db import __version__
from db.filters import Filters
from db.reads.report import ReportData, report_data
from pages import _charts, _chromium
from pages._chromium import ChromiumError as ChromiumError
from pages._chromium import executable as executable

FORMATS = ("html", "pdf")
KPIS = [("articles", "Articles"), ("originals", "Originals"), ("sources", "Sources"), ("quotes", "Quotes"),
        ("figures", "Figures quoted"), ("mean_tone", "Mean tone")]
TEMPLATE = Path(__file__).with_name("report.html.j2")


def number(value: Any, key: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{float(value):+.3f}" if key == "mean_tone" else f"{int(value):,}"


def change(data: ReportData, key: str) -> str | None:
    """Change against the previous period of equal length, or None when that period had no coverage."""
    before = data.previous
    if not before or not before["articles"] or data.kpis[key] is None or before[key] is None:
        return None
    change = float(data.kpis[key]) - float(before[key])
    return f"{change:+.3f}" if key == "mean_tone" else f"{int(change):+,}"


def charts(data: ReportData) -> list[tuple[str, str, go.Figure]]:
    """(heading, caption, figure) of every chart the report shows: the Overview's volume and top people,
    the Tone page's band and the Volume page's outlets, each with the event's timeline notes."""
    f = data.filters
    if not data.has_coverage:
        return []
    volume = _charts.coverage_volume(data.series, data.spikes, f)
    _charts.mark_notes(volume, data.notes, f)
    methods = data.tone_methods
    band = _charts.tone_band(data.band, f, f" — mixes {len(methods)} tone methods" if len(methods) > 1 else "")
    _charts.mark_notes(band, data.notes, f)
    stacked = _charts.stacked_volume(data.by_source, data.by_source_spikes, f, by="source", label="Articles",
                                      start=data.event_start)
    _charts.mark_notes(stacked, data.notes, f)
    shown = [("Coverage over time", "All placements, originals (syndicated copies left out) and detected "
              "spikes: a period far above the median of the 14 before it. As on the Overview page.", volume),
             ("Tone over time", "Mean article tone (−1 negative … +1 positive) with its 95 % confidence "
              "band, wide where few articles carry it. As on the Tone page." +
              (f" The view holds articles toned by {len(methods)} methods ({', '.join(methods)}), which do not "
               "measure tone alike." if len(methods) > 1 else ""), band),
             ("Who published", f"Articles per {f.gran} of the busiest outlets; the rest summed as 'other'. "
              "As on the Volume page.", stacked)]
    if not data.people.empty:
        people = _charts.top_figures_bar(data.people, height=max(260, 34 * len(data.people) + 60))
        shown.append(("Most quoted people", "Attributed quotes per person, coloured by the mean tone of their "
                      "quotes. As on the Overview page.", people))
    return shown


def _filters_table(data: ReportData) -> list[tuple[str, str]]:
    f = data.filters
    rows = [(key, value) for key, value in f.describe() if key != "event"]
    rows.append(("granularity", f.gran))
    rows.append(("query", f"{data.query} (the articles matching it are counted and listed below; the numbers "
                 "and charts cover the whole view)" if data.query else "(none)"))
    return rows


def _table(frame: pd.DataFrame, columns: dict[str, str], tone: tuple[str, ...] = (),
           score: tuple[str, ...] = ()) -> dict[str, Any]:
    """A frame as header and rows of text for the template (tones signed, scores 0…1, to three decimals)."""
    rows = [[("–" if pd.isna(v) else f"{float(v):+.3f}") if col in tone else
             ("–" if pd.isna(v) else f"{float(v):.3f}") if col in score else
             ("" if v is None or (not isinstance(v, str) and pd.isna(v)) else
              f"{v:,}" if isinstance(v, numbers.Integral) else str(v))
             for col, v in zip(columns, record, strict=True)]
            for record in frame[list(columns)].itertuples(index=False, name=None)]
    return {"header": list(columns.values()), "rows": rows}


def generated_stamp(data: ReportData) -> str:
    """When the report was made, as printed on it."""
    return data.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def context(data: ReportData, images: list[bytes]) -> dict[str, Any]:
    """What the template is filled with; `images` are the PNGs of `charts(data)`, in order."""
    f = data.filters
    shown = charts(data)
    matching = None
    if data.matching is not None:
        frame = data.matching.assign(published_at=data.matching["published_at"].dt.strftime("%Y-%m-%d %H:%M"))
        matching = _table(frame, {"published_at": "published", "source": "source", "title": "title", "url": "url"})
    window = [n for n in data.notes.itertuples(index=False) if f.date_from <= n.day <= f.date_to] \
        if f.date_from and f.date_to else list(data.notes.itertuples(index=False))
    return {
        "data": data, "version": __version__, "filters": _filters_table(data),
        "generated": generated_stamp(data),
        "kpis": [(label, number(data.kpis[key], key), change(data, key)) for key, label in KPIS],
        "previous": bool(data.previous and data.previous["articles"]),
        "charts": [(heading, caption, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
                   for (heading, caption, _), png in zip(shown, images, strict=True)],
        "people": _table(data.people, {"figure": "person", "quotes": "quotes", "mean_tone": "mean tone"},
                         ("mean_tone",)),
        "organisations": _table(data.organisations, {"figure": "organisation", "quotes": "quotes",
                                                     "mean_tone": "mean tone"}, ("mean_tone",)),
        "sources": _table(data.sources, {"source": "source", "name": "name", "articles": "articles",
                                         "originals": "originals", "composite": "composite score"},
                          score=("composite",)),
        "matching": matching, "notes": window,
    }


_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(data: ReportData, images: list[bytes]) -> str:
    """The report as one HTML document (autoescaped: titles and names from the web stay text)."""
    return _ENV.get_template(TEMPLATE.name).render(**context(data, images))


def build(engine: Engine, f: Filters, fmt: str = "html", query: str | None = None,
          now: dt.datetime | None = None) -> str | bytes:
    """The report of filters `f` (and search `query`) as HTML text or PDF bytes, with one Chromium.

    Raises UnknownEventError, QueryError (from the reads) and ChromiumError; ValueError for a format
    other than html or pdf."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose html or pdf")
    return render(report_data(engine, f, query, now), fmt)


def render(data: ReportData, fmt: str = "html") -> str | bytes:
    """A report already read (`report_data`) as HTML text or PDF bytes, with one Chromium: for a caller
    that uses the same data for more (the e-mail digest's text part). Raises ChromiumError."""
    _chromium.executable()  # no browser: fail before drawing anything

    def made() -> str | bytes:
        with _chromium.browser() as chromium:
            images = _chromium.chart_pngs(chromium, [fig for _, _, fig in charts(data)])
            html = render_html(data, images)
            if fmt == "html":
                return html
            return _chromium.pdf(chromium, html, f"Presswatch report · {data.event_name} · {data.filters.date_from} to "
                                 f"{data.filters.date_to} · generated {generated_stamp(data)}")

    # Playwright's sync API refuses a thread with a running asyncio loop (a digest sent from async code, a
    # test session already driving a browser): Chromium is driven from a thread of its own.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-chromium") as pool:
        return pool.submit(made).result()


def report_html(engine: Engine, filters: Filters, query: str | None = None) -> str:
    """The report of a view as one self-contained HTML document (charts as PNG data: URIs, no script, no
    external link), for an e-mail digest to send as its body or attachment; see `build` for errors."""
    html = build(engine, filters, "html", query)
    assert isinstance(html, str)
    return html


def report_pdf(engine: Engine, filters: Filters, query: str | None = None) -> bytes:
    """The same report printed to PDF by Chromium."""
    pdf = build(engine, filters, "pdf", query)
    assert isinstance(pdf, bytes)
    return pdf


def file_name(f: Filters, fmt: str) -> str:
    """presswatch-report-EVENT-FROM-TO.html|pdf: what a download is saved as."""
    span = "-".join(d.isoformat() for d in (f.date_from, f.date_to) if d)
    return f"presswatch-report-{f.event}{'-' + span if span else ''}.{fmt}"
