"""`presswatch search` with NEAR and fields, `--limit`, `--save` / `--saved`, and `presswatch searches`, on
both backends: exit codes, the CSV rows, the saved list, and the one-line errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.models import SavedSearch
from db.reads._tables import ARTICLE_COLUMNS
from ingest.cli import main
from tests.cli_output import csv_rows, store_opts
from tests.db.test_search_fields import _load


@pytest.fixture
def opts(engine: Engine, backend_url: str, tmp_path: Path) -> list[str]:
    _load(engine)
    return store_opts(backend_url, tmp_path)



def _titles(out: str) -> list[str]:
    return [r["title"] for r in csv_rows(out)]


def test_search_near_fields_and_limit(opts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--event", "e", "strike NEAR/2 airport", *opts]) == 0
    out = capsys.readouterr().out
    assert _titles(out) == ["Strike at Baghdad airport", "Funeral"]
    assert "# search: strike NEAR/2 airport" in out
    assert list(csv_rows(out)[0]) == ARTICLE_COLUMNS  # the articles export's columns
    assert main(["search", "--event", "e", "strike -country:ir", "--limit", "2", *opts]) == 0
    out = capsys.readouterr().out
    assert _titles(out) == ["Strike at Baghdad airport", "Airport closed"] and "# limit: 2" in out
    assert main(["search", "--event", "e", "speaker:soleimani", "--what", "quotes", *opts]) == 0
    assert [r["quote"] for r in csv_rows(capsys.readouterr().out)] == ["q1", "q4", "q6"]


def test_save_run_and_list_saved_searches(engine: Engine, opts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    for said in ("stored", "replaced"):  # saving twice stores one row
        assert main(["search", "--event", "e", "title:airport", "--save", "airport titles", *opts]) == 0
        captured = capsys.readouterr()
        assert _titles(captured.out) == ["Strike at Baghdad airport", "Airport closed"]
        assert captured.err.strip() == f"saved search 'airport titles' {said} for e"
    assert main(["search", "--event", "e", 'source:"New York Times"', "--save", "nyt", *opts]) == 0
    capsys.readouterr()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SavedSearch)).scalar_one() == 2
    assert main(["search", "--event", "e", "--saved", "nyt", *opts]) == 0
    assert _titles(capsys.readouterr().out) == ["Strike at Baghdad airport", "Oil prices"]
    assert main(["searches", "--event", "e", *opts]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["name"], r["query"]) for r in listed] == [("airport titles", "title:airport"),
                                                         ("nyt", 'source:"New York Times"')]
    assert all(r["created"] for r in listed)


@pytest.mark.parametrize(("args", "error"), [
    (["strike bogus:x"], "presswatch: QUERY: column 8: unknown field 'bogus'; fields are title:, source:, lang:, "
                         "country:, speaker:"),
    (["a NEAR/99 b"], "presswatch: QUERY: column 3: NEAR/99 is too far; at most NEAR/50"),
    (["--saved", "nope"], "presswatch: no saved search 'nope' for event 'e' (saved: none yet)"),
    (["strike", "--saved", "nope"], "presswatch: give a QUERY or --saved NAME (one of the two)"),
    ([], "presswatch: give a QUERY or --saved NAME (one of the two)"),
    (["strike", "--limit", "0"], "presswatch: --limit must be 1 or more, got 0"),
    (["(strike", "--save", "x"], "presswatch: QUERY: column 8: the search ends too early (an open parenthesis "
                                 "or a trailing OR/NOT?)"),
    (["strike", "--save", "a/b"], "presswatch: saved-search name 'a/b': use 1 to 100 letters, digits, spaces, "
                                  "'.', '-' or '_', starting with a letter or digit"),
])
def test_search_errors_are_one_line_exit_2(engine: Engine, opts: list[str], args: list[str], error: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--event", "e", *args, *opts]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == error and captured.out == ""
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SavedSearch)).scalar_one() == 0


def test_unknown_event(opts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--event", "nope", "strike", *opts]) == 2
    assert capsys.readouterr().err.strip() == "presswatch: no event 'nope' in the store"
    assert main(["searches", "--event", "nope", *opts]) == 2
    assert capsys.readouterr().err.strip() == "presswatch: no event 'nope' in the store"
