"""Fetching article pages, shared by every connector that lists URLs (feeds, APIs, sitemaps, lists).

Connectors only decide *which* pages to read (`PageRequest`s); how a page becomes a RawDocument (final
URL after redirects, outlet domain, fetch time, one-line failures) is decided here once, and
`fetch_pages` downloads a listing's pages several at a time: across hosts that is what makes a run
over a GDELT or NewsAPI listing take minutes instead of an hour, while the Fetcher still keeps every
host to its own concurrency and delay.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ingest.fetch.client import Fetcher, FetchError
from ingest.stages.dedupe import source_domain
from ingest.stages.documents import RawDocument, SourceFailure

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


@dataclass(frozen=True, slots=True)
class PageRequest:
    """An article page a listing points at, with what the listing says about it."""

    url: str
    origin: str
    title: str | None = None
    published_at: dt.datetime | None = None
    language: str | None = None


def _fetch(request: PageRequest, fetcher: Fetcher) -> RawDocument | SourceFailure | None:
    return fetch_page(request.url, fetcher, origin=request.origin, title=request.title,
                      published_at=request.published_at, language=request.language)


def _settled(head: Future[RawDocument | SourceFailure | None] | SourceFailure) -> RawDocument | SourceFailure | None:
    return head if isinstance(head, SourceFailure) else head.result()


def fetch_pages(items: Iterable[PageRequest | SourceFailure], fetcher: Fetcher
                ) -> Iterator[RawDocument | SourceFailure]:
    """The requested pages as documents, in listing order, up to `[fetch] concurrency` downloading at
    once; failures in `items` pass through in their place, pages already stored are left out."""
    width = max(1, fetcher.config.concurrency)
    pool = ThreadPoolExecutor(max_workers=width, thread_name_prefix="presswatch-fetch")
    pending: deque[Future[RawDocument | SourceFailure | None] | SourceFailure] = deque()
    in_flight = 0

    def head_ready() -> bool:
        head = pending[0]
        return isinstance(head, SourceFailure) or head.done() or in_flight > width

    try:
        for item in items:
            if isinstance(item, SourceFailure):
                pending.append(item)
            else:
                pending.append(pool.submit(_fetch, item, fetcher))
                in_flight += 1
            while pending and head_ready():
                head = pending.popleft()
                in_flight -= not isinstance(head, SourceFailure)
                if (doc := _settled(head)) is not None:
                    yield doc
        while pending:
            if (doc := _settled(pending.popleft())) is not None:
                yield doc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
