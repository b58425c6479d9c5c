"""The store side of alerts: occurrences recorded once each, and their deliveries until delivered.

Why deliveries are rows and not a send-and-forget: a webhook that is down or a mail server that refuses
must not lose the alert. Each (occurrence, target) row keeps its attempts, last error and the earliest
time the next check may try again (back-off), and stays pending until a send succeeds, so a failure is
retried by the next check (after an ingest run or `presswatch alerts check`) and reported each time.

Occurrences are inserted with ON CONFLICT DO NOTHING on (event, rule, key): two checks at once, or a
check repeated, record and send an occurrence once. Writes take the store's turn (db.engine.store_turn)
like curation does, so they queue behind an ingest batch on PostgreSQL instead of racing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.engine import store_turn
from db.models import AlertDelivery, AlertOccurrence, Event

# seconds to wait after the n-th failed attempt (the last one repeats: a pending delivery is never dropped)
BACKOFF_S = (60, 300, 1800, 7200, 21600)


@dataclass(frozen=True)
class Found:
    """What a rule found: `key` makes it one occurrence (a day, an article), `summary` is its line."""

    key: str
    summary: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Due:
    """A delivery to attempt now, with what it carries."""

    id: int
    channel: str
    target: str
    attempts: int
    rule: str
    kind: str
    summary: str
    payload: dict[str, Any]


def backoff(attempts: int) -> dt.timedelta:
    """How long after the `attempts`-th failure the next attempt waits."""
    return dt.timedelta(seconds=BACKOFF_S[min(max(attempts, 1), len(BACKOFF_S)) - 1])


def event_id(conn: Connection, slug: str) -> int | None:
    return conn.execute(select(Event.id).where(Event.slug == slug)).scalar_one_or_none()


def recorded_keys(engine: Engine, slug: str, rule: str) -> set[str]:
    """The occurrence keys rule `rule` of event `slug` has recorded already."""
    with engine.connect() as conn:
        return set(conn.execute(select(AlertOccurrence.key).join(Event, Event.id == AlertOccurrence.event_id)
                                .where(Event.slug == slug, AlertOccurrence.rule == rule)).scalars())


def recorded(engine: Engine, slug: str, rule: str, key: str) -> bool:
    """Whether rule `rule` of event `slug` has recorded the occurrence `key` (one probe of its unique key)."""
    stmt = (select(AlertOccurrence.id).join(Event, Event.id == AlertOccurrence.event_id)
            .where(Event.slug == slug, AlertOccurrence.rule == rule, AlertOccurrence.key == key))
    with engine.connect() as conn:
        return conn.execute(stmt.limit(1)).first() is not None


def record(conn: Connection, slug: str, rule: str, kind: str, found: Iterable[Found],
           targets: Sequence[tuple[str, str]], now: dt.datetime) -> list[int]:
    """Record what rule `rule` found, each key once; every new occurrence gets a pending delivery per
    (channel, target) in `targets` (none: recorded as seen, not sent). Returns the new occurrences' ids."""
    store_turn(conn)
    eid = event_id(conn, slug)
    if eid is None:
        return []
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    rows = [{"event_id": eid, "rule": rule, "kind": kind, "key": item.key[:200], "summary": item.summary,
             "payload": item.payload, "created": now} for item in found]
    if not rows:
        return []
    stmt = (dialect_insert(AlertOccurrence).on_conflict_do_nothing(index_elements=["event_id", "rule", "key"])
            .returning(AlertOccurrence.id))
    new = [int(i) for i in conn.execute(stmt, rows).scalars()]  # executemany: a term rule may bring thousands
    if new and targets:
        conn.execute(insert(AlertDelivery), [{"occurrence_id": oid, "channel": channel, "target": target,
                                              "attempts": 0, "next_attempt_at": now}
                                             for oid in sorted(new) for channel, target in targets])
    return sorted(new)


def due(engine: Engine, slug: str, now: dt.datetime) -> list[Due]:
    """Undelivered deliveries of event `slug` whose back-off has passed, oldest first."""
    stmt = (select(AlertDelivery.id, AlertDelivery.channel, AlertDelivery.target, AlertDelivery.attempts,
                   AlertOccurrence.rule, AlertOccurrence.kind, AlertOccurrence.summary, AlertOccurrence.payload)
            .join(AlertOccurrence, AlertOccurrence.id == AlertDelivery.occurrence_id)
            .join(Event, Event.id == AlertOccurrence.event_id)
            .where(Event.slug == slug, AlertDelivery.delivered_at.is_(None),
                   or_(AlertDelivery.next_attempt_at.is_(None), AlertDelivery.next_attempt_at <= now))
            .order_by(AlertOccurrence.created, AlertDelivery.id))
    with engine.connect() as conn:
        return [Due(*row) for row in conn.execute(stmt)]


def pending(engine: Engine, slug: str) -> int:
    """Deliveries of event `slug` not yet delivered (waiting for their next attempt or due now)."""
    stmt = (select(func.count()).select_from(AlertDelivery)
            .join(AlertOccurrence, AlertOccurrence.id == AlertDelivery.occurrence_id)
            .join(Event, Event.id == AlertOccurrence.event_id)
            .where(Event.slug == slug, AlertDelivery.delivered_at.is_(None)))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def mark(conn: Connection, delivery_id: int, attempts: int, error: str | None, now: dt.datetime) -> None:
    """One attempt's outcome: delivered, or the error and when to try again."""
    store_turn(conn)
    values: dict[str, Any] = {"attempts": attempts + 1}
    if error is None:
        values |= {"delivered_at": now, "next_attempt_at": None}
    else:
        values |= {"last_error": error[:2000], "next_attempt_at": now + backoff(attempts + 1)}
    conn.execute(update(AlertDelivery).where(AlertDelivery.id == delivery_id).values(**values))
