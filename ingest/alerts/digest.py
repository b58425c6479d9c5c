"""The digest e-mail: an event's day or week as the report shows it (key numbers, charts, top figures and
sources, tone), and the alerts it fired.

One report for every reader: the HTML part is the report itself (`pages._report`, the charts drawn in
Chromium), the plain-text part its numbers and tables from the same `db.reads.report` data, so a digest,
a report and the dashboard never disagree. Without a Chromium, the HTML part is the text's tables.
"""

from __future__ import annotations

import datetime as dt
import html
import logging

import pandas as pd
from sqlalchemy import Engine, select

from db.filters import Filters
from db.models import AlertOccurrence, Event
from db.reads._scope import UnknownEventError
from db.reads.report import ReportData, report_data
from pages import _report
from pages._chromium import ChromiumError

log = logging.getLogger("presswatch.alerts")


def _alerts_fired(engine: Engine, slug: str, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    first = dt.datetime.combine(start, dt.time(), dt.UTC)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    stmt = (select(AlertOccurrence.created, AlertOccurrence.summary).join(Event, Event.id == AlertOccurrence.event_id)
            .where(Event.slug == slug, AlertOccurrence.created >= first, AlertOccurrence.created < last)
            .order_by(AlertOccurrence.created).limit(50))
    with engine.connect() as conn:
        return [(f"{when:%Y-%m-%d %H:%M}", summary) for when, summary in conn.execute(stmt)]


def _tables(data: ReportData, fired: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """The digest's tables, from the report's data: days, top figures, top sources, alerts fired."""
    def tone(value: object) -> str:
        return f", tone {float(value):+.3f}" if value is not None and not pd.isna(value) else ""  # type: ignore[arg-type]

    return {
        "Day by day": [(pd.Timestamp(r.period).date().isoformat(), f"{int(r.articles):,} articles{tone(r.mean_tone)}")
                       for r in data.series.itertuples(index=False)],
        "Most quoted figures": [(r.figure, f"{int(r.quotes):,} quotes") for r in data.people.itertuples(index=False)],
        "Busiest sources": [(r.source, f"{int(r.articles):,} articles") for r in data.sources.itertuples(index=False)],
        "Alerts fired": fired,
    }


def digest_body(engine: Engine, slug: str, start: dt.date, end: dt.date) -> tuple[str, str]:
    """(text, html) of event `slug`'s digest over the UTC days [start, end]: the report of that view."""
    f = Filters(event=slug, date_from=start, date_to=end)
    try:
        data = report_data(engine, f)
    except UnknownEventError as exc:
        raise ValueError(str(exc)) from None
    span = start.isoformat() if start == end else f"{start} to {end}"
    title = f"Presswatch digest: {data.event_name}, {span}"
    key = [(label, f"{_report.number(data.kpis[k], k)}{_change_text(data, k)}") for k, label in _report.KPIS]
    tables = _tables(data, _alerts_fired(engine, slug, start, end))
    text = [title, "=" * len(title), ""] + [f"{k}: {v}" for k, v in key]
    for heading, rows in tables.items():
        text += ["", heading, "-" * len(heading)]
        text += [f"  {a}  {b}" for a, b in rows] or ["  (none)"]
    try:
        page = str(_report.render(data))  # the same data: the view is read once
    except ChromiumError as exc:  # the numbers still go out; the charts need a browser
        log.warning("digest of %s: sent without charts: %s", slug, exc)
        page = "<html><body><pre>" + html.escape("\n".join(text)) + "</pre></body></html>"
    return "\n".join(text) + "\n", page


def _change_text(data: ReportData, key: str) -> str:
    change = _report.change(data, key)
    return f" ({change} on the period before)" if change else ""


def period(kind: str, ending: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end] of a `day` or `week` digest ending on `ending`."""
    return (ending if kind == "day" else ending - dt.timedelta(days=6)), ending
