"""GDELT DOC 2.0 API: list articles matching the event's query, then fetch each article page.

The API answers at most 250 rows per request, so a busy window would silently lose articles; we split
any window that hits the cap in half, recursively, down to `min_window_minutes` (GDELT's own
resolution is 15 minutes). The API only reaches about three months back: older parts of the range are
read from raw GKG files when `backfill_gkg = true` (see `gkg.py`), and `mode = "gkg"` reads only
those. After a successful listing the next run resumes from where this one ended.

Options: `query` (default: the event's terms OR-ed), `start`/`end` (default: event start → now),
`api_url`, `min_window_minutes`, `backfill_gkg`, `mode` ("doc" or "gkg"), plus gkg.py's options.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher, FetchError
from ingest.sources import gkg
from ingest.sources.options import OptionError, Window, int_option, resume, terms_query, window
from ingest.sources.pages import PageRequest, failure, fetch_pages
from ingest.stages.dedupe import canonical_url
from ingest.stages.documents import RawDocument, SourceFailure

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"query", "start", "end", "api_url", "min_window_minutes", "backfill_gkg", "mode"}) | gkg.OPTIONS
NEEDS: tuple[str, ...] = ()

API_URL = "https://api.gdeltproject.org/api/v2/doc/doc"
MAX_RECORDS = 250
DOC_REACH = dt.timedelta(days=90)
RESUME_OVERLAP = dt.timedelta(hours=2)  # GDELT indexes some articles a little after their seen time
TIME_FORMAT = "%Y%m%d%H%M%S"


def _seen(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(str(value), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def parse_artlist(text: str) -> list[dict[str, Any]]:
    """Rows of an `artlist` JSON answer; GDELT reports query errors as plain text, raised as ValueError."""
    if not text.lstrip().startswith("{"):
        first = text.strip().splitlines()[0] if text.strip() else "empty answer"
        raise ValueError(f"GDELT answered: {first[:200]}")
    try:
        data = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise ValueError(f"GDELT answered malformed JSON: {exc}") from None
    rows = data.get("articles", []) if isinstance(data, dict) else []
    return [r for r in rows if isinstance(r, dict) and r.get("url")]


@dataclass
class _Listing:
    """Walks a time range, splitting windows that hit the row cap; remembers whether any request failed."""

    api: str
    query: str
    min_window: dt.timedelta
    fetcher: Fetcher
    origin: str
    broken: bool = False

    def url(self, win: Window) -> str:
        params = {
            "query": self.query, "mode": "artlist", "format": "json", "maxrecords": str(MAX_RECORDS),
            "startdatetime": win.start.strftime(TIME_FORMAT), "enddatetime": win.end.strftime(TIME_FORMAT),
        }
        return f"{self.api}?{urlencode(params)}"

    def rows(self, win: Window) -> Iterator[dict[str, Any] | SourceFailure]:
        url = self.url(win)
        try:
            rows = parse_artlist(self.fetcher.fetch(url, conditional=False, robots=False).text)
        except FetchError as exc:
            self.broken = True
            yield failure(self.origin, exc)
            return
        except ValueError as exc:
            self.broken = True
            yield SourceFailure(origin=self.origin, message=f"{url}: {exc}")
            return
        span = win.end - win.start
        if len(rows) >= MAX_RECORDS and span > self.min_window:
            middle = win.start + dt.timedelta(seconds=int(span.total_seconds()) // 2)
            yield from self.rows(Window(win.start, middle))
            yield from self.rows(Window(middle, win.end))
            return
        if len(rows) >= MAX_RECORDS:
            yield SourceFailure(origin=self.origin, message=(
                f"{win.start:%Y-%m-%d %H:%M}–{win.end:%H:%M} UTC hit GDELT's {MAX_RECORDS}-article cap even "
                "at the smallest window; some articles were not listed"))
        yield from rows


def _settings(source: SourceConfig, event: EventConfig, now: dt.datetime) -> tuple[str, Window, dt.timedelta]:
    query = terms_query(source, event)
    return query, window(source, event, now), dt.timedelta(minutes=int_option(source, "min_window_minutes", 15))


def read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """Documents for the event from the DOC API (and GKG files for what it no longer reaches)."""
    if source.options.get("mode") == "gkg":
        return gkg.read(source, event, fetcher)
    return fetch_pages(_requests(source, event, fetcher), fetcher)


def _requests(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[PageRequest | SourceFailure]:
    try:
        query, win, min_window = _settings(source, event, fetcher.now())
    except OptionError as exc:
        yield SourceFailure(origin="gdelt", message=str(exc))
        return
    key = f"gdelt:{event.slug}:{query}:{win.start:%Y%m%d%H%M}"
    if not fetcher.should_attempt(key):
        return
    win = resume(win, fetcher, key, RESUME_OVERLAP)
    floor = fetcher.now() - DOC_REACH
    if win.start < floor:
        yield from _older(source, event, fetcher, Window(win.start, min(floor, win.end)))
        win = Window(max(floor, win.start), win.end)
    listing = _Listing(str(source.options.get("api_url", API_URL)), query, min_window, fetcher, f"gdelt:{query}")
    if win.start < win.end:
        yield from _documents(listing, win)
    if listing.broken:
        fetcher.note_failure(key, f"gdelt:{query}: listing failed")
    else:
        fetcher.note_success(key)


def _older(source: SourceConfig, event: EventConfig, fetcher: Fetcher, win: Window
           ) -> Iterator[PageRequest | SourceFailure]:
    if source.options.get("backfill_gkg"):
        yield from gkg.window_requests(source, event, fetcher, win)
        return
    yield SourceFailure(origin="gdelt", message=(
        f"{win.start:%Y-%m-%d}–{win.end:%Y-%m-%d} is beyond the DOC API's {DOC_REACH.days}-day reach; "
        "set backfill_gkg = true to read it from GKG files"))


def _documents(listing: _Listing, win: Window) -> Iterator[PageRequest | SourceFailure]:
    seen: set[str] = set()
    for row in listing.rows(win):
        if isinstance(row, SourceFailure):
            yield row
            continue
        try:
            key = canonical_url(str(row["url"]))
        except ValueError:
            continue
        if key in seen:
            continue
        seen.add(key)
        yield PageRequest(str(row["url"]), listing.origin, row.get("title"), _seen(row.get("seendate")))
