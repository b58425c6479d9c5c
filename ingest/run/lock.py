"""One `ingest run` at a time: a non-blocking exclusive lock on a file.

Two overlapping cron runs would fetch the same sources twice and race on the store, so the second one
must give up at once (the CLI maps `LockHeld` to exit code 75, EX_TEMPFAIL: "try again later").
`flock` locks belong to the open file, so the kernel drops them when a process exits or crashes; a
lock file left behind by a dead run therefore never blocks anyone, and no PID bookkeeping is needed.
The PID written into the file is only a hint for a human looking at it.

A file lock only covers one machine. A PostgreSQL store is shared by design, so cron may run on two
hosts against it; there the run also holds a session-level advisory lock in the database itself
(`DatabaseLock`). PostgreSQL drops it when the session ends, so a crashed run never blocks the next.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, text

from db.engine import describe
from db.engine import store_turn as store_turn  # where writers take turns; kept importable here

# pg_try_advisory_lock's key: advisory locks are scoped to the database, so one constant gives one run
# per database; the bytes spell "PRESSWAT" so the lock is recognisable in pg_locks (objid/classid).
ADVISORY_KEY = int.from_bytes(b"PRESSWAT", "big")


class LockHeld(RuntimeError):  # noqa: N818 - the CLI and pipeline refer to it by this name
    """Another process holds the run lock; the message names the lock file, or the database whose
    advisory lock is held."""


class _Held:
    """`with lock:` takes it (or raises LockHeld at once) and always lets it go."""

    def acquire(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class RunLock(_Held):
    """Context manager holding an exclusive `flock` on `path` (created, with its folder, if missing).

    The file is never deleted on release: unlinking a lock file lets a third process lock a new inode
    while a second still waits on the old one, and both would then run.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise LockHeld immediately; never waits."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(f"{self.path}: another ingest run holds the lock") from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases it); safe to call twice."""
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class DatabaseLock(_Held):
    """Context manager holding PostgreSQL's advisory lock for ingest runs on `engine`'s database, on a
    connection of its own for as long as it is held; on other backends it does nothing (SQLite lives
    on one machine, where the file lock covers it).

    Released by closing that connection for good, not by returning it to the pool: a pooled session
    would keep the lock after a failed unlock."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None

    def acquire(self) -> None:
        """Take the lock or raise LockHeld immediately; never waits."""
        if self._conn is not None or self.engine.dialect.name != "postgresql":
            return
        conn = self.engine.connect()
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar_one()
            conn.commit()  # end the transaction; a session-level lock outlives it
        except BaseException:
            conn.invalidate()
            conn.close()
            raise
        if not got:
            conn.close()
            raise LockHeld(f"{describe(self.engine)}: another ingest run holds the lock (PostgreSQL advisory lock)")
        self._conn = conn

    def release(self) -> None:
        """Drop the lock by ending its session; safe to call twice."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.invalidate()
            conn.close()
