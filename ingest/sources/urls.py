"""A plain list of article URLs, one per line: the simplest way to add hand-picked coverage.

Blank lines and lines starting with `#` are ignored. A line that is not an absolute http(s) URL is
reported as `PATH:LINE: reason` and skipped; the other lines are still read. The list is option
`path` (a file, relative to monitor.toml) or `url` (a list published on the web).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher, FetchError
from ingest.sources.pages import PageRequest, failure, fetch_pages
from ingest.stages.dedupe import canonical_url
from ingest.stages.documents import RawDocument, SourceFailure

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"url", "path"})
NEEDS: tuple[str, ...] = ("path", "url")


@dataclass(frozen=True, slots=True)
class Line:
    """One meaningful line of a URL list: a URL to fetch, or the reason it cannot be one."""

    number: int
    url: str | None
    problem: str | None = None


def _problem(text: str) -> str | None:
    if any(c.isspace() for c in text):
        return f"not a URL (contains spaces): {text[:120]!r}"
    try:
        canonical_url(text)
    except ValueError:
        return f"not an absolute http(s) URL: {text[:120]!r}"
    return None


def parse_lines(text: str) -> Iterator[Line]:
    """URLs and bad lines of a list, numbered from 1 as an editor shows them."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        problem = _problem(line)
        yield Line(number, None if problem else line, problem)


def _load(source: SourceConfig, fetcher: Fetcher) -> str:
    """Text of the list; raises OSError/UnicodeDecodeError/FetchError when it cannot be read."""
    if "path" in source.options:
        return source.path().read_bytes().decode("utf-8-sig")
    return fetcher.fetch(str(source.options["url"]), conditional=False).text


def read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """Documents for each URL of the list; bad lines and unreachable pages are SourceFailures."""
    origin = str(source.path()) if "path" in source.options else str(source.options.get("url"))
    try:
        text = _load(source, fetcher)
    except FetchError as exc:
        yield failure(origin, exc)
        return
    except OSError as exc:
        yield SourceFailure(origin=origin, message=f"cannot read: {exc.strerror or exc}")
        return
    except UnicodeDecodeError as exc:
        yield SourceFailure(origin=origin, message=f"not UTF-8 text (byte {exc.start})")
        return
    yield from fetch_pages(_requests(text, origin), fetcher)


def _requests(text: str, origin: str) -> Iterator[PageRequest | SourceFailure]:
    seen: set[str] = set()
    for line in parse_lines(text):
        where = f"{origin}:{line.number}"
        if line.url is None:
            yield SourceFailure(origin=where, message=line.problem or "bad line")
            continue
        key = canonical_url(line.url)
        if key in seen:
            continue
        seen.add(key)
        yield PageRequest(line.url, where)
