"""Reading connector options from `[[event.source]]` tables: dates, time windows, numbers, queries.

TOML hands us dates, datetimes or strings depending on how the user wrote them; every connector wants
aware UTC datetimes and a clear message naming the option when a value is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher
from ingest.utc import aware


class OptionError(ValueError):
    """A bad option value; the message names the option."""


def as_utc(value: Any, name: str) -> dt.datetime:
    """An aware UTC datetime from a TOML date/datetime or an ISO 8601 string (naive means UTC)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise OptionError(f"option `{name}` must be an ISO 8601 date or datetime, got {value!r}") from None
    if isinstance(value, dt.datetime):
        return aware(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    raise OptionError(f"option `{name}` must be a date or datetime, got {value!r}")


def int_option(source: SourceConfig, name: str, default: int, minimum: int = 1) -> int:
    value = source.options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise OptionError(f"option `{name}` must be a whole number ≥ {minimum}, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open UTC time range [start, end)."""

    start: dt.datetime
    end: dt.datetime


def window(source: SourceConfig, event: EventConfig, now: dt.datetime) -> Window:
    """The range to ask an API for: options `start`/`end`, else the event's start until now."""
    raw_start = source.options.get("start", event.start)
    if raw_start is None:
        raise OptionError("option `start` is needed when the event has no start date")
    start = as_utc(raw_start, "start")
    end = as_utc(source.options["end"], "end") if "end" in source.options else now
    if end <= start:
        raise OptionError(f"option `end` ({end:%Y-%m-%d %H:%M}) is not after `start` ({start:%Y-%m-%d %H:%M})")
    return Window(start, end)


def terms_query(source: SourceConfig, event: EventConfig) -> str:
    """The search query: option `query`, else the event's terms OR-ed, multi-word terms quoted.

    GDELT and NewsAPI both accept `("a b" OR c)`; GDELT rejects parentheses around a single term.
    """
    query = source.options.get("query")
    if isinstance(query, str) and query.strip():
        return query.strip()
    terms = [f'"{t}"' if " " in t.strip() else t.strip() for t in event.terms if t.strip()]
    if not terms:
        raise OptionError("option `query` is needed when the event has no terms")
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


def resume(win: Window, fetcher: Fetcher, key: str, overlap: dt.timedelta) -> Window:
    """The part of `win` not yet listed: from the last successful run of this source (minus an overlap
    for late-indexed articles), so an hourly cron does not list the whole event every time."""
    record = fetcher.state.get(key)
    if record is None or record.last_success_at is None:
        return win
    start = max(win.start, aware(record.last_success_at) - overlap)
    return Window(min(start, win.end), win.end)
