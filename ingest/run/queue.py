"""Ingest through a PostgreSQL task queue (procrastinate), so workers on any number of machines share it.

`presswatch run` on a PostgreSQL store enqueues one "fetch source" task per configured source and
returns; `presswatch worker` processes take tasks from the queue and run each source through the usual
runner and pipeline (fetch → extract → dedupe → enrich → store batch → rollups), extracting in their
own process. Why the pieces hold:

- A source is queued once: its task's `queueing_lock` is the source's key, so a second `run` while it
  waits adds nothing, and its `lock` is the same key, so two workers never run one source at once.
- Each batch is one transaction taken in turn with the other writers (`lock.store_turn`), and
  articles are keyed by canonical URL and content hash: a task retried after its worker died stores
  what the dead one had not committed, and nothing twice.
- A worker sends a heartbeat every third of `stalled_after` seconds; every worker looks for tasks of
  workers silent for longer (killed, or their machine lost) when it starts and then as often, and
  puts them back in the queue.
- When a source is done it queues one "rescore" task (deduplicated the same way), which recomputes
  source scores once the sources in flight have settled, as an in-process run does at its end.

The queue's tables live beside the store's, named `procrastinate_*`, made by migration 0011.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy, SyncPsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.types import JSONValue
from sqlalchemy import Engine

from db.engine import normalise_url
from ingest.config import EventConfig, Settings, SourceConfig

log = logging.getLogger("presswatch.ingest")

QUEUE = "ingest"
FETCH_TASK = "presswatch.fetch_source"
RESCORE_TASK = "presswatch.rescore"
RESCORE_KEY = "presswatch:rescore"
STALLED_AFTER_S = 30.0  # procrastinate's own default for a worker that stopped sending heartbeats
# a task that fails outright (the store unreachable, a bug) is tried again twice, a minute apart or more
RETRY = RetryStrategy(max_attempts=3, linear_wait=60)


def source_key(event: EventConfig, source: SourceConfig) -> str:
    """The queue's name for one configured source of one event: its queueing lock and its lock."""
    return f"source:{event.slug}:{source.label}"


def conninfo(database_url: str) -> str:
    """The libpq URL psycopg connects with, from the store's SQLAlchemy URL (same host, role, options)."""
    return normalise_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class WorkerState:
    """What a worker's tasks share: the settings read at start, the store's engine, what was done."""

    settings: Settings
    engine: Engine
    done: Counter[str] = field(default_factory=Counter)


def _find_source(settings: Settings, slug: str, label: str) -> tuple[EventConfig, SourceConfig] | None:
    for event in settings.events:
        if event.slug == slug:
            for source in event.sources:
                if source.label == label:
                    return event, source
    return None


def fetch_source(context: JobContext, events: list[str], event: str, source: str) -> str:
    """Task: ingest one source for `events` (slugs). A source no longer in this worker's config is
    logged and dropped, not retried: every retry would find it missing again."""
    from ingest.run import runner

    state: WorkerState = context.additional_context["presswatch"]
    found = _find_source(state.settings, event, source)
    if found is None:
        log.warning("%s: not a source of event %r in %s; task dropped", source, event, state.settings.config_path)
        state.done["dropped"] += 1
        return "dropped"
    chosen = [e for e in state.settings.events if e.slug in events] or [found[0]]
    report = runner.run_one_source(state.engine, state.settings, chosen, found[0], found[1],
                                   run_command(context.job.id))
    for err in report.errors[:20]:
        log.warning("%s", err["message"])
    state.done["sources"] += 1
    _defer_rescore(context.app, events)
    return report.summary()


def run_command(job_id: int | None) -> str:
    """The `ingest_runs.command` of a task's run: names the task, so a run whose worker died with it
    can be closed when the task is found stalled (`close_runs`)."""
    return f"worker task {job_id}"


def close_runs(engine: Engine, job_ids: Sequence[int]) -> int:
    """Mark the runs of stalled tasks interrupted: their worker died mid-run (SIGKILL, a lost machine) and
    never closed its `ingest_runs` row, which would otherwise say "running" for good. Their batches
    were committed or rolled back whole; the retried task starts a run of its own."""
    if not job_ids:
        return 0
    from sqlalchemy import update

    from db.engine import store_turn
    from db.models import IngestRun
    from ingest import utc

    with engine.begin() as conn:
        store_turn(conn)
        done = conn.execute(update(IngestRun).where(
            IngestRun.status == "running", IngestRun.command.in_([run_command(j) for j in job_ids]),
        ).values(status="interrupted", finished_at=utc.now()))
    return int(done.rowcount or 0)


def rescore_scores(context: JobContext, events: list[str]) -> str:
    """Task: source scores and imported ratings from the stored rows (batches kept the rest current), then
    the events' alert rules, which so run once after the sources queued together are in."""
    from ingest.run.rescore import rescore

    state: WorkerState = context.additional_context["presswatch"]
    chosen = [e for e in state.settings.events if e.slug in events]
    state.done["rescores"] += 1
    summary = rescore(state.engine, state.settings, chosen or None, full=False)
    from ingest.alerts.check import check_after_run  # after the sources' articles are in: one check per rescore

    for line in check_after_run(state.engine, state.settings, chosen):
        log.warning("%s", line) if line.startswith("presswatch:") else log.info("%s", line)
    return summary


def make_app(database_url: str, sync: bool = False) -> App:
    """The queue on the store's database: with the async connector for workers, the sync one for
    commands that only enqueue or read."""
    info = conninfo(database_url)
    connector = SyncPsycopgConnector(conninfo=info) if sync else PsycopgConnector(conninfo=info)
    app = App(connector=connector)
    app.task(name=FETCH_TASK, queue=QUEUE, pass_context=True, retry=RETRY)(fetch_source)
    app.task(name=RESCORE_TASK, queue=QUEUE, pass_context=True, retry=RETRY)(rescore_scores)
    return app


def _defer_rescore(app: App, events: Sequence[str]) -> None:
    with contextlib.suppress(AlreadyEnqueued):  # one is waiting already, and it will see this source's articles
        app.configure_task(RESCORE_TASK, queueing_lock=RESCORE_KEY, lock=RESCORE_KEY).defer(events=[*events])


@dataclass
class Enqueued:
    queued: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def enqueue_sources(database_url: str, events: Sequence[EventConfig]) -> Enqueued:
    """Queue one fetch task per source of `events`; a source already waiting is left as it is."""
    done = Enqueued()
    slugs: list[JSONValue] = [e.slug for e in events]
    app = make_app(database_url, sync=True)
    with app.open():
        for event in events:
            for source in event.sources:
                key = source_key(event, source)
                try:
                    app.configure_task(FETCH_TASK, queueing_lock=key, lock=key).defer(
                        events=slugs, event=event.slug, source=source.label)
                    done.queued.append(key)
                except AlreadyEnqueued:
                    done.already.append(key)
    return done


async def retry_stalled(app: App, stalled_after: float, engine: Engine | None = None) -> list[int]:
    """Put the running tasks of workers silent for `stalled_after` seconds back in the queue (and, given
    the store's engine, close the runs they left open)."""
    await app.job_manager.prune_stalled_workers(stalled_after)
    stalled = await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after)
    ids = [job.id for job in stalled if job.id is not None]
    if engine is not None and ids:  # before the tasks are queued again: a worker taking one opens a new run
        await asyncio.to_thread(close_runs, engine, ids)
    for job in stalled:
        log.warning("task %s (%s) of a stalled worker: queued again", job.id, job.call_string)
        await app.job_manager.retry_job(job)
    return ids


async def _keep_retrying(app: App, state: WorkerState, stalled_after: float) -> None:
    while True:
        await asyncio.sleep(stalled_after)
        try:
            state.done["retried"] += len(await retry_stalled(app, stalled_after, state.engine))
        except Exception as exc:  # the store is briefly unreachable: try again next time
            log.warning("could not look for stalled tasks: %s", str(exc).splitlines()[0])


def warm_up(events: Sequence[EventConfig]) -> None:
    """Load what a task needs (the pipeline's modules, extraction, tone lexicon, MinHash, language
    rules) on one made-up page, before this worker registers with the queue: else its first task runs
    seconds longer than the rest while another worker's could be taking it."""
    from ingest import utc
    from ingest.run import rescore, runner  # noqa: F401 - imported for what they load
    from ingest.stages.documents import RawDocument
    from ingest.stages.enrich import process

    term = next((t for e in events for t in e.terms), "Presswatch")
    paragraph = f"<p>{term} was in the news again on Monday. “We are still working on it,” said Ana Ruiz.</p>"
    html = (f"<html><head><title>{term}</title></head><body><article><h1>{term}</h1>"
            f"{paragraph * 6}</article></body></html>")
    try:
        process(RawDocument(url="https://presswatch.invalid/warm-up", origin="warm-up", html=html,
                            published_at=utc.now()), events)
    except Exception as exc:  # a cold first task is slower, not wrong
        log.info("warm-up page not processed: %s", exc)


def work(state: WorkerState, concurrency: int = 1, until_empty: bool = False,
         stalled_after: float = STALLED_AFTER_S) -> Counter[str]:
    """Run a worker until SIGTERM or Ctrl-C (which let the running tasks finish first), or with
    `until_empty` until no task is left to take. Returns what it did."""

    warm_up(state.settings.events)

    async def run() -> None:
        app = make_app(state.settings.database_url)
        async with app.open_async():
            state.done["retried"] += len(await retry_stalled(app, stalled_after, state.engine))
            watcher = asyncio.create_task(_keep_retrying(app, state, stalled_after))
            options: dict[str, Any] = {
                "queues": [QUEUE], "concurrency": concurrency, "wait": not until_empty,
                "additional_context": {"presswatch": state}, "delete_jobs": "successful",
                "update_heartbeat_interval": stalled_after / 3, "stalled_worker_timeout": stalled_after,
            }
            try:
                await app.run_worker_async(**options)
                # with --until-empty, a task of a worker found dead meanwhile is still this worker's to do
                while until_empty and (retried := await retry_stalled(app, stalled_after, state.engine)):
                    state.done["retried"] += len(retried)
                    await app.run_worker_async(**options)
            finally:
                watcher.cancel()

    asyncio.run(run())
    return state.done
