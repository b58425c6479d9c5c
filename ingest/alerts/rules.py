"""What each kind of [[event.alert]] rule finds in the store, as occurrences with a stable key.

Every rule reads what the pages read: the daily rollups (`daily_coverage`, `daily_figure_total`) and the
event's links in `article_events`. Dismissing an article takes its link away and recomputes its rollup
cells (db.curation), so a dismissed article never counts towards an alert either. Sums per day are
done in SQL; what is left in Python is a median over a few dozen daily totals.

- spike: a UTC day whose articles reach `threshold` x the median of the `days` days before it (days with
  nothing count as 0) and at least `min_articles`. A day needs `days` days of coverage before it, so
  the first days of an event are its baseline, not a spike.
- figure: a day on which the figure (its stored name, a speaker name merged into it, or any variant the
  event's [event.aliases] lists with it) is quoted at least `min_quotes`
  times; `first_only`: only the first such day ("newly quoted").
- tone: a day whose mean article tone is below `below` or above `above`, over at least `min_articles`
  scored articles.
- term: each article of the event matching `query`, in the explorer's query language (db.search), that
  the rule has not recorded yet. Why the store is asked for only the new ones (a probe of the
  occurrences' unique key per match) rather than every match read and filtered here: a broad term on a
  long event matches tens of thousands of articles, and every check after every ingest run would
  carry them all into Python to keep the few that are new.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, String, cast, func, literal, select

from db.alerts import Found
from db.models import (
    AlertOccurrence,
    Article,
    ArticleEvent,
    DailyCoverage,
    DailyFigureTotal,
    Event,
    Figure,
    FigureAlias,
    Source,
)
from db.search import restrict
from ingest.alerts.config import AlertRule

ARTICLE_KEY = "article:"  # a term occurrence's key: this and the article's id


def _event_id(engine: Engine, slug: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(Event.id).where(Event.slug == slug)).scalar_one_or_none()


def find(engine: Engine, slug: str, rule: AlertRule, aliases: Mapping[str, Sequence[str]] | None = None
         ) -> list[Found]:
    """Every occurrence of `rule` in event `slug` now (a term rule: only the articles it has not recorded).
    `aliases`: the event's [event.aliases], so a figure rule may name a figure by a variant no article has
    used yet."""
    eid = _event_id(engine, slug)
    if eid is None:  # nothing ingested for the event yet
        return []
    if rule.kind == "figure":
        return [Found(f.key, f.summary, {"event": slug, "rule": rule.name, "kind": rule.kind} | f.payload)
                for f in figure(engine, eid, rule, names(rule.params["figure"], aliases or {}))]
    finder = {"spike": spike, "tone": tone, "term": term}[rule.kind]
    found = finder(engine, eid, rule)
    base = {"event": slug, "rule": rule.name, "kind": rule.kind}
    return [Found(f.key, f.summary, base | f.payload) for f in found]


def _daily(engine: Engine, eid: int, *columns: Any) -> list[Any]:
    stmt = (select(DailyCoverage.day, *(func.sum(c) for c in columns)).where(DailyCoverage.event_id == eid)
            .group_by(DailyCoverage.day).order_by(DailyCoverage.day))
    with engine.connect() as conn:
        return list(conn.execute(stmt).all())


def spike(engine: Engine, eid: int, rule: AlertRule) -> list[Found]:
    p = rule.params
    volume = {day: int(n or 0) for day, n in _daily(engine, eid, DailyCoverage.articles)}
    if not volume:
        return []
    first, window = min(volume), int(p["days"])
    found = []
    for day, n in sorted(volume.items()):
        if n < p["min_articles"] or (day - first).days < window:
            continue
        before = [volume.get(day - dt.timedelta(days=i), 0) for i in range(1, window + 1)]
        median = statistics.median(before)
        if n >= p["threshold"] * median:
            ratio = f"{n / median:.1f}x" if median else "up from none"
            found.append(Found(day.isoformat(), f"Spike: {n} articles on {day} ({ratio} the median of "
                               f"{median:g} over the {window} days before)",
                               {"day": day.isoformat(), "articles": n, "median": median, "days": window,
                                "threshold": p["threshold"]}))
    return found


def names(name: str, aliases: Mapping[str, Sequence[str]]) -> list[str]:
    """`name` and, when the event's alias table lists it (as the canonical name or a variant), the
    canonical name and all its variants; lower case."""
    wanted = {name.strip().lower()}
    for canonical, variants in aliases.items():
        group = {canonical.lower(), *(v.lower() for v in variants)}
        if wanted & group:
            wanted |= group
    return sorted(wanted)


def figure_ids(engine: Engine, wanted: Sequence[str]) -> list[int]:
    """The stored figures these lower-case names mean: a figure's own name, or a speaker's name merged
    into it (the figure_aliases table)."""
    with engine.connect() as conn:
        return sorted(set(conn.execute(select(Figure.id).where(func.lower(Figure.name).in_(wanted)).union(
            select(FigureAlias.figure_id).where(func.lower(FigureAlias.alias).in_(wanted)))).scalars()))


def figure(engine: Engine, eid: int, rule: AlertRule, wanted: Sequence[str]) -> list[Found]:
    p = rule.params
    ids = figure_ids(engine, wanted)
    if not ids:  # not quoted anywhere yet
        return []
    total = func.sum(DailyFigureTotal.quotes)
    stmt = (select(DailyFigureTotal.day, total).where(DailyFigureTotal.event_id == eid,
                                                     DailyFigureTotal.figure_id.in_(ids))
            .group_by(DailyFigureTotal.day).having(total >= p["min_quotes"]).order_by(DailyFigureTotal.day))
    with engine.connect() as conn:
        days = conn.execute(stmt).all()
        names = list(conn.execute(select(Figure.name).where(Figure.id.in_(ids)).order_by(Figure.name)).scalars())
    shown = " / ".join(names)
    found = []
    for day, quotes in days[:1] if p["first_only"] else days:
        what = "first quoted" if p["first_only"] else "quoted"
        found.append(Found("first" if p["first_only"] else day.isoformat(),
                           f"{shown} {what} {int(quotes)} time{'s' if quotes != 1 else ''} on {day}",
                           {"day": day.isoformat(), "figure": shown, "quotes": int(quotes)}))
    return found


def tone(engine: Engine, eid: int, rule: AlertRule) -> list[Found]:
    p = rule.params
    found = []
    for day, tone_sum, scored in _daily(engine, eid, DailyCoverage.tone_sum, DailyCoverage.tone_count):
        if not scored or scored < p["min_articles"]:
            continue
        mean = float(tone_sum) / int(scored)
        for side, bound in (("below", p.get("below")), ("above", p.get("above"))):
            if bound is None or (mean >= bound if side == "below" else mean <= bound):
                continue
            found.append(Found(f"{day.isoformat()}:{side}", f"Tone {mean:+.3f} on {day}, {side} {bound:+g} "
                               f"({int(scored)} scored articles)",
                               {"day": day.isoformat(), "mean_tone": round(mean, 4), "articles": int(scored),
                                side: bound}))
    return found


def term(engine: Engine, eid: int, rule: AlertRule) -> list[Found]:
    query = rule.params["query"]
    recorded = (select(AlertOccurrence.id)
                .where(AlertOccurrence.event_id == eid, AlertOccurrence.rule == rule.name,
                       AlertOccurrence.key == literal(ARTICLE_KEY) + cast(Article.id, String)).exists())
    stmt = (select(Article.id, Article.url, Article.title, Article.published_at, Source.domain)
            .join(Source, Source.id == Article.source_id)
            .join(ArticleEvent, ArticleEvent.article_id == Article.id)
            .where(ArticleEvent.event_id == eid, ~recorded))
    stmt, _score = restrict(engine, "articles", stmt, query, Article.id)
    with engine.connect() as conn:
        rows = conn.execute(stmt.order_by(Article.published_at, Article.id)).all()
    return [Found(f"{ARTICLE_KEY}{aid}", f"New match for {query!r}: {title or url} ({domain}, {published:%Y-%m-%d})",
                  {"article_id": aid, "url": url, "title": title, "source": domain,
                   "published_at": published.isoformat(), "query": query})
            for aid, url, title, published, domain in rows]
