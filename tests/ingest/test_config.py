"""monitor.toml parsing: typed settings, and errors that name the file and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_config_is_the_worked_example() -> None:
    settings = load_settings(ROOT / "monitor.toml", "sqlite:///x.db", environ={})
    event = settings.event("soleimani-strike")
    assert event.start == dt.date(2020, 1, 3)
    assert "Qasem Soleimani" in event.aliases["Qassem Soleimani"]
    assert {s.kind for s in event.sources} >= {"rss", "gdelt", "newsapi"}
    assert "Presswatch" in settings.fetch.user_agent


def test_env_defaults(tmp_path: Path) -> None:
    (tmp_path / "empty.toml").write_text("# no events yet\n", encoding="utf-8")
    settings = load_settings(environ={"DATABASE_URL": "sqlite:///e.db",
                                      "PRESSWATCH_CONFIG": str(tmp_path / "empty.toml")})
    assert settings.database_url == "sqlite:///e.db"
    assert settings.events == ()


def test_a_config_that_was_asked_for_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "none.toml"
    for given, environ in ((missing, {}), (None, {"PRESSWATCH_CONFIG": str(missing)})):
        with pytest.raises(ConfigError, match=f"^config file not found: {missing}$"):
            load_settings(given, "sqlite:///x.db", environ=environ)
    monkeypatch.chdir(tmp_path)  # no monitor.toml here: fine for commands that need no events
    assert load_settings(None, "sqlite:///x.db", environ={}).events == ()


@pytest.mark.parametrize(("body", "message"), [
    ("[[event]]\nname='x'\n", "`slug` is required"),
    ("[[event]]\nslug='x'\n[[event.source]]\nkind='telex'\n", "kind must be one of"),
    ("[[event]]\nslug='x'\n[[event.source]]\nkind='rss'\n", "a rss source needs `url`"),
    ("[fetch]\ntimeout='x'\n", "unknown key 'timeout' in [fetch]"),
    ("[fetch]\ntimeout='x'\n", "did you mean 'timeout_s'?"),
    ("[[event]]\nslug='velmar-strike'\nstrat=2020-01-03\n",
     "unknown key 'strat' in [[event]] 'velmar-strike'"),
    ("[[event]]\nslug='x'\nstrat=2020-01-03\n", "did you mean 'start'?"),
    ("[[event]]\nslug='x'\n[event.aliases]\n'A B' = 'A'\n", "[event.aliases] of 'x"),
    ("[[event]]\nslug='x'\n[[event.source]]\nkind='rss'\nulr='http://a'\n",
     "unknown key 'ulr' in [[event.source]] 1 of 'x' kind 'rss'"),
    ("[[event]]\nslug='x'\n[[event.source]]\nkind='gdelt'\nquerry='a'\n", "did you mean 'query'?"),
    ("[scores]\nweight={originality=1}\n", "unknown key 'weight' in [scores]"),
    ("[scores]\nweights={originalty=1}\n", "did you mean 'originality'?"),
    ("[scores]\nweights={originality=-1}\n", "originality must be a number >= 0"),
    ("[evnt]\nslug='x'\n", "did you mean 'event'?"),
    ("[fetch]\ntimeout_s='slow'\n", "[fetch] timeout_s must be float, not 'slow'"),
    ("[fetch]\nallow_private=1\n", "[fetch] allow_private must be bool, not 1"),
    ("[fetch]\nconcurrency=0\n", "[fetch] concurrency must not be below 1"),
    ("[fetch]\nper_host_delay_s=-1\n", "[fetch] per_host_delay_s must not be negative"),
    ("[[event\n", "not valid TOML"),
    ("[[event]]\nslug='x'\nstart=2020-01-03\nend=2020-01-01\n", "`end` (2020-01-01) is before `start`"),
    ("[[event]]\nslug='x'\nend='soon'\n", "`end` must be a date like 2020-01-03"),
    ("[[event]]\nslug='x'\nrelated='oil prices'\n", "`related` must be a list of strings"),
    ("[[event]]\nslug='x'\n[event.terms_by_language]\nPersian=['x']\n", "'Persian' is not a language code"),
    ("[[event]]\nslug='x'\n[event.terms_by_language]\nfa='x'\n", "'fa' must be a list of terms"),
])
def test_errors_name_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path, "sqlite:///x.db", environ={})
    assert str(path) in str(info.value) and message in str(info.value)


def test_event_window_has_a_grace_day_either_side(tmp_path: Path) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text("[[event]]\nslug='x'\nstart=2020-01-03\nend=2020-01-10\nterms=['Varos']\n"
                    "related=['port closure']\n", encoding="utf-8")
    event = load_settings(path, "sqlite:///x.db", environ={}).events[0]
    assert event.related == ("port closure",)
    utc = dt.UTC
    assert event.window() == (dt.datetime(2020, 1, 2, tzinfo=utc), dt.datetime(2020, 1, 12, tzinfo=utc))
    assert event.in_window(dt.datetime(2020, 1, 2, 0, 0, tzinfo=utc))
    assert event.in_window(dt.datetime(2020, 1, 11, 23, 59))  # naive instants are UTC
    assert not event.in_window(dt.datetime(2020, 1, 1, 23, 59, tzinfo=utc))
    assert not event.in_window(dt.datetime(2020, 1, 12, tzinfo=utc))
    assert not event.in_window(dt.datetime(2019, 1, 5, tzinfo=utc))  # the same words a year before
    assert event.in_window(None)  # an undated page is not turned away for lack of a date


def test_terms_by_language(tmp_path: Path) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text("[[event]]\nslug='x'\nterms=['Varos']\n[event.terms_by_language]\n"
                    "fa=['واروس']\nru=['Варос']\n", encoding="utf-8")
    event = load_settings(path, "sqlite:///x.db", environ={}).events[0]
    assert event.terms_by_language == {"fa": ("واروس",), "ru": ("Варос",)}
