"""Fetching one article page, shared by every connector that lists URLs (feeds, APIs, sitemaps, lists).

Connectors only decide *which* pages to read; how a page becomes a RawDocument (final URL after
redirects, outlet domain, a date when the listing had none, one-line failures) is decided here once.
"""

from __future__ import annotations

import datetime as dt
import warnings

from htmldate import find_date

from ingest.dedupe import source_domain
from ingest.documents import RawDocument, SourceFailure
from ingest.fetch import Fetcher, FetchError

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def failure(origin: str, exc: FetchError) -> SourceFailure:
    """A SourceFailure for `origin`; the URL is repeated in the message only when it is another one
    (an item of a feed), so a whole-feed failure does not read `URL: URL: …`."""
    return SourceFailure(origin=origin, message=exc.message if exc.url == origin else str(exc))


def page_date(html: str) -> dt.datetime | None:
    """The page's own publication date (meta tags, JSON-LD, URL), in UTC, or None when it has none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = find_date(html, outputformat=DATE_FORMAT, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    try:
        when = dt.datetime.strptime(found, DATE_FORMAT)
    except ValueError:
        when = dt.datetime.fromisoformat(found[:10])
    return when.astimezone(dt.UTC) if when.tzinfo else when.replace(tzinfo=dt.UTC)


def fetch_page(
    url: str,
    fetcher: Fetcher,
    *,
    origin: str,
    title: str | None = None,
    published_at: dt.datetime | None = None,
    language: str | None = None,
) -> RawDocument | SourceFailure | None:
    """The article at `url` as a RawDocument to extract, a SourceFailure naming the URL, or None when
    the pipeline already stores it (`Fetcher.known`). A missing date falls back to the page's own
    date, then to the fetch time, so every document has one."""
    if fetcher.is_known(url):
        return None
    try:
        result = fetcher.fetch(url, conditional=False)
    except FetchError as exc:
        return failure(origin, exc)
    media_type = result.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in HTML_TYPES:
        return SourceFailure(origin=origin, message=f"{result.url}: not an HTML page ({media_type})")
    html = result.text
    return RawDocument(
        url=result.url,
        origin=origin,
        source=source_domain(result.url),
        published_at=published_at or page_date(html) or result.fetched_at,
        title=title or None,
        html=html,
        language=language,
    )
