"""`python -m bench ingest --backend postgresql --workers 1,2 [--pages N] [--sources K] [--repeat R] --json`

Ingest through the PostgreSQL task queue as a deployment does: N demo article pages served over HTTP
from 127.0.0.1, split into K URL-list sources of one event; `presswatch run` queues the K sources and
W `presswatch worker` processes (one task at a time each) take them. A round starts the workers,
waits until all have registered with the queue (each loads its models first), enqueues, and times
until the queue is empty (every source stored and the rescore after them done), then stops the
workers with SIGTERM. Interpreter start-up is outside the timing: a worker is a long-lived process.

- `pages_per_s` per worker count (median round);
- `speedup_2_vs_1` (or `speedup_W_vs_1` for every W): the target on 2 cores is 2 workers ≥ 1.7x one;
- `floor_speedup_2_vs_1`, measured in the same round: what two processes give trafilatura + VADER alone
  on this machine, the ceiling for the workers' figure.

The store is a fresh PostgreSQL database per round on 127.0.0.1:5432 ($PRESSWATCH_BENCH_PG overrides
the server), dropped afterwards. The page server, the workers and PostgreSQL share the machine's cores.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.ingest import _Server, floor_rate, floor_rate_2, pages
from db.engine import make_engine, upgrade
from ingest import cli

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("PRESSWATCH_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TIMEOUT_S = 900


def _config(folder: Path, base: str, paths: list[str], sources: int) -> Path:
    """monitor.toml with `sources` URL lists taking the pages in turn, so each holds as many."""
    tables = ""
    for i in range(sources):
        listed = paths[i::sources]
        (folder / f"urls-{i}.txt").write_text("".join(f"{base}{p}\n" for p in listed), encoding="utf-8")
        tables += f'\n[[event.source]]\nkind = "urls"\npath = "urls-{i}.txt"\n'
    config = folder / "monitor.toml"
    config.write_text(f"""
[fetch]
user_agent = "Presswatch/bench (+https://presswatch.example/contact)"
per_host_delay_s = 0
allow_private = true

[[event]]
slug = "bench"
name = "Bench"
terms = ["Vahedmir", "Vahed-Mir", "Wahedmir", "Vahedmeer"]
{tables}""", encoding="utf-8")
    return config


def _scalar(url: str, sql: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def _wait(url: str, sql: str, want: int, what: str, deadline: float) -> None:
    engine = make_engine(url)
    try:
        while True:
            with engine.connect() as conn:
                if int(conn.execute(text(sql)).scalar_one()) == want:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.05)
    finally:
        engine.dispose()


def queue_rate(served: dict[str, bytes], base: str, workers: int, sources: int, folder: Path) -> float:
    """Pages/s of W workers draining the queued sources into a fresh PostgreSQL database."""
    name = f"presswatch_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    procs: list[subprocess.Popen[bytes]] = []
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        opts = ["--config", str(_config(folder, base, list(served), sources)), "--database", url]
        procs = [subprocess.Popen([sys.executable, "-m", "ingest", "worker", *opts], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(workers)]
        deadline = time.monotonic() + TIMEOUT_S
        _wait(url, "SELECT count(*) FROM procrastinate_workers", workers, "the workers to register", deadline)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()) as said:
            code = cli.main(["run", *opts])  # what cron's `presswatch run` does, minus an interpreter start
        if code != 0 or not said.getvalue().startswith(f"{sources} sources queued"):
            raise RuntimeError(f"presswatch run exited {code}: {said.getvalue().strip()}")
        _wait(url, "SELECT count(*) FROM procrastinate_jobs", 0, "the queue to empty", deadline)
        elapsed = time.perf_counter() - started
        stored = _scalar(url, "SELECT count(*) FROM articles")
        if stored != len(served):
            raise RuntimeError(f"{stored} of {len(served)} pages stored")
        return len(served) / elapsed
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            if proc.returncode != 0:
                print(f"worker exited {proc.returncode}: {err.decode(errors='replace').strip()[-500:]}",
                      file=sys.stderr)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(n: int, worker_counts: list[int], sources: int, repeat: int, style: str, folder: Path) -> dict[str, Any]:
    """Rates for each worker count over `repeat` rounds, ratios taken within a round (this machine's
    speed drifts over minutes); every other round runs in the reverse order."""
    served = pages(n, style)
    server = _Server(served)
    names = [str(w) for w in worker_counts] + ["floor", "floor2"]
    rounds: list[dict[str, float]] = []
    try:
        floor_rate(dict(list(served.items())[:20]))
        for number in range(repeat):
            order = names if number % 2 == 0 else list(reversed(names))
            round_: dict[str, float] = {}
            for name in order:
                if name == "floor":
                    round_[name] = floor_rate(served)
                elif name == "floor2":
                    round_[name] = floor_rate_2(served)
                else:
                    round_[name] = queue_rate(served, server.base, int(name), sources, folder)
            rounds.append(round_)
    finally:
        server.close()
    result: dict[str, Any] = {
        "backend": "postgresql", "pages": len(served), "sources": sources, "style": style, "rounds": len(rounds),
        "pages_per_s": {str(w): round(statistics.median(r[str(w)] for r in rounds), 1) for w in worker_counts},
        "floor_speedup_2_vs_1": round(statistics.median(r["floor2"] / r["floor"] for r in rounds), 2),
    }
    for w in worker_counts[1:]:
        ratios = [r[str(w)] / r[str(worker_counts[0])] for r in rounds]
        key = f"speedup_{w}_vs_{worker_counts[0]}"
        result[key] = round(statistics.median(ratios), 2)
        result[f"{key}_range"] = [round(min(ratios), 2), round(max(ratios), 2)]
    return result
