"""UTC time for all of ingest: the clock, and making any datetime an aware UTC one.

SQLite hands back naive datetimes for what was stored as UTC, feeds and files give naive or zoned
stamps; every comparison and every stored value goes through `aware` so they never mix.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    """`value` in UTC: a naive datetime is taken as UTC, a zoned one is converted."""
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
