"""`python -m bench export --articles N [--backend sqlite|postgresql] --json`

Builds the synthetic store of `python -m bench queries` (N articles, about 1.5 quotes each), then runs the
real `presswatch export` of every quote and every article of the event to a file, in a child process
each, and reads the child's peak resident memory (`ru_maxrss`). The baseline, measured in the same run,
is the same command with a filter that matches no row: the interpreter, the libraries and the
connection, with nothing to stream. An export streams when its peak stays near that baseline whatever
N is (`extra_mb` is what streaming the rows added).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.queries import _database, _load
from db.engine import make_engine, upgrade
from db.models import Quote

ROOT = Path(__file__).resolve().parents[1]
EMPTY_SOURCE = "no-such-source.example"


def _child(url: str, what: str, out: Path, *extra: str) -> dict[str, Any]:
    """Peak RSS and wall time of one `presswatch export` child (each child alone, so the peak is its own)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ingest", "--database", url, "export", "--what", what,
                           "--event", "bench", "--out", str(out), *extra], cwd=ROOT, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"export {what} failed: {done.stderr.strip()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        raise RuntimeError("ru_maxrss of the children did not move: run each size in a fresh process")
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    return {"peak_mb": round(peak / 1024, 1), "seconds": round(seconds, 1), "csv_lines": lines,
            "csv_mb": round(out.stat().st_size / 2**20, 1)}


def measure(backend: str, n: int) -> dict[str, Any]:
    url, drop = _database(backend)
    try:
        engine = make_engine(url)
        upgrade(engine)
        _load(engine, n)
        with engine.connect() as conn:
            quotes = int(conn.execute(select(func.count()).select_from(Quote)).scalar_one())
        engine.dispose()
        folder = Path(tempfile.mkdtemp(prefix="presswatch-export-"))
        # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: measure the small child first
        base = _child(url, "quotes", folder / "empty.csv", "--source", EMPTY_SOURCE)
        result: dict[str, Any] = {"backend": backend, "articles": n, "quotes": quotes, "baseline": base}
        for what in ("quotes", "articles"):
            run = _child(url, what, folder / f"{what}.csv")
            run["extra_mb"] = round(run["peak_mb"] - base["peak_mb"], 1)
            run["ratio_to_baseline"] = round(run["peak_mb"] / base["peak_mb"], 2)
            result[f"{what}_export"] = run
        return result
    finally:
        drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.backend, args.articles)
    for what in ("quotes", "articles"):
        r = result[f"{what}_export"]
        print(f"{args.backend} {what}: {r['csv_lines']:,} lines ({r['csv_mb']} MB) in {r['seconds']} s, "
              f"peak {r['peak_mb']} MB (baseline {result['baseline']['peak_mb']} MB, +{r['extra_mb']} MB)")
    if args.json:
        print(json.dumps(result))
    return 0
