"""`presswatch compare` on both backends, on the hand-counted store of tests/db/test_compare.py: the CSV of
each series, --share, --saved by name or EVENT/NAME, --out, and one-line errors with exit 2 for
subjects the store does not have."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from db.reads import saved as reads_saved
from ingest.cli import main
from tests.cli_output import csv_rows, store_opts
from tests.db.test_compare import _load

WINDOW = ["--from", "2031-05-01", "--to", "2031-05-02"]


@pytest.fixture
def opts(engine: Engine, backend_url: str, tmp_path: Path) -> list[str]:
    _load(engine)
    return store_opts(backend_url, tmp_path)



def test_volume_share_tone_and_figures(opts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "--event", "alpha-summit", "--event", "beta-flood", "--saved", "harbour", *WINDOW, *opts]
    assert main([*args, "--what", "volume"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Presswatch compare: volume\n# subject: alpha-summit\n")
    assert [(r["period"][:10], r["subject"], r["articles"]) for r in csv_rows(out)] == [
        ("2031-05-01", "alpha-summit", "3"), ("2031-05-02", "alpha-summit", "1"),
        ("2031-05-01", "beta-flood", "2"), ("2031-05-02", "beta-flood", "1"),
        ("2031-05-01", "harbour (in alpha-summit)", "2"), ("2031-05-02", "harbour (in alpha-summit)", "0")]

    assert main([*args, "--what", "volume", "--share"]) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert list(rows[0]) == ["period", "subject", "share", "articles", "all_articles"]
    assert [(r["share"], r["all_articles"]) for r in rows[:2]] == [("0.6", "5"), ("0.25", "4")]

    assert main([*args, "--what", "tone"]) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert [(r["subject"], r["toned"], r["mean_tone"]) for r in rows if r["period"].startswith("2031-05-01")] == [
        ("alpha-summit", "3", "0.2"), ("beta-flood", "2", "-0.2"), ("harbour (in alpha-summit)", "2", "0.35")]

    assert main([*args, "--what", "figures", "--top", "1"]) == 0
    rows = csv_rows(capsys.readouterr().out)
    assert [(r["subject"], r["figure"], r["quotes"], r["share"]) for r in rows] == [
        ("alpha-summit", "Mira Castellan", "3", "0.6"), ("beta-flood", "Oskar Venn", "2", "0.6667"),
        ("harbour (in alpha-summit)", "Mira Castellan", "3", "0.75")]


def test_out_file_and_saved_search_named_with_its_event(opts: list[str], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cmp.csv"
    assert main(["compare", "--saved", "alpha-summit/harbour", "--event", "gamma-vote", "--what", "volume",
                 *WINDOW, "--out", str(target), *opts]) == 0
    assert "4 rows written to" in capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    assert "# subject: harbour (in alpha-summit) · query: harbour" in text
    assert [(r["subject"], r["articles"]) for r in csv_rows(text)] == [  # in the order named
        ("harbour (in alpha-summit)", "2"), ("harbour (in alpha-summit)", "0"), ("gamma-vote", "1"),
        ("gamma-vote", "2")]


@pytest.mark.parametrize(("extra", "message"), [
    (["--event", "nope"], "presswatch: no event 'nope' in the store"),
    (["--saved", "gone"], "presswatch: no saved search 'gone' in any event"),
    (["--saved", "alpha-summit/gone"], "presswatch: no saved search 'gone' for event 'alpha-summit'"),
    (["--saved", "shared"], "presswatch: saved search 'shared' exists in alpha-summit, beta-flood: write --saved "
                            "EVENT/shared"),
    ([], "presswatch: nothing to compare"),
    (["--event", "alpha-summit", "--from", "2031-13-01"], "presswatch: --from must be a date"),
])
def test_bad_subjects_are_one_line_and_exit_2(opts: list[str], engine: Engine, tmp_path: Path, extra: list[str],
                                              message: str, capsys: pytest.CaptureFixture[str]) -> None:
    for event in ("alpha-summit", "beta-flood"):
        reads_saved.save(engine, event, "shared", "summit")
    target = tmp_path / "never.csv"
    assert main(["compare", "--what", "volume", *extra, "--out", str(target), *opts]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err
    assert not target.exists()
