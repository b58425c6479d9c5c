"""Benchmark commands meet bad input with one line naming it, like every other command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_groundtruth_without_a_truth_file(tmp_path: Path) -> None:
    done = _bench("groundtruth", "--truth", str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"bench groundtruth: {tmp_path / 'missing.json'}: no such file; "
                                   "`python -m ingest demo` writes it and loads the demo corpus into the store")


def test_groundtruth_on_a_store_without_the_demo(tmp_path: Path) -> None:
    truth = tmp_path / "truth.json"
    truth.write_text('{"event": "demo", "articles": {}, "figures": {}}', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    done = _bench("groundtruth", "--truth", str(truth), "--database", url)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().startswith(f"bench groundtruth: {url}: does not hold the demo event")

    truth.write_text("not json", encoding="utf-8")
    done = _bench("groundtruth", "--truth", str(truth), "--database", url)
    assert done.returncode == 2 and done.stderr.strip().startswith(f"bench groundtruth: {truth}: not a demo truth file")


def test_queries_benchmark_reports_reads_and_the_rollup_upkeep(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs end to end on a small store; the figures are its output, never asserted here."""
    from bench import queries as bench_queries

    assert bench_queries.main(["--articles", "2000", "--repeat", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"kpis", "daily_rollup", "dismiss_100_links", "takeover_100_originals", "batch_100_articles",
            "rebuild_event", "search_rare", "search_page_deep", "second_event_page"} <= set(result["queries"])
    assert result["dismiss_vs_rebuild"] > 0 and result["takeover_vs_rebuild"] > 0
    assert result["batch_vs_rebuild"] > 0 and result["articles"] == 2000
    assert bench_queries.main(["--articles", "1500,1000", "--repeat", "3", "--json"]) == 0
    grown = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [r["articles"] for r in grown["runs"]] == [1000, 1500]
    assert set(grown["growth_p95"]) == set(result["queries"])


def test_export_benchmark_streams_every_row_of_a_small_store() -> None:
    done = _bench("export", "--articles", "2000", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["articles"] == 2000 and result["quotes"] > 1000
    assert result["articles_export"]["csv_lines"] > 2000
    quotes = result["quotes_export"]
    # header + manifest lines + one line per quote (quote texts hold no line breaks in this store)
    assert quotes["csv_lines"] > result["quotes"] and quotes["peak_mb"] >= result["baseline"]["peak_mb"] > 50
