"""`ingest run` end to end over a real HTTP server on 127.0.0.1: feeds → pages → store → export.

The fixture site has an RSS and an Atom feed with six relevant articles (one linked twice, the second
time with utm_* parameters), one off-topic item, one page that answers 404 and one that robots.txt
forbids; one relevant page is windows-1252 encoded.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import make_engine
from db.models import Article, ArticleEvent, IngestRun
from ingest.cli import main
from ingest.run.lock import DatabaseLock, RunLock
from tests.conftest import _reset_pg
from tests.webserver import WebServer

ROOT = Path(__file__).resolve().parents[3]


def event_config(tmp_path: Path, sources: str, fetch: str = "timeout_s = 3") -> Path:
    """monitor.toml for the Marrow Bridge event with these [[event.source]] tables and [fetch] lines."""
    path = tmp_path / "monitor.toml"
    path.write_text(f"""
[fetch]
user_agent = "Presswatch/0.1.0-test (+https://presswatch.example/contact)"
per_host_delay_s = 0
allow_private = true
{fetch}

[[event]]
slug = "marrow-bridge"
name = "Collapse of the Marrow Bridge"
start = 2024-02-05
terms = ["Marrow Bridge", "Port Esmer"]
{sources}""", encoding="utf-8")
    return path


def rss_sources(urls: list[str]) -> str:
    return "".join(f'\n[[event.source]]\nkind = "rss"\nurl = "{url}"\n' for url in urls)


def site_config(tmp_path: Path, web: WebServer, extra: str = "") -> Path:
    """monitor.toml for the fixture site's two feeds; `extra` is appended (more [[event.source]] tables)."""
    return event_config(tmp_path, rss_sources([web.url("/feeds/news.rss"), web.url("/feeds/news.atom")]) + extra)


@pytest.fixture
def setup(tmp_path: Path, web: WebServer) -> tuple[list[str], str]:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    return ["--config", str(site_config(tmp_path, web)), "--database", url], url


def _event_articles(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        urls = conn.execute(select(Article.canonical_url).join(ArticleEvent)).scalars().all()
    engine.dispose()
    return sorted(urls)


def test_run_collects_each_relevant_article_once(setup: tuple[list[str], str], web: WebServer,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    opts, url = setup
    code = main(["run", *opts])
    err = capsys.readouterr().err
    assert code == 1, "the 404 page must make the run report a partial failure"
    assert "/articles/withdrawn.html: HTTP 404" in err
    stored = _event_articles(url)
    assert len(stored) == 6
    assert sum("marrow-bridge-collapse" in u for u in stored) == 1
    assert not any("lantern-festival" in u for u in stored)
    engine = make_engine(url)
    with engine.connect() as conn:
        status, counts, errors = conn.execute(select(IngestRun.status, IngestRun.counts, IngestRun.errors)).one()
    assert status == "partial" and counts["stored"] == 6
    assert any("withdrawn.html" in e["message"] for e in errors)


def test_second_run_is_conditional_and_stores_nothing(setup: tuple[list[str], str], web: WebServer) -> None:
    opts, url = setup
    main(["run", *opts])
    web.reset()
    main(["run", *opts])
    assert len(_event_articles(url)) == 6
    feed_requests = web.requests_to("/feeds/news.rss")
    assert feed_requests, "the feed must be asked again"
    assert all("if-none-match" in {k.lower() for k in r.headers} or
               "if-modified-since" in {k.lower() for k in r.headers} for r in feed_requests)
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = conn.execute(select(IngestRun.counts).order_by(IngestRun.id.desc())).scalars().first()
        total = conn.execute(select(func.count()).select_from(Article)).scalar_one()
    assert counts.get("stored", 0) == 0 and total == 6


def test_windows_1252_quote_reads_correctly_in_export(setup: tuple[list[str], str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    opts, _ = setup
    main(["run", *opts])
    capsys.readouterr()
    assert main(["export", "--event", "marrow-bridge", "--what", "quotes", *opts]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in out.splitlines() if not line.startswith("#")))))
    quotes = [r["quote"] for r in rows]
    assert any("Les fissures étaient visibles à l’œil nu" in q for q in quotes), quotes
    assert not any("Ã" in q or "\ufffd" in q for q in quotes)


def test_overlapping_run_exits_75_at_once(setup: tuple[list[str], str], tmp_path: Path) -> None:
    opts, url = setup
    from ingest.config import load_settings
    from ingest.run.runner import run_lock

    settings = load_settings(opts[1], url)
    with run_lock(settings, make_engine(url)):
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "ingest", "run", *opts], capture_output=True, text=True,
                              cwd=ROOT, timeout=60)
        elapsed = time.monotonic() - started
    assert proc.returncode == 75, proc.stderr
    assert "another" in proc.stderr.lower() or "lock" in proc.stderr.lower()
    assert elapsed < 10  # interpreter start-up included; the lock itself is tried once, without waiting
    assert _event_articles(url) == []


def test_every_command_that_writes_waits_its_turn(setup: tuple[list[str], str], web: WebServer,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """An ad-hoc feed, a rescore or the demo during a cron run would race it on the same rows."""
    opts, url = setup
    from ingest.config import load_settings
    from ingest.run.runner import run_lock

    with run_lock(load_settings(opts[1], url), make_engine(url)):
        for command in (["feed", web.url("/feeds/news.rss"), "--event", "marrow-bridge"], ["rescore"],
                        ["demo", "--articles", "20", "--out", str(Path(opts[1]).parent / "demo")]):
            assert main([*command, *opts]) == 75, command
            assert "another ingest run holds the lock" in capsys.readouterr().err
    assert _event_articles(url) == []
    assert main(["feed", web.url("/feeds/news.rss"), "--event", "marrow-bridge", *opts]) == 1  # its 404
    assert len(_event_articles(url)) == 3  # the RSS feed's relevant articles; free again after the lock


@pytest.mark.postgres
def test_run_against_postgresql_is_refused_while_another_machine_runs(tmp_path: Path, web: WebServer,
                                                                     pg_server_url: str) -> None:
    """Cron on two hosts shares the database, not a lock file: the database's own lock decides (for
    runs that ingest in-process; queued sources are shared by the queue)."""
    _reset_pg(pg_server_url)
    opts = ["--config", str(site_config(tmp_path, web)), "--database", pg_server_url, "--no-queue"]
    other_host = make_engine(pg_server_url)
    with DatabaseLock(other_host):
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "ingest", "run", *opts], capture_output=True, text=True,
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
        elapsed = time.monotonic() - started
    assert proc.returncode == 75, proc.stderr
    assert proc.stderr.strip().endswith("another ingest run holds the lock (PostgreSQL advisory lock)")
    assert elapsed < 10  # interpreter start-up and migrations included; the lock is tried once
    assert _event_articles(pg_server_url) == []
    assert main(["run", *opts]) == 1  # free again: the run goes ahead (the fixture's 404 makes it partial)
    assert len(_event_articles(pg_server_url)) == 6
    other_host.dispose()


def test_lock_file_released_after_run(setup: tuple[list[str], str]) -> None:
    opts, url = setup
    main(["run", *opts])
    from ingest.config import load_settings
    from ingest.run.runner import lock_path

    path = lock_path(load_settings(opts[1], url))
    assert path.exists() and path.name.endswith(".db.ingest.lock")  # beside the SQLite file it guards
    with RunLock(path):
        pass  # acquirable again: the finished run let go of it


def _export_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("\n".join(x for x in out.splitlines() if not x.startswith("#")))))


def test_export_search_and_search_index_rebuild(setup: tuple[list[str], str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    opts, _ = setup
    main(["run", *opts])
    capsys.readouterr()
    export = ["export", "--event", "marrow-bridge", "--what", "articles", *opts]
    assert main(export) == 0
    everything = _export_rows(capsys.readouterr().out)
    assert main([*export, "--search", "divers OR Tolven", "--order", "best"]) == 0
    out = capsys.readouterr().out
    found = _export_rows(out)
    assert "# search: divers OR Tolven" in out and "# order: best" in out
    assert 0 < len(found) < len(everything)
    assert {r["url"] for r in found} < {r["url"] for r in everything}
    assert main([*export, "--search", '"Tolven']) == 2
    assert capsys.readouterr().err.strip() == "presswatch: --search: column 1: an unclosed quote"
    assert main(["db", "rebuild-search", *opts]) == 0
    assert f"{len(everything)} articles" in capsys.readouterr().out
    assert main([*export, "--search", "divers OR Tolven", "--order", "best"]) == 0
    assert _export_rows(capsys.readouterr().out) == found
    assert main(["search", "divers OR Tolven", "--order", "best", "--event", "marrow-bridge", *opts]) == 0
    assert _export_rows(capsys.readouterr().out) == found
    assert main(["search", "(divers", "--event", "marrow-bridge", *opts]) == 2
    assert capsys.readouterr().err.startswith("presswatch: QUERY: column 8: the search ends too early")
