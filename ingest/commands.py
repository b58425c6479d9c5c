"""What each CLI command does, over the library: settings → engine (migrated) → pipeline/queries.

Kept apart from `cli.py` so argument parsing stays thin and these are callable from tests directly.
The pipeline (trafilatura, MinHash with scipy, the language rules) and the exports (pandas) are
imported by the commands that use them, not here: `status`, `db upgrade` or an enqueueing `run` then
start in a fraction of the time and memory an ingest needs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, make_url, select
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from db.engine import describe, make_engine, upgrade
from db.errors import StoreFullError, first_line, full_reason, is_store_full
from db.models import Article
from ingest.config import EventConfig, Settings, SourceConfig, load_settings

if TYPE_CHECKING:
    from ingest.run.pipeline import RunReport

log = logging.getLogger("presswatch.ingest")


class UsageError(ValueError):
    """Wrong combination of options; exit code 2."""


def context(args: argparse.Namespace, config_path: str | Path | None = None) -> tuple[Settings, Engine]:
    """Settings and a migrated engine for a command (every command upgrades the schema first)."""
    settings = load_settings(config_path or args.config, args.database)
    return settings, open_store(settings.database_url)


def open_store(url: str) -> Engine:
    """A migrated engine, or a UsageError (exit 2) naming the store when it cannot be reached or
    created: a wrong URL or a database that is down is a setup problem, not a failed source."""
    try:
        engine = make_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise UsageError(f"not a database URL: {url!r} ({str(exc).splitlines()[0]})") from None
    except OSError as exc:
        raise UsageError(f"cannot create the database folder for {url}: {exc.strerror or exc}") from None
    try:
        upgrade(engine)
    except DBAPIError as exc:
        if is_store_full(exc):
            raise StoreFullError(describe(engine), full_reason(exc)) from None
        reason = first_line(exc)
        raise UsageError(f"cannot open the database {describe(engine)}: {reason}") from None
    return engine


def _existing_inputs(paths: list[str], what: str) -> None:
    """Every path given on the command line must exist before anything runs (exit 2 otherwise)."""
    for raw in paths:
        if not Path(raw).exists():
            raise UsageError(f"no such {what}: {raw}")


def _events(settings: Settings, slug: str | None) -> list[EventConfig]:
    if slug:
        return [settings.event(slug)]
    if not settings.events:
        raise UsageError(f"{settings.config_path}: no events configured (add an [[event]] or pass --config)")
    return list(settings.events)


def _alerts(engine: Engine, settings: Settings, events: list[EventConfig]) -> list[str]:
    """Check the events' alert rules once their articles are stored (outside the run lock: a slow
    webhook must not hold up the next run); a failure is a line of output, never a failed ingest."""
    if not any(event.alerts for event in events):
        return []
    from ingest.alerts.check import check_after_run

    return check_after_run(engine, settings, events)


def _finish(report: RunReport, alert_lines: list[str] | None = None) -> int:
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.summary())
    for line in alert_lines or []:
        print(line, file=sys.stderr if line.startswith("presswatch:") else sys.stdout)
    for err in report.errors[:20]:
        print(err["message"], file=sys.stderr)
    if len(report.errors) > 20:
        print(f"… and {len(report.errors) - 20} more errors (see `presswatch status`)", file=sys.stderr)
    return report.exit_code


def progress() -> Callable[[Counter[str]], None]:
    """A one-line progress display on a terminal, plain log lines under cron."""
    interactive = sys.stderr.isatty()

    def show(counts: Counter[str]) -> None:
        line = (f"{counts['documents']} documents · {counts['stored']} stored · "
                f"{counts['already_stored']} known · {counts['errors']} errors")
        if interactive:
            print(f"\r{line}", end="", file=sys.stderr, flush=True)
        else:
            log.info(line)

    return show


def demo(args: argparse.Namespace) -> int:
    from ingest.demo.corpus import write_demo_corpus
    from ingest.run import runner

    settings, engine = context(args)
    if args.if_empty:
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(Article)).scalar_one():
                print(f"{describe(engine)} already has articles; demo not loaded again")
                return 0
    out = Path(args.out or settings.data_dir / "demo")
    files = write_demo_corpus(out, articles=args.articles, seed=args.seed)
    demo_settings = load_settings(files.config, settings.database_url)
    with runner.run_lock(settings, engine):
        report = runner.run_sources(engine, demo_settings, list(demo_settings.events), "demo",
                                    progress=progress())
        # the batches kept figures and rollups current; only ratings and scores are left to compute
        print(runner.rescore(engine, demo_settings, list(demo_settings.events), full=False))
    return _finish(report)


def run(args: argparse.Namespace) -> int:
    """On PostgreSQL: queue every source for the workers and return (unless --no-queue); on SQLite,
    and with --no-queue, ingest here as one run."""
    settings, engine = context(args)
    events = _events(settings, args.event)
    if engine.dialect.name == "postgresql" and not args.no_queue:
        return _enqueue(settings, engine, events)
    from ingest.run import runner

    with runner.run_lock(settings, engine):
        report = runner.run_sources(engine, settings, events, "run", workers=args.workers,
                                    progress=progress())
        runner.rescore(engine, settings, events, full=False)
    return _finish(report, _alerts(engine, settings, events))


def _enqueue(settings: Settings, engine: Engine, events: list[EventConfig]) -> int:
    from ingest.run import queue
    from ingest.run.lock import store_turn
    from ingest.store.batch import ensure_events
    from ingest.store.relink import events_with_new_terms, relink

    with engine.begin() as conn:  # an event's new terms relink its stored articles once, here
        store_turn(conn)
        stale = events_with_new_terms(conn, events)
        ensure_events(conn, events)
        relink(conn, stale)
    done = queue.enqueue_sources(settings.database_url, events)
    already = f", {len(done.already)} already waiting" if done.already else ""
    print(f"{len(done.queued)} sources queued{already} on {describe(engine)}; `presswatch worker` ingests them")
    return 0


def worker(args: argparse.Namespace) -> int:
    """Take ingest tasks from the PostgreSQL queue until stopped (or, with --until-empty, none is left)."""
    settings, engine = context(args)
    if engine.dialect.name != "postgresql":
        raise UsageError(f"worker needs a PostgreSQL store; {describe(engine)} is {engine.dialect.name}, where "
                         "`presswatch run` ingests in its own process (one machine, no queue)")
    if args.concurrency < 1:
        raise UsageError(f"--concurrency must be at least 1, not {args.concurrency}")
    if args.stalled_after <= 0:
        raise UsageError(f"--stalled-after must be a positive number of seconds, not {args.stalled_after}")
    from ingest.run import queue

    done = queue.work(queue.WorkerState(settings, engine), concurrency=args.concurrency,
                      until_empty=args.until_empty, stalled_after=args.stalled_after)
    print(f"worker stopped: {done['sources']} sources ingested, {done['rescores']} rescores, "
          f"{done['retried']} tasks of stalled workers queued again, {done['dropped']} dropped")
    return 0


def adhoc(args: argparse.Namespace) -> int:
    from ingest.run import runner

    settings, engine = context(args)
    events = _events(settings, args.event)
    cwd = Path.cwd()
    kind = {"feed": "rss"}.get(args.command, args.command)
    if kind in ("urls", "files"):
        _existing_inputs(args.inputs, "file" if kind == "urls" else "file or directory")
    if kind in ("rss", "urls"):
        key = "url" if kind == "rss" else "path"
        sources = [SourceConfig(kind=kind, options={key: v}, base_dir=cwd) for v in args.inputs]
    elif kind == "files":
        sources = [SourceConfig(kind="files", options={"path": p}, base_dir=cwd) for p in args.inputs]
    else:
        sources = [s for e in events for s in e.sources if s.kind == kind] or [
            SourceConfig(kind=kind, options={}, base_dir=cwd)]
    with runner.run_lock(settings, engine):
        report = runner.run_adhoc(engine, settings, events, sources, args.command, workers=args.workers,
                                   progress=progress())
        runner.rescore(engine, settings, events, full=False)
    return _finish(report, _alerts(engine, settings, events))


def quotes(args: argparse.Namespace) -> int:
    """JSON lines {id, text[, language]} in, {id, quotes:[{start,end,quote,speaker}]} out; bad lines are
    reported. A record's `language` (ISO 639-1) picks the rules that read it, English when absent."""
    from ingest.nlp.readers import reader_for

    failures = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, rid, language = record["text"], record.get("id"), record.get("language")
            if not isinstance(text, str):
                raise TypeError("text is not a string")
            if language is not None and not isinstance(language, str):
                raise TypeError("language is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            print(f"stdin:{number}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failures += 1
            continue
        found = [{"start": q.start, "end": q.end, "quote": q.text, "speaker": q.speaker}
                 for q in reader_for(language).quotes(text)]
        sys.stdout.write(json.dumps({"id": rid, "quotes": found}, ensure_ascii=False) + "\n")
    return 1 if failures else 0


def rescore(args: argparse.Namespace) -> int:
    """Recompute everything; when the config's aliases would rewrite stored figures (merge or split
    them), list the changes and stop unless --yes: a wrong --config must not silently undo merges."""
    from ingest.run import runner
    from ingest.run.rescore import figure_changes

    settings, engine = context(args)
    events = _events(settings, args.event) if (args.event or settings.events) else []
    with runner.run_lock(settings, engine):
        with engine.connect() as conn:
            changes = figure_changes(conn, events or settings.events)
        if changes and not args.yes:
            for line in changes[:20]:
                print(f"  {line}", file=sys.stderr)
            if len(changes) > 20:
                print(f"  … and {len(changes) - 20} more", file=sys.stderr)
            raise UsageError(f"rescore with {settings.config_path} would change {len(changes)} stored figures "
                             "(listed above); check --config, then run again with --yes to apply")
        done = runner.rescore(engine, settings, events or None)
    print(done)
    return 0


def status(args: argparse.Namespace) -> int:
    from ingest.run import status as status_mod

    _, engine = context(args)
    report = status_mod.collect(engine)
    print(json.dumps(report, indent=2, default=str) if args.json else status_mod.render(report))
    return 0


def db(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, args.database)
    if args.action == "grant-readonly":
        return _grant_readonly(settings.database_url, args.role, args.login)
    if args.action == "backup":
        return _backup(settings.database_url, args.path, args.force)
    engine = open_store(settings.database_url)
    if args.action == "rebuild-search":
        from db import fulltext

        counts = fulltext.rebuild(engine)
        print(f"search index of {describe(engine)} rebuilt: "
              + ", ".join(f"{n} {what}" for what, n in counts.items()))
        return 0
    print(f"{describe(engine)} is at the latest schema")
    return 0


def _backup(url: str, path: Path, force: bool) -> int:
    """`db backup PATH`: on a migrated store, so the copy has every table the code expects."""
    from db.backup import BackupError, backup

    engine = open_store(url)
    try:
        report = backup(engine.url, path, overwrite=force)
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    finally:
        engine.dispose()
    counts = f": {report.articles} articles, {report.quotes} quotes" if report.articles is not None else ""
    print(f"backed up {describe(engine)} to {report.path} ({report.size_bytes:,} bytes){counts}")
    return 0


READONLY_PASSWORD_ENV = "PRESSWATCH_READONLY_PASSWORD"


def _grant_readonly(url: str, role: str, login: bool) -> int:
    """`db grant-readonly ROLE [--login]`: checked before anything is opened, then on a migrated store
    (so every table exists to be granted)."""
    from db.grants import BadRoleNameError, check_role_name, grant_readonly

    try:
        check_role_name(role)
    except BadRoleNameError as exc:
        raise UsageError(str(exc)) from None
    password = os.environ.get(READONLY_PASSWORD_ENV) if login else None
    if login and not password:
        raise UsageError(f"--login needs the role's password in ${READONLY_PASSWORD_ENV}")
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = None  # open_store names the bad URL
    if backend == "sqlite":
        raise UsageError(f"grant-readonly is for PostgreSQL; {make_url(url).render_as_string(hide_password=True)} "
                         "is SQLite, where read-only is the file's permissions (the dashboard already opens it "
                         "read-only)")
    engine = open_store(url)
    try:
        done = grant_readonly(engine, role, password)
    except BadRoleNameError as exc:
        raise UsageError(str(exc)) from None
    print(f"role {role!r} ({'created' if done.created else 'existing'}, "
          f"{'LOGIN' if done.login else 'NOLOGIN'}) can read every table of schema {done.schema!r} in "
          f"{describe(engine)}, and tables {done.owner!r} creates there later")
    for warning in done.warnings:
        print(f"presswatch: warning: {warning}", file=sys.stderr)
    return 0
