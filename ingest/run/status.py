"""`ingest status`: what is stored, how the last runs went, which inputs keep failing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from db.engine import describe
from db.reads import health as reads_health


def collect(engine: Engine) -> dict[str, Any]:
    runs = reads_health.runs(engine, limit=10)
    failing = reads_health.failing_inputs(engine)
    return {
        "database": describe(engine),
        "counts": reads_health.counts(engine),
        "freshness": reads_health.freshness(engine),
        "runs": runs.to_dict(orient="records"),
        "failing_inputs": failing.to_dict(orient="records"),
        "queue": reads_health.queue(engine),
    }


def render(report: dict[str, Any]) -> str:
    """Plain-text status for a terminal."""
    c, fresh = report["counts"], report["freshness"]
    lines = [f"database: {report['database']}",
             "stored:   " + ", ".join(f"{v} {k}" for k, v in c.items()),
             f"newest article: {fresh['newest_article'] or '-'} (lag {fresh['lag_hours']} h)",
             f"last ok run: {fresh['last_ok_run'] or '-'}"]
    if report["queue"] is not None:
        q = report["queue"]
        lines.append(f"task queue: {q['queued']} queued, {q['running']} running, {q['failed']} failed, "
                     f"{q['workers']} workers alive")
    lines += ["", "recent runs:"]
    for r in report["runs"]:
        lines.append(f"  #{r['id']} {r['started_at']:%Y-%m-%d %H:%M} {r['command']:<8} {r['status']:<11} "
                     f"{r['documents']} docs, {r['stored']} stored, {r['errors']} errors")
    if not report["runs"]:
        lines.append("  (none yet)")
    if report["failing_inputs"]:
        lines += ["", "failing inputs:"]
        lines += [f"  {f['url']}: {f['failures_in_row']} failures in a row, last: {f['last_error']}"
                  for f in report["failing_inputs"][:20]]
    return "\n".join(lines)
