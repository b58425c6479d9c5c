"""Command line: `presswatch COMMAND` (or `python -m ingest COMMAND`): parse, call the library, exit.

Shared options (`--event`, `--verbose`, `--database`, `--config`) are defined once. Errors are one
line on stderr naming the input and what is wrong; `--verbose` adds the traceback. Exit codes:
0 ok · 1 some inputs failed (the run is still stored) · 2 bad config or usage · 74 the store is full
(what was being written was rolled back) · 75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from db.errors import StoreFullError, is_store_full
from ingest import __version__
from ingest import commands as cmd
from ingest import curation_commands as curate
from ingest import view_commands as views
from ingest.alerts import commands as alerting
from ingest.config import ConfigError
from ingest.report import commands as reporting
from ingest.run.lock import LockHeld

EXIT_USAGE, EXIT_STORE_FULL, EXIT_LOCKED = 2, 74, 75  # 74 is sysexits' EX_IOERR
# db.reads.export.KINDS, spelt out so building the parser does not import pandas (a test keeps them equal)
EXPORTS = ("articles", "quotes", "daily", "sources", "countries", "propagation", "dismissed", "notes")


def _common(after_command: bool) -> argparse.ArgumentParser:
    """The global options, accepted before and after the command.

    The copy each command parser gets has no defaults (SUPPRESS): a subparser writes its defaults over
    the namespace, so a default there would silently replace a `--database` given before the command.
    """
    unset: dict[str, object] = {"default": argparse.SUPPRESS} if after_command else {}
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", help="database URL (default: $DATABASE_URL or "
                        "sqlite:///data/presswatch.db)", **unset)  # type: ignore[arg-type]
    common.add_argument("--config", metavar="FILE", help="monitor.toml (default: $PRESSWATCH_CONFIG or "
                        "monitor.toml)", **unset)  # type: ignore[arg-type]
    common.add_argument("-v", "--verbose", action="store_true", help="log details and show tracebacks",
                        **unset)  # type: ignore[arg-type]
    return common


def _event_opt(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--event", metavar="SLUG", required=required, help="event slug from monitor.toml")


def _view_opts(parser: argparse.ArgumentParser) -> None:
    """The filters of a dashboard view, for the commands that write one as CSV."""
    _event_opt(parser, required=True)
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day (inclusive)")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (inclusive)")
    parser.add_argument("--source", nargs="+", default=[], metavar="DOMAIN", help="only these sources")
    parser.add_argument("--lang", metavar="CODE", help="only articles in this language")
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help="time zone for days and timestamps (UTC)")
    parser.add_argument("--order", choices=("newest", "best"), default="newest",
                        help="articles with a search: newest first (default) or best match first (ranking the "
                             "newest matches when there are thousands)")
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="presswatch", description="Presswatch: collect and analyse "
                                     "news coverage of configured events (also `python -m ingest`).",
                                     parents=[_common(after_command=False)])
    common = _common(after_command=True)
    parser.add_argument("--version", action="version", version=f"Presswatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    p = add("demo", "write the synthetic demo corpus and ingest it through the files connector")
    p.add_argument("--articles", type=int, default=2500, metavar="N", help="articles to generate (2500)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    p.add_argument("--out", metavar="DIR", help="where to write the corpus (data/demo)")
    p.add_argument("--if-empty", action="store_true", help="do nothing when the database has articles")

    p = add("run", "ingest every configured source of every (or one) event; what cron calls")
    _event_opt(p)
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (1)")
    p.add_argument("--no-queue", action="store_true", help="PostgreSQL: ingest here instead of queueing the "
                   "sources for `presswatch worker`")

    p = add("worker", "PostgreSQL: take ingest tasks from the store's queue until stopped (any number, any host)")
    p.add_argument("--concurrency", type=int, default=1, metavar="N", help="tasks at once in this process (1)")
    p.add_argument("--until-empty", action="store_true", help="stop once no task is left to take")
    p.add_argument("--stalled-after", type=float, default=30.0, metavar="S",
                   help="a worker silent this many seconds is taken for dead and its task queued again (30)")

    for kind, what in (("feed", "URL"), ("urls", "FILE"), ("files", "PATH")):
        p = add(kind, {"feed": "ingest one RSS/Atom feed", "urls": "ingest a file of article URLs",
                       "files": "ingest JSON-lines or CSV files of articles"}[kind])
        p.add_argument("inputs", nargs="+" if kind == "files" else 1, metavar=what)
        _event_opt(p)
        p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (1)")
    for kind in ("gdelt", "newsapi"):
        p = add(kind, f"ingest the event's query from {'the GDELT DOC API' if kind == 'gdelt' else 'NewsAPI'}")
        _event_opt(p)
        p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (1)")

    add("quotes", "read JSON lines {id,text} on stdin, write the quotes found as JSON lines on stdout")

    p = add("export", "write the CSV the dashboard downloads for the same filters")
    p.add_argument("--what", required=True, choices=EXPORTS,
                   help="dismissed: the articles taken out of the event by hand; notes: its timeline notes")
    _view_opts(p)
    p.add_argument("--search", metavar="QUERY", help='only rows matching a full-text search: words, "phrases", '
                   "prefix*, OR, -word, (…); as in the dashboard's explorer")

    p = add("search", "print the event's articles (or quotes) matching a search as CSV; save it by name")
    p.add_argument("search", metavar="QUERY", nargs="?", help='words, "phrases", prefix*, OR, -word or NOT word, '
                   "(…), a NEAR/5 b, title: source: lang: country: speaker: (see the README)")
    p.add_argument("--what", default="articles", choices=("articles", "quotes"), help="articles (default) or quotes")
    _view_opts(p)
    p.add_argument("--limit", type=int, metavar="N", help="at most N rows (newest first, or best first)")
    p.add_argument("--save", metavar="NAME", help="also store QUERY as the event's saved search NAME "
                   "(replacing that name's query)")
    p.add_argument("--saved", metavar="NAME", help="run the event's saved search NAME instead of a QUERY")

    p = add("compare", "two or more events or saved searches side by side as CSV: volume, tone or figures")
    # one list in command-line order, so the series come out in the order the subjects were named
    p.add_argument("--event", action="append", dest="subjects", type=lambda v: ("event", v), metavar="SLUG",
                   help="an event to compare (repeat for more)")
    p.add_argument("--saved", action="append", dest="subjects", type=lambda v: ("saved", v), metavar="NAME",
                   help="a saved search to compare, run within its event: NAME, or EVENT/NAME when several "
                   "events have one so called (repeat for more)")
    p.add_argument("--what", required=True, choices=("volume", "tone", "figures"), help="the series to write")
    p.add_argument("--share", action="store_true", help="volume as a share of all stored coverage of the period "
                   "(every distinct article of any event), beside the counts")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day (inclusive)")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (inclusive)")
    p.add_argument("--source", nargs="+", default=[], metavar="DOMAIN", help="only these sources")
    p.add_argument("--lang", metavar="CODE", help="only articles in this language")
    p.add_argument("--tz", default="UTC", metavar="ZONE", help="time zone for days (UTC)")
    p.add_argument("--gran", default="day", choices=("hour", "day", "week"), help="period of the series (day)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="figures: the N most quoted per subject (10)")
    p.add_argument("--kind", default="person", choices=("person", "org", "all"), help="figures: people (default), "
                   "organisations or all")
    p.add_argument("--out", metavar="FILE", help="write here instead of stdout")

    p = add("searches", "list the event's saved searches as CSV (name, query, created)")
    _event_opt(p, required=True)

    for name, text in (("dismiss", "take articles out of an event (every count, chart and export) until restored"),
                       ("restore", "put dismissed articles back into their event")):
        p = add(name, text)
        _event_opt(p, required=True)
        p.add_argument("urls", nargs="*", metavar="URL", help="article URLs (as stored, or canonical)")
        p.add_argument("--from-file", metavar="FILE", help="more URLs, one per line (# comments skipped)")
        if name == "dismiss":
            p.add_argument("--reason", metavar="TEXT", help="why (kept, shown and exported)")
    p = add("note", "timeline notes (key moments) drawn on every time chart of an event")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, text in (("add", "add a note"), ("remove", "remove a note"), ("list", "list the notes as CSV")):
        a = actions.add_parser(action, parents=[common], help=text, description=text)
        _event_opt(a, required=True)
        if action == "add":
            a.add_argument("day", metavar="DAY", help="YYYY-MM-DD")
            a.add_argument("label", metavar="LABEL", help="what happened (up to 200 characters)")
        elif action == "remove":
            a.add_argument("id", type=int, metavar="ID", help="the note's id (see `note list`)")

    reporting.add_parser(add)
    p = add("alerts", "an event's [[event.alert]] rules: check them and send, list what fired, send a digest")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, text in (("check", "find new occurrences of the event's rules, send them and retry failed sends"),
                         ("list", "list the event's alerts as CSV, newest first, with each delivery's state"),
                         ("digest", "e-mail a summary of the event's day or week (key numbers, figures, sources, "
                                    "tone, alerts)")):
        a = actions.add_parser(action, parents=[common], help=text, description=text)
        _event_opt(a, required=True)
        if action == "list":
            a.add_argument("--limit", type=int, default=200, metavar="N", help="at most N alerts (200)")
        elif action == "digest":
            a.add_argument("--period", choices=("day", "week"), default="day", help="one UTC day or seven (day)")
            a.add_argument("--ending", metavar="YYYY-MM-DD", help="the period's last day (today, UTC)")
            a.add_argument("--to", action="append", metavar="ADDRESS", help="recipient (repeatable; default: the "
                           "addresses of the event's e-mail alerts)")
            a.add_argument("--print", action="store_true", help="write the digest's text to stdout, send nothing")

    p = add("rescore", "recompute source scores, figure merges and rollups")
    _event_opt(p)
    p.add_argument("--yes", action="store_true", help="apply even when stored figures would merge or split")

    p = add("status", "counts, last runs, failures per source, database")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = add("db", "database maintenance: migrations, the dashboard's read-only role")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("upgrade", parents=[common], help="apply migrations to the latest schema",
                       description="apply migrations to the latest schema (every ingest command does this too)")
    actions.add_parser("rebuild-search", parents=[common], help="rebuild the full-text index",
                       description="rebuild the full-text index from the stored articles and quotes (after a "
                       "restore, or a bulk load that bypassed the store)")
    backup = actions.add_parser(
        "backup", parents=[common], help="a consistent copy of the store, also while ingest runs",
        description="SQLite: copy the store to PATH with the online backup API (one consistent snapshot, "
                    "integrity-checked before it is moved into place); PostgreSQL: pg_dump --format=custom to PATH")
    backup.add_argument("path", metavar="PATH", type=Path, help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    grant = actions.add_parser(
        "grant-readonly", parents=[common], help="PostgreSQL: a role that can read the store and not write",
        description="PostgreSQL: create ROLE if missing (NOLOGIN, or LOGIN with --login) and grant it CONNECT, "
                    "USAGE on the schema, SELECT on every table, and SELECT on tables created later; run it as "
                    "the role that runs ingest")
    grant.add_argument("role", metavar="ROLE", help="role name (letters, digits, _ and -)")
    grant.add_argument("--login", action="store_true", help="let the role log in, with the password in "
                       "$PRESSWATCH_READONLY_PASSWORD (set or changed when given)")
    return parser


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd.demo, "run": cmd.run, "worker": cmd.worker, "feed": cmd.adhoc, "urls": cmd.adhoc, "files": cmd.adhoc,
    "gdelt": cmd.adhoc, "newsapi": cmd.adhoc, "quotes": cmd.quotes, "export": views.export, "search": views.search,
    "searches": views.searches, "compare": views.compare,
    "rescore": cmd.rescore, "status": cmd.status, "db": cmd.db,
    "report": reporting.report, "dismiss": curate.dismiss, "restore": curate.restore, "note": curate.note,
    "alerts": alerting.alerts,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage or help
        return int(exc.code or 0) and EXIT_USAGE
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    on_main_thread = threading.current_thread() is threading.main_thread()
    if on_main_thread:  # `kill`, systemd or a cron timeout ends a run as Ctrl-C does
        previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        code = HANDLERS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handling below, not at interpreter exit
        return code
    except LockHeld as exc:
        print(f"presswatch: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (ConfigError, cmd.UsageError) as exc:
        _error(str(exc), args.verbose)
        return EXIT_USAGE
    except BrokenPipeError:  # `export | head` closed the pipe: what was asked for has been read
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("presswatch: interrupted; stored batches are kept, the current batch was rolled back",
              file=sys.stderr)
        return 130
    except StoreFullError as exc:
        _error(str(exc), args.verbose)
        return EXIT_STORE_FULL
    except Exception as exc:
        if is_store_full(exc):  # a write outside the run lock (none today): still one line, still 74
            _error(f"the store is full: {exc}".splitlines()[0], args.verbose)
            return EXIT_STORE_FULL
        _error(f"{type(exc).__name__}: {exc}".splitlines()[0], args.verbose)
        return 1
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _error(message: str, verbose: bool) -> None:
    print(f"presswatch: {message}", file=sys.stderr)
    if verbose:
        traceback.print_exc()


if __name__ == "__main__":
    sys.exit(main())

