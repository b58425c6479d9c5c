"""`presswatch alerts check | list | digest`: an event's alert rules from the shell (cron can run them).

`check` exits 1 when a delivery failed or still waits for its retry (the next check after its back-off
tries it again), so a cron job
mails its output; `list` prints the event's alerts as CSV with the state of each delivery; `digest`
sends (or, with --print, prints) the day's or week's summary of the event.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys

from db.filters import parse_date
from ingest.commands import UsageError, context

# The rules, sending and the digest (pandas, the report's renderer) are imported by the action that needs
# them: `ingest.cli` imports this module for every command, and the CLI starts in a third of a second.


def check(args: argparse.Namespace) -> int:
    settings, engine = context(args)
    event = settings.event(args.event)
    if not event.alerts:
        print(f"presswatch: {settings.config_path}: event {event.slug!r} has no [[event.alert]] rules; "
              "pending deliveries are still sent", file=sys.stderr)
    from ingest.alerts import check as checking

    report = checking.check(engine, settings, event)
    print(report.summary())
    for line in report.problems():
        print(f"presswatch: {line}", file=sys.stderr)
    return 1 if report.failures or report.pending else 0


def list_alerts(args: argparse.Namespace) -> int:
    from db.reads.health import ALERT_COLUMNS, alerts

    settings, engine = context(args)
    settings.event(args.event)
    frame = alerts(engine, args.event, limit=args.limit)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(ALERT_COLUMNS)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([v.isoformat() if isinstance(v, dt.datetime) else ("" if v is None else v) for v in row])
    return 0


def send_digest(args: argparse.Namespace) -> int:
    from ingest.alerts import deliver, digest

    settings, engine = context(args)
    event = settings.event(args.event)
    try:
        ending = parse_date(args.ending, "--ending") or dt.datetime.now(dt.UTC).date()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    start, end = digest.period(args.period, ending)
    try:
        text, html = digest.digest_body(engine, event.slug, start, end)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.print:
        sys.stdout.write(text)
        return 0
    to = args.to or sorted({a for rule in event.alerts for a in rule.emails})
    if not to:
        raise UsageError(f"name who gets the digest with --to ADDRESS (event {event.slug!r} has no alert with "
                         "`email`), or --print it")
    if settings.smtp is None:
        raise UsageError(f"{settings.config_path}: sending the digest needs an [smtp] table (host, from)")
    subject = f"[Presswatch] {event.name}: {'daily' if args.period == 'day' else 'weekly'} digest " + (
        f"{start}" if start == end else f"{start} to {end}")
    try:
        deliver.send_mail(settings.smtp, to, subject, text, html)
    except deliver.DeliveryError as exc:
        print(f"presswatch: digest of {event.slug} not sent: {exc}", file=sys.stderr)
        return 1
    print(f"digest of {event.slug} ({start} to {end}) sent to {', '.join(to)}")
    return 0


def alerts(args: argparse.Namespace) -> int:
    """Dispatch `presswatch alerts ACTION`."""
    return {"check": check, "list": list_alerts, "digest": send_digest}[args.action](args)
