"""News sitemaps: an outlet's `<urlset>` (with Google News `<news:news>` titles and dates) or a sitemap
index pointing at several, followed one level deep; then each listed article page is fetched.

Sitemaps are fetched conditionally, so an unchanged one costs a 304 and yields nothing (an unchanged
index is not re-walked; indexes carry a `<lastmod>` per child, so they change when a child does).
Entries dated before option `since` (default: the event's start) are skipped: a sitemap lists the
whole site, not just the event.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher, FetchError
from ingest.sources.options import OptionError, as_utc
from ingest.sources.pages import PageRequest, failure, fetch_pages
from ingest.stages.documents import RawDocument, SourceFailure

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"url", "since"})
NEEDS: tuple[str, ...] = ("url",)

MAX_UNZIPPED = 50_000_000  # the sitemap protocol caps files at 50 MB uncompressed


@dataclass(frozen=True, slots=True)
class Entry:
    url: str
    title: str | None = None
    published_at: dt.datetime | None = None
    language: str | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    """First child with local name `name`, whatever namespace (or none) the outlet used."""
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ET.Element | None, *path: str) -> str | None:
    for name in path:
        if element is None:
            return None
        element = _child(element, name)
    return element.text.strip() if element is not None and element.text and element.text.strip() else None


def _date(value: str | None) -> dt.datetime | None:
    try:
        return as_utc(value, "date") if value else None
    except OptionError:
        return None


def _entry(url_element: ET.Element) -> Entry | None:
    loc = _text(url_element, "loc")
    if not loc:
        return None
    news = _child(url_element, "news")
    return Entry(
        url=loc,
        title=_text(news, "title"),
        published_at=_date(_text(news, "publication_date") or _text(url_element, "lastmod")),
        language=_text(news, "publication", "language"),
    )


def parse_sitemap(content: bytes) -> tuple[str, list[Entry]]:
    """("urlset", entries) or ("sitemapindex", child sitemaps as entries); ValueError otherwise."""
    if content.startswith(b"\x1f\x8b"):
        content = gzip.GzipFile(fileobj=io.BytesIO(content)).read(MAX_UNZIPPED + 1)
        if len(content) > MAX_UNZIPPED:
            raise ValueError(f"larger than {MAX_UNZIPPED} bytes uncompressed")
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise ValueError(f"malformed XML: {exc}") from None
    kind = _local(root.tag)
    if kind == "urlset":
        return kind, [e for e in (_entry(u) for u in root if _local(u.tag) == "url") if e]
    if kind == "sitemapindex":
        locs = (_text(s, "loc") for s in root if _local(s.tag) == "sitemap")
        return kind, [Entry(url=loc, published_at=None) for loc in locs if loc]
    raise ValueError(f"not a sitemap (root element <{kind}>)")


def read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """Documents listed by the sitemap (or sitemap index) at option `url`."""
    url = str(source.options["url"])
    raw_since = source.options.get("since", event.start)
    try:
        since = as_utc(raw_since, "since") if raw_since else None
    except OptionError as exc:
        yield SourceFailure(origin=url, message=str(exc))
        return
    if fetcher.should_attempt(url):
        yield from fetch_pages(_walk(url, since, fetcher, depth=0, seen=set()), fetcher)


def _walk(url: str, since: dt.datetime | None, fetcher: Fetcher, *, depth: int, seen: set[str]
          ) -> Iterator[PageRequest | SourceFailure]:
    try:
        result = fetcher.fetch(url, conditional=True)
        if result.not_modified:
            return
        kind, entries = parse_sitemap(result.content)
    except FetchError as exc:
        yield failure(url, exc)
        return
    except (ValueError, OSError, EOFError) as exc:
        yield SourceFailure(origin=url, message=f"not a readable sitemap: {exc}")
        return
    if kind == "sitemapindex":
        if depth > 0:
            yield SourceFailure(origin=url, message="nested sitemap index not followed (one level only)")
            return
        for child in entries:
            yield from _walk(child.url, since, fetcher, depth=1, seen=seen)
        return
    for entry in entries:
        if entry.url in seen or (since and entry.published_at and entry.published_at < since):
            continue
        seen.add(entry.url)
        yield PageRequest(entry.url, url, entry.title, entry.published_at, entry.language)
