"""`presswatch alerts digest`: the week of the fictional flood summarised and e-mailed to a real SMTP
server on 127.0.0.1 (text and HTML parts), printed with --print, and its one-line errors; both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import main
from tests.ingest.alerts import corpus
from tests.ingest.alerts.servers import MailServer

WEEK_TEXT = """\
Presswatch digest: Marrow River flood, 2025-03-02 to 2025-03-08
===============================================================

Articles: 24 (+22 on the period before)
Originals: {originals}
"""


def test_weekly_digest_is_mailed_with_text_and_html(backend_url: str, tmp_path: Path, mail: MailServer,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    cfg = corpus.config(tmp_path, "", smtp_port=mail.port)
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", backend_url]
    assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
    capsys.readouterr()
    assert main(["alerts", "digest", *opts, "--period", "week", "--ending", "2025-03-08", "--print"]) == 0
    printed = capsys.readouterr().out
    originals = printed.split("Originals: ")[1].split("\n")[0]
    assert printed.startswith(WEEK_TEXT.format(originals=originals))
    assert "\nSources: 3" in printed and "\nQuotes: 12" in printed and "\nFigures quoted: 1" in printed
    assert "Mean tone: -" in printed
    figures = printed.split("Most quoted figures\n-------------------\n")[1].split("\n\n")[0]
    assert figures == "  Ilse Varga  12 quotes"
    sources = printed.split("Busiest sources\n---------------\n")[1].split("\n\n")[0].splitlines()
    assert sources == ["  lenton-courier.example  10 articles", "  river-news.example  10 articles",
                       "  valley-post.example  4 articles"]
    assert "  2025-03-08  12 articles, tone -" in printed and "  2025-03-02  2 articles, tone +" in printed
    assert mail.messages == []  # --print sends nothing

    assert main(["alerts", "digest", *opts, "--period", "week", "--ending", "2025-03-08",
                 "--to", "desk@lenton.example", "--to", "editor@lenton.example"]) == 0
    assert capsys.readouterr().out == ("digest of marrow-flood (2025-03-02 to 2025-03-08) sent to desk@lenton.example, "
                                       "editor@lenton.example\n")
    envelope, message = mail.messages[0]
    assert envelope.rcpt_tos == ["desk@lenton.example", "editor@lenton.example"]
    assert message["Subject"].strip() == "[Presswatch] Marrow River flood: weekly digest 2025-03-02 to 2025-03-08"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content().replace("\r\n", "\n") == printed  # SMTP sends CRLF line ends
    report = html.get_content()  # the report itself: its tables and its charts, drawn in Chromium
    assert "Ilse Varga" in report and report.count('src="data:image/png;base64,') >= 3
    assert "2025-03-02" in report and "2025-03-08" in report

    assert main(["alerts", "digest", *opts, "--ending", "2025-03-01", "--to", "desk@lenton.example"]) == 0
    day = mail.messages[1][1]
    assert day["Subject"].strip() == "[Presswatch] Marrow River flood: daily digest 2025-03-01"
    day_text = day.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert "\nArticles: 2\n" in day_text  # no change shown: the day before had no coverage


@pytest.mark.parametrize(("extra", "smtp", "error"), [
    (["--ending", "March"], True, "--ending must be a date like 2020-01-03, got 'March'"),
    ([], True, "name who gets the digest with --to ADDRESS (event 'marrow-flood' has no alert with `email`), or "
               "--print it"),
    (["--to", "a@b.example"], False, "{path}: sending the digest needs an [smtp] table (host, from)"),
])
def test_digest_errors_are_one_line(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    extra: list[str], smtp: bool, error: str) -> None:
    cfg = corpus.config(tmp_path, "", smtp_port=2525 if smtp else None)
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", sqlite_url]
    assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
    capsys.readouterr()
    assert main(["alerts", "digest", *opts, *extra]) == 2
    assert capsys.readouterr().err == f"presswatch: {error.format(path=cfg)}\n"


def test_a_refused_digest_is_reported(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ingest.alerts.servers import free_port

    port = free_port()  # nothing listens there
    cfg = corpus.config(tmp_path, "", smtp_port=port)
    opts = ["--event", corpus.EVENT, "--config", str(cfg), "--database", sqlite_url]
    assert main(["files", str(corpus.write(tmp_path / "week.jsonl", corpus.first_week())), *opts]) == 0
    capsys.readouterr()
    assert main(["alerts", "digest", *opts, "--to", "desk@lenton.example"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"presswatch: digest of marrow-flood not sent: e-mail to desk@lenton.example via "
                          f"127.0.0.1:{port}: ConnectionRefusedError") and err.count("\n") == 1
