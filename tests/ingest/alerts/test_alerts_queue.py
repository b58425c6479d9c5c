"""On PostgreSQL with the task queue, `presswatch run` only queues the sources: the alerts are checked by
the worker once the sources' articles are in (after its rescore task), and fire once however many
workers and rescores follow."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from ingest.cli import main
from tests.conftest import _reset_pg
from tests.ingest.alerts import corpus
from tests.ingest.alerts.servers import WebhookServer

ROOT = Path(__file__).resolve().parents[3]


def test_a_queue_worker_checks_the_alerts_after_the_sources(pg_server_url: str, tmp_path: Path,
                                                            hooks: WebhookServer) -> None:
    _reset_pg(pg_server_url)
    path = f"/hook/{uuid.uuid4().hex}"
    corpus.write(tmp_path / "week.jsonl", corpus.first_week())
    cfg = corpus.config(tmp_path, f'[[event.source]]\nkind = "files"\npath = "week.jsonl"\n\n'
                                  f'[[event.alert]]\nkind = "spike"\nname = "volume"\nmin_articles = 5\n'
                                  f'webhook = "{hooks.url(path)}"\n')
    opts = ["--config", str(cfg), "--database", pg_server_url]
    assert main(["run", *opts]) == 0  # queued, not ingested: nothing to alert on yet
    assert hooks.bodies(path) == []
    for _ in range(2):  # a second worker finds nothing to do and sends nothing again
        proc = subprocess.run([sys.executable, "-m", "ingest", "worker", "--until-empty", *opts], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    assert [b["presswatch"]["day"] for b in hooks.bodies(path)] == [corpus.SPIKE_DAY.isoformat()]
