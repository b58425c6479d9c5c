"""Files connector: the input contract of DESIGN.md and its `PATH:LINE: reason` errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ingest.sources.files import read_path
from ingest.stages.documents import RawDocument, SourceFailure

GOOD = {"url": "https://a.example/1", "source": "a.example", "published_at": "2020-01-03T10:00:00",
        "title": "T", "text": "Body text about the strike."}


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_good_row_naive_time_is_utc(tmp_path: Path) -> None:
    [doc] = list(read_path(_write(tmp_path / "a.jsonl", [GOOD])))
    assert isinstance(doc, RawDocument)
    assert doc.published_at == dt.datetime(2020, 1, 3, 10, tzinfo=dt.UTC)
    assert doc.origin == f"{tmp_path / 'a.jsonl'}:1"


def test_bad_rows_are_named_and_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "b.jsonl", [
        GOOD,
        "{not json",
        {**GOOD, "url": "ftp://a.example/x"},
        {**GOOD, "published_at": "yesterday"},
        {k: v for k, v in GOOD.items() if k != "text"},
        {**GOOD, "url": "https://a.example/2"},
    ])
    items = list(read_path(path))
    failures = [i.message for i in items if isinstance(i, SourceFailure)]
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.url for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert failures == [
        f"{path}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3: url 'ftp://a.example/x' is not an http(s) URL",
        f"{path}:4: published_at 'yesterday' is not an ISO 8601 timestamp",
        f"{path}:5: neither text nor html is given",
    ]


def test_csv_with_same_columns(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("url,source,published_at,title,text\n"
                    "https://a.example/1,a.example,2020-01-03T10:00:00Z,T,Body\n"
                    "not-a-url,a.example,2020-01-03,T,Body\n", encoding="utf-8")
    items = list(read_path(path))
    assert isinstance(items[0], RawDocument) and items[0].text == "Body"
    assert isinstance(items[1], SourceFailure) and items[1].message.startswith(f"{path}:3: url")


def test_missing_file_and_binary_file(tmp_path: Path) -> None:
    [missing] = list(read_path(tmp_path / "nope.jsonl"))
    assert isinstance(missing, SourceFailure) and "no such file" in missing.message
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    [bad] = list(read_path(binary))
    assert isinstance(bad, SourceFailure) and "not UTF-8" in bad.message
