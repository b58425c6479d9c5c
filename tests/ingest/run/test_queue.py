"""Ingest through the PostgreSQL task queue: `presswatch run` enqueues, `presswatch worker` processes ingest.

Against the real PostgreSQL server, with real worker processes and real pages over HTTP on 127.0.0.1:
four sources (URL lists) whose lists overlap, so two workers at once meet the same pages. Skipped,
loudly, when PostgreSQL does not answer (see tests/conftest.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from bench.ingest import pages
from db.engine import make_engine, upgrade
from db.models import Article, IngestRun
from db.reads import health
from ingest.cli import main
from tests.conftest import _reset_pg
from tests.ingest.run.store_checks import problems, rebuilt_cells, same_cells, stored_cells

ROOT = Path(__file__).resolve().parents[3]
PAGES, SOURCES, PER_SOURCE = 48, 4, 18  # source i lists pages 10i … 10i+17: neighbours share 8 pages


@dataclass
class Site:
    """The served pages and the delay each request waits (slow pages keep a task running long enough
    to be interrupted)."""

    base: str
    paths: list[str]
    delay_s: float = 0.0


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    served = pages(PAGES, "bare")
    state = Site("", list(served))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            time.sleep(state.delay_s)
            body = served.get(self.path) or (b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield state
    httpd.shutdown()


@pytest.fixture
def pg(pg_server_url: str) -> Iterator[Engine]:
    _reset_pg(pg_server_url)
    engine = make_engine(pg_server_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def opts(tmp_path: Path, site: Site, pg: Engine) -> list[str]:
    """--config (four URL-list sources of one event) and --database for the commands."""
    site.delay_s = 0.0
    sources = ""
    for i in range(SOURCES):
        chosen = site.paths[10 * i:10 * i + PER_SOURCE]
        (tmp_path / f"urls-{i}.txt").write_text("".join(f"{site.base}{p}\n" for p in chosen), encoding="utf-8")
        sources += f'\n[[event.source]]\nkind = "urls"\npath = "urls-{i}.txt"\n'
    config = tmp_path / "monitor.toml"
    config.write_text(f"""
[fetch]
user_agent = "Presswatch/0.1.0-test (+https://presswatch.example/contact)"
per_host_delay_s = 0
allow_private = true
timeout_s = 10

[[event]]
slug = "bench"
name = "Bench"
terms = ["Vahedmir", "Vahed-Mir", "Wahedmir", "Vahedmeer"]
{sources}""", encoding="utf-8")
    return ["--config", str(config), "--database", pg.url.render_as_string(hide_password=False)]


def _worker(opts: list[str], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "ingest", "worker", *opts, *extra], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _finish(proc: subprocess.Popen[str], timeout: float = 240) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def _jobs(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {s: int(n) for s, n in conn.execute(text(
            "SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status"))}


def _wait_for(check: Any, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _stored(engine: Engine) -> tuple[int, int]:
    """(articles, distinct canonical URLs)."""
    with engine.connect() as conn:
        return (int(conn.execute(select(func.count()).select_from(Article)).scalar_one()),
                int(conn.execute(select(func.count(func.distinct(Article.canonical_url)))).scalar_one()))


def _whole_and_consistent(engine: Engine) -> None:
    assert _stored(engine) == (PAGES, PAGES), "every page stored, and once"
    assert problems(engine) == []
    same_cells(stored_cells(engine), rebuilt_cells(engine), "after the workers")
    with engine.connect() as conn:
        errors = [e for run in conn.execute(select(IngestRun.errors)).scalars() for e in run or []]
    assert errors == [], errors


def test_run_enqueues_each_source_once_and_returns(opts: list[str], pg: Engine,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", *opts]) == 0
    assert capsys.readouterr().out.startswith(f"{SOURCES} sources queued on ")
    assert main(["run", *opts]) == 0
    assert capsys.readouterr().out.startswith(f"0 sources queued, {SOURCES} already waiting on ")
    assert _jobs(pg) == {"todo": SOURCES}
    with pg.connect() as conn:
        locks = conn.execute(text("SELECT queueing_lock FROM procrastinate_jobs")).scalars().all()
    assert len(set(locks)) == SOURCES and all(lock.startswith("source:bench:urls:") for lock in locks)
    assert _stored(pg) == (0, 0), "run only enqueues"
    assert health.queue(pg) == {"queued": SOURCES, "running": 0, "failed": 0, "workers": 0}
    assert main(["status", *opts]) == 0
    assert f"task queue: {SOURCES} queued, 0 running, 0 failed, 0 workers alive\n" in capsys.readouterr().out


def test_two_workers_at_once_store_every_page_once(opts: list[str], pg: Engine, site: Site) -> None:
    site.delay_s = 0.05  # a task takes about a second: both workers get some
    assert main(["run", *opts]) == 0
    workers = [_worker(opts, "--until-empty") for _ in range(2)]
    results = [_finish(w) for w in workers]
    for code, _, err in results:
        assert code == 0, err
        assert "presswatch: " not in err
    ingested = [int(out.split("worker stopped: ")[1].split(" sources")[0]) for _, out, _ in results]
    assert sum(ingested) == SOURCES and min(ingested) > 0, f"tasks per worker: {ingested}"
    _whole_and_consistent(pg)
    assert _jobs(pg) == {}, "successful tasks are deleted; none waits, runs or failed"
    with pg.connect() as conn:
        runs = conn.execute(select(IngestRun.command, IngestRun.status)).all()
    assert sorted(s for _, s in runs) == ["ok"] * SOURCES
    assert len({c for c, _ in runs}) == SOURCES and all(c.startswith("worker task ") for c, _ in runs)


def test_a_task_of_a_killed_worker_is_retried_and_nothing_is_half_written(opts: list[str], pg: Engine,
                                                                          site: Site) -> None:
    site.delay_s = 0.15
    assert main(["run", *opts]) == 0
    first = _worker(opts, "--stalled-after", "2")
    try:
        # the first source is stored and the next one is under way
        _wait_for(lambda: _stored(pg)[0] > 0 and _jobs(pg).get("doing", 0) == 1, what="a stored source")
        time.sleep(0.5)
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
    before = _stored(pg)[0]
    assert 0 < before < PAGES
    assert _jobs(pg).get("doing") == 1, "the killed worker's task is left running, until found stalled"
    assert problems(pg) == []
    same_cells(stored_cells(pg), rebuilt_cells(pg), "after SIGKILL")
    time.sleep(2.5)  # past --stalled-after: the dead worker's heartbeat is stale
    code, out, err = _finish(_worker(opts, "--until-empty", "--stalled-after", "2"))
    assert code == 0, err
    assert "1 tasks of stalled workers queued again" in out
    _whole_and_consistent(pg)
    assert _jobs(pg) == {}
    with pg.connect() as conn:  # the dead worker's run is closed, not left "running" for good
        statuses = Counter(conn.execute(select(IngestRun.status)).scalars())
    assert statuses["running"] == 0 and statuses["interrupted"] == 1, statuses


def test_sigterm_lets_the_running_task_finish_and_leaves_the_rest_queued(opts: list[str], pg: Engine,
                                                                        site: Site) -> None:
    site.delay_s = 0.1
    assert main(["run", *opts]) == 0
    worker = _worker(opts)
    _wait_for(lambda: _jobs(pg).get("doing", 0) == 1, what="a running task")
    worker.send_signal(signal.SIGTERM)
    code, out, err = _finish(worker, timeout=60)
    assert code == 0, err
    assert "worker stopped: 1 sources ingested" in out
    with pg.connect() as conn:
        waiting = conn.execute(text("SELECT task_name, count(*) FROM procrastinate_jobs WHERE status = 'todo' "
                                    "GROUP BY task_name")).all()
    assert dict(waiting) == {"presswatch.fetch_source": SOURCES - 1, "presswatch.rescore": 1}
    assert _jobs(pg) == {"todo": SOURCES}
    with pg.connect() as conn:
        runs = conn.execute(select(IngestRun.status, IngestRun.counts)).all()
    assert [r.status for r in runs] == ["ok"]
    assert _stored(pg)[0] == runs[0].counts["stored"] == PER_SOURCE
    assert problems(pg) == []


def test_worker_on_sqlite_says_why_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text('[[event]]\nslug = "e"\nname = "E"\nterms = ["x"]\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["worker", "--config", str(config), "--database", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"presswatch: worker needs a PostgreSQL store; {url} is sqlite, where `presswatch run`")
