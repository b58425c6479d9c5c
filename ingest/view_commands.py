"""`presswatch export`, `search`, `searches` and `compare`: a dashboard view (filters, and a search) as CSV.

Kept apart from `commands` because these share one path, `_write_view`, which checks the event and
the search before the first line is written, so a bad view never leaves a half-file behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine

from db.filters import Filters, parse_date
from ingest.commands import UsageError, context


def export(args: argparse.Namespace) -> int:
    _, engine = context(args)
    table: dict[str, Any] = {}
    if args.search:
        if args.what not in ("articles", "quotes"):
            raise UsageError(f"--search applies to --what articles or quotes, not {args.what}")
        table["search"] = args.search
        if args.what == "articles":
            table["order"] = args.order
    return _write_view(args, engine, table, "--search")


def search(args: argparse.Namespace) -> int:
    """`search QUERY` or `search --saved NAME`: the matching rows as the export's CSV; `--save NAME`
    stores the query first (checked by the parser, so a bad query is never saved)."""
    from db.query import QueryError
    from db.reads import saved
    from db.reads._scope import UnknownEventError

    if bool(args.search) == bool(args.saved):
        raise UsageError("give a QUERY or --saved NAME (one of the two)")
    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, got {args.limit}")
    _, engine = context(args)
    named = "QUERY"
    try:
        if args.saved:
            query, named = saved.saved_query(engine, args.event, args.saved), f"saved search {args.saved!r}"
        else:
            query = args.search
        if args.save:
            new = saved.save(engine, args.event, args.save, query)
            print(f"saved search {args.save.strip()!r} {'stored' if new else 'replaced'} for {args.event}",
                  file=sys.stderr)
    except (UnknownEventError, saved.SavedSearchError) as exc:
        raise UsageError(str(exc)) from None
    except QueryError as exc:
        raise UsageError(f"{named}: {exc}") from None
    table: dict[str, Any] = {"search": query}
    if args.what == "articles":
        table["order"] = args.order
    if args.limit:
        table["limit"] = args.limit
    return _write_view(args, engine, table, named)


def searches(args: argparse.Namespace) -> int:
    """The event's saved searches as CSV on stdout."""
    from db.reads import export as reads_export
    from db.reads import saved
    from db.reads._scope import UnknownEventError

    _, engine = context(args)
    try:
        frame = saved.saved_searches(engine, args.event)
    except UnknownEventError as exc:
        raise UsageError(str(exc)) from None
    reads_export.write_frames(sys.stdout, saved.COLUMNS, [frame], [])
    return 0


COMPARE_COLUMNS = {"volume": ["period", "subject", "articles"], "tone": ["period", "subject", "toned", "mean_tone"],
                   "figures": ["subject", "figure", "quotes", "share", "mean_tone"]}


def compare(args: argparse.Namespace) -> int:
    """Two or more events and saved searches side by side as one CSV (the Compare page's series): volume
    in counts or, with --share, as a share of all stored coverage; tone; or each subject's top figures.
    Every subject is checked before the first line is written."""
    from db.reads import compare as reads

    if args.top < 1:
        raise UsageError(f"--top must be 1 or more, got {args.top}")
    try:
        filters = Filters(event="", date_from=parse_date(args.date_from, "--from"),
                          date_to=parse_date(args.date_to, "--to"), sources=tuple(sorted(set(args.source))),
                          lang=args.lang, tz=args.tz, gran=args.gran)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _, engine = context(args)
    try:
        subjects = reads.resolve(engine, [reads.Subject(value) if kind == "event" else _saved_subject(engine, value)
                                          for kind, value in args.subjects or []])
        filters = reads.window(engine, filters, subjects)
        if args.what == "figures":
            frame = reads.figures(engine, filters, subjects, args.top, None if args.kind == "all" else args.kind)
        else:
            frame = reads.series(engine, filters, subjects)
    except reads.CompareError as exc:
        raise UsageError(str(exc)) from None
    columns = COMPARE_COLUMNS[args.what]
    if args.what == "volume" and args.share:
        columns = ["period", "subject", "share", "articles", "all_articles"]
    text = reads.to_csv(frame[columns], args.what, filters, subjects)
    if args.out:
        with _open_out(args.out) as handle:
            handle.write(text)
        print(f"{len(frame)} rows written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _saved_subject(engine: Engine, name: str) -> Any:
    """`--saved NAME` (the one event that has a saved search NAME) or `--saved EVENT/NAME`."""
    from db.reads import compare as reads

    if "/" in name:
        return reads.parse_subject(f"saved:{name}")
    owners = reads.saved_owners(engine, name)
    if len(owners) == 1:
        return reads.Subject(owners[0], name.strip())
    if not owners:
        raise reads.CompareError(f"no saved search {name.strip()!r} in any event (see `presswatch searches`)")
    raise reads.CompareError(f"saved search {name.strip()!r} exists in {', '.join(owners)}: "
                             f"write --saved EVENT/{name.strip()}")


def _write_view(args: argparse.Namespace, engine: Engine, table: dict[str, Any], named: str) -> int:
    """The CSV of the view the options describe (to --out or stdout); `named` is what a bad search
    is called in the one-line error."""
    try:
        filters = Filters(event=args.event, date_from=parse_date(args.date_from, "--from"),
                          date_to=parse_date(args.date_to, "--to"), sources=tuple(sorted(set(args.source))),
                          lang=args.lang, tz=args.tz)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    from db.query import QueryError, parse
    from db.reads import export as reads_export
    from db.reads._scope import UnknownEventError, event_id

    try:
        event_id(engine, args.event)  # both checked before the CSV's first line is written
        if table.get("search"):
            parse(table["search"])
        if args.out:
            handle = _open_out(args.out)
            with handle:
                rows = reads_export.write_export(engine, args.what, filters, handle, **table)
            print(f"{rows} rows written to {args.out}", file=sys.stderr)
        else:
            reads_export.write_export(engine, args.what, filters, sys.stdout, **table)
    except (UnknownEventError, QueryError) as exc:
        raise UsageError(f"{named}: {exc}" if isinstance(exc, QueryError) else str(exc)) from None
    return 0


def _open_out(path: str) -> TextIO:
    """The --out file, opened before any query runs; a path that cannot be written is exit 2."""
    try:
        return Path(path).open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write --out {path}: {exc.strerror or exc}") from None
