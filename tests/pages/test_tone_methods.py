"""Tone per language and method: the read on both backends, and the Tone page on a store holding French
and English articles, which says its averages mix methods and lists each language's method."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from db.engine import make_engine, upgrade
from db.filters import Filters
from db.reads import tone as reads_tone
from db.reads.export import export_csv
from tests.ingest.run.test_tone_method import _ingest
from tests.pages.serving import serving
from tests.pages.test_pages import _navigation_mode, open_app

__all__ = ["_navigation_mode"]  # the AppTest navigation fixture, autouse in this module too
VIEW = Filters(event="harbour")
PARAMS = {"event": "harbour", "from": "2020-01-01", "to": "2020-01-10"}


def test_tone_by_language_names_each_method(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path)
    frame = reads_tone.tone_by_language(engine, VIEW)
    rows = {(r.language, r.tone_method): (r.articles, r.toned) for r in frame.itertuples()}
    assert rows == {("fr", "lexicon:fr"): (1, 1), ("en", "vader"): (1, 1)}
    assert frame.loc[frame["language"] == "fr", "mean_tone"].iloc[0] < 0
    assert reads_tone.mixed_methods(frame) == ["lexicon:fr", "vader"]
    assert reads_tone.mixed_methods(reads_tone.tone_by_language(engine, Filters(event="harbour", lang="fr"))) \
        == ["lexicon:fr"]


def test_exports_carry_the_tone_method(engine: Engine, tmp_path: Path) -> None:
    _ingest(engine, tmp_path)
    for what in ("articles", "quotes"):
        rows = list(csv.DictReader(line for line in export_csv(engine, what, VIEW).splitlines()
                                   if not line.startswith("#")))
        by_url = {r["url" if what == "articles" else "article_url"]: r["tone_method"] for r in rows}
        assert by_url == {"https://a.example/fr": "lexicon:fr", "https://b.example/en": "vader"}, what


@pytest.fixture
def mixed_store(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'mixed.db'}"
    eng = make_engine(url)
    upgrade(eng)
    _ingest(eng, tmp_path)
    eng.dispose()
    with serving(url):
        yield url


def test_tone_page_says_its_averages_mix_methods(mixed_store: str) -> None:
    at = open_app("tone", PARAMS)
    notes = " ".join(i.value for i in at.info)
    assert "2 methods (lexicon:fr, vader)" in notes and "mix methods" in notes
    table = next(d.value for d in at.dataframe if "tone_method" in d.value.columns)
    assert set(zip(table["language"], table["tone_method"], strict=True)) == {("fr", "lexicon:fr"),
                                                                              ("en", "vader")}
    at = open_app("tone", {**PARAMS, "lang": "fr"})  # one language: one method, nothing mixed
    assert not [i for i in at.info if "mix" in i.value]
