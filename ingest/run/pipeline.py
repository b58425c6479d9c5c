"""Runs the stages: connectors → workers (extract, tone, relevance, quotes, MinHash) → store, in batches.

The pipeline owns ordering, batching, workers, transactions and error isolation. A bad document or
an unreachable source is recorded on the `ingest_runs` row and skipped; it never stops the run or
rolls back other articles. A batch is one transaction, so an interrupted run leaves no half-written
article, and because articles are keyed by canonical URL a second run stores nothing twice.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from queue import Empty, Queue
from typing import Any

from sqlalchemy import Engine, insert, update

from db.errors import is_store_full
from db.models import IngestRun
from ingest import utc
from ingest.config import EventConfig
from ingest.run.interrupts import Checkpoint, held
from ingest.run.lock import store_turn
from ingest.stages.documents import ProcessedArticle, RawDocument, SourceFailure
from ingest.stages.enrich import process
from ingest.stages.extract import ExtractionError
from ingest.store.batch import BatchWriter

log = logging.getLogger("presswatch.ingest")
BATCH_SIZE = 100
MAX_RECORDED_ERRORS = 1_000
EXIT_OK, EXIT_PARTIAL = 0, 1

Item = RawDocument | SourceFailure
Progress = Callable[[Counter[str]], None]


@dataclass
class RunReport:
    """What a run did; `exit_code` follows the CLI contract (0 ok, 1 some inputs failed)."""

    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, str]] = field(default_factory=list)
    status: str = "running"

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.errors or self.counts["failed"] else EXIT_OK

    def record_error(self, origin: str, message: str) -> None:
        """Keep a failure; its message always starts with the input it is about."""
        self.counts["errors"] += 1
        if not message.startswith(origin):
            message = f"{origin}: {message}"
        if len(self.errors) < MAX_RECORDED_ERRORS:
            self.errors.append({"origin": origin, "message": message})

    def summary(self) -> str:
        c = self.counts
        return (f"run {self.run_id} {self.status}: {c['documents']} documents, {c['stored']} stored, "
                f"{c['already_stored']} already stored, {c['exact_copies']} exact copies dropped, "
                f"{c['off_topic']} off-topic, {c['errors']} errors")


def _safe_process(doc: RawDocument, events: Sequence[EventConfig]) -> ProcessedArticle | SourceFailure:
    """`process` that turns a failure into a record, so one document never stops a worker."""
    try:
        return process(doc, events)
    except ExtractionError as exc:
        return SourceFailure(doc.origin, str(exc))
    except Exception as exc:  # a stage bug must not end the run; the message names the input
        return SourceFailure(doc.origin, f"{doc.origin}: {type(exc).__name__}: {exc}")


def _process_batch(args: tuple[list[RawDocument], Sequence[EventConfig]]) -> list[ProcessedArticle | SourceFailure]:
    docs, events = args
    return [_safe_process(d, events) for d in docs]


class Pipeline:
    """One ingest run over any stream of documents, for a set of events."""

    def __init__(self, engine: Engine, events: Sequence[EventConfig], workers: int = 1,
                 batch_size: int = BATCH_SIZE, progress: Progress | None = None, in_process: bool = False) -> None:
        """`in_process` extracts in this process instead of a pool of worker processes: what a queue
        worker does, whose parallelism is its fellow workers, and which runs tasks on a thread of an
        event loop, where forking a pool could copy locks that its other threads hold."""
        if not events:
            raise ValueError("no events to ingest for")
        self.engine, self.events, self.workers = engine, tuple(events), max(1, workers)
        self.batch_size, self.progress, self.in_process = batch_size, progress, in_process

    def start_run(self, command: str) -> RunReport:
        with held(), self.engine.begin() as conn:
            run_id = conn.execute(insert(IngestRun).values(
                command=command, event_slug=",".join(e.slug for e in self.events),
                started_at=utc.now(), status="running", counts={}, errors=[],
            ).returning(IngestRun.id)).scalar_one()
        return RunReport(run_id=run_id)

    def finish_run(self, report: RunReport, status: str | None = None) -> None:
        report.status = status or ("partial" if report.exit_code else "ok")
        with held(), self.engine.begin() as conn:
            conn.execute(update(IngestRun).where(IngestRun.id == report.run_id).values(
                finished_at=utc.now(), status=report.status,
                counts=dict(report.counts), errors=report.errors,
            ))

    def run(self, items: Iterable[Item], command: str) -> RunReport:
        """Ingest everything `items` yields; always closes the run row, even when interrupted."""
        report = self.start_run(command)
        try:
            self.ingest(items, report)
        except BaseException as exc:
            try:
                self.finish_run(report, "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed")
            except Exception as close_exc:  # the store is unreachable or full: what stopped the run is the news
                # a full store is reported once, by the caller; a second line would only repeat it
                level = logging.INFO if is_store_full(close_exc) else logging.WARNING
                log.log(level, "could not close run %s: %s", report.run_id, str(close_exc).splitlines()[0])
            raise
        self.finish_run(report)
        return report

    def ingest(self, items: Iterable[Item], report: RunReport) -> None:
        with self.engine.begin() as conn:
            store_turn(conn)
            writer = BatchWriter(conn, self.events)
        # Everything alive now (modules, models, lexicons, caches) lives for the whole run: frozen, the
        # collector stops rescanning it in every full collection of this process (a tenth of a second
        # each), and forked workers do not copy the pages it would touch.
        gc.freeze()
        try:
            # Even one worker is a process of its own: reading sources (a thread), extracting (the
            # workers) and storing (this thread) then overlap instead of taking turns, and no download
            # thread competes with extraction for this process's interpreter lock.
            with held() as checkpoint, self._pool() as pool:
                # start the workers now, before the source thread and its downloads do: forking a process
                # while other threads hold locks can leave the child waiting on a lock nobody will release
                list(pool.map(abs, range(self.workers)))
                arrivals = _arrivals(items, depth=self.batch_size * 2, wait_s=ARRIVAL_WAIT_S)
                try:
                    self._stream(pool, arrivals, writer, report, checkpoint)
                except BaseException:  # what the workers have not started is not waited for
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        finally:
            gc.unfreeze()

    def _pool(self) -> Executor:
        if self.in_process:
            return InlineExecutor()
        return ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init, initargs=(os.getpid(),))

    def _stream(self, pool: Executor, arrivals: Iterable[list[Item]], writer: BatchWriter,
                report: RunReport, checkpoint: Checkpoint) -> None:
        """Hand documents to the workers as they arrive and store the results in listing order.

        Workers get a few documents at a time as soon as the first has downloaded, not a whole batch:
        so they start on the first page while the rest download, and the run's last tasks end close
        together instead of one worker finishing a long task alone. Up to `queued_max` documents wait
        in the workers' queue, enough to keep them busy while this thread stores a batch. A batch is
        stored when full, or after STORE_EVERY_S when the sources are slow (a run over distant hosts
        then shows progress and loses little to an interruption). Once the sources are exhausted, what
        has come back is stored while the workers finish the rest. Ctrl-C takes effect at `checkpoint`,
        between tasks and batches (the workers' chunks are small, so within about a second)."""
        pending: deque[Future[list[ProcessedArticle | SourceFailure]]] = deque()
        queued, queued_max = 0, self.workers * CHUNK * 6
        done: list[ProcessedArticle | SourceFailure] = []
        stored_at = time.monotonic()

        def store(count: int) -> None:
            nonlocal stored_at
            self._store(done[:count], writer, report)
            del done[:count]
            stored_at = time.monotonic()

        def take_head() -> None:
            nonlocal queued
            checkpoint()
            part = pending.popleft().result()
            queued -= len(part)
            done.extend(part)
            if len(done) >= self.batch_size:
                store(self.batch_size)

        for arrived in arrivals:
            checkpoint()
            docs: list[RawDocument] = []
            for item in arrived:
                if isinstance(item, SourceFailure):
                    report.record_error(item.origin, item.message)
                else:
                    docs.append(item)
            if docs:
                report.counts["documents"] += len(docs)
                pending.append(pool.submit(_process_batch, (docs, self.events)))
                queued += len(docs)
            while pending and (queued > queued_max or pending[0].done()):
                take_head()
            if done and time.monotonic() - stored_at >= STORE_EVERY_S:
                store(len(done))
        while pending:
            if done and not pending[0].done():
                store(len(done))
            take_head()
        if done:
            store(len(done))

    def _store(self, processed: list[ProcessedArticle | SourceFailure], writer: BatchWriter,
               report: RunReport) -> None:
        """Store one batch in its own transaction, earliest first (originals before their copies)."""
        good = [p for p in processed if isinstance(p, ProcessedArticle)]
        for failure in (p for p in processed if isinstance(p, SourceFailure)):
            report.record_error(failure.origin, failure.message)
        good.sort(key=lambda p: p.doc.published_at)
        with held():  # a Ctrl-C now lands after the commit and the counts that go with it
            try:
                with self.engine.connect() as conn:  # the reads that need no turn, so the turn is short
                    prefetched = writer.prefetch(conn, good)
                with self.engine.begin() as conn:
                    store_turn(conn)
                    outcome = writer.write(conn, good, prefetched)
            except BaseException:
                writer.reset_caches()
                raise
            report.counts.update(outcome.counts)
            for err in outcome.errors:
                report.record_error(err["origin"], err["message"])
        if self.progress:
            self.progress(report.counts)


class InlineExecutor(Executor):
    """Runs each submitted call at once, in the caller's thread, and hands back its finished future:
    the stream then works the same with or without worker processes."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # as a pool would: raised where the result is taken
            future.set_exception(exc)
        return future


_DONE = object()
CHUNK = 4  # documents per worker task
STORE_EVERY_S = 10.0  # longest a processed article waits for its batch to fill
ARRIVAL_WAIT_S = 1.0  # how often a run whose sources are silent looks at its finished work
PARENT_CHECK_S = 0.2  # how often a worker checks that the main process is still there


def _worker_init(parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which rolls back the current batch and closes the run
    row; a worker that died of it mid-chunk would only add a traceback and a broken pool. They do not
    outlive it, though (see `_end_with`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(parent,), name="presswatch-parent", daemon=True).start()


def _end_with(parent: int) -> None:
    """End this worker once the main process is gone without shutting the pool down (kill -9, the OOM
    killer). A forked worker holds what the main process had open: the run lock's file and, on
    PostgreSQL, the sessions of the advisory lock and of the batch being written. Left running, idle
    on a queue nobody feeds, it kept them for good: every later run exited 75, and on PostgreSQL the
    killed batch's transaction stayed open."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)


def _arrivals(items: Iterable[Item], depth: int, wait_s: float) -> Iterator[list[Item]]:
    """Read the sources (which fetch pages over the network) in a thread, so downloading the next pages
    overlaps with processing and storing the last ones. Yields what has arrived, at most CHUNK items,
    without waiting for more; an empty list when nothing came for `wait_s` (a host backing off), so
    the caller can store what is done meanwhile. An error in the sources is re-raised here."""
    queue: Queue[object] = Queue(maxsize=depth)

    def produce() -> None:
        try:
            for item in items:
                queue.put(item)
        except BaseException as exc:  # handed to the consumer, which raises it in the main thread
            queue.put(exc)
        queue.put(_DONE)

    threading.Thread(target=produce, name="presswatch-sources", daemon=True).start()
    while True:
        try:
            arrived = [queue.get(timeout=wait_s)]
        except Empty:
            yield []
            continue
        while len(arrived) < CHUNK and arrived[-1] is not _DONE and not isinstance(arrived[-1], BaseException):
            try:
                arrived.append(queue.get_nowait())
            except Empty:
                break
        last = arrived[-1]
        if last is _DONE or isinstance(last, BaseException):
            arrived.pop()
        if arrived:
            yield arrived  # type: ignore[misc]
        if isinstance(last, BaseException):
            raise last
        if last is _DONE:
            return
