"""Syndication groups in the store, on both backends: copies within one batch and across batches, a
copy of a copy, and a late-arriving article that predates its group's original and takes it over."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import Engine, select

from db import rollups
from db.models import Article, ArticleBand, DailyCoverage
from ingest.config import EventConfig
from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path
from ingest.stages import neardup

EVENT = EventConfig(slug="harbour", name="Harbour strike", start=dt.date(2020, 1, 3), terms=("Varos",), aliases={})
PARAGRAPHS = [
    "General Varos was killed in a drone strike at Port Calder airport early on Friday, officials said.",
    "The convoy had just left the cargo terminal when two missiles struck the road near the perimeter fence.",
    "Crowds gathered outside the defence ministry as the news spread through the capital during the morning.",
    "Oil prices rose sharply in Asian trading as investors weighed the risk of a wider conflict in the region.",
    "Analysts said the coming days would decide whether the crisis could still be contained by quiet talks.",
    "The foreign ministry summoned two ambassadors and warned that the attack would not go unanswered.",
]
STORY = "\n\n".join(PARAGRAPHS)
OTHER = ("Heavy rain closed the coastal road near Varos bridge for the third day as engineers checked the "
         "embankment for damage and the ferry company added extra sailings to the island timetable.")


def _row(url: str, hour: int, text: str) -> dict[str, str]:
    return {"url": url, "source": url.split("/")[2], "published_at": f"2020-01-03T{hour:02d}:00:00Z",
            "title": "Varos killed", "text": text}


def _copy(intro: str, cut: int = 1) -> str:
    return intro + "\n\n" + "\n\n".join(PARAGRAPHS[: len(PARAGRAPHS) - cut])


def _ingest(engine: Engine, tmp_path: Path, name: str, rows: list[dict[str, str]], batch_size: int = 100) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = Pipeline(engine, [EVENT], batch_size=batch_size).run(read_path(path), "files")
    assert not report.errors


def _groups(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    """url → (url of duplicate_of, url of duplicate_group)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Article.id, Article.url, Article.duplicate_of, Article.duplicate_group)).all()
    url = {r.id: r.url for r in rows}
    return {r.url: (url.get(r.duplicate_of), url.get(r.duplicate_group)) for r in rows}


def _assert_rollups_match_raw(engine: Engine) -> None:
    with engine.begin() as conn:
        before = sorted(tuple(r) for r in conn.execute(select(
            DailyCoverage.source_id, DailyCoverage.day, DailyCoverage.articles, DailyCoverage.originals)))
        rollups.rebuild(conn, 1)
        after = sorted(tuple(r) for r in conn.execute(select(
            DailyCoverage.source_id, DailyCoverage.day, DailyCoverage.articles, DailyCoverage.originals)))
    assert before == after


def test_copies_in_the_same_batch_point_at_the_original(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path, "one", [
        _row("https://wire.example/a", 6, STORY),
        _row("https://daily.example/a", 8, _copy("Our correspondent reports from a tense harbour city.")),
        _row("https://herald.example/a", 9, _copy("Readers in the north woke to grim news on Friday.", cut=2)),
        _row("https://other.example/a", 10, OTHER),
    ])
    wire = "https://wire.example/a"
    assert _groups(engine) == {
        wire: (None, wire),
        "https://daily.example/a": (wire, wire),
        "https://herald.example/a": (wire, wire),
        "https://other.example/a": (None, None),
    }
    with engine.connect() as conn:  # only originals keep LSH bands
        banded = set(conn.execute(select(Article.url).join(ArticleBand, ArticleBand.article_id == Article.id)))
    assert {u for (u,) in banded} == {wire, "https://other.example/a"}
    _assert_rollups_match_raw(engine)


def test_copies_across_batches_and_a_copy_of_a_copy_find_the_root(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path, "one", [_row("https://wire.example/a", 6, STORY)])
    first_copy = _copy("Our correspondent reports from a tense harbour city.")
    _ingest(engine, tmp_path, "two", [_row("https://daily.example/a", 8, first_copy)])
    # a copy of the copy (same intro, one more paragraph cut): resolves to the wire original
    _ingest(engine, tmp_path, "three", [_row("https://herald.example/a", 9, first_copy.rsplit("\n\n", 1)[0])])
    wire = "https://wire.example/a"
    assert _groups(engine)["https://daily.example/a"] == (wire, wire)
    assert _groups(engine)["https://herald.example/a"] == (wire, wire)


def test_an_earlier_article_arriving_later_takes_the_group_over(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path, "one", [
        _row("https://daily.example/a", 8, _copy("Our correspondent reports from a tense harbour city.")),
        _row("https://herald.example/a", 9, _copy("Readers in the north woke to grim news on Friday.", cut=2)),
    ])
    first = "https://daily.example/a"
    assert _groups(engine)["https://herald.example/a"] == (first, first)
    # the wire story was published first but is collected last; a copy in the same batch follows it
    _ingest(engine, tmp_path, "two", [
        _row("https://wire.example/a", 6, STORY),
        _row("https://post.example/a", 11, _copy("A wire report carried by the evening edition.")),
    ], batch_size=2)
    wire = "https://wire.example/a"
    assert _groups(engine) == {
        wire: (None, wire),
        first: (wire, wire),
        "https://herald.example/a": (wire, wire),
        "https://post.example/a": (wire, wire),
    }
    _assert_rollups_match_raw(engine)


LATER_TAIL = [
    "Shipping companies said they would keep their tankers away from the strait until the end of the week.",
    "The funeral is expected to draw hundreds of thousands of mourners to the capital on Sunday afternoon.",
    "Diplomats at the regional summit were told to expect an emergency session before the end of the month.",
]
VERSION = "\n\n".join([
    "The death toll from the strike that killed General Varos rose to nine on Saturday, hospital staff said.",
    "Funeral preparations began in his home town as relatives gathered at the family house near the harbour.",
    "Investigators combed the burnt-out vehicles for fragments of the missiles that hit the convoy at dawn.",
    *PARAGRAPHS[1:5],
    "Schools in the port district stayed closed and the mayor asked residents to keep off the main roads.",
    "The national carrier cancelled its evening flights and offered passengers seats on Monday instead.",
])


def test_a_later_version_sharing_a_run_of_paragraphs_joins_the_group_by_its_text(
        engine: Engine, tmp_path: Path) -> None:
    story = STORY + "\n\n" + "\n\n".join(LATER_TAIL)
    assert not neardup.is_near_copy(neardup.signature(story), neardup.signature(VERSION))  # signatures miss it
    _ingest(engine, tmp_path, "one", [_row("https://wire.example/a", 6, story),
                                      _row("https://other.example/a", 7, OTHER)])
    _ingest(engine, tmp_path, "two", [_row("https://daily.example/b", 12, VERSION)])  # text read from the store
    groups = _groups(engine)
    assert groups["https://daily.example/b"] == ("https://wire.example/a", "https://wire.example/a")
    assert groups["https://other.example/a"] == (None, None)
    _assert_rollups_match_raw(engine)


def test_a_later_version_in_the_same_batch_joins_by_its_text(engine: Engine, tmp_path: Path) -> None:
    story = STORY + "\n\n" + "\n\n".join(LATER_TAIL)
    _ingest(engine, tmp_path, "one", [_row("https://wire.example/a", 6, story),
                                      _row("https://daily.example/b", 12, VERSION)])
    assert _groups(engine)["https://daily.example/b"] == ("https://wire.example/a", "https://wire.example/a")
