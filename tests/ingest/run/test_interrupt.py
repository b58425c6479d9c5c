"""An ingest stopped halfway (Ctrl-C to the whole process group, or SIGTERM from cron or systemd) keeps
every batch it committed, leaves no half-written article, says so in one line, closes its run row, and a
second run completes the job without storing anything twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from db import rollups
from db.engine import make_engine
from db.models import Article, ArticleEvent, DailyCoverage, IngestRun
from ingest.demo.corpus import write_demo_corpus
from ingest.run.interrupts import held

ROOT = Path(__file__).resolve().parents[3]


def _stored(url: str) -> int:
    """Articles committed so far; 0 while the schema is still being created."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Article)).scalar_one())
    except OperationalError:
        return 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupted_ingest_keeps_whole_batches_and_a_rerun_finishes(tmp_path: Path, how: str) -> None:
    files = write_demo_corpus(tmp_path / "demo", articles=1500, seed=5)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    command = [sys.executable, "-m", "ingest", "files", str(files.articles), "--config", str(files.config),
               "--database", url, "--workers", "2"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if Path(url.removeprefix("sqlite:///")).exists() and _stored(url) >= 200:
            break
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends: the main process and its workers
    else:
        proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)

    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("presswatch: interrupted;")
    assert "Traceback" not in stderr
    engine = make_engine(url)
    with engine.begin() as conn:
        stored = conn.execute(select(func.count()).select_from(Article)).scalar_one()
        unlinked = conn.execute(select(func.count()).select_from(Article).where(
            ~Article.id.in_(select(ArticleEvent.article_id)))).scalar_one()
        status = conn.execute(select(IngestRun.status)).scalars().all()
        cells = sorted(tuple(r) for r in conn.execute(select(DailyCoverage.source_id, DailyCoverage.day,
                                                             DailyCoverage.articles, DailyCoverage.originals)))
        rollups.rebuild(conn, 1)
        rebuilt = sorted(tuple(r) for r in conn.execute(select(DailyCoverage.source_id, DailyCoverage.day,
                                                               DailyCoverage.articles, DailyCoverage.originals)))
    engine.dispose()
    assert 0 < stored < 1200 and unlinked == 0  # whole batches only: every article joined its event
    assert status == ["interrupted"]
    assert cells == rebuilt  # the rollups of what was committed are exact

    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    engine = make_engine(url)
    with engine.connect() as conn:
        total, distinct = conn.execute(select(func.count(), func.count(func.distinct(Article.canonical_url)))).one()
    engine.dispose()
    assert total == distinct > stored


def test_a_held_signal_is_raised_at_the_checkpoint_or_when_the_block_ends() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), held():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler has run by now: it only noted the signal
        steps.append("finished")
    assert steps == ["finished"]
    with pytest.raises(KeyboardInterrupt), held() as checkpoint:
        checkpoint()
        steps.append("before")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
        checkpoint()
        steps.append("after")
    assert steps == ["finished", "before"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored


def test_a_second_held_signal_interrupts_at_once() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), held():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        steps.append("finished")
    assert steps == []
