"""Alerts end to end on both backends: a fictional event ingested through the files connector, each kind
of rule firing on it after the run, once (a second check sends nothing), to a real webhook server and a
real SMTP server on 127.0.0.1; dismissed articles do not count; a failing webhook is retried with back-off
until it answers, and the Health read shows each delivery's state."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import make_engine, upgrade
from db.models import AlertDelivery
from db.reads.health import alerts as health_alerts
from ingest.alerts import rules
from ingest.alerts.check import check
from ingest.cli import main
from ingest.config import load_settings
from tests.ingest.alerts import corpus
from tests.ingest.alerts.servers import MailServer, WebhookServer

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # loopback, on purpose

RULES = """
[[event.alert]]
kind = "spike"
name = "volume"
days = 7
threshold = 3
min_articles = 5
webhook = "{hook}"
email = "desk@lenton.example"

[[event.alert]]
kind = "figure"
name = "mayor"
figure = "ilse varga"
min_quotes = 3
webhook = "{hook}"

[[event.alert]]
kind = "tone"
name = "dark"
below = -0.2
min_articles = 5
webhook = "{hook}"

[[event.alert]]
kind = "term"
name = "levee"
query = "title:levee OR levee NEAR/3 repairing"
webhook = "{hook}"
"""


def _run(*args: str) -> int:
    return main(list(args))


def _listed(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_every_kind_fires_once_after_ingest_to_webhook_and_mail(
        backend_url: str, tmp_path: Path, hooks: WebhookServer, mail: MailServer,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = f"/hook/{uuid.uuid4().hex}"
    cfg = corpus.config(tmp_path, RULES.format(hook=hooks.url(path)), smtp_port=mail.port)
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", backend_url]
    week = corpus.write(tmp_path / "week.jsonl", corpus.first_week())
    assert _run("files", str(week), *opts) == 0
    out = capsys.readouterr().out
    assert "alerts of marrow-flood: 3 fired, 0 already matching recorded as seen" not in out  # nothing matched yet
    assert "alerts of marrow-flood: 3 fired, 4 delivered, 0 failed, 0 pending" in out

    bodies = hooks.bodies(path)
    assert sorted(b["presswatch"]["rule"] for b in bodies) == ["dark", "mayor", "volume"]
    texts = {b["presswatch"]["rule"]: b["text"] for b in bodies}
    assert texts["volume"] == ("[Presswatch] Marrow River flood: Spike: 12 articles on 2025-03-08 (6.0x the median "
                               "of 2 over the 7 days before)")
    assert texts["mayor"] == "[Presswatch] Marrow River flood: Ilse Varga quoted 12 times on 2025-03-08"
    assert texts["dark"].startswith("[Presswatch] Marrow River flood: Tone -")
    assert "below -0.2 (12 scored articles)" in texts["dark"]
    for body in bodies:  # Slack's block layout
        assert [b["type"] for b in body["blocks"]] == ["section", "context"]
        assert body["blocks"][0]["text"]["type"] == "mrkdwn"

    assert len(mail.messages) == 1
    envelope, message = mail.messages[0]
    assert envelope.mail_from == "monitor@lenton.example" and envelope.rcpt_tos == ["desk@lenton.example"]
    assert message["Subject"] == ("[Presswatch] Marrow River flood: Spike: 12 articles on 2025-03-08 (6.0x the "
                                  "median of 2 over the 7 days before)")
    assert "Rule: volume (spike)" in message.get_content()

    assert _run("alerts", "check", *opts) == 0  # checked again: nothing new, nothing sent
    assert "alerts of marrow-flood: 0 fired, 0 delivered, 0 failed, 0 pending" in capsys.readouterr().out
    assert len(hooks.bodies(path)) == 3 and len(mail.messages) == 1

    later = corpus.write(tmp_path / "later.jsonl", {dt.date(2025, 3, 10): (2, "levee"),
                                                    dt.date(2025, 3, 11): (1, "quiet")}, seed=8)
    assert _run("files", str(later), *opts) == 0
    assert "alerts of marrow-flood: 2 fired, 2 delivered" in capsys.readouterr().out
    levee = [b for b in hooks.bodies(path) if b["presswatch"]["rule"] == "levee"]
    assert sorted(b["presswatch"]["title"] for b in levee) == [
        "Levee repair begins on the Marrow River flood plain (0)",
        "Levee repair begins on the Marrow River flood plain (1)"]
    assert all(b["presswatch"]["url"] in b["blocks"][0]["text"]["text"] for b in levee)
    term = next(r for r in load_settings(cfg, backend_url).event(corpus.EVENT).alerts if r.name == "levee")
    engine = make_engine(backend_url)
    assert rules.find(engine, corpus.EVENT, term) == []  # the store is asked only for what it has not recorded
    engine.dispose()

    assert _run("alerts", "list", *opts) == 0
    rows = _listed(capsys.readouterr().out)
    assert sorted(r["rule"] for r in rows) == ["dark", "levee", "levee", "levee", "mayor", "volume"]
    first = next(r for r in rows if r["rule"] == "levee" and r["kind"] == "term" and "First check" in r["summary"])
    assert first["delivery"].startswith("seen") and first["state"] == "seen"
    volume = next(r for r in rows if r["rule"] == "volume")
    assert f"webhook {hooks.base}/hook/…: delivered" in volume["delivery"]
    assert "email desk@lenton.example: delivered" in volume["delivery"]


def test_dismissed_articles_never_count(backend_url: str, tmp_path: Path, hooks: WebhookServer,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = f"/hook/{uuid.uuid4().hex}"
    plain = corpus.config(tmp_path, "")
    opts = ["--event", corpus.EVENT, "--database", backend_url]
    week = corpus.write(tmp_path / "week.jsonl", corpus.first_week())
    assert _run("files", str(week), *opts, "--config", str(plain)) == 0
    urls = [f"https://{corpus.OUTLETS[n % 3]}/2025/03/08/breaking-{n}" for n in range(8)]
    assert _run("dismiss", *urls, *opts, "--config", str(plain)) == 0  # 4 of the 12 are left
    folder = tmp_path / "rules"
    folder.mkdir()
    rules = corpus.config(folder, RULES.split("[[event.alert]]\nkind = \"figure\"")[0]
                          .replace('email = "desk@lenton.example"\n', "").format(hook=hooks.url(path)))
    assert _run("alerts", "check", *opts, "--config", str(rules)) == 0
    assert "0 fired" in capsys.readouterr().out and hooks.bodies(path) == []
    assert _run("restore", *urls[:4], *opts, "--config", str(plain)) == 0  # 8: 3 x the median of 2, and >= 5
    assert _run("alerts", "check", *opts, "--config", str(rules)) == 0
    assert "1 fired, 1 delivered" in capsys.readouterr().out
    assert [b["presswatch"]["articles"] for b in hooks.bodies(path)] == [8]


def test_a_failing_webhook_is_retried_with_backoff_until_it_answers(
        backend_url: str, tmp_path: Path, hooks: WebhookServer, capsys: pytest.CaptureFixture[str]) -> None:
    path = f"/hook/{uuid.uuid4().hex}"
    hooks.fails[path] = 2
    cfg = corpus.config(tmp_path, RULES.split("[[event.alert]]\nkind = \"figure\"")[0]
                        .replace('email = "desk@lenton.example"\n', "").format(hook=hooks.url(path)))
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", backend_url]
    week = corpus.write(tmp_path / "week.jsonl", corpus.first_week())
    assert _run("files", str(week), *opts) == 0  # the ingest succeeds whatever the webhook says
    captured = capsys.readouterr()
    assert "alerts of marrow-flood: 1 fired, 0 delivered, 1 failed, 1 pending" in captured.out
    assert f"presswatch: marrow-flood alert volume (attempt 1): webhook {hooks.url(path)}: HTTP 503" in captured.err
    assert _run("alerts", "check", *opts) == 1  # the back-off has not passed: not tried, still pending
    assert "0 delivered, 0 failed, 1 pending" in capsys.readouterr().out
    assert len(hooks.bodies(path)) == 1

    settings, engine = load_settings(cfg, backend_url), make_engine(backend_url)
    try:
        event = settings.event(corpus.EVENT)
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
        second = check(engine, settings, event, now=soon)
        assert (second.delivered, len(second.failures), second.pending) == (0, 1, 1)
        assert "(attempt 2)" in second.failures[0]
        assert check(engine, settings, event, now=soon + dt.timedelta(seconds=120)).failures == []  # 300 s now
        assert len(hooks.bodies(path)) == 2
        third = check(engine, settings, event, now=soon + dt.timedelta(seconds=301))
        assert (third.delivered, third.failures, third.pending) == (1, [], 0)
        with engine.connect() as conn:
            attempts, error, delivered = conn.execute(select(AlertDelivery.attempts, AlertDelivery.last_error,
                                                             AlertDelivery.delivered_at)).one()
        assert attempts == 3 and "HTTP 503" in error and delivered is not None
        shown = health_alerts(engine)
        assert list(shown["rule"]) == ["volume"]
        assert shown["delivery"][0].startswith(f"webhook {hooks.base}/hook/…: delivered")  # secret part hidden
        assert path.rsplit("/", 1)[1] not in shown.to_csv()
        assert check(engine, settings, event, now=soon + dt.timedelta(days=1)).delivered == 0  # never twice
    finally:
        engine.dispose()
    assert len(hooks.bodies(path)) == 3
    assert all(b == hooks.bodies(path)[0] for b in hooks.bodies(path))  # the same alert each time


def test_mail_with_a_login_is_retried_once_the_password_is_right(
        backend_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = MailServer(login=("monitor", "river-2025"))
    try:
        cfg = corpus.config(tmp_path, RULES.split("[[event.alert]]\nkind = \"figure\"")[0]
                            .replace('webhook = "{hook}"\n', ""), smtp_port=server.port)
        cfg.write_text(cfg.read_text(encoding="utf-8").replace(
            'from = "monitor@lenton.example"\n', 'from = "monitor@lenton.example"\nuser = "monitor"\n'
                                                 'password_env = "LENTON_SMTP_PASSWORD"\n'), encoding="utf-8")
        monkeypatch.setenv("LENTON_SMTP_PASSWORD", "wrong")
        opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", backend_url]
        assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
        assert server.messages == [] and server.logins and server.logins[-1].endswith(":refused")
        engine = make_engine(backend_url)
        try:
            with engine.connect() as conn:
                error = conn.execute(select(AlertDelivery.last_error)).scalar_one()
            assert error.startswith("e-mail to desk@lenton.example via 127.0.0.1:")
            assert "SMTPAuthenticationError" in error
            settings = load_settings(cfg, backend_url, environ={"LENTON_SMTP_PASSWORD": "river-2025"})
            later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)
            report = check(engine, settings, settings.event(corpus.EVENT), now=later)
            assert (report.delivered, report.failures, report.pending) == (1, [], 0)
        finally:
            engine.dispose()
        envelope, message = server.messages[0]
        assert envelope.rcpt_tos == ["desk@lenton.example"]
        assert "Spike: 12 articles on 2025-03-08" in message["Subject"]
        assert server.logins[-1].endswith(":ok")
    finally:
        server.stop()


def test_a_figure_rule_may_name_the_figure_by_an_alias_from_the_config(
        backend_url: str, tmp_path: Path, hooks: WebhookServer, capsys: pytest.CaptureFixture[str]) -> None:
    path = f"/hook/{uuid.uuid4().hex}"
    cfg = corpus.config(tmp_path, f'[event.aliases]\n"Ilse Varga" = ["Mayor Varga"]\n\n[[event.alert]]\n'
                                  f'kind = "figure"\nfigure = "MAYOR VARGA"\nfirst_only = true\n'
                                  f'webhook = "{hooks.url(path)}"\n')
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", backend_url]
    assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
    assert "1 fired, 1 delivered" in capsys.readouterr().out
    assert [b["text"] for b in hooks.bodies(path)] == [
        "[Presswatch] Marrow River flood: Ilse Varga first quoted 12 times on 2025-03-08"]


def test_a_broken_alert_check_never_fails_the_ingest(sqlite_url: str, tmp_path: Path, hooks: WebhookServer,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    cfg = corpus.config(tmp_path, RULES.split("[[event.alert]]\nkind = \"figure\"")[0]
                        .replace('email = "desk@lenton.example"\n', "").format(hook=hooks.url("/hook/broken")))
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        with engine.begin() as conn:  # a store that lost its alert tables: the check itself fails
            conn.exec_driver_sql("DROP TABLE alert_deliveries")
    finally:
        engine.dispose()
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", sqlite_url]
    assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("run 1 ok: 26 documents, 26 stored")
    lines = [line for line in captured.err.splitlines() if "alerts of" in line]
    assert len(lines) == 1 and lines[0].startswith("presswatch: alerts of marrow-flood not checked: OperationalError")
    assert hooks.bodies("/hook/broken") == []


def test_a_target_that_fails_is_not_tried_again_in_the_same_check(
        backend_url: str, tmp_path: Path, hooks: WebhookServer) -> None:
    path = f"/hook/{uuid.uuid4().hex}"
    hooks.fails[path] = 1
    rules = RULES.split("[[event.alert]]\nkind = \"term\"")[0].replace('email = "desk@lenton.example"\n', "")
    cfg = corpus.config(tmp_path, rules.format(hook=hooks.url(path)))
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", backend_url]
    assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
    assert len(hooks.bodies(path)) == 1  # three alerts for one webhook: the first failed, the others waited
    engine = make_engine(backend_url)
    try:
        with engine.connect() as conn:
            assert sorted(conn.execute(select(AlertDelivery.attempts)).scalars()) == [0, 0, 1]
        settings = load_settings(cfg, backend_url)
        later = check(engine, settings, settings.event(corpus.EVENT),
                      now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61))
        assert (later.delivered, later.failures, later.pending) == (3, [], 0)
        assert sorted(health_alerts(engine)["state"]) == ["delivered"] * 3
    finally:
        engine.dispose()
    assert len(hooks.bodies(path)) == 4
