"""`presswatch db backup PATH`: a consistent copy of the store, taken while ingest keeps writing.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step. The store
runs in WAL mode, so that step is one read transaction: it sees the store as of one commit, never half a
batch, and the writer is not blocked meanwhile. (Copying in several steps would restart whenever another
connection commits, which a busy ingest does every few seconds.) The copy is written beside PATH,
checked with `PRAGMA integrity_check`, and only then renamed to PATH, so PATH is never a partial file.
Restoring is copying the file back while nothing writes (see README).

PostgreSQL: the engine's own tool, `pg_dump --format=custom` (a consistent snapshot by design), restored
with `pg_restore`. It is run when it is on PATH; otherwise the error says what to run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL


class BackupError(Exception):
    """A backup that could not be made; the message is one line naming the store or PATH."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int
    articles: int | None  # counted in the copy (SQLite); None for a pg_dump archive
    quotes: int | None


def backup(url: URL, dest: Path, overwrite: bool = False) -> BackupReport:
    """Copy the store at `url` to `dest`."""
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest}: already exists (pass --force to replace it)")
    if not dest.parent.is_dir():
        raise BackupError(f"{dest.parent}: no such folder")
    if url.get_backend_name() == "sqlite":
        return _sqlite(url, dest)
    return _pg_dump(url, dest)


def _sqlite(url: URL, dest: Path) -> BackupReport:
    source = url.database
    if not source or source == ":memory:" or not Path(source).is_file():
        raise BackupError(f"{url.render_as_string(hide_password=True)}: no SQLite store to back up")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True, timeout=30)
    try:
        out = sqlite3.connect(partial)
        try:
            src.backup(out, pages=-1)  # one step: one read transaction, one commit's view of the store
            check = out.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{dest}: the copy failed its integrity check ({check})")
            articles, quotes = (out.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                                for table in ("articles", "quotes"))
        finally:
            out.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{dest}: {exc}") from None
    finally:
        src.close()
    partial.replace(dest)
    return BackupReport(dest, dest.stat().st_size, int(articles), int(quotes))


def _pg_dump(url: URL, dest: Path) -> BackupReport:
    tool = shutil.which("pg_dump")
    # the password goes in the environment, never on a command line other users can list
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    shown = url.render_as_string(hide_password=True)
    if tool is None:
        raise BackupError(f"{shown}: pg_dump is not installed here; run `pg_dump --format=custom --file {dest} "
                          f"<database URL>` where it is (restore with pg_restore)")
    partial = dest.with_name(dest.name + ".partial")
    done = subprocess.run([tool, "--format=custom", "--no-owner", "--file", str(partial), "--dbname", target],
                          capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{shown}: pg_dump failed: {detail}")
    partial.replace(dest)
    return BackupReport(dest, dest.stat().st_size, None, None)
