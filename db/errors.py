"""Recognising a full store, on either backend, so it is reported as such and never blamed on an article.

SQLite says "database or disk is full" (SQLITE_FULL) when the disk fills or the file reaches its page
limit; PostgreSQL raises DiskFull (SQLSTATE 53100). Both arrive wrapped in SQLAlchemy's errors, and
sometimes as the cause of another exception, so the whole chain is searched. A full store is not
the fault of the batch being written: retrying article by article would only fail once per article
and record hundreds of identical errors, so writers re-raise it and the run stops with one message.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from db.engine import describe

SQLITE_FULL = 13
DISK_FULL_SQLSTATE = "53100"


class StoreFullError(RuntimeError):
    """The store had no room for a write; the transaction it was in has been rolled back."""

    def __init__(self, store: str, reason: str = "database or disk is full") -> None:
        super().__init__(f"the store {store} is full ({reason}): what was being written was rolled back "
                         "and the stored data is intact; free disk space and run again")
        self.store = store


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, the DBAPI error SQLAlchemy wrapped, and their causes and contexts, each once."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (getattr(current, "orig", None), current.__cause__, current.__context__)
                 if isinstance(e, BaseException)]


def _is_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return (code & 0xFF) == SQLITE_FULL if isinstance(code, int) else "database or disk is full" in str(exc)
    return getattr(exc, "sqlstate", None) == DISK_FULL_SQLSTATE  # psycopg.errors.DiskFull


def _full_error(exc: BaseException) -> BaseException | None:
    """The error in `exc`'s chain that says the database ran out of room, if any."""
    return next((e for e in _chain(exc) if _is_full(e)), None)


def is_store_full(exc: BaseException) -> bool:
    """Whether `exc` is, or was caused by, the database running out of room."""
    return _full_error(exc) is not None


def first_line(exc: BaseException) -> str:
    """The first line of what an error says (a driver error's own words for a DBAPIError), else its type:
    a one-line reason for a message, never a traceback."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def full_reason(exc: BaseException) -> str:
    """The database's own words for the full store (its first line), for the message."""
    words = str(_full_error(exc) or "").strip()
    return words.splitlines()[0] if words else "database or disk is full"


@contextmanager
def naming_full_store(engine: Engine) -> Iterator[None]:
    """Turn a full-store error raised in the block into StoreFullError naming this engine's store."""
    try:
        yield
    except StoreFullError:
        raise
    except Exception as exc:
        if is_store_full(exc):
            raise StoreFullError(describe(engine), full_reason(exc)) from exc
        raise
