"""`presswatch report --event SLUG [--from D --to D] [--query Q] --out FILE.pdf|FILE.html`.

The command only parses and writes: the report itself is built by pages/_report.py, the same code the
Overview page's Report button and the e-mail digest run, so a file made here is the file the dashboard
offers for the same filters. Everything that can be wrong (the --out suffix, a missing Chromium, the
event, the query) is checked before the file is opened, so a failed report never leaves a half-file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from db.filters import Filters, parse_date
from ingest.commands import UsageError, context

SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def add_parser(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Register the command's options on the parser `add(name, help)` returns (see ingest/cli.py)."""
    p = add("report", "write the report of a view (key numbers, charts, top figures and sources, the filters "
            "and query) as HTML or PDF, rendered in Chromium")
    p.add_argument("--event", metavar="SLUG", required=True, help="event slug from monitor.toml")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help="first day (inclusive; default: the range the dashboard opens on)")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (inclusive)")
    p.add_argument("--source", nargs="+", default=[], metavar="DOMAIN", help="only these sources")
    p.add_argument("--lang", metavar="CODE", help="only articles in this language")
    p.add_argument("--tz", default="UTC", metavar="ZONE", help="time zone for days and timestamps (UTC)")
    p.add_argument("--gran", default="day", choices=("hour", "day", "week"), help="chart periods (day)")
    p.add_argument("--query", metavar="QUERY", help="a search (as in the Articles page): the report counts and "
                   "lists the articles matching it")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.html (one self-contained file) or FILE.pdf")


def report(args: argparse.Namespace) -> int:
    from db.query import QueryError
    from db.reads._scope import UnknownEventError
    from pages import _report

    out = Path(args.out)
    fmt = SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise UsageError(f"--out {args.out}: the name must end in .html or .pdf (it picks the format)")
    try:
        filters = Filters(event=args.event, date_from=parse_date(args.date_from, "--from"),
                          date_to=parse_date(args.date_to, "--to"), sources=tuple(sorted(set(args.source))),
                          lang=args.lang, tz=args.tz, gran=args.gran)
        _report.executable()
    except (ValueError, _report.ChromiumError) as exc:
        raise UsageError(str(exc)) from None
    _, engine = context(args)
    try:
        made = _report.build(engine, filters, fmt, args.query)
    except UnknownEventError as exc:
        raise UsageError(str(exc)) from None
    except QueryError as exc:
        raise UsageError(f"--query: {exc}") from None
    except _report.ChromiumError as exc:
        raise UsageError(str(exc)) from None
    try:
        if isinstance(made, bytes):
            out.write_bytes(made)
        else:
            out.write_text(made, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write --out {args.out}: {exc.strerror or exc}") from None
    size = len(made) if isinstance(made, bytes) else len(made.encode("utf-8"))
    print(f"report of {filters.event} ({fmt.upper()}, {size:,} bytes) written to {args.out}", file=sys.stderr)
    return 0
