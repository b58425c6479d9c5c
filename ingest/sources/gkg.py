"""Backfill from raw GDELT 2.0 Global Knowledge Graph files, for periods the DOC API no longer covers.

GDELT publishes one GKG file every 15 minutes (`YYYYMMDDHHMMSS.gkg.csv.zip`, tab-separated, no
header). We keep the rows whose URL, persons, organisations, themes or names match the event's terms
or aliases (case- and accent-folded, whole words) and fetch those article pages.

Which files: option `gkg_urls` (a list), else `masterlist_url` (GDELT's `masterfilelist.txt`, filtered
to the date range), else one file per 15 minutes of the range under `gkg_base_url`. `max_files`
(default 96, one day) guards against downloading months of files by accident.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, cast
from urllib.parse import urlsplit

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher, FetchError
from ingest.sources.options import OptionError, Window, int_option, window
from ingest.sources.pages import PageRequest, failure, fetch_pages
from ingest.stages.documents import RawDocument, SourceFailure
from ingest.stages.relevance import Matcher, fold

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"start", "end", "gkg_urls", "masterlist_url", "masterlist_max_bytes", "gkg_base_url",
                     "max_files", "max_bytes"})
NEEDS: tuple[str, ...] = ()

# GKG 2.1 columns we read (0-based, per the GDELT GKG 2.1 codebook):
COL_DATE = 1  # V2.1DATE: YYYYMMDDHHMMSS, UTC, when GDELT saw the article
COL_COLLECTION = 2  # V2SOURCECOLLECTIONIDENTIFIER: 1 = web (the identifier is then a URL)
COL_SOURCE = 3  # V2SOURCECOMMONNAME: outlet domain
COL_URL = 4  # V2DOCUMENTIDENTIFIER: the article URL
COL_THEMES = 7  # V1THEMES: "THEME;THEME;…"
COL_PERSONS = 11  # V1PERSONS: "name;name;…"
COL_ORGS = 13  # V1ORGANIZATIONS: "name;name;…"
COL_ALL_NAMES = 23  # V2.1ALLNAMES: "Name,charoffset;…"
MATCH_COLUMNS = (COL_URL, COL_THEMES, COL_PERSONS, COL_ORGS, COL_ALL_NAMES)
WEB_COLLECTION = "1"

BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
FILE_STEP = dt.timedelta(minutes=15)
FILE_MAX_BYTES = 200_000_000  # compressed; a 15-minute GKG file is a few MB
MASTERLIST_MAX_BYTES = 1_000_000_000
DECOMPRESSED_MAX_CHARS = 2_000_000_000  # against zip bombs
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class GkgRow:
    url: str
    source: str
    seen_at: dt.datetime | None


def _words(text: str) -> str:
    """Folded text with punctuation, `_` and `-` as spaces, so `marrow-bridge` and MARROW_BRIDGE match."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def event_matcher(event: EventConfig) -> Matcher:
    aliases = {_words(k): tuple(_words(v) for v in vs) for k, vs in event.aliases.items()}
    return Matcher.build([_words(t) for t in event.terms], aliases)


def _row(columns: list[str]) -> GkgRow:
    try:
        seen = dt.datetime.strptime(columns[COL_DATE], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        seen = None
    return GkgRow(url=columns[COL_URL].strip(), source=columns[COL_SOURCE].strip(), seen_at=seen)


def matching_rows(lines: Iterable[str], matcher: Matcher) -> Iterator[GkgRow]:
    """Web rows of a GKG file that mention the event; short or non-web rows are skipped."""
    for line in lines:
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) <= COL_ORGS or columns[COL_COLLECTION] != WEB_COLLECTION:
            continue
        haystack = " ".join(_words(columns[i]) for i in MATCH_COLUMNS if i < len(columns))
        if matcher.count(haystack):
            yield _row(columns)


def gkg_lines(content: bytes) -> Iterator[str]:
    """Lines of a GKG file, zip- or gzip-compressed or plain, decompressed as a stream."""
    raw: IO[bytes]
    if content.startswith(b"PK\x03\x04"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = [n for n in archive.namelist() if not n.endswith("/")]
        if not members:
            raise ValueError("empty zip archive")
        raw = archive.open(members[0])
    elif content.startswith(b"\x1f\x8b"):
        raw = cast(IO[bytes], gzip.GzipFile(fileobj=io.BytesIO(content)))
    else:
        raw = io.BytesIO(content)
    total = 0
    with io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n") as text:
        for line in text:
            total += len(line)
            if total > DECOMPRESSED_MAX_CHARS:
                raise ValueError(f"decompresses to more than {DECOMPRESSED_MAX_CHARS} characters")
            yield line


def _stamp(url: str) -> dt.datetime | None:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    try:
        return dt.datetime.strptime(name[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def masterlist_urls(text: str, win: Window) -> list[str]:
    """GKG file URLs of `masterfilelist.txt` (lines `size md5 url`) inside the window."""
    urls = []
    for line in text.splitlines():
        url = line.split()[-1] if line.split() else ""
        stamp = _stamp(url)
        if url.endswith(".gkg.csv.zip") and stamp and win.start <= stamp < win.end:
            urls.append(url)
    return urls


def generated_urls(base: str, win: Window) -> list[str]:
    """One file URL per 15 minutes of the window, the way GDELT names them."""
    step = int(FILE_STEP.total_seconds())
    first = dt.datetime.fromtimestamp(int(win.start.timestamp()) // step * step, tz=dt.UTC)
    base = base if base.endswith("/") else base + "/"
    urls, when = [], first
    while when < win.end:
        urls.append(f"{base}{when:%Y%m%d%H%M%S}.gkg.csv.zip")
        when += FILE_STEP
    return urls


def _file_urls(source: SourceConfig, fetcher: Fetcher, win: Window | None) -> list[str]:
    """Raises OptionError or FetchError when the list of files cannot be made."""
    explicit = source.options.get("gkg_urls")
    if explicit is not None:
        if not isinstance(explicit, list) or not all(isinstance(u, str) for u in explicit):
            raise OptionError("option `gkg_urls` must be a list of URLs")
        return list(explicit)
    if win is None:
        raise OptionError("GKG backfill needs `start` (or the event's start) when `gkg_urls` is not given")
    if "masterlist_url" in source.options:
        limit = int_option(source, "masterlist_max_bytes", MASTERLIST_MAX_BYTES)
        listing = fetcher.fetch(str(source.options["masterlist_url"]), conditional=False, max_bytes=limit, robots=False)
        return masterlist_urls(listing.text, win)
    return generated_urls(str(source.options.get("gkg_base_url", BASE_URL)), win)


def read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """Documents from the GKG files of the source's range (options `start`/`end`, else event start → now)."""
    win = None
    if "gkg_urls" not in source.options:
        try:
            win = window(source, event, fetcher.now())
        except OptionError as exc:
            yield SourceFailure(origin="gkg", message=str(exc))
            return
    yield from read_window(source, event, fetcher, win)


def read_window(source: SourceConfig, event: EventConfig, fetcher: Fetcher, win: Window | None
                ) -> Iterator[RawDocument | SourceFailure]:
    """Documents from the GKG files covering `win` (or option `gkg_urls`)."""
    return fetch_pages(window_requests(source, event, fetcher, win), fetcher)


def window_requests(source: SourceConfig, event: EventConfig, fetcher: Fetcher, win: Window | None
                    ) -> Iterator[PageRequest | SourceFailure]:
    """Pages named by the GKG files covering `win`; gdelt.py reads its backfill through this."""
    try:
        urls = _file_urls(source, fetcher, win)
        max_files = int_option(source, "max_files", 96)
        file_limit = int_option(source, "max_bytes", FILE_MAX_BYTES)
    except (OptionError, FetchError) as exc:
        yield SourceFailure(origin="gkg", message=str(exc))
        return
    if len(urls) > max_files:
        yield SourceFailure(origin="gkg", message=(
            f"{len(urls)} GKG files in range, more than max_files = {max_files}; narrow start/end or raise it"))
        return
    generated = "gkg_urls" not in source.options and "masterlist_url" not in source.options
    matcher = event_matcher(event)
    seen: set[str] = set()
    for url in urls:
        yield from _one_file(url, fetcher, matcher, seen, file_limit, missing_ok=generated)


def _one_file(url: str, fetcher: Fetcher, matcher: Matcher, seen: set[str], limit: int, *, missing_ok: bool
              ) -> Iterator[PageRequest | SourceFailure]:
    """Pages of one file; GDELT skips some 15-minute slots, so a 404 of a generated name is no error."""
    try:
        content = fetcher.fetch(url, conditional=False, max_bytes=limit, robots=False).content
        rows = list(matching_rows(gkg_lines(content), matcher))
    except FetchError as exc:
        if not (missing_ok and exc.status == 404):
            yield failure(url, exc)
        return
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        yield SourceFailure(origin=url, message=f"not a readable GKG file: {exc}")
        return
    for row in rows:
        if row.url in seen or not row.url.startswith(("http://", "https://")):
            continue
        seen.add(row.url)
        yield PageRequest(row.url, url, published_at=row.seen_at)
