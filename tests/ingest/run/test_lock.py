"""The run lock: one `ingest run` at a time, across processes, never blocked by a dead run's file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.engine import make_engine
from ingest.run.lock import DatabaseLock, LockHeld, RunLock

ROOT = Path(__file__).resolve().parents[3]
TRY_LOCK = """
import sys, time
from ingest.run.lock import LockHeld, RunLock
started = time.monotonic()
try:
    RunLock(sys.argv[1]).acquire()
except LockHeld as exc:
    print(exc)
    print(f"waited {time.monotonic() - started:.3f}", file=sys.stderr)
    sys.exit(75)
print("acquired")
"""
HOLD_LOCK = """
import sys, time
from ingest.run.lock import RunLock
lock = RunLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(60)
"""


def _python(code: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=10, check=False, **kwargs)  # type: ignore[call-overload]


def test_second_process_does_not_wait_for_the_lock(tmp_path):
    """The attempt itself is non-blocking: timed inside the second process, so interpreter start-up
    on a busy machine does not count."""
    path = tmp_path / "run.lock"
    with RunLock(path):
        other = _python(TRY_LOCK, str(path))
    assert other.returncode == 75
    assert other.stdout.strip() == f"{path}: another ingest run holds the lock"
    assert float(other.stderr.split("waited ")[1]) < 1.0
    assert _python(TRY_LOCK, str(path)).stdout.strip() == "acquired"  # released on exit


def test_second_lock_in_the_same_process_is_refused_and_released_lock_is_free(tmp_path):
    path = tmp_path / "run.lock"
    first = RunLock(path)
    first.acquire()
    with pytest.raises(LockHeld, match="another ingest run holds the lock"):
        RunLock(path).acquire()
    first.release()
    first.release()  # harmless twice
    with RunLock(path) as again:
        assert again.held
    assert not again.held


def test_lock_of_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / "run.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockHeld):
            RunLock(path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=5)
    assert path.exists()  # the crashed run left its file behind…
    with RunLock(path) as lock:  # …which does not matter
        assert lock.held


def test_stale_file_with_a_dead_pid_does_not_block(tmp_path):
    path = tmp_path / "data" / "ingest.lock"
    path.parent.mkdir()
    path.write_text("999999\n")
    with RunLock(path):
        assert path.read_text() == f"{os.getpid()}\n"


def test_lock_creates_its_folder(tmp_path):
    path = tmp_path / "a" / "b" / "run.lock"
    with RunLock(path) as lock:
        assert lock.held and path.exists()


HOLD_DB_LOCK = """
import sys, time
from db.engine import make_engine
from ingest.run.lock import DatabaseLock
DatabaseLock(make_engine(sys.argv[1])).acquire()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.mark.postgres
def test_database_lock_is_one_per_database_and_dies_with_its_session(pg_server_url):
    """What a run on another machine holds: no file is shared, only the database."""
    engine = make_engine(pg_server_url)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_DB_LOCK, pg_server_url], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(LockHeld, match="another ingest run holds the lock"):
            DatabaseLock(engine).acquire()
        assert time.monotonic() - started < 1.0  # tried once, never waits
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=5)
    deadline = time.monotonic() + 10  # the server notices the dead session's closed socket
    while True:
        try:
            with DatabaseLock(engine) as lock:
                assert lock is not None
            break
        except LockHeld:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with DatabaseLock(engine), pytest.raises(LockHeld):  # while held, a second one is refused
        DatabaseLock(engine).acquire()
    with DatabaseLock(engine):
        pass
    engine.dispose()


def test_database_lock_does_nothing_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with DatabaseLock(engine), DatabaseLock(engine):
        pass  # one machine: the file lock is the lock
    engine.dispose()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_run_killed_outright_does_not_leave_its_workers_holding_the_lock(backend_url, tmp_path):
    """kill -9 of the run alone (the OOM killer, a kill by PID) while its workers extract: they inherited
    the lock file and, on PostgreSQL, the session holding the advisory lock, so they must end with it,
    or every later run exits 75 for good."""
    from ingest.demo.corpus import write_demo_corpus

    files = write_demo_corpus(tmp_path / "demo", articles=600, seed=2)
    command = [sys.executable, "-m", "ingest", "files", str(files.articles), "--config", str(files.config),
               "--database", backend_url, "--workers", "2", "--verbose"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    try:
        assert run.stderr is not None
        deadline = time.monotonic() + 60
        while "documents" not in run.stderr.readline():  # its first batch is stored: the workers are busy
            assert run.poll() is None and time.monotonic() < deadline
        os.kill(run.pid, signal.SIGKILL)  # the run only, not its process group
        run.wait(5)
        deadline = time.monotonic() + 5
        while _group_alive(run.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(run.pid), "the killed run's workers are still running"
    finally:
        if _group_alive(run.pid):
            os.killpg(run.pid, signal.SIGKILL)
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
