"""The digest e-mail: an event's day or week in numbers, its most quoted figures, its busiest sources,
its tone, and the alerts it fired.

Read from the daily rollups, as the Overview page is, so a digest costs days x sources however many
articles the event has. `digest_body` is the one function that writes it, returning the plain text and
an HTML version, so a richer HTML report can later take its place without touching how it is sent.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from db.models import AlertOccurrence, DailyCoverage, DailyFigureTotal, Event, Figure, Source

TOP = 10


@dataclass(frozen=True)
class Numbers:
    articles: int
    originals: int
    quotes: int
    sources: int
    mean_tone: float | None


def _numbers(engine: Engine, eid: int, start: dt.date, end: dt.date) -> Numbers:
    c = DailyCoverage
    stmt = (select(func.sum(c.articles), func.sum(c.originals), func.sum(c.quotes), func.sum(c.tone_sum),
                   func.sum(c.tone_count), func.count(func.distinct(c.source_id)))
            .where(c.event_id == eid, c.day >= start, c.day <= end, c.articles > 0))
    with engine.connect() as conn:
        articles, originals, quotes, tone_sum, scored, sources = conn.execute(stmt).one()
    return Numbers(int(articles or 0), int(originals or 0), int(quotes or 0), int(sources or 0),
                   float(tone_sum) / int(scored) if scored else None)


def _tables(engine: Engine, eid: int, start: dt.date, end: dt.date) -> dict[str, list[tuple[str, str]]]:
    """Rows of the digest's tables: days, top figures, top sources, alerts fired."""
    c, f = DailyCoverage, DailyFigureTotal
    articles, scored = func.sum(c.articles), func.sum(c.tone_count)
    days = (select(c.day, articles, func.sum(c.tone_sum), scored).where(c.event_id == eid, c.day >= start,
                                                                        c.day <= end)
            .group_by(c.day).order_by(c.day))
    quotes = func.sum(f.quotes)
    figures = (select(Figure.name, quotes).join(Figure, Figure.id == f.figure_id)
               .where(f.event_id == eid, f.day >= start, f.day <= end).group_by(Figure.name)
               .order_by(quotes.desc(), Figure.name).limit(TOP))
    sources = (select(Source.domain, articles).join(Source, Source.id == c.source_id)
               .where(c.event_id == eid, c.day >= start, c.day <= end).group_by(Source.domain)
               .having(articles > 0).order_by(articles.desc(), Source.domain).limit(TOP))
    first = dt.datetime.combine(start, dt.time(), dt.UTC)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)
    alerts = (select(AlertOccurrence.created, AlertOccurrence.summary)
              .where(AlertOccurrence.event_id == eid, AlertOccurrence.created >= first, AlertOccurrence.created < last)
              .order_by(AlertOccurrence.created).limit(50))
    with engine.connect() as conn:
        return {
            "Day by day": [(d.isoformat(), f"{int(n or 0):,} articles" + (f", tone {float(t) / int(k):+.3f}"
                                                                             if k else ""))
                           for d, n, t, k in conn.execute(days)],
            "Most quoted figures": [(name, f"{int(n):,} quotes") for name, n in conn.execute(figures)],
            "Busiest sources": [(domain, f"{int(n):,} articles") for domain, n in conn.execute(sources)],
            "Alerts fired": [(f"{when:%Y-%m-%d %H:%M}", summary) for when, summary in conn.execute(alerts)],
        }


def digest_body(engine: Engine, slug: str, start: dt.date, end: dt.date) -> tuple[str, str]:
    """(text, html) of event `slug`'s digest over the UTC days [start, end]."""
    with engine.connect() as conn:
        row = conn.execute(select(Event.id, Event.name).where(Event.slug == slug)).one_or_none()
    if row is None:
        raise ValueError(f"no event {slug!r} in the store")
    eid, name = row
    span = start.isoformat() if start == end else f"{start} to {end}"
    now = _numbers(engine, eid, start, end)
    length = (end - start).days + 1
    before = _numbers(engine, eid, start - dt.timedelta(days=length), start - dt.timedelta(days=1))
    tone = f"{now.mean_tone:+.3f}" if now.mean_tone is not None else "no scored articles"
    change = (f" ({now.articles - before.articles:+,} on the {length} day{'s' if length > 1 else ''} before)"
              if before.articles or now.articles else "")
    key = [("Articles", f"{now.articles:,}{change}"), ("Originals (not syndicated copies)", f"{now.originals:,}"),
           ("Sources", f"{now.sources:,}"), ("Quotes", f"{now.quotes:,}"), ("Mean tone", tone)]
    tables = _tables(engine, eid, start, end)
    title = f"Presswatch digest: {name}, {span}"
    text = [title, "=" * len(title), ""] + [f"{k}: {v}" for k, v in key]
    for heading, rows in tables.items():
        text += ["", heading, "-" * len(heading)]
        text += [f"  {a}  {b}" for a, b in rows] or ["  (none)"]
    esc = html.escape
    page = [f"<html><body><h1>{esc(title)}</h1><table>"]
    page += [f"<tr><th align='left'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in key]
    page.append("</table>")
    for heading, rows in tables.items():
        page.append(f"<h2>{esc(heading)}</h2>")
        page.append("<table>" + "".join(f"<tr><td>{esc(a)}</td><td>{esc(b)}</td></tr>" for a, b in rows)
                    + "</table>" if rows else "<p>(none)</p>")
    page.append("</body></html>")
    return "\n".join(text) + "\n", "\n".join(page)


def period(kind: str, ending: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end] of a `day` or `week` digest ending on `ending`."""
    return (ending if kind == "day" else ending - dt.timedelta(days=6)), ending
