"""CSV exports: one code path for `ingest export` and every dashboard download.

A file starts with `#` manifest lines (event, filters, time zone, generation time, version) so a CSV
that travels alone still says what it holds; then a header row. Text cells a spreadsheet would run
as a formula (starting with = + - @, tab or CR) get a leading `'`; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import pandas as pd
from sqlalchemy import Engine

from db import __version__
from db.filters import Filters
from db.reads import _tables as reads_tables
from db.reads import curation as reads_curation
from db.reads import figures as reads_figures
from db.reads import geography as reads_geography
from db.reads import overview as reads_overview

KINDS = ("articles", "quotes", "daily", "sources", "countries", "propagation", "dismissed", "notes")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell that cannot run as a spreadsheet formula; non-text values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def manifest(what: str, f: Filters, generated_at: dt.datetime | None = None, **kw: Any) -> list[str]:
    """The `#` lines at the top of an export: the filters and the table's own options (search, figure,
    order), so a file says which view it holds."""
    when = (generated_at or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    lines = [f"# Presswatch export: {what}"]
    lines += [f"# {key}: {value}" for key, value in f.describe()]
    lines += [f"# {key}: {value}" for key, value in sorted(kw.items()) if value]
    lines += [f"# generated_at: {when}", f"# presswatch_version: {__version__}"]
    return [safe_manifest(line) for line in lines]


def safe_manifest(line: str) -> str:
    return line.replace("\r", " ").replace("\n", " ")


def frames(engine: Engine, what: str, f: Filters, **kw: Any) -> Iterator[pd.DataFrame]:
    """The data of an export as DataFrames (one for small tables, chunks for articles and quotes)."""
    if what == "daily":
        yield reads_overview.daily(engine, f)
    elif what == "sources":
        yield reads_tables.sources(engine, f)
    elif what == "countries":
        yield reads_geography.by_country(engine, f)
    elif what == "propagation":
        yield reads_figures.propagation(engine, f, **kw)
    elif what == "dismissed":
        yield reads_curation.dismissed(engine, f)
    elif what == "notes":
        yield reads_curation.notes(engine, f.event)
    elif what in ("articles", "quotes"):
        yield from reads_tables.stream(engine, what, f, **kw)
    else:
        raise ValueError(f"unknown export {what!r}; choose one of {', '.join(KINDS)}")


def write_frames(out: TextIO, header: list[str], parts: Iterable[pd.DataFrame], lines: list[str]) -> int:
    """Manifest, header and rows to `out`; returns the number of data rows."""
    for line in lines:
        out.write(line + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    rows = 0
    for frame in parts:
        for record in frame[header].itertuples(index=False, name=None):
            writer.writerow([safe_cell(v) for v in record])
            rows += 1
    return rows


def columns(what: str) -> list[str]:
    return {"articles": reads_tables.ARTICLE_COLUMNS, "quotes": reads_tables.QUOTE_COLUMNS,
            "sources": reads_tables.SOURCE_COLUMNS, "countries": reads_geography.COLUMNS,
            "propagation": reads_figures.COLUMNS,
            "dismissed": reads_curation.DISMISSED_COLUMNS, "notes": reads_curation.NOTE_COLUMNS,
            "daily": ["day", "articles", "originals", "mean_tone", "quotes"]}[what]


def write_export(engine: Engine, what: str, f: Filters, out: TextIO,
                 generated_at: dt.datetime | None = None, **kw: Any) -> int:
    """Write the export `what` for filters `f`; returns the number of data rows."""
    return write_frames(out, columns(what), frames(engine, what, f, **kw), manifest(what, f, generated_at, **kw))


def frame_csv(frame: pd.DataFrame, what: str, f: Filters, generated_at: dt.datetime | None = None) -> str:
    """A chart's own data as an export-shaped CSV string (for per-chart downloads)."""
    buffer = io.StringIO()
    write_frames(buffer, list(frame.columns), [frame], manifest(what, f, generated_at))
    return buffer.getvalue()


def export_csv(engine: Engine, what: str, f: Filters, generated_at: dt.datetime | None = None,
               **kw: Any) -> str:
    buffer = io.StringIO()
    write_export(engine, what, f, buffer, generated_at, **kw)
    return buffer.getvalue()
