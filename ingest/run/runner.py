"""Orchestrates runs over configured sources: the cron lock, fetch state, connectors, the pipeline.

Connectors only yield documents; this module loads `fetch_state` into the Fetcher before a run and
saves it after, so conditional requests and back-off survive between cron runs, and records every
failing source on the run row without stopping the others.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, delete, insert, make_url, select

from db.errors import naming_full_store
from db.models import Article, FetchState
from ingest.config import EventConfig, Settings, SourceConfig
from ingest.fetch.client import Fetcher, FetchValidators
from ingest.run.lock import DatabaseLock, RunLock, store_turn
from ingest.run.pipeline import Pipeline, Progress, RunReport
from ingest.run.rescore import rescore
from ingest.sources.registry import CONNECTORS
from ingest.stages.dedupe import canonical_url
from ingest.stages.documents import RawDocument, SourceFailure
from ingest.store.batch import ensure_events
from ingest.store.relink import events_with_new_terms, relink

log = logging.getLogger("presswatch.ingest")

__all__ = ["RunReport", "rescore", "run_adhoc", "run_lock", "run_one_source", "run_sources"]


def lock_path(settings: Settings) -> Path:
    """The lock file of the database: beside a SQLite file, else in the data folder, named by the URL."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.name + ".ingest.lock")
    key = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
    return settings.data_dir / f"ingest-{key}.lock"


@contextmanager
def run_lock(settings: Settings, engine: Engine) -> Iterator[None]:
    """One run that writes to a database at a time; a second one fails at once (exit 75).

    The file lock covers this machine; on PostgreSQL the database's advisory lock also covers runs on
    other machines that write to the same store. Every write of a command happens inside, so this is
    also where a full store becomes StoreFullError, the one message that names the store."""
    path = lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with RunLock(path), DatabaseLock(engine), naming_full_store(engine):
        yield


_STATE_FIELDS = [f.name for f in dataclasses.fields(FetchValidators)]


def load_fetch_state(engine: Engine) -> dict[str, FetchValidators]:
    with engine.connect() as conn:
        rows = conn.execute(select(*(getattr(FetchState, n) for n in ["url", *_STATE_FIELDS]))).all()
    return {row[0]: FetchValidators(**dict(zip(_STATE_FIELDS, row[1:], strict=True))) for row in rows}


def save_fetch_state(engine: Engine, state: dict[str, FetchValidators], before: dict[str, FetchValidators]) -> None:
    """Write back the validators that changed during the run."""
    changed = {u: v for u, v in state.items() if before.get(u) != v}
    if not changed:
        return
    with engine.begin() as conn:
        store_turn(conn)  # queue workers sharing a host save its robots.txt state in turn
        conn.execute(delete(FetchState).where(FetchState.url.in_(list(changed))))
        conn.execute(insert(FetchState), [{"url": u, **dataclasses.asdict(v)} for u, v in changed.items()])


def _known_pages(engine: Engine) -> Callable[[str], bool]:
    """Whether an article URL is already stored, so connectors skip downloading it again."""

    def known(url: str) -> bool:
        try:
            key = canonical_url(url)
        except ValueError:
            return False
        with engine.connect() as conn:
            return conn.execute(select(Article.id).where(Article.canonical_url == key)).first() is not None

    return known


def _source_items(sources: Sequence[tuple[EventConfig, SourceConfig]], fetcher: Fetcher,
                  settings: Settings) -> Iterator[RawDocument | SourceFailure]:
    """Every document of every source; a source that raises is recorded and the next one starts."""
    for event, source in sources:
        read = CONNECTORS.get(source.kind)
        if read is None:
            yield SourceFailure(source.label, f"{source.label}: no connector for kind {source.kind!r}")
            continue
        if source.kind == "newsapi" and "api_key" not in source.options and settings.newsapi_key:
            source = dataclasses.replace(source, options={**source.options, "api_key": settings.newsapi_key})
        try:
            yield from read(source, event, fetcher)
        except Exception as exc:  # a connector bug must not stop the other sources
            yield SourceFailure(source.label, f"{source.label}: {type(exc).__name__}: {exc}")


def _run(engine: Engine, settings: Settings, events: Sequence[EventConfig],
         sources: Sequence[tuple[EventConfig, SourceConfig]], command: str, workers: int,
         progress: Progress | None, in_process: bool = False) -> RunReport:
    with engine.begin() as conn:  # an event new to the store, or with new terms, takes its stored articles
        store_turn(conn)
        stale = events_with_new_terms(conn, events)
        ensure_events(conn, events)
        relink(conn, stale)
    state = load_fetch_state(engine)
    before = {u: dataclasses.replace(v) for u, v in state.items()}
    fetcher = Fetcher(settings.fetch, state, known=_known_pages(engine))
    pipeline = Pipeline(engine, events, workers=workers, progress=progress, in_process=in_process)
    try:
        report = pipeline.run(_source_items(sources, fetcher, settings), command)
    finally:
        save_fetch_state(engine, state, before)
        fetcher.close()
    return report


def run_sources(engine: Engine, settings: Settings, events: Sequence[EventConfig], command: str,
                workers: int = 1, progress: Progress | None = None) -> RunReport:
    """Every configured source of `events` (what `ingest run` and `ingest demo` call)."""
    sources = [(e, s) for e in events for s in e.sources]
    return _run(engine, settings, events, sources, command, workers, progress)


def run_adhoc(engine: Engine, settings: Settings, events: Sequence[EventConfig], sources: Sequence[SourceConfig],
              command: str, workers: int = 1, progress: Progress | None = None) -> RunReport:
    """Sources given on the command line, for the chosen events."""
    return _run(engine, settings, events, [(events[0], s) for s in sources], command, workers, progress)



def run_one_source(engine: Engine, settings: Settings, events: Sequence[EventConfig], event: EventConfig,
                   source: SourceConfig, command: str) -> RunReport:
    """One configured source, extracted in this process: a queue worker's task. Its batches link
    what they store to every one of `events`, as a run over all sources would."""
    return _run(engine, settings, events, [(event, source)], command, 1, None, in_process=True)
