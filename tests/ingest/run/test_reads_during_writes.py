"""While an ingest writes 3,000 demo articles, the dashboard's reads and `presswatch export` run again and
again on the same store: every read of the sidebar and of each page (tests/db/page_reads.py, through
the dashboard's read-only engine) and each export, one after the other, until the ingest ends. None
fails — no "database is locked", no other error — and the headline numbers (the Overview's KPIs, the
coverage series summed, the stored totals of the health page, the rows of each export) never go down
from one read to the next. Once the ingest has ended the reads agree with what it stored.

SQLite in WAL mode lets readers see the last commit without waiting for the writer, so the page reads
run with no busy timeout there: a read that had to wait fails instead; PostgreSQL readers never wait
for writers. The export is a process of its own that opens the store as every command does
(checking the schema first), which is what cron and an analyst's script do while a run writes.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError

from db.engine import make_engine
from db.models import Article
from ingest.demo.corpus import DemoFiles, write_demo_corpus
from tests.db.page_reads import check_has_data, read_every_page

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = 3_000
EXPORTS = ("articles", "quotes", "daily", "sources")


def _headline(reads: dict[str, Any]) -> dict[str, int]:
    """The numbers a reader must never see shrink while articles are only added."""
    kpis, series = reads["overview.kpis"], reads["overview.series"]
    return {"kpis.articles": kpis["articles"], "kpis.quotes": kpis["quotes"], "kpis.sources": kpis["sources"],
            "kpis.figures": kpis["figures"], "coverage.articles": int(series["articles"].sum()),
            "coverage.quotes": int(series["quotes"].sum()),
            **{f"stored.{name}": int(n) for name, n in reads["health.counts"].items()}}


def _went_down(earlier: dict[str, int], later: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {name: (earlier[name], later[name]) for name in earlier if later[name] < earlier[name]}


def _rows(csv_text: str) -> int:
    """Data rows of an export: after its `#` manifest lines and its header."""
    return max(0, sum(1 for line in csv_text.splitlines() if not line.startswith("#")) - 1)


class Exports(threading.Thread):
    """`presswatch export` of each table in turn, as separate processes, until `stop` is set; each result
    is (table, exit code, stderr, data rows, whether the ingest was still writing when it ended)."""

    def __init__(self, files: DemoFiles, url: str, writing: Callable[[], bool]) -> None:
        super().__init__(name="exports", daemon=True)
        self.files, self.url, self.writing = files, url, writing
        self.stop = threading.Event()
        self.results: list[tuple[str, int, str, int, bool]] = []

    def run(self) -> None:
        for what in itertools.cycle(EXPORTS):
            if self.stop.is_set():
                return
            done = subprocess.run([sys.executable, "-m", "ingest", "export", "--event", self.files.event_slug,
                                   "--what", what, "--config", str(self.files.config), "--database", self.url],
                                  cwd=ROOT, capture_output=True, text=True, timeout=300)
            self.results.append((what, done.returncode, done.stderr, _rows(done.stdout), self.writing()))


def _first_commit(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    """Wait until the ingest has committed its first batch (before it there is no event to read)."""
    engine = make_engine(url, readonly=True)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with engine.connect() as conn:
                    if conn.execute(select(func.count()).select_from(Article)).scalar_one():
                        return
            except DBAPIError:  # no file or no schema yet
                pass
            time.sleep(0.1)
    finally:
        engine.dispose()
    pytest.fail(f"the ingest stored nothing within {timeout_s:g} s (exit {proc.poll()})")


def test_every_page_and_export_read_while_an_ingest_writes(backend_url: str, tmp_path: Path) -> None:
    files = write_demo_corpus(tmp_path / "demo", articles=ARTICLES, seed=3)
    started = time.monotonic()
    with (tmp_path / "ingest.err").open("w+b") as err:
        ingest = subprocess.Popen([sys.executable, "-m", "ingest", "files", str(files.articles), "--config",
                                   str(files.config), "--database", backend_url, "--workers", "2"],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=err, start_new_session=True)
        reader = make_engine(backend_url, readonly=True)  # the dashboard's engine
        if reader.dialect.name == "sqlite":  # a read that waited for the writer would fail at once
            event.listen(reader, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA busy_timeout=0"))
        errors: list[str] = []
        event.listen(reader, "handle_error", lambda ctx: errors.append(str(ctx.original_exception)))
        exports = Exports(files, backend_url, lambda: ingest.poll() is None)
        rounds: list[tuple[float, dict[str, int]]] = []
        try:
            _first_commit(backend_url, ingest)
            exports.start()
            while ingest.poll() is None:
                began = time.monotonic()
                headline = _headline(read_every_page(reader))
                if ingest.poll() is None:  # a round that ended after the ingest is not a read during it
                    rounds.append((time.monotonic() - began, headline))
        finally:
            exports.stop.set()
            if ingest.poll() is None:  # a read failed: stop the run and its workers
                os.killpg(ingest.pid, signal.SIGKILL)
            out, _ = ingest.communicate(timeout=300)
            exports.join(300)
        written_s = time.monotonic() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        final = read_every_page(reader)
        reader.dispose()

    during = sum(1 for *_, writing in exports.results if writing)
    summary = (f"{len(rounds)} rounds of page reads during a {written_s:.0f} s ingest (slowest "
               f"{max((s for s, _ in rounds), default=0):.1f} s), {during} exports during it, "
               f"{len(exports.results)} in all")
    print(summary)
    assert ingest.returncode == 0, stderr
    assert f"{ARTICLES} documents" in out.decode(), out
    assert "locked" not in stderr and "Traceback" not in stderr, stderr
    assert errors == [], errors
    failed = [(what, code, err_text[-500:]) for what, code, err_text, *_ in exports.results if code or err_text]
    assert failed == [], failed
    assert len(rounds) >= 3 and during >= 1, summary  # the reads did overlap the writes
    for (_, earlier), (_, later) in itertools.pairwise(rounds):
        assert not _went_down(earlier, later), f"{summary}: went down {_went_down(earlier, later)}"
    for what in EXPORTS:
        counts = [rows for table, _, _, rows, _ in exports.results if table == what]
        assert counts == sorted(counts), f"{what} export rows went down: {counts}"
    # the writes are over: the pages show everything stored, and nothing a reader saw was more than that
    check_has_data(final)
    last = _headline(final)
    assert last["kpis.articles"] == last["coverage.articles"] == last["stored.articles"], last
    assert last["kpis.quotes"] == last["coverage.quotes"] == last["stored.quotes"], last
    assert not _went_down(rounds[-1][1], last)
