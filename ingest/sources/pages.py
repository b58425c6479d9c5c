"""Fetching one article page, shared by every connector that lists URLs (feeds, APIs, sitemaps, lists).

Connectors only decide *which* pages to read; how a page becomes a RawDocument (final URL after
redirects, outlet domain, fetch time, one-line failures) is decided here once.
"""

from __future__ import annotations

import datetime as dt

from ingest.dedupe import source_domain
from ingest.documents import RawDocument, SourceFailure
from ingest.fetch import Fetcher, FetchError

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def failure(origin: str, exc: FetchError) -> SourceFailure:
    """A SourceFailure for `origin`; the URL is repeated in the message only when it is another one
    (an item of a feed), so a whole-feed failure does not read `URL: URL: …`."""
    return SourceFailure(origin=origin, message=exc.message if exc.url == origin else str(exc))


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
    the pipeline already stores it (`Fetcher.known`). A listing without a date leaves `published_at`
    None: extraction reads the page's own date (it parses the page anyway), then falls back to the
    fetch time."""
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
        published_at=published_at,
        title=title or None,
        html=html,
        language=language,
        fetched_at=result.fetched_at,
    )
