"""RSS 0.9x/1.0/2.0 and Atom feeds: list items with feedparser, then fetch each item's article page.

feedparser only ever parses the bytes our Fetcher got (never a URL), so the feed request has the same
user agent, robots check, size cap and conditional GET as everything else. A feed that answers 304
Not Modified yields nothing; a feed in failure back-off is skipped until its next attempt time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import feedparser

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher, FetchError
from ingest.sources.pages import PageRequest, failure, fetch_pages
from ingest.stages.dedupe import canonical_url
from ingest.stages.documents import RawDocument, SourceFailure

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"url"})
NEEDS: tuple[str, ...] = ("url",)


def _entry_date(entry: Any) -> dt.datetime | None:
    """Publication (else update) time of an item; feedparser normalises both to UTC struct_time."""
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def parse_feed(content: bytes, feed_url: str, content_type: str | None = None) -> Any:
    """feedparser's result for bytes already fetched; relative links resolve against `feed_url`."""
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    return feedparser.parse(content, response_headers=headers)


def feed_problem(parsed: Any) -> str | None:
    """Why a parse result is not a usable feed, or None. feedparser's loose parser recovers items from
    sloppy XML (bozo with entries): we keep those; bozo with no entries means the feed is broken."""
    if parsed.entries:
        return None
    if not parsed.get("version"):
        return "not an RSS or Atom feed"
    if parsed.get("bozo"):
        reason = " ".join(str(parsed.get("bozo_exception", "parse error")).split())
        return f"not a valid feed: {reason}"
    return None


def _item_link(entry: Any, feed_url: str) -> str | None:
    link = entry.get("link") or next(
        (lk.get("href") for lk in entry.get("links", []) if lk.get("rel", "alternate") == "alternate"), None
    )
    return urljoin(feed_url, link.strip()) if link else None


def read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """Documents for the feed at option `url`; a broken feed or item is a SourceFailure, never raised."""
    feed_url = str(source.options["url"])
    if not fetcher.should_attempt(feed_url):
        return
    try:
        result = fetcher.fetch(feed_url, conditional=True)
    except FetchError as exc:
        yield failure(feed_url, exc)
        return
    if result.not_modified:
        return
    parsed = parse_feed(result.content, result.url, result.headers.get("content-type"))
    problem = feed_problem(parsed)
    if problem:
        yield SourceFailure(origin=feed_url, message=problem)
        return
    language = str(parsed.feed.get("language") or "").split("-")[0].strip().lower() or None
    yield from fetch_pages(_items(parsed.entries, result.url, feed_url, language), fetcher)


def _items(entries: list[Any], base_url: str, origin: str, language: str | None
           ) -> Iterator[PageRequest | SourceFailure]:
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        link = _item_link(entry, base_url)
        try:
            key = canonical_url(link or "")
        except ValueError:
            yield SourceFailure(origin=origin, message=f"item {number} has no http(s) link: {link!r}")
            continue
        if key in seen:
            continue
        seen.add(key)
        yield PageRequest(link or "", origin, entry.get("title"), _entry_date(entry), language)
