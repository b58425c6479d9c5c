"""`presswatch dismiss`, `restore` and `note`: an analyst's curation of an event, from the shell.

The dashboard's buttons call the same `db.curation` functions; these commands exist so curation can be
scripted (a list of URLs reviewed elsewhere) and so a store without a writable dashboard can be curated.
Every change is one transaction: a URL that is not in the event is reported, the others are applied.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy import Engine

from db import curation
from db.filters import parse_date
from ingest.commands import UsageError, context


def _urls(args: argparse.Namespace) -> list[str]:
    """The URLs given on the line, or read one per line from --from-file (blank lines and # comments skipped)."""
    urls = list(args.urls)
    if args.from_file:
        path = Path(args.from_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else exc}") from None
        urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        raise UsageError("name at least one article URL (or --from-file FILE)")
    return urls


def _report(verb: str, slug: str, outcome: curation.Outcome) -> int:
    print(f"{outcome.changed} article(s) {verb} {slug}", file=sys.stderr)
    for url in outcome.unknown:
        print(f"presswatch: {url}: not {'an article of' if verb == 'dismissed from' else 'dismissed from'} "
              f"event {slug!r}", file=sys.stderr)
    return 1 if outcome.unknown else 0


def dismiss(args: argparse.Namespace) -> int:
    """Take articles out of an event: from every count, chart and export, until restored."""
    urls = _urls(args)
    _, engine = context(args)
    try:
        with engine.begin() as conn:
            outcome = curation.dismiss(conn, args.event, urls, args.reason)
    except curation.CurationError as exc:
        raise UsageError(str(exc)) from None
    return _report("dismissed from", args.event, outcome)


def restore(args: argparse.Namespace) -> int:
    """Put dismissed articles back into their event."""
    urls = _urls(args)
    _, engine = context(args)
    try:
        with engine.begin() as conn:
            outcome = curation.restore(conn, args.event, urls)
    except curation.CurationError as exc:
        raise UsageError(str(exc)) from None
    return _report("restored to", args.event, outcome)


def note(args: argparse.Namespace) -> int:
    """Add, remove or list the key moments drawn on an event's time charts."""
    _, engine = context(args)
    try:
        if args.action == "add":
            day = parse_date(args.day, "DAY")
            assert day is not None
            with engine.begin() as conn:
                note_id = curation.add_note(conn, args.event, day, args.label)
            print(f"note {note_id} added to {args.event} on {day}", file=sys.stderr)
        elif args.action == "remove":
            with engine.begin() as conn:
                curation.remove_note(conn, args.event, args.id)
            print(f"note {args.id} removed from {args.event}", file=sys.stderr)
        else:
            _list_notes(engine, args.event)
    except (curation.CurationError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    return 0


def _list_notes(engine: Engine, slug: str) -> None:
    from db.reads.curation import NOTE_COLUMNS, notes

    frame = notes(engine, slug)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(NOTE_COLUMNS)
    for note_id, day, label in frame.itertuples(index=False, name=None):
        writer.writerow([note_id, day.isoformat() if isinstance(day, dt.date) else day, label])
