"""One `ingest run` at a time: a non-blocking exclusive lock on a file.

Two overlapping cron runs would fetch the same sources twice and race on the store, so the second one
must give up at once (the CLI maps `LockHeld` to exit code 75, EX_TEMPFAIL: "try again later").
`flock` locks belong to the open file, so the kernel drops them when a process exits or crashes; a
lock file left behind by a dead run therefore never blocks anyone, and no PID bookkeeping is needed.
The PID written into the file is only a hint for a human looking at it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class LockHeld(RuntimeError):  # noqa: N818 - the CLI and pipeline refer to it by this name
    """Another process holds the run lock; the message names the lock file."""


class RunLock:
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

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
