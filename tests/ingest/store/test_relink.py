"""An event added later, or whose terms change, is matched again against the articles already stored.

Runs skip downloading pages the store holds, so without relinking a new event would never see them.
Checked on both backends, through the real run path (`runner.run_adhoc` with the files connector) and
the `rescore` command.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from sqlalchemy import Engine, func, select

from db.models import Article, ArticleEvent, DailyCoverage, Event
from ingest.config import EventConfig, Settings, SourceConfig
from ingest.run import runner

STRIKE = EventConfig(slug="strike", name="Harbour strike", start=dt.date(2020, 1, 3), terms=("Varos",), aliases={})
FLOODS = EventConfig(slug="floods", name="Osk floods", start=dt.date(2020, 1, 3), terms=("Osk floods",), aliases={})

ROWS = [
    {"url": "https://a.example/1", "source": "a.example", "published_at": "2020-01-03T08:00:00Z",
     "title": "General Varos killed", "text": "General Varos was killed in a strike at the port on Friday."},
    {"url": "https://a.example/2", "source": "a.example", "published_at": "2020-01-03T09:00:00Z",
     "title": "Osk floods: 40 homes lost", "text": "The Osk floods destroyed 40 homes, and Varos aides sent help."},
    {"url": "https://b.example/3", "source": "b.example", "published_at": "2020-01-04T09:00:00Z",
     "title": "Osk floods recede", "text": "The Osk floods receded on Saturday as the rain stopped."},
]


def _run(engine: Engine, tmp_path: Path, events: list[EventConfig], rows: list[dict[str, str]]) -> None:
    path = tmp_path / f"articles-{len(list(tmp_path.iterdir()))}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    settings = _settings(engine, tmp_path, events)
    source = SourceConfig(kind="files", options={"path": str(path)}, base_dir=tmp_path)
    report = runner.run_adhoc(engine, settings, events, [source], "files")
    assert not report.errors, report.errors


def _settings(engine: Engine, tmp_path: Path, events: list[EventConfig]) -> Settings:
    return Settings(database_url=engine.url.render_as_string(hide_password=False),
                    config_path=tmp_path / "monitor.toml", events=tuple(events))


def _linked(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Event.slug, Article.canonical_url)
                            .join(ArticleEvent, ArticleEvent.event_id == Event.id)
                            .join(Article, Article.id == ArticleEvent.article_id)).all()
    found: dict[str, set[str]] = {}
    for slug, url in rows:
        found.setdefault(slug, set()).add(url.rsplit("/", 1)[-1])
    return found


def _coverage(engine: Engine, slug: str) -> int:
    with engine.connect() as conn:
        total = select(func.coalesce(func.sum(DailyCoverage.articles), 0))
        return int(conn.execute(total.join(Event, Event.id == DailyCoverage.event_id)
                                .where(Event.slug == slug)).scalar_one())


def test_an_event_added_later_takes_the_stored_articles_it_matches(engine: Engine, tmp_path: Path) -> None:
    _run(engine, tmp_path, [STRIKE], ROWS)
    assert _linked(engine) == {"strike": {"1", "2"}}  # 3 was off-topic for every event: not stored

    # the floods event joins the config; the next run lists nothing new, yet it takes stored story 2
    _run(engine, tmp_path, [STRIKE, FLOODS], [])
    assert _linked(engine) == {"strike": {"1", "2"}, "floods": {"2"}}
    assert _coverage(engine, "floods") == 1

    # terms narrowed: the article that no longer matches leaves the event, and its rollups follow
    narrowed = dataclasses.replace(STRIKE, terms=("General Varos",))
    _run(engine, tmp_path, [narrowed, FLOODS], [])
    assert _linked(engine)["strike"] == {"1"} and _coverage(engine, "strike") == 1


def test_rescore_relinks_after_an_alias_change(engine: Engine, tmp_path: Path) -> None:
    _run(engine, tmp_path, [STRIKE, FLOODS], ROWS)
    assert _linked(engine) == {"strike": {"1", "2"}, "floods": {"2", "3"}}

    # an alias change relinks on `rescore` (and on the next run, since the store keeps the alias table)
    widened = dataclasses.replace(FLOODS, aliases={"Osk floods": ("General Varos",)})
    settings = _settings(engine, tmp_path, [STRIKE, widened])
    message = runner.rescore(engine, settings, [STRIKE, widened])
    assert "floods: 1 stored articles linked, 0 unlinked" in message and "strike:" not in message
    assert _linked(engine)["floods"] == {"1", "2", "3"} and _coverage(engine, "floods") == 3
    assert "linked" not in runner.rescore(engine, settings, [STRIKE, widened])


def test_the_event_window_keeps_out_the_same_words_from_another_year(engine: Engine, tmp_path: Path) -> None:
    year_before = {**ROWS[0], "url": "https://c.example/4", "published_at": "2019-01-05T08:00:00Z",
                   "title": "General Varos visits the port", "text": "General Varos toured the port."}
    late = {**ROWS[0], "url": "https://c.example/5", "published_at": "2020-02-20T08:00:00Z",
            "title": "General Varos remembered", "text": "Weeks on, the port remembered General Varos."}
    _run(engine, tmp_path, [STRIKE], [*ROWS, year_before, late])
    assert _linked(engine) == {"strike": {"1", "2", "5"}}  # no end yet: later coverage belongs

    # the analyst closes the window: what fell outside it leaves the event, and its rollups follow
    closed = dataclasses.replace(STRIKE, end=dt.date(2020, 1, 31))
    _run(engine, tmp_path, [closed], [])
    assert _linked(engine) == {"strike": {"1", "2"}} and _coverage(engine, "strike") == 2


def test_related_terms_count_for_less_than_the_event_terms(engine: Engine, tmp_path: Path) -> None:
    filler = "Traders watched the markets and the weather all week. " * 14  # past the lead
    passing = {"url": "https://d.example/6", "source": "d.example", "published_at": "2020-01-04T08:00:00Z",
               "title": "Markets close the week", "text": filler + "A port closure was mentioned once."}
    headline = {"url": "https://d.example/7", "source": "d.example", "published_at": "2020-01-04T09:00:00Z",
                "title": "Port closure hits trade", "text": "The port closure hit trade across the region."}
    named = {**passing, "url": "https://d.example/8", "text": filler + "General Varos was mentioned once."}
    event = dataclasses.replace(STRIKE, related=("port closure",))
    _run(engine, tmp_path, [event], [passing, headline, named])
    # one body mention of the event's own term joins; of a related term it is half as much and does not;
    # a consequence in the headline does, though it never names the event
    assert _linked(engine) == {"strike": {"7", "8"}}


def test_a_run_relinks_after_terms_are_given_for_a_language(engine: Engine, tmp_path: Path) -> None:
    russian = {"url": "https://r.example/6", "source": "r.example", "published_at": "2020-01-03T10:00:00Z",
               "title": "Osk floods: помощь от Вароса",
               "text": "Наводнение Osk floods разрушило сорок домов, и помощники генерала Вароса отправили "
                       "в город помощь, воду и палатки для семей, потерявших жильё в субботу."}
    _run(engine, tmp_path, [STRIKE, FLOODS], [*ROWS, russian])
    assert _linked(engine) == {"strike": {"1", "2"}, "floods": {"2", "3", "6"}}

    in_russian = dataclasses.replace(STRIKE, terms_by_language={"ru": ("Варос",)})
    _run(engine, tmp_path, [in_russian, FLOODS], [])
    assert _linked(engine)["strike"] == {"1", "2", "6"} and _coverage(engine, "strike") == 3
