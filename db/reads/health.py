"""Reads about the ingest itself: store counts, recent runs, failing inputs, freshness.

Used by `ingest status` and the dashboard's health page, so both tell the operator the same story.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select, text

from db.models import AlertDelivery, AlertOccurrence, Article, Event, FetchState, Figure, IngestRun, Quote, Source

RUN_COLUMNS = ["id", "command", "events", "started_at", "finished_at", "status", "documents", "stored",
               "errors", "duration_s"]


def counts(engine: Engine) -> dict[str, int]:
    """Rows per main table."""
    with engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(model)).scalar_one())
                for name, model in (("events", Event), ("sources", Source), ("articles", Article),
                                    ("quotes", Quote), ("figures", Figure), ("runs", IngestRun))}


def runs(engine: Engine, limit: int = 50) -> pd.DataFrame:
    """Most recent ingest runs first, with their headline counts."""
    stmt = select(IngestRun).order_by(IngestRun.started_at.desc(), IngestRun.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    records = []
    for r in rows:
        c = r.counts or {}
        duration = round((r.finished_at - r.started_at).total_seconds(), 1) if r.finished_at else None
        records.append([r.id, r.command, r.event_slug, r.started_at, r.finished_at, r.status,
                        c.get("documents", 0), c.get("stored", 0), c.get("errors", 0), duration])
    return pd.DataFrame(records, columns=RUN_COLUMNS)


def run_errors(engine: Engine, run_id: int) -> pd.DataFrame:
    """origin, message of one run's recorded failures."""
    with engine.connect() as conn:
        errors = conn.execute(select(IngestRun.errors).where(IngestRun.id == run_id)).scalar_one_or_none()
    return pd.DataFrame(errors or [], columns=["origin", "message"])


def failing_inputs(engine: Engine) -> pd.DataFrame:
    """Fetched URLs with failures in a row, worst first: url, failures_in_row, last_status, last_error,
    last_success_at, next_attempt_at."""
    stmt = (select(FetchState.url, FetchState.failures_in_row, FetchState.last_status, FetchState.last_error,
                   FetchState.last_success_at, FetchState.next_attempt_at)
            .where(FetchState.failures_in_row > 0)
            .order_by(FetchState.failures_in_row.desc(), FetchState.url).limit(500))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["url", "failures_in_row", "last_status", "last_error", "last_success_at",
                                       "next_attempt_at"])


def freshness(engine: Engine) -> dict[str, Any]:
    """Newest article and last successful run, and the lag since the newest article."""
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(Article.published_at))).scalar_one()
        last_ok = conn.execute(select(func.max(IngestRun.finished_at)).where(IngestRun.status == "ok")).scalar_one()
        last_any = conn.execute(select(func.max(IngestRun.started_at))).scalar_one()
    now = dt.datetime.now(dt.UTC)
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=dt.UTC)
    return {"newest_article": newest, "last_ok_run": last_ok, "last_run": last_any,
            "lag_hours": round((now - newest).total_seconds() / 3600, 1) if newest else None}


def fetch_inputs(engine: Engine, limit: int = 500) -> pd.DataFrame:
    """url, is_source, last_status, failures_in_row, last_error, last_attempt_at, last_success_at —
    every fetched input (feeds first, failing first) so the operator sees when each last worked."""
    stmt = (select(FetchState.url, FetchState.is_source, FetchState.last_status, FetchState.failures_in_row,
                   FetchState.last_error, FetchState.last_attempt_at, FetchState.last_success_at)
            .order_by(FetchState.is_source.desc(), FetchState.failures_in_row.desc(), FetchState.url).limit(limit))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["url", "is_source", "last_status", "failures_in_row", "last_error",
                                       "last_attempt_at", "last_success_at"])


WORKER_ALIVE_S = 60  # a worker's heartbeat comes every 10 s by default; a minute without one is a lost worker


def queue(engine: Engine) -> dict[str, int] | None:
    """The PostgreSQL task queue that `presswatch worker`s share: tasks queued, running and failed,
    and workers heard from in the last minute. None for a store without a queue (SQLite, where
    `presswatch run` ingests in its own process)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar_one() is None:
            return None
        by_status: dict[str, int] = dict(conn.execute(text(
            "SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status")).all())
        workers = conn.execute(text("SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > "
                                    "now() - make_interval(secs => :alive)"), {"alive": WORKER_ALIVE_S}).scalar_one()
    return {"queued": int(by_status.get("todo", 0)), "running": int(by_status.get("doing", 0)),
            "failed": int(by_status.get("failed", 0)), "workers": int(workers)}


ALERT_COLUMNS = ["id", "created", "event", "rule", "kind", "state", "summary", "delivery", "attempts", "last_error"]


def shown_target(channel: str, target: str) -> str:
    """A webhook URL as the dashboard shows it: scheme, host and the path's first part. The rest of a
    Slack (or most) webhook URL is its secret, and the Health page is for everyone who reads the store."""
    if channel != "webhook":
        return target
    parts = urlsplit(target)
    first = parts.path.strip("/").split("/")[0]
    hidden = parts.path.strip("/") != first or parts.query
    return f"{parts.scheme}://{parts.netloc}/{first}{'/…' if hidden else ''}"


def _state(channel: str, target: str, attempts: int, error: str | None, delivered: dt.datetime | None,
           next_at: dt.datetime | None) -> str:
    target = shown_target(channel, target)
    if delivered is not None:
        return f"{channel} {target}: delivered {delivered:%Y-%m-%d %H:%M}"
    if attempts == 0:
        return f"{channel} {target}: waiting"
    return f"{channel} {target}: failed {attempts}x, retry after {next_at:%Y-%m-%d %H:%M}" if next_at else \
        f"{channel} {target}: failed {attempts}x"


def alerts(engine: Engine, event: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The most recent alert occurrences (of one event, or all), newest first, each with the state of its
    deliveries: `state` in a word (delivered: every target got it; retrying: a send failed and waits for
    its back-off; waiting: not tried yet; seen: a term rule's first check, nothing sent), then each
    target's own state, the attempts and the last error."""
    stmt = (select(AlertOccurrence.id, AlertOccurrence.created, Event.slug, AlertOccurrence.rule,
                   AlertOccurrence.kind, AlertOccurrence.summary)
            .join(Event, Event.id == AlertOccurrence.event_id)
            .order_by(AlertOccurrence.created.desc(), AlertOccurrence.id.desc()).limit(limit))
    if event is not None:
        stmt = stmt.where(Event.slug == event)
    with engine.connect() as conn:
        found = conn.execute(stmt).all()
        ids = [r[0] for r in found]
        sends = conn.execute(select(AlertDelivery.occurrence_id, AlertDelivery.channel, AlertDelivery.target,
                                    AlertDelivery.attempts, AlertDelivery.last_error, AlertDelivery.delivered_at,
                                    AlertDelivery.next_attempt_at)
                             .where(AlertDelivery.occurrence_id.in_(ids or [-1])).order_by(AlertDelivery.id)).all()
    by_occurrence: dict[int, list[Any]] = {}
    for row in sends:
        by_occurrence.setdefault(row[0], []).append(row[1:])
    records = []
    for oid, created, slug, rule, kind, summary in found:
        mine = by_occurrence.get(oid, [])
        state = "; ".join(_state(*d) for d in mine) or "seen (recorded at the rule's first check, not sent)"
        errors = [d[3].replace(d[1], shown_target(d[0], d[1])) for d in mine if d[3] and d[4] is None]
        short = ("seen" if not mine else "delivered" if all(d[4] is not None for d in mine)
                 else "retrying" if any(d[4] is None and d[2] > 0 for d in mine) else "waiting")
        records.append([oid, created, slug, rule, kind, short, summary, state, sum(d[2] for d in mine),
                        errors[-1] if errors else None])
    return pd.DataFrame(records, columns=ALERT_COLUMNS)


def alert_counts(engine: Engine) -> dict[str, int]:
    """Alerts recorded, deliveries delivered, and deliveries still waiting (of which failed at least once)."""
    d = AlertDelivery
    with engine.connect() as conn:
        fired = conn.execute(select(func.count()).select_from(AlertOccurrence)).scalar_one()
        delivered, waiting, failing = conn.execute(select(
            func.count(d.delivered_at), func.count(d.id) - func.count(d.delivered_at),
            func.coalesce(func.sum(case((and_(d.delivered_at.is_(None), d.attempts > 0), 1), else_=0)), 0))).one()
    return {"alerts": int(fired), "delivered": int(delivered), "waiting": int(waiting), "failing": int(failing)}
