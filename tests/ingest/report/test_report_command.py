"""`presswatch report` on a real SQLite demo store, with Debian's Chromium: a PDF with its pages, a
self-contained HTML file whose charts are real PNGs, the filters and query printed, and one-line errors
(exit 2) for a bad --out, an unknown event, a bad query and a missing Chromium."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from db.engine import make_engine
from db.filters import Filters
from db.reads import overview
from db.reads._scope import event_sources
from ingest.cli import main
from pages import _chromium
from tests.db.conftest import load_demo

EVENT = "merat-airport-strike"
VIEW = ["--from", "2020-01-04", "--to", "2020-01-12"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(database URL, config) of a SQLite store holding the demo corpus."""
    folder = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{folder / 'demo.db'}"
    load_demo(url, folder)
    return url, str(folder / "monitor.toml")


def _report(store: tuple[str, str], out: Path, *extra: str) -> int:
    url, config = store
    return main(["report", "--event", EVENT, *extra, "--out", str(out), "--database", url, "--config", config])


class _Parts(HTMLParser):
    """Every tag with its attributes, and the text, of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_is_one_file_with_png_charts_and_the_view_it_shows(store: tuple[str, str],
                                                                         tmp_path: Path) -> None:
    sources = event_sources(make_engine(store[0]), EVENT)[:3]
    out = tmp_path / "view.html"
    assert _report(store, out, *VIEW, "--source", *sources, "--query", "drone OR airport") == 0
    parts = _Parts()
    parts.feed(out.read_text(encoding="utf-8"))
    text = " ".join(" ".join(parts.text).split())
    images = [attrs["src"] or "" for tag, attrs in parts.tags if tag == "img"]
    assert len(images) == 4 and all(src.startswith("data:image/png;base64,") for src in images)
    for src in images:  # real pictures: Chromium drew plotly's charts, wide and not blank
        picture = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        picture.verify()
        picture = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        assert picture.format == "PNG" and picture.width == 2 * _chromium.CHART_WIDTH and picture.height >= 400
        assert len(picture.convert("RGB").getcolors(1 << 20) or []) > 20
    # self-contained: nothing to fetch, nothing to run
    assert not [tag for tag, attrs in parts.tags if tag in ("script", "link", "iframe")]
    assert not [attrs for tag, attrs in parts.tags if (attrs.get("src") or "").startswith(("http", "//"))]
    f = Filters(event=EVENT, date_from=dt.date(2020, 1, 4), date_to=dt.date(2020, 1, 12),
                sources=tuple(sorted(sources)))
    kpis = overview.kpis(make_engine(store[0]), f)
    assert f"Articles {kpis['articles']:,}" in text and f"Quotes {kpis['quotes']:,}" in text
    assert "from 2020-01-04" in text and "to 2020-01-12" in text
    assert f"sources {' '.join(sorted(sources))}" in text and "query drone OR airport" in text
    assert re.search(r"\d+ articles of this view match drone OR airport", text)
    assert re.search(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", text)
    assert "Corvanian" in text  # the event's name


def test_pdf_report_is_a_pdf_with_its_pages(store: tuple[str, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "view.PDF"
    assert _report(store, out, *VIEW) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = [int(n) for n in re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.S)] or \
        [int(n) for n in re.findall(rb"/Count\s+(\d+)", pdf)]
    assert pages and max(pages) >= 3  # numbers, four charts and the tables do not fit on two A4 pages
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) >= 4  # the chart PNGs, embedded
    assert "PDF" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--out", "view.docx"], {}, "must end in .html or .pdf"),
    (["--event", "no-such-event"], {}, "no event 'no-such-event'"),
    (["--query", '"unclosed'], {}, "--query: column"),
    (["--from", "2020-13-01"], {}, "--from must be a date"),
    ([], {"PRESSWATCH_CHROMIUM": "/nonexistent/chromium"}, "no Chromium found at /nonexistent/chromium"),
])
def test_bad_input_is_one_line_and_exit_2(store: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], args: list[str], env: dict[str, str],
                                          message: str) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    url, config = store
    out = tmp_path / "view.html"
    # argparse keeps an option's last value: `args` replaces the good --out or --event
    argv = ["report", "--event", EVENT, "--out", str(out), *args, "--database", url, "--config", config]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "view.docx").exists()


def test_a_view_in_another_zone_by_week_and_an_empty_view(store: tuple[str, str], tmp_path: Path) -> None:
    zoned = tmp_path / "zoned.html"
    assert _report(store, zoned, "--tz", "Asia/Tokyo", "--gran", "week", "--lang", "en") == 0
    text = zoned.read_text(encoding="utf-8")
    assert text.count('src="data:image/png;base64,') == 4
    assert "Articles per week of the busiest outlets" in text  # the granularity reached the charts
    parts = _Parts()
    parts.feed(text)
    words = " ".join(" ".join(parts.text).split())
    assert "timezone Asia/Tokyo" in words and "granularity week" in words and "language en" in words
    empty = tmp_path / "empty.html"
    assert _report(store, empty, "--from", "2001-01-01", "--to", "2001-01-07") == 0
    text = empty.read_text(encoding="utf-8")
    assert "No coverage matches these filters." in text and "<img" not in text


def test_timeline_notes_of_the_window_are_listed(store: tuple[str, str], tmp_path: Path) -> None:
    url, config = store
    for day, label in (("2020-01-08", "Air base struck"), ("2020-03-01", "Outside the window")):
        assert main(["note", "add", "--event", EVENT, day, label, "--database", url, "--config", config]) == 0
    out = tmp_path / "notes.html"
    assert _report(store, out, *VIEW) == 0
    text = out.read_text(encoding="utf-8")
    assert '<td class="day">2020-01-08</td><td>Air base struck</td>' in text and "Outside the window" not in text
