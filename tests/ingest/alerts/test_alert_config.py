"""[[event.alert]] and [smtp] in monitor.toml: typed rules with their defaults, and every mistake one line
naming the file, the rule and the key (exit 2 from the command line, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import main
from ingest.config import ConfigError, load_settings
from tests.ingest.alerts import corpus

SMTP = '[smtp]\nhost = "mail.lenton.example"\nport = 587\nfrom = "monitor@lenton.example"\nstarttls = true\n' \
       'user = "monitor"\npassword_env = "LENTON_SMTP_PASSWORD"\n\n'


def _write(tmp_path: Path, alerts: str, smtp: str = "") -> Path:
    path = corpus.config(tmp_path, alerts)
    path.write_text(smtp + path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_rules_are_typed_with_defaults_and_the_password_comes_from_the_environment(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[event.alert]]\nkind = "spike"\nwebhook = "https://hooks.example/T1"\n\n'
                            '[[event.alert]]\nkind = "tone"\nname = "dark days"\nabove = 1\nemail = ["a@b.example", '
                            '"c@d.example"]\n\n[[event.alert]]\nkind = "term"\nquery = \'"levee breach" OR '
                            'speaker:varga\'\nwebhook = "http://127.0.0.1:9/x"\n', SMTP)
    settings = load_settings(path, "sqlite:///x.db", environ={"LENTON_SMTP_PASSWORD": "s3cret"})
    spike, tone, term = settings.event(corpus.EVENT).alerts
    assert (spike.kind, dict(spike.params), spike.webhooks) == (
        "spike", {"threshold": 3.0, "days": 7, "min_articles": 10}, ("https://hooks.example/T1",))
    assert spike.name.startswith("spike-") and spike.name == load_settings(path, "sqlite:///x.db", environ={}).event(
        corpus.EVENT).alerts[0].name  # the same rule keeps its key
    assert (tone.name, dict(tone.params), tone.emails) == ("dark days", {"above": 1.0, "min_articles": 5},
                                                           ("a@b.example", "c@d.example"))
    assert term.params["query"] == '"levee breach" OR speaker:varga'
    smtp = settings.smtp
    assert smtp is not None and (smtp.host, smtp.port, smtp.starttls, smtp.user) == ("mail.lenton.example", 587,
                                                                                      True, "monitor")
    assert smtp.password == "s3cret" and "s3cret" not in repr(smtp)


WHERE = "[[event.alert]] 1 of 'marrow-flood'"


@pytest.mark.parametrize(("alerts", "smtp", "error"), [
    ('kind = "surge"\nwebhook = "http://h.example"', "",
     f"{WHERE} ({{path}}): `kind` must be one of spike, figure, tone, term, got 'surge'"),
    ('kind = "spike"\nthreshhold = 2\nwebhook = "http://h.example"', "",
     f"unknown key 'threshhold' in {WHERE} kind 'spike' ({{path}}); did you mean 'threshold'?"),
    ('kind = "spike"\nquery = "x"\nwebhook = "http://h.example"', "",
     f"unknown key 'query' in {WHERE} kind 'spike' ({{path}}) (known keys: days, email, kind, min_articles, name, "
     "threshold, webhook)"),
    ('kind = "spike"\nthreshold = "big"\nwebhook = "http://h.example"', "",
     f"{WHERE} ({{path}}): `threshold` must be a number, got 'big'"),
    ('kind = "spike"\ndays = 2.5\nwebhook = "http://h.example"', "",
     f"{WHERE} ({{path}}): `days` must be a number (a whole number), got 2.5"),
    ('kind = "spike"\nthreshold = 0.5\nwebhook = "http://h.example"', "",
     f"{WHERE} ({{path}}): `threshold` must be at least 1, got 0.5"),
    ('kind = "figure"\nwebhook = "http://h.example"', "", f"{WHERE} ({{path}}): a figure alert needs `figure`"),
    ('kind = "tone"\nwebhook = "http://h.example"', "",
     f"{WHERE} ({{path}}): a tone alert needs `below` or `above` (or both)"),
    ('kind = "term"\nquery = "levee AND ("\nwebhook = "http://h.example"', "",
     f"{WHERE} ({{path}}): `query`: column 12: the search ends too early (an open parenthesis or a trailing "
     "OR/NOT?)"),
    ('kind = "spike"', "", f"{WHERE} ({{path}}): an alert needs `webhook = URL` or `email = ADDRESS` (or both)"),
    ('kind = "spike"\nwebhook = "ftp://h.example"', "",
     f"{WHERE} ({{path}}): `webhook` must be an http:// or https:// URL, got 'ftp://h.example'"),
    ('kind = "spike"\nemail = "desk"', SMTP,
     f"{WHERE} ({{path}}): `email` must be an address like analyst@example.org, got 'desk'"),
    ('kind = "spike"\nemail = "desk@lenton.example"', "",
     "[[event.alert]] of 'marrow-flood' ({path}): `email` needs an [smtp] table (host, from) to send through"),
    ('kind = "spike"\nwebhook = "http://h.example"', '[smtp]\nhost = "m.example"\nfrom = "a@b.example"\n'
                                                     'password = "hunter2"\n\n',
     "[smtp] ({path}): the password never goes in the file: set `password_env` to the name of the environment "
     "variable that holds it"),
    ('kind = "spike"\nwebhook = "http://h.example"', '[smtp]\nhost = "m.example"\n\n',
     "[smtp] ({path}): `from` is required"),
    ('kind = "spike"\nwebhook = "http://h.example"', '[smtp]\nhost = "m.example"\nfrom = "a@b.example"\nport = 0\n\n',
     "[smtp] ({path}): `port` must be between 1 and 65535, got 0"),
])
def test_a_bad_rule_is_one_line_naming_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     alerts: str, smtp: str, error: str) -> None:
    path = _write(tmp_path, f"[[event.alert]]\n{alerts}\n", smtp)
    with pytest.raises(ConfigError) as raised:
        load_settings(path, "sqlite:///x.db", environ={})
    assert str(raised.value) == error.format(path=path)
    code = main(["alerts", "check", "--event", corpus.EVENT, "--config", str(path),
                 "--database", f"sqlite:///{tmp_path / 'p.db'}"])
    err = capsys.readouterr().err
    assert code == 2 and err == f"presswatch: {error.format(path=path)}\n"


def test_two_rules_with_one_name(tmp_path: Path) -> None:
    rule = '[[event.alert]]\nkind = "spike"\nname = "volume"\nwebhook = "http://h.example"\n\n'
    path = _write(tmp_path, rule + rule.replace("spike", "tone").replace('webhook', 'below = -1\nwebhook'))
    with pytest.raises(ConfigError, match=r"two alerts share the name 'volume'; give each its own `name`$"):
        load_settings(path, "sqlite:///x.db", environ={})
