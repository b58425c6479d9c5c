"""`presswatch db backup PATH`: copies taken while an ingest writes are whole (one commit's view, rollups
equal to a rebuild inside the copy), a copy taken after it equals the store, restoring a copy gives the
same totals, and PostgreSQL goes through pg_dump/pg_restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import make_engine
from db.models import Article, Event, Quote
from ingest.cli import main
from ingest.demo.corpus import write_demo_corpus
from tests.conftest import fresh_pg_database
from tests.ingest.store.test_store_rollups import _assert_equal_to_rebuild

ROOT = Path(__file__).resolve().parents[2]


def _totals(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return (int(conn.execute(select(func.count()).select_from(Article)).scalar_one()),
                    int(conn.execute(select(func.count()).select_from(Quote)).scalar_one()))
    finally:
        engine.dispose()


def _check_whole(path: Path) -> None:
    """The copy opens, passes integrity_check and its rollups equal a rebuild from its own rows."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            events = list(conn.execute(select(Event.id)).scalars())
        for event_id in events:
            _assert_equal_to_rebuild(engine, event_id)
    finally:
        engine.dispose()


def test_backups_while_an_ingest_writes_are_whole_and_one_after_it_restores_the_same_totals(tmp_path: Path) -> None:
    files = write_demo_corpus(tmp_path / "demo", articles=900, seed=2)
    store = tmp_path / "store.db"
    url = f"sqlite:///{store}"
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "files", str(files.articles), "--config",
                             str(files.config), "--database", url], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    copies: list[tuple[Path, int]] = []
    try:
        while proc.poll() is None and len(copies) < 4:
            if store.exists() and _stored(store) > 0:
                copy = tmp_path / f"during-{len(copies)}.db"
                assert main(["db", "backup", str(copy), "--database", url]) == 0
                copies.append((copy, _totals(f"sqlite:///{copy}")[0]))
            time.sleep(0.5)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert len(copies) >= 2, "the ingest ended before a copy could be taken during it"
    assert [n for _, n in copies] == sorted(n for _, n in copies)  # later copies never hold less
    for copy, _ in copies:
        _check_whole(copy)
    final = tmp_path / "after.db"
    assert main(["db", "backup", str(final), "--database", url]) == 0
    restored = tmp_path / "restored.db"
    shutil.copy(final, restored)
    assert _totals(f"sqlite:///{restored}") == _totals(url)


def _stored(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0  # the schema is still being created


def test_an_existing_file_is_kept_unless_forced_and_a_missing_folder_is_one_line(tmp_path: Path,
                                                                                capsys: pytest.CaptureFixture[str]
                                                                                ) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["db", "upgrade", "--database", url]) == 0
    target = tmp_path / "copy.db"
    target.write_text("keep me", encoding="utf-8")
    assert main(["db", "backup", str(target), "--database", url]) == 2
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main(["db", "backup", str(tmp_path / "nowhere" / "copy.db"), "--database", url]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-2].endswith("copy.db: already exists (pass --force to replace it)")
    assert err[-1].endswith("nowhere: no such folder") and "Traceback" not in "".join(err)
    assert main(["db", "backup", str(target), "--database", url, "--force"]) == 0
    assert _totals(f"sqlite:///{target}") == (0, 0)
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.postgres
def test_postgresql_goes_through_pg_dump_and_restores_the_same_totals(tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.fail("pg_dump and pg_restore are part of the PostgreSQL client tools this test needs")
    files = write_demo_corpus(tmp_path / "demo", articles=200, seed=4)
    with fresh_pg_database() as source, fresh_pg_database() as restored:
        assert main(["files", str(files.articles), "--config", str(files.config), "--database", source]) == 0
        dump = tmp_path / "store.dump"
        assert main(["db", "backup", str(dump), "--database", source]) == 0
        target = make_engine(restored).url.set(drivername="postgresql").render_as_string(hide_password=False)
        done = subprocess.run(["pg_restore", "--no-owner", "--dbname", target, str(dump)], capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert _totals(restored) == _totals(source) and _totals(source)[0] > 0
