"""Runs the stages: connectors → workers (extract, tone, relevance, quotes, MinHash) → store, in batches.

The pipeline owns ordering, batching, workers, transactions and error isolation. A bad document or
an unreachable source is recorded on the `ingest_runs` row and skipped; it never stops the run or
rolls back other articles. A batch is one transaction, so an interrupted run leaves no half-written
article, and because articles are keyed by canonical URL a second run stores nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from queue import Queue

from sqlalchemy import Engine, insert, update

from db.models import IngestRun
from ingest.config import EventConfig
from ingest.documents import ProcessedArticle, RawDocument, SourceFailure
from ingest.enrich import process
from ingest.extract import ExtractionError
from ingest.store import BatchWriter

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


def _batches(items: Iterable[Item], size: int, report: RunReport) -> Iterator[list[RawDocument]]:
    """Documents grouped in batches; failures are recorded as they stream past."""
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        docs: list[RawDocument] = []
        for item in chunk:
            if isinstance(item, SourceFailure):
                report.record_error(item.origin, item.message)
            else:
                docs.append(item)
        report.counts["documents"] += len(docs)
        if docs:
            yield docs


class Pipeline:
    """One ingest run over any stream of documents, for a set of events."""

    def __init__(self, engine: Engine, events: Sequence[EventConfig], workers: int = 1,
                 batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> None:
        if not events:
            raise ValueError("no events to ingest for")
        self.engine, self.events, self.workers = engine, tuple(events), max(1, workers)
        self.batch_size, self.progress = batch_size, progress

    def start_run(self, command: str) -> RunReport:
        with self.engine.begin() as conn:
            run_id = conn.execute(insert(IngestRun).values(
                command=command, event_slug=",".join(e.slug for e in self.events),
                started_at=dt.datetime.now(dt.UTC), status="running", counts={}, errors=[],
            ).returning(IngestRun.id)).scalar_one()
        return RunReport(run_id=run_id)

    def finish_run(self, report: RunReport, status: str | None = None) -> None:
        report.status = status or ("partial" if report.exit_code else "ok")
        with self.engine.begin() as conn:
            conn.execute(update(IngestRun).where(IngestRun.id == report.run_id).values(
                finished_at=dt.datetime.now(dt.UTC), status=report.status,
                counts=dict(report.counts), errors=report.errors,
            ))

    def run(self, items: Iterable[Item], command: str) -> RunReport:
        """Ingest everything `items` yields; always closes the run row, even when interrupted."""
        report = self.start_run(command)
        try:
            self.ingest(items, report)
        except BaseException:
            self.finish_run(report, "interrupted")
            raise
        self.finish_run(report)
        return report

    def ingest(self, items: Iterable[Item], report: RunReport) -> None:
        with self.engine.begin() as conn:
            writer = BatchWriter(conn, self.events)
        batches = _batches(items, self.batch_size, report)
        # Even one worker is a process of its own: reading sources (a thread), extracting (the workers)
        # and storing (this thread) then overlap instead of taking turns, and no download thread
        # competes with extraction for this process's interpreter lock.
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init) as pool:
            # start the workers now, before the source thread and its downloads do: forking a process
            # while other threads hold locks can leave the child waiting on a lock nobody will release
            list(pool.map(abs, range(self.workers)))
            small = max(1, self.batch_size // (self.workers * 2))
            chunks = ((list(c), self.events) for b in _prefetch(batches) for c in _split(b, small))
            done = _bounded_map(pool, chunks, in_flight=self.workers * 3)
            self._store_all(_regroup(done, self.batch_size), writer, report)

    def _store_all(self, results: Iterable[list[ProcessedArticle | SourceFailure]], writer: BatchWriter,
                   report: RunReport) -> None:
        for processed in results:
            good = [p for p in processed if isinstance(p, ProcessedArticle)]
            for failure in (p for p in processed if isinstance(p, SourceFailure)):
                report.record_error(failure.origin, failure.message)
            good.sort(key=lambda p: p.doc.published_at)  # earliest first: originals before copies
            try:
                with self.engine.begin() as conn:
                    outcome = writer.write(conn, good)
            except BaseException:
                writer.reset_caches()
                raise
            report.counts.update(outcome.counts)
            for err in outcome.errors:
                report.record_error(err["origin"], err["message"])
            if self.progress:
                self.progress(report.counts)


_DONE = object()


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which rolls back the current batch and closes the run
    row; a worker that died of it mid-chunk would only add a traceback and a broken pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prefetch(batches: Iterator[list[RawDocument]], depth: int = 4) -> Iterator[list[RawDocument]]:
    """Read the sources (which fetch pages over the network) in a thread, so downloading the next pages
    overlaps with processing and storing the last ones; an error in the sources is re-raised here."""
    queue: Queue[object] = Queue(maxsize=depth)

    def produce() -> None:
        try:
            for batch in batches:
                queue.put(batch)
        except BaseException as exc:  # handed to the consumer, which raises it in the main thread
            queue.put(exc)
        queue.put(_DONE)

    threading.Thread(target=produce, name="presswatch-sources", daemon=True).start()
    while (item := queue.get()) is not _DONE:
        if isinstance(item, BaseException):
            raise item
        yield item  # type: ignore[misc]


def _bounded_map(pool: ProcessPoolExecutor, chunks: Iterable[tuple[list[RawDocument], Sequence[EventConfig]]],
                 in_flight: int) -> Iterator[list[ProcessedArticle | SourceFailure]]:
    """Ordered map that keeps only `in_flight` chunks queued, so a huge source is not read into memory
    (Executor.map submits everything up front)."""
    pending: deque[Future[list[ProcessedArticle | SourceFailure]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_process_batch, chunk))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _split(batch: list[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    for i in range(0, len(batch), size):
        yield batch[i:i + size]


def _regroup(parts: Iterable[list[ProcessedArticle | SourceFailure]], size: int,
             ) -> Iterator[list[ProcessedArticle | SourceFailure]]:
    """Reassemble worker chunks into store-sized batches, in order."""
    buffer: list[ProcessedArticle | SourceFailure] = []
    for part in parts:
        buffer.extend(part)
        if len(buffer) >= size:
            yield buffer
            buffer = []
    if buffer:
        yield buffer
