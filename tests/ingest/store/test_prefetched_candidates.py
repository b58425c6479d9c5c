"""Candidates read before a batch's turn to write (`ingest.store.candidates`), on both backends: what
another writer stored between the prefetch and the turn is still found, and a candidate whose group was
taken over meanwhile sends the copy to the group's original of now, as if nothing had been read early."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from ingest.run.pipeline import Pipeline
from ingest.sources.files import read_path
from ingest.stages.documents import ProcessedArticle, RawDocument
from ingest.stages.enrich import process
from ingest.store.batch import BatchWriter
from tests.ingest.store.test_store_groups import EVENT, STORY, _copy, _groups, _row


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _processed(tmp_path: Path, rows: list[dict[str, str]]) -> list[ProcessedArticle]:
    docs = [d for d in read_path(_write(tmp_path / "late.jsonl", rows)) if isinstance(d, RawDocument)]
    return [process(d, [EVENT]) for d in docs]


def _store_now(engine: Engine, tmp_path: Path, name: str, rows: list[dict[str, str]]) -> None:
    report = Pipeline(engine, [EVENT]).run(read_path(_write(tmp_path / f"{name}.jsonl", rows)), "files")
    assert not report.errors


def _write_late(engine: Engine, items: list[ProcessedArticle], prefetched: object) -> None:
    with engine.begin() as conn:
        writer = BatchWriter(conn, [EVENT])
        outcome = writer.write(conn, items, prefetched)  # type: ignore[arg-type]
    assert outcome.counts["stored"] == len(items) and not outcome.errors


def test_an_original_stored_after_the_prefetch_is_still_found(engine: Engine, tmp_path: Path) -> None:
    late = _processed(tmp_path, [_row("https://daily.example/a", 8, _copy("Our man in the harbour city reports."))])
    with engine.connect() as conn:
        with engine.begin() as setup:
            writer = BatchWriter(setup, [EVENT])  # the event exists before anything is read
        prefetched = writer.prefetch(conn, late)
    assert all(rows == [] for rows in prefetched.rows.values())  # nothing stored yet
    _store_now(engine, tmp_path, "wire", [_row("https://wire.example/a", 6, STORY)])  # another writer's turn
    _write_late(engine, late, prefetched)
    wire = "https://wire.example/a"
    assert _groups(engine)["https://daily.example/a"] == (wire, wire)


def test_a_group_taken_over_meanwhile_is_joined_at_its_original_of_now(engine: Engine, tmp_path: Path) -> None:
    first, earliest = "https://herald.example/a", "https://wire.example/a"
    _store_now(engine, tmp_path, "first", [_row(first, 8, STORY)])
    late = _processed(tmp_path, [_row("https://daily.example/a", 10, _copy("Our man in the harbour city reports."))])
    with engine.connect() as conn:
        prefetched = BatchWriter(conn, [EVENT]).prefetch(conn, late)
    assert any(rows for rows in prefetched.rows.values())  # the herald's copy was a candidate then
    _store_now(engine, tmp_path, "earliest", [_row(earliest, 6, STORY + "\n\nMore follows.")])  # takes over
    assert _groups(engine)[first] == (earliest, earliest)
    _write_late(engine, late, prefetched)
    assert _groups(engine)["https://daily.example/a"] == (earliest, earliest)
