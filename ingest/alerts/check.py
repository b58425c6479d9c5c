"""One check of an event's alerts: find occurrences, record the new ones, send every delivery that is due.

Called by `presswatch alerts check` and after each ingest run. Finding and recording come first and are
committed before anything is sent: an occurrence is in the store (and on the Health page) even when
every target is down, and its pending deliveries are what the next check retries. A term rule's first
check records the articles already matching as seen, without sending them: the rule reports articles
that match from then on, not an event's whole archive at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine

from db import alerts as store
from ingest.alerts import deliver, rules
from ingest.config import EventConfig, Settings

FIRST_CHECK = "first-check"  # the key of a term rule's first check, recorded once


@dataclass
class CheckReport:
    """What a check did, for one line of output and the exit code."""

    slug: str
    fired: int = 0  # new occurrences with somewhere to go
    seen: int = 0  # a term rule's first check: matches recorded, not sent
    delivered: int = 0
    failures: list[str] = field(default_factory=list)  # one line per failed attempt
    pending: int = 0  # deliveries still waiting after this check

    def problems(self) -> list[str]:
        """Lines for stderr: each failed attempt, and what still waits for a retry."""
        lines = list(self.failures[:20])
        if self.pending:
            lines.append(f"{self.pending} alert deliveries of {self.slug} wait for a retry (back-off); "
                         f"`presswatch alerts list --event {self.slug}` shows their errors")
        return lines

    def summary(self) -> str:
        seen = f", {self.seen} already matching recorded as seen" if self.seen else ""
        return (f"alerts of {self.slug}: {self.fired} fired{seen}, {self.delivered} delivered, "
                f"{len(self.failures)} failed, {self.pending} pending")


def check(engine: Engine, settings: Settings, event: EventConfig, now: dt.datetime | None = None) -> CheckReport:
    """Evaluate every rule of `event` and send what is due (including earlier failures past their back-off)."""
    when = now or dt.datetime.now(dt.UTC)
    report = CheckReport(event.slug)
    for rule in event.alerts:
        found = rules.find(engine, event.slug, rule, event.aliases)
        if rule.kind == "term":  # finds only articles it has not recorded (rules.term)
            baseline = not store.recorded(engine, event.slug, rule.name, FIRST_CHECK)
        else:  # a few keys (days) per rule, whatever the event's size
            seen = store.recorded_keys(engine, event.slug, rule.name)
            found, baseline = [f for f in found if f.key not in seen], False
        if baseline:  # marks the rule as checked, so what matches later is new even if nothing matched now
            found.append(store.Found(FIRST_CHECK, f"First check of {rule.params['query']!r}: {len(found)} article(s) "
                                     "already matching, recorded as seen and not sent",
                                     {"event": event.slug, "rule": rule.name, "kind": rule.kind,
                                      "already_matching": len(found)}))
        if not found:
            continue
        targets = [] if baseline else [("webhook", u) for u in rule.webhooks] + [("email", a) for a in rule.emails]
        with engine.begin() as conn:
            new = store.record(conn, event.slug, rule.name, rule.kind, found, targets, when)
        if baseline:
            report.seen += max(len(new) - 1, 0)
        else:
            report.fired += len(new)
    due = store.due(engine, event.slug, when)
    hooks = any(item.channel == "webhook" for item in due)
    with deliver.webhook_client(settings.fetch.user_agent) if hooks else contextlib.nullcontext() as client:
        down: set[str] = set()  # a target that failed once in this check is not tried again until the next
        for item in due:
            if item.target in down:
                continue
            if not _attempt(engine, settings, event, item, client, when, report):
                down.add(item.target)
    report.pending = store.pending(engine, event.slug)
    return report


def _attempt(engine: Engine, settings: Settings, event: EventConfig, item: store.Due, client: httpx.Client | None,
             when: dt.datetime, report: CheckReport) -> bool:
    """One delivery tried and its outcome recorded in its own transaction (a later failure keeps it);
    whether it was delivered."""
    error = None
    try:
        send(settings, event, item, client)
    except deliver.DeliveryError as exc:
        error = str(exc)
        report.failures.append(f"{event.slug} alert {item.rule} (attempt {item.attempts + 1}): {error}")
    with engine.begin() as conn:
        store.mark(conn, item.id, item.attempts, error, when)
    report.delivered += error is None
    return error is None


def send(settings: Settings, event: EventConfig, item: store.Due, client: httpx.Client | None) -> None:
    """One delivery, to its webhook or address."""
    if item.channel == "webhook":
        assert client is not None  # made for the check when a webhook is due
        body = deliver.webhook_body(event.name, item.rule, item.summary, item.payload)
        deliver.post_webhook(client, item.target, body)
    else:
        subject, text = deliver.alert_mail(event.name, item.rule, item.summary, item.payload)
        deliver.send_mail(settings.smtp, [item.target], subject, text)


def check_after_run(engine: Engine, settings: Settings, events: list[EventConfig]) -> list[str]:
    """After an ingest: check the events that have rules; returns lines to print. Never raises: an
    alerting problem is reported on one line and the ingest's outcome stands."""
    lines = []
    for event in events:
        if not event.alerts:
            continue
        try:
            report = check(engine, settings, event)
        except Exception as exc:
            lines.append(f"presswatch: alerts of {event.slug} not checked: {type(exc).__name__}: {exc}".splitlines()[0])
            continue
        lines.append(report.summary())
        lines += [f"presswatch: {line}" for line in report.problems()]
    return lines
