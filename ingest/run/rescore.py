"""`rescore`: relink events, re-tone articles scored by an older tone method, re-merge figures, recompute
source scores and rebuild rollups from the stored rows.

Run after an event's terms, the alias table or score weights change, or after importing reliability
ratings. Each step reads aggregates with SQL and hands plain data to the pure stages (people,
scoring).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.orm import aliased

from db import rollups as rollup_tables
from db.models import Article, ArticleEvent, Event, Figure, FigureAlias, Quote, Source
from ingest import utc
from ingest.config import EventConfig, Settings
from ingest.nlp.people import FigureIndex, normalise_name
from ingest.run.lock import store_turn
from ingest.run.retone import retone
from ingest.stages.dedupe import normalise_domain
from ingest.stages.scoring import SourceStats, load_reliability_csv, score_sources
from ingest.store.batch import ensure_events
from ingest.store.figures import event_aliases
from ingest.store.relink import relink


def plan_figures(conn: Connection, events: Sequence[EventConfig]) -> dict[str, list[str]]:
    """Figure name -> the raw speaker names it gathers, under the events' current alias table."""
    index = FigureIndex(aliases=event_aliases(events))
    first_seen = (select(Quote.speaker_raw, func.min(Quote.id).label("first"), func.count().label("quotes"))
                  .where(Quote.speaker_raw.is_not(None)).group_by(Quote.speaker_raw).subquery())
    rows = conn.execute(select(first_seen.c.speaker_raw, first_seen.c.quotes)
                        .order_by(first_seen.c.first)).all()
    # full names first, so a bare surname meets every figure that bears it, with its number of quotes
    rows = sorted(rows, key=lambda r: " " not in normalise_name(r[0]))
    by_name: dict[str, list[str]] = defaultdict(list)
    for speaker, quotes in rows:
        by_name[index.resolve(speaker, weight=quotes)].append(speaker)
    return by_name


def figure_changes(conn: Connection, events: Sequence[EventConfig]) -> list[str]:
    """What re-merging would do to figures already stored: one line per figure that would split into
    several or be folded into another. Speakers not yet linked to any figure are not changes."""
    planned = {raw: name for name, raws in plan_figures(conn, events).items() for raw in raws}
    stored: dict[str, set[str]] = defaultdict(set)
    for raw, name in conn.execute(select(Quote.speaker_raw, Figure.name).distinct()
                                  .join(Figure, Figure.id == Quote.figure_id)):
        if raw is not None:
            stored[name].add(planned.get(raw, raw))
    lines = []
    for name in sorted(stored):
        after = sorted(stored[name])
        if after == [name]:
            continue
        if len(after) > 1:
            lines.append(f"{name!r} would split into {len(after)}: " + ", ".join(repr(a) for a in after[:6])
                         + (" …" if len(after) > 6 else ""))
        else:
            lines.append(f"{name!r} would become {after[0]!r}")
    return lines


def remerge_figures(conn: Connection, events: Sequence[EventConfig]) -> int:
    """Resolve every distinct speaker again with the current alias table; returns the figure count."""
    by_name = plan_figures(conn, events)
    existing = dict(conn.execute(select(Figure.name, Figure.id)).all())
    conn.execute(delete(FigureAlias))
    conn.execute(update(Quote).values(figure_id=None))
    for name, raw_names in by_name.items():
        fid = existing.get(name) or conn.execute(insert(Figure).values(name=name).returning(Figure.id)).scalar_one()
        conn.execute(update(Quote).where(Quote.speaker_raw.in_(raw_names)).values(figure_id=fid))
        extra = sorted({r for r in raw_names if r != name})
        if extra:
            conn.execute(insert(FigureAlias), [{"alias": a, "figure_id": fid} for a in extra])
    unused = [fid for name, fid in existing.items() if name not in by_name]
    if unused:
        conn.execute(delete(Figure).where(Figure.id.in_(unused)))
    return len(by_name)


METADATA_COLUMNS = ("name", "country", "language")


def load_source_metadata(path: Path) -> dict[str, dict[str, str]]:
    """Outlet name/country/language from the ratings file's optional columns (blank cells ignored)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.lstrip().startswith("#"))
        return {normalise_domain(row.get("domain") or ""): {k: row[k].strip() for k in METADATA_COLUMNS
                                                           if (row.get(k) or "").strip()}
                for row in rows if (row.get("domain") or "").strip()}


def import_reliability(conn: Connection, settings: Settings) -> int:
    """Apply the user's ratings file (domain, rating, where it comes from) to known sources, and the
    outlet metadata it may carry (name, country, language columns)."""
    path = settings.scores.reliability_csv
    if path is None:
        return 0
    ratings = load_reliability_csv(path)
    for domain, (rating, origin) in ratings.items():
        conn.execute(update(Source).where(Source.domain == domain)
                     .values(reliability=rating, reliability_source=origin))
    for domain, meta in load_source_metadata(path).items():
        if meta:
            conn.execute(update(Source).where(Source.domain == domain).values(**meta))
    return len(ratings)


def _source_stats(conn: Connection, event_ids: list[int]) -> list[SourceStats]:
    """Per-source counts and publication delays (hours) over the events, aggregated in SQL."""
    in_events = select(ArticleEvent.article_id).where(ArticleEvent.event_id.in_(event_ids))
    counts = conn.execute(
        select(Source.domain, func.count(Article.id),
               func.count(Article.id).filter(Article.duplicate_of.is_(None)),
               func.coalesce(func.sum(Article.quote_count), 0), func.min(Article.published_at), Source.reliability)
        .join(Article, Article.source_id == Source.id)
        .where(Article.id.in_(in_events)).group_by(Source.id)
    ).all()
    first_any = min((row[4] for row in counts), default=None)
    original = aliased(Article)
    delays: dict[str, list[float]] = defaultdict(list)
    for domain, copy_at, orig_at in conn.execute(
        select(Source.domain, Article.published_at, original.published_at)
        .join(Article, Article.source_id == Source.id).join(original, original.id == Article.duplicate_of)
        .where(Article.id.in_(in_events))
    ):
        delays[domain].append(max(0.0, (copy_at - orig_at).total_seconds() / 3600))
    # the first placement of a story that others copied was first to it: 0 hours behind
    heads = select(Article.duplicate_of).where(Article.duplicate_of.is_not(None), Article.id.in_(in_events))
    for (domain,) in conn.execute(select(Source.domain).join(Article, Article.source_id == Source.id)
                                  .where(Article.id.in_(heads))):
        delays[domain].append(0.0)
    stats = []
    for domain, articles, originals, quotes, first, reliability in counts:
        lag = max(0.0, (first - first_any).total_seconds() / 3600) if first_any else 0.0
        stats.append(SourceStats(domain=domain, articles=int(articles), originals=int(originals),
                                 quotes=int(quotes), first_hours=[lag, *delays[domain]],
                                 reliability=reliability))
    return stats


def update_scores(conn: Connection, settings: Settings, event_ids: list[int]) -> int:
    scores = score_sources(_source_stats(conn, event_ids), settings.scores.weights)
    stamp = utc.now()
    for domain, s in scores.items():
        conn.execute(update(Source).where(Source.domain == domain).values(
            originality=s.originality, timeliness=s.timeliness, quote_richness=s.quote_richness,
            volume_share=s.volume_share, composite=s.composite, score_updated_at=stamp))
    return len(scores)


def rescore(engine: Engine, settings: Settings, events: Sequence[EventConfig] | None = None,
            full: bool = True) -> str:
    """Scores from the stored rows, in one transaction. `full` also relinks every event to the stored
    articles its terms match, re-tones articles whose tone method is not their language's current one,
    re-merges figures and rebuilds the rollups (the `rescore` command);
    after a run, whose batches kept links, rollups and figures current, only ratings and scores are
    recomputed."""
    with engine.begin() as conn:
        store_turn(conn)  # queue workers' batches add to the rows this reads and rewrites
        if events:
            ensure_events(conn, events)
        relinked = relink(conn, events or settings.events, rebuild=False) if full else []  # rebuilt below
        event_ids = list(conn.execute(select(Event.id)).scalars())
        n_retoned = retone(conn) if full else None
        n_figures = remerge_figures(conn, events or settings.events) if full else None
        n_ratings = import_reliability(conn, settings)
        n_sources = update_scores(conn, settings, event_ids) if event_ids else 0
        if full:
            for eid in event_ids:
                rollup_tables.rebuild(conn, eid)
    merged = f"{n_figures} figures re-merged, " if n_figures is not None else ""
    if n_retoned:
        merged = f"{n_retoned} articles re-toned, {merged}"
    links = "".join(f"{r}, " for r in relinked if r.linked or r.unlinked)
    return (f"rescored: {links}{merged}{n_sources} sources scored, {n_ratings} reliability ratings imported"
            f"{', rollups rebuilt' if full else ''}")
