"""Files connector: articles from local JSON-lines or CSV files (the demo corpus goes through here too),
saved HTML pages, and folders of either.

Columns: `url` (http/https, required), `source`, `published_at` (ISO 8601; naive means UTC), `title`,
`text` or `html` (one required), optional `byline`, `language`. A bad row becomes a SourceFailure
`PATH:LINE: what is wrong` and the rest of the file is still read.

A `.html`/`.htm` file is one article; its address comes from the page's `<link rel="canonical">` or
`og:url` (read by trafilatura's metadata extractor), since the store keys articles by URL. A folder is
read recursively, files in name order. A JSON-lines file that holds HTML is one error, not one per line.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ingest.config import EventConfig, SourceConfig
from ingest.stages.documents import RawDocument, SourceFailure
from ingest.utc import aware

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"path"})
NEEDS: tuple[str, ...] = ("path",)

ROW_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")
HTML_SUFFIXES = (".html", ".htm")
FIELDS = ("url", "source", "published_at", "title", "text", "html", "byline", "language")


class RowError(ValueError):
    """One row of input is unusable; the message says why (the caller adds PATH:LINE)."""


def parse_timestamp(value: str) -> dt.datetime:
    """ISO 8601 to aware UTC; a naive timestamp is taken as UTC, `Z` is accepted."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        raise RowError(f"published_at {value!r} is not an ISO 8601 timestamp") from None
    return aware(stamp)


def _optional(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(f"{key} must be a string, got {type(value).__name__}")
    return value.strip() or None


def row_to_document(row: Mapping[str, Any], origin: str) -> RawDocument:
    """Validate one row; raise RowError naming the field that is wrong."""
    if not isinstance(row, Mapping):
        raise RowError("expected a JSON object")
    url = _optional(row, "url")
    if url is None:
        raise RowError("url is missing")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RowError(f"url {url!r} is not an http(s) URL")
    text, html = _optional(row, "text"), _optional(row, "html")
    if text is None and html is None:
        raise RowError("neither text nor html is given")
    published = _optional(row, "published_at")
    return RawDocument(
        url=url,
        origin=origin,
        source=_optional(row, "source"),
        published_at=parse_timestamp(published) if published else None,
        title=_optional(row, "title"),
        text=text,
        html=html,
        byline=_optional(row, "byline"),
        language=_optional(row, "language"),
    )


def _json_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as handle:
        seen_row = False
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if not seen_row and line.lstrip().startswith("<"):
                yield number, RowError("this is HTML, not JSON lines (save it as .html to read it as one article)")
                return
            seen_row = True
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, RowError(f"not valid JSON ({exc.msg} at column {exc.colno})")


def _csv_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"url"} - set(reader.fieldnames or ())
        if missing:
            yield 1, RowError("header has no url column")
            return
        for row in reader:
            yield reader.line_num, {k: v for k, v in row.items() if k in FIELDS and v != ""}


def html_document(path: Path) -> RawDocument | SourceFailure:
    """One saved page as one article, addressed by the URL the page declares for itself."""
    from trafilatura import extract_metadata

    try:
        html = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return SourceFailure(str(path), f"{path}: cannot read: {exc.strerror or exc}")
    meta = extract_metadata(html) if html.strip() else None
    url = getattr(meta, "url", None)
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return SourceFailure(str(path), f"{path}: the page names no address of its own (no <link rel=\"canonical\"> "
                                        "or og:url); put it in a JSON-lines file with its url instead")
    return RawDocument(url=str(url), origin=str(path), html=html)


def input_files(path: Path) -> list[Path]:
    """The readable files under a folder, in name order (a file is itself)."""
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ROW_SUFFIXES + HTML_SUFFIXES)


def read_path(path: Path) -> Iterator[RawDocument | SourceFailure]:
    """Documents of a file or folder; unreadable files and bad rows become failures naming PATH[:LINE]."""
    if path.is_dir():
        found = input_files(path)
        if not found:
            yield SourceFailure(str(path), f"{path}: no {', '.join(ROW_SUFFIXES + HTML_SUFFIXES)} files in this folder")
        for file in found:
            yield from read_path(file)
        return
    if not path.is_file():
        yield SourceFailure(str(path), f"{path}: no such file")
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        yield html_document(path)
        return
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _json_rows(path)
    try:
        for number, row in rows:
            origin = f"{path}:{number}"
            try:
                if isinstance(row, RowError):
                    raise row
                yield row_to_document(row, origin)
            except RowError as exc:
                yield SourceFailure(origin, f"{origin}: {exc}")
    except UnicodeDecodeError as exc:
        yield SourceFailure(str(path), f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    except (OSError, csv.Error) as exc:
        yield SourceFailure(str(path), f"{path}: cannot read: {exc}")


def read(source: SourceConfig, event: EventConfig, fetcher: object = None) -> Iterator[RawDocument | SourceFailure]:
    """Connector entry point shared with the other kinds; files need no fetcher."""
    yield from read_path(source.path())
