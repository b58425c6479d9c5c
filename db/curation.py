"""An analyst's curation of an event: articles dismissed as irrelevant, and key moments on its timeline.

Why dismissing removes the link instead of flagging it: every count, chart, rollup and export of an
event is read through `article_events`, so an article without a link is out of all of them at once, and
no read can forget a flag. The `dismissals` row keeps the link's relevance, so restoring puts back
exactly what was there; relinking and later runs skip a dismissed pair, so a dismissal lasts until it is
restored. The rollup cells of the articles concerned are recomputed in the same transaction, at the
cost of those cells only.

Articles are named by URL, as an analyst sees them (the stored URL or its canonical form); a URL that
is not an article of the event is reported back, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, or_, select

from db import rollups
from db.engine import store_turn
from db.models import Article, ArticleEvent, Dismissal, Event, Note

LABEL_MAX = 200
REASON_MAX = 500


class CurationError(ValueError):
    """A curation request that cannot be applied; the message names the event, URL or note."""


@dataclass(frozen=True)
class Outcome:
    """What a dismiss or restore did: the articles changed, and the URLs it could not act on."""

    changed: int
    unknown: tuple[str, ...] = ()


def event_id(conn: Connection, slug: str) -> int:
    """The stored id of event `slug`."""
    found = conn.execute(select(Event.id).where(Event.slug == slug)).scalar_one_or_none()
    if found is None:
        raise CurationError(f"no event {slug!r} in the store")
    return found


def _articles(conn: Connection, urls: Sequence[str]) -> dict[str, int]:
    """URL as given → article id, matching the stored or the canonical URL."""
    wanted = sorted(set(urls))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), rollups.IN_LIMIT):
        part = wanted[start:start + rollups.IN_LIMIT]
        for article_id, url, canonical in conn.execute(
                select(Article.id, Article.url, Article.canonical_url)
                .where(or_(Article.url.in_(part), Article.canonical_url.in_(part)))):
            for given in (url, canonical):
                if given in part:
                    found[given] = article_id
    return found


def dismiss(conn: Connection, slug: str, urls: Sequence[str], reason: str | None = None,
            now: dt.datetime | None = None) -> Outcome:
    """Take the articles at `urls` out of event `slug` (every count and export), keeping why."""
    if reason and len(reason) > REASON_MAX:
        raise CurationError(f"the reason is {len(reason)} characters long; at most {REASON_MAX}")
    store_turn(conn)  # the rollup cells it changes are the ones ingest batches add to
    eid = event_id(conn, slug)
    ids = _articles(conn, urls)
    linked = dict(conn.execute(select(ArticleEvent.article_id, ArticleEvent.relevance).where(
        ArticleEvent.event_id == eid, ArticleEvent.article_id.in_(sorted(set(ids.values()))))).all())
    unknown = tuple(u for u in dict.fromkeys(urls) if ids.get(u) not in linked)
    if not linked:
        return Outcome(0, unknown)
    when = now or dt.datetime.now(dt.UTC)
    conn.execute(insert(Dismissal), [{"event_id": eid, "article_id": a, "relevance": r, "reason": reason or None,
                                      "dismissed_at": when} for a, r in sorted(linked.items())])
    rollups.remove_links(conn, [(a, eid) for a in sorted(linked)])  # while the links still say what they count
    conn.execute(delete(ArticleEvent).where(ArticleEvent.event_id == eid,
                                            ArticleEvent.article_id.in_(sorted(linked))))
    return Outcome(len(linked), unknown)


def restore(conn: Connection, slug: str, urls: Sequence[str]) -> Outcome:
    """Put dismissed articles back into event `slug`, with the relevance they had."""
    store_turn(conn)  # the rollup cells it changes are the ones ingest batches add to
    eid = event_id(conn, slug)
    ids = _articles(conn, urls)
    held = dict(conn.execute(select(Dismissal.article_id, Dismissal.relevance).where(
        Dismissal.event_id == eid, Dismissal.article_id.in_(sorted(set(ids.values()))))).all())
    unknown = tuple(u for u in dict.fromkeys(urls) if ids.get(u) not in held)
    if not held:
        return Outcome(0, unknown)
    conn.execute(delete(Dismissal).where(Dismissal.event_id == eid, Dismissal.article_id.in_(sorted(held))))
    conn.execute(insert(ArticleEvent), [{"article_id": a, "event_id": eid, "relevance": r}
                                        for a, r in sorted(held.items())])
    rollups.add_links(conn, [(a, eid) for a in sorted(held)])
    return Outcome(len(held), unknown)


def dismissed_pairs(conn: Connection, article_ids: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """(article id, event id) of every dismissal, or of those of `article_ids`: the links that runs and
    relinking must not make again."""
    stmt = select(Dismissal.article_id, Dismissal.event_id)
    if article_ids is None:
        return {(a, e) for a, e in conn.execute(stmt)}
    ids = sorted(set(article_ids))
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(ids), rollups.IN_LIMIT):
        part = ids[start:start + rollups.IN_LIMIT]
        pairs.update((a, e) for a, e in conn.execute(stmt.where(Dismissal.article_id.in_(part))))
    return pairs


def add_note(conn: Connection, slug: str, day: dt.date, label: str, now: dt.datetime | None = None) -> int:
    """A key moment on the timeline of event `slug`; returns its id."""
    label = " ".join(label.split())
    if not label:
        raise CurationError("a note needs a label")
    if len(label) > LABEL_MAX:
        raise CurationError(f"the note's label is {len(label)} characters long; at most {LABEL_MAX}")
    eid = event_id(conn, slug)
    return int(conn.execute(insert(Note).values(event_id=eid, day=day, label=label,
                                                created_at=now or dt.datetime.now(dt.UTC))
                            .returning(Note.id)).scalar_one())


def remove_note(conn: Connection, slug: str, note_id: int) -> None:
    """Delete note `note_id` of event `slug`."""
    eid = event_id(conn, slug)
    gone = conn.execute(delete(Note).where(Note.id == note_id, Note.event_id == eid))
    if not gone.rowcount:
        raise CurationError(f"event {slug!r} has no note {note_id}")
