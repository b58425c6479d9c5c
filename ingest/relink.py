"""Which stored articles belong to an event, decided again from their stored text.

A run skips downloading pages the store already holds, so an event added to `monitor.toml` later, or
whose terms were widened, would never see the articles stored before for other events (pages that
were off-topic for every event were never stored, so the next run reads them as new). And narrowed terms would leave
it with articles that no longer match. Relinking scores every stored article against the event's
current terms and aliases (the same `relevance` the pipeline uses), then adds, drops and re-scores its
links. `ingest run` does this by itself for an event that is new or whose terms changed. `rescore`
does it for every event, because alias changes are not recorded in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from db import rollups
from db.models import Article, ArticleEvent, Event
from ingest.config import EventConfig
from ingest.enrich import relevance

log = logging.getLogger("presswatch.ingest")
CHUNK = 2_000  # stored articles read at a time


@dataclass(frozen=True)
class Relinked:
    slug: str
    linked: int
    unlinked: int

    def __str__(self) -> str:
        return f"{self.slug}: {self.linked} stored articles linked, {self.unlinked} unlinked"


def events_with_new_terms(conn: Connection, events: Sequence[EventConfig]) -> list[EventConfig]:
    """The configured events not yet stored, or stored with other terms (before `ensure_events`)."""
    stored = {slug: list(terms or []) for slug, terms in conn.execute(select(Event.slug, Event.terms))}
    return [e for e in events if stored.get(e.slug) != list(e.terms)]


def relink(conn: Connection, event: EventConfig) -> Relinked:
    """Make the event's links match its current terms over every stored article; rebuild its rollups
    when anything changed. An event not in the store has nothing to relink."""
    event_id = conn.execute(select(Event.id).where(Event.slug == event.slug)).scalar_one_or_none()
    if event_id is None:
        return Relinked(event.slug, 0, 0)
    links = dict(conn.execute(select(ArticleEvent.article_id, ArticleEvent.relevance)
                              .where(ArticleEvent.event_id == event_id)).all())
    new: list[dict[str, object]] = []
    rescored: list[dict[str, object]] = []
    matched: set[int] = set()
    rows = conn.execute(select(Article.id, Article.title, Article.text).order_by(Article.id),
                        execution_options={"stream_results": True})
    for part in rows.partitions(CHUNK):
        for article_id, title, text in part:
            score = relevance(title or "", text, [event]).get(event.slug)
            if score is None:
                continue
            matched.add(article_id)
            if article_id not in links:
                new.append({"article_id": article_id, "event_id": event_id, "relevance": score})
            elif links[article_id] != score:
                rescored.append({"aid": article_id, "score": score})
    gone = sorted(set(links) - matched)
    if new:
        conn.execute(insert(ArticleEvent), new)
    for start in range(0, len(rescored), CHUNK):
        conn.execute(update(ArticleEvent).where(ArticleEvent.event_id == event_id,
                                                ArticleEvent.article_id == bindparam("aid"))
                     .values(relevance=bindparam("score")), rescored[start:start + CHUNK])
    for start in range(0, len(gone), CHUNK):
        conn.execute(delete(ArticleEvent).where(ArticleEvent.event_id == event_id,
                                                ArticleEvent.article_id.in_(gone[start:start + CHUNK])))
    if new or gone or rescored:
        rollups.rebuild(conn, event_id)
    done = Relinked(event.slug, len(new), len(gone))
    if new or gone:
        log.info("relinked %s", done)
    return done
