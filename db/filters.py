"""The analyst's filters, one typed object shared by dashboard pages, queries and exports.

Filters travel in the URL (`st.query_params`) so a copied link reproduces a view; `from_params` and
`to_params` are the one mapping between the two, and `ingest export` builds the same object from its
options so a download and an export of the same view are the same CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

GRANULARITIES = ("hour", "day", "week")


@dataclass(frozen=True, slots=True)
class Filters:
    event: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sources: tuple[str, ...] = ()
    lang: str | None = None
    tz: str = "UTC"
    gran: str = "day"

    def __post_init__(self) -> None:
        if self.gran not in GRANULARITIES:
            raise ValueError(f"gran must be one of {', '.join(GRANULARITIES)}, got {self.gran!r}")
        zone(self.tz)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"from {self.date_from} is after to {self.date_to}")

    @property
    def is_utc(self) -> bool:
        return self.tz in ("UTC", "Etc/UTC", "Z")

    def utc_bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """[start, end) of the filtered days in UTC, days taken in the filter's time zone."""
        tzinfo = zone(self.tz)
        start = end = None
        if self.date_from:
            start = dt.datetime.combine(self.date_from, dt.time(), tzinfo).astimezone(dt.UTC)
        if self.date_to:
            end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), tzinfo).astimezone(dt.UTC)
        return start, end

    def with_(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_params(self) -> dict[str, str | list[str]]:
        """Query-parameter form (the URL contract of DESIGN.md); empty filters are left out."""
        params: dict[str, str | list[str]] = {"event": self.event}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.sources:
            params["source"] = list(self.sources)
        if self.lang:
            params["lang"] = self.lang
        params["tz"] = self.tz
        params["gran"] = self.gran
        return params

    def describe(self) -> list[tuple[str, str]]:
        """Manifest lines for exports: what was filtered, in words a reader of the CSV understands."""
        return [
            ("event", self.event),
            ("from", self.date_from.isoformat() if self.date_from else "(first day)"),
            ("to", self.date_to.isoformat() if self.date_to else "(last day)"),
            ("sources", " ".join(self.sources) if self.sources else "(all)"),
            ("language", self.lang or "(all)"),
            ("timezone", self.tz),
        ]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def parse_date(value: str | None, name: str) -> dt.date | None:
    """An ISO date from a URL parameter or command-line option; ValueError naming `name` otherwise."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date like 2020-01-03, got {value!r}") from None


def from_params(params: Mapping[str, str | Sequence[str]], default_event: str) -> Filters:
    """Filters from query parameters; raises ValueError naming the bad parameter."""

    def one(key: str) -> str | None:
        value = params.get(key)
        if isinstance(value, (list, tuple)):
            return value[-1] if value else None
        return value or None  # type: ignore[return-value]

    raw_sources = params.get("source", [])
    sources = [raw_sources] if isinstance(raw_sources, str) else list(raw_sources)
    return Filters(
        event=one("event") or default_event,
        date_from=parse_date(one("from"), "from"),
        date_to=parse_date(one("to"), "to"),
        sources=tuple(sorted({s for s in sources if s})),
        lang=one("lang"),
        tz=one("tz") or "UTC",
        gran=one("gran") or "day",
    )
