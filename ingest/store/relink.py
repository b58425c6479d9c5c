"""Which stored articles belong to an event, decided again from their stored text.

A run skips downloading pages the store already holds. So an event added to `monitor.toml` later, or
whose terms were widened, would never see the articles stored before for other events (pages that
were off-topic for every event were never stored, so the next run reads them as new), and narrowed
terms would leave it with articles that no longer match. Relinking scores every stored article
against the events' current terms, aliases and windows (the same `relevance` the pipeline uses), then adds,
drops and re-scores their links, never making again a link an analyst dismissed. `ingest run` does
this by itself for an event that is new or whose terms or window changed; `rescore` does it for every
event, because alias changes are not recorded in the store.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from db import rollups
from db.curation import dismissed_pairs
from db.models import Article, ArticleEvent, Event
from ingest.config import EventConfig
from ingest.stages.enrich import relevance
from ingest.store.batch import event_values

log = logging.getLogger("presswatch.ingest")
CHUNK = 2_000  # stored articles read, and links dropped, at a time
_RESCORE = (update(ArticleEvent)
            .where(ArticleEvent.event_id == bindparam("eid"), ArticleEvent.article_id == bindparam("aid"))
            .values(relevance=bindparam("score")))


@dataclass(frozen=True)
class Relinked:
    slug: str
    linked: int
    unlinked: int

    def __str__(self) -> str:
        return f"{self.slug}: {self.linked} stored articles linked, {self.unlinked} unlinked"


def events_with_new_terms(conn: Connection, events: Sequence[EventConfig]) -> list[EventConfig]:
    """The configured events not yet stored, or stored with other terms, terms by language, aliases or
    window (before `ensure_events`): what decides which articles an event takes."""
    stored = {slug: (terms or [], related or [], start, end, by_language or {}, aliases or {})
              for slug, terms, related, start, end, by_language, aliases
              in conn.execute(select(Event.slug, Event.terms, Event.related, Event.start, Event.end,
                                     Event.terms_by_language, Event.aliases))}
    wanted = {e.slug: event_values(e) for e in events}
    keys = ("terms", "related", "start", "end", "terms_by_language", "aliases")
    return [e for e in events if stored.get(e.slug) != tuple(wanted[e.slug][k] for k in keys)]


def relink(conn: Connection, events: Sequence[EventConfig], rebuild: bool = True) -> list[Relinked]:
    """Make each event's links match its current terms over every stored article, in one pass over the
    stored texts; with `rebuild`, rebuild the rollups of the events that changed (a caller rebuilding
    every event anyway passes False). Events not in the store have nothing to relink."""
    ids = dict(conn.execute(select(Event.slug, Event.id).where(Event.slug.in_([e.slug for e in events]))).all())
    events = [e for e in events if e.slug in ids]
    if not events:
        return []
    links: dict[int, dict[int, float]] = {ids[e.slug]: {} for e in events}
    for article_id, event_id, score in conn.execute(
            select(ArticleEvent.article_id, ArticleEvent.event_id, ArticleEvent.relevance)
            .where(ArticleEvent.event_id.in_(list(links)))):
        links[event_id][article_id] = score
    new: list[dict[str, int | float]] = []
    dismissed = dismissed_pairs(conn)  # an analyst's "not about this event" outlasts any change of terms
    rescored: list[dict[str, int | float]] = []
    linked: Counter[int] = Counter()
    changed: set[int] = set()
    matched: dict[int, set[int]] = {event_id: set() for event_id in links}
    rows = conn.execute(select(Article.id, Article.title, Article.text, Article.published_at, Article.language)
                        .order_by(Article.id), execution_options={"stream_results": True})
    for part in rows.partitions(CHUNK):
        for article_id, title, text, published, language in part:
            for slug, score in relevance(title or "", text, events, published, language).items():
                event_id = ids[slug]
                if (article_id, event_id) in dismissed:
                    continue
                matched[event_id].add(article_id)
                if article_id not in links[event_id]:
                    new.append({"article_id": article_id, "event_id": event_id, "relevance": score})
                    linked[event_id] += 1
                    changed.add(event_id)
                elif links[event_id][article_id] != score:
                    rescored.append({"eid": event_id, "aid": article_id, "score": score})
                    changed.add(event_id)
    gone = {event_id: sorted(set(links[event_id]) - matched[event_id]) for event_id in links}
    if new:
        conn.execute(insert(ArticleEvent), new)
    if rescored:
        conn.execute(_RESCORE, rescored)
    for event_id, articles in gone.items():
        for start in range(0, len(articles), CHUNK):  # IN lists of bounded length
            conn.execute(delete(ArticleEvent).where(ArticleEvent.event_id == event_id,
                                                    ArticleEvent.article_id.in_(articles[start:start + CHUNK])))
    if rebuild:
        for event_id in sorted(changed | {e for e, articles in gone.items() if articles}):
            rollups.rebuild(conn, event_id)
    done = [Relinked(e.slug, linked[ids[e.slug]], len(gone[ids[e.slug]])) for e in events]
    for result in done:
        if result.linked or result.unlinked:
            log.info("relinked %s", result)
    return done
