"""What a script may rely on: global options anywhere, exact config errors, and exit codes (0 ok,
1 some inputs failed, 2 setup or usage) with one line on stderr and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.engine import make_engine
from db.models import Article, Figure
from ingest.cli import main

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "tests" / "fixtures" / "smoke"

CONFIG = """
[[event]]
slug  = "harbour-ferry"
name  = "Harbour ferry repairs"
start = 2024-03-01
terms = ["ferry", "harbour"]
"""
ALIASES = '\n[event.aliases]\n"Dara Kovac" = ["Dara Kovacevic"]\n'


def _article(n: int, speaker: str) -> dict[str, str]:
    return {"url": f"https://coast-news.example/ferry-{n}", "source": "coast-news.example",
            "published_at": f"2024-03-{10 + n % 9:02d}T09:00:00Z", "title": f"Ferry update {n}",
            "text": (f"The harbour ferry ran again on day {n} after repairs to the landing stage. "
                     f'"The crossing is safe and it will stay open all spring," said {speaker}, '
                     "who oversees the harbour works. The island's shops welcomed the news.")}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a config and an articles file; the defaults (DATABASE_URL, ./data) point nowhere
    useful, so a command that ignored an option would write somewhere the test can see."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PRESSWATCH_CONFIG", raising=False)
    (tmp_path / "monitor.toml").write_text(CONFIG, encoding="utf-8")
    rows = [_article(n, "Dara Kovac" if n % 2 else "Dara Kovacevic") for n in range(6)]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def _articles(db_path: Path) -> int:
    with make_engine(f"sqlite:///{db_path}").connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Article)).scalar_one())


@pytest.mark.parametrize("before", [True, False], ids=["options-before-command", "options-after-command"])
def test_global_options_anywhere(workdir: Path, before: bool) -> None:
    (workdir / "other.toml").write_text(CONFIG, encoding="utf-8")
    (workdir / "monitor.toml").write_text("# no events here\n", encoding="utf-8")
    target = workdir / "chosen.db"
    options = ["--database", f"sqlite:///{target}", "--config", "other.toml"]
    argv = [*options, "files", "a.jsonl"] if before else ["files", "a.jsonl", *options]
    assert main(argv) == 0
    assert _articles(target) == 6
    assert not (workdir / "data").exists(), "the default database was written to"


def test_missing_config_file_is_named(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--config", "nope.toml", "--database", f"sqlite:///{workdir / 'x.db'}"]) == 2
    assert capsys.readouterr().err.strip() == "presswatch: config file not found: nope.toml"


def test_unknown_event_key_names_file_table_key_and_nearest(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "monitor.toml").write_text('[[event]]\nslug = "velmar-strike"\nstrat = 2020-01-03\n', encoding="utf-8")
    assert main(["run", "--config", "monitor.toml", "--database", f"sqlite:///{workdir / 'x.db'}"]) == 2
    assert capsys.readouterr().err.strip() == ("presswatch: unknown key 'strat' in [[event]] 'velmar-strike' "
                                               "(monitor.toml); did you mean 'start'?")


@pytest.mark.parametrize("argv, message", [
    (["files", "missing.jsonl"], "no such file or directory: missing.jsonl"),
    (["files", "missing-dir/"], "no such file or directory: missing-dir/"),
    (["urls", "missing.txt"], "no such file: missing.txt"),
    # the event is checked first, so a bad view never leaves an empty file behind
    (["export", "--event", "harbour-ferry", "--what", "articles", "--out", "no/such/dir/x.csv"],
     "no event 'harbour-ferry' in the store"),
])
def test_setup_problems_exit_2_with_one_line(workdir: Path, capsys: pytest.CaptureFixture[str],
                                             argv: list[str], message: str) -> None:
    assert main([*argv, "--database", f"sqlite:///{workdir / 'x.db'}"]) == 2
    err = capsys.readouterr().err
    assert err == f"presswatch: {message}\n"


def test_unreachable_database_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--database", "postgresql://presswatch@127.0.0.1:1/none"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("presswatch: cannot open the database postgresql+psycopg://presswatch@127.0.0.1:1/none")
    assert err.count("\n") == 1


def test_not_a_database_url_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--database", "nosuchdb://x"]) == 2
    assert capsys.readouterr().err.startswith("presswatch: not a database URL: 'nosuchdb://x'")


def test_export_into_a_closed_pipe_ends_quietly(workdir: Path) -> None:
    database = f"sqlite:///{workdir / 'x.db'}"
    assert main(["files", "a.jsonl", "--database", database]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "export", "--event", "harbour-ferry", "--what",
                             "articles", "--database", database], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| head -0` would: nobody reads
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert err == ""


def test_html_in_a_jsonl_file_is_one_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = workdir / "page.jsonl"
    page.write_text((SMOKE / "article.html").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["files", str(page), "--config", str(SMOKE / "monitor.toml"),
                 "--database", f"sqlite:///{workdir / 'x.db'}"]) == 1
    err = capsys.readouterr().err
    assert err.count(str(page)) == 1 and "this is HTML, not JSON lines" in err


def test_a_folder_of_pages_and_rows(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = workdir / "inbox"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "ferry.html").write_bytes((SMOKE / "article.html").read_bytes())
    (folder / "a.jsonl").write_bytes((workdir / "a.jsonl").read_bytes())
    (folder / "notes.txt").write_text("not an input\n", encoding="utf-8")
    assert main(["files", str(folder), "--database", f"sqlite:///{workdir / 'x.db'}"]) == 0, capsys.readouterr().err
    assert _articles(workdir / "x.db") == 7


def test_html_page_without_its_address_is_one_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = workdir / "anon.html"
    page.write_text("<html><body><p>The harbour ferry ran again.</p></body></html>", encoding="utf-8")
    assert main(["files", str(page), "--database", f"sqlite:///{workdir / 'x.db'}"]) == 1
    err = capsys.readouterr().err
    assert f"{page}: the page names no address of its own" in err and err.count("\n") == 1


def _figures(db_path: Path) -> list[str]:
    with make_engine(f"sqlite:///{db_path}").connect() as conn:
        return sorted(conn.execute(select(Figure.name)).scalars())


def test_rescore_asks_before_rewriting_figures(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "aliased.toml").write_text(CONFIG + ALIASES, encoding="utf-8")
    database = f"sqlite:///{workdir / 'x.db'}"
    assert main(["files", "a.jsonl", "--config", "aliased.toml", "--database", database]) == 0
    assert _figures(workdir / "x.db") == ["Dara Kovac"]
    capsys.readouterr()

    assert main(["rescore", "--config", "aliased.toml", "--database", database]) == 0  # nothing would change
    assert main(["rescore", "--config", "monitor.toml", "--database", database]) == 2
    err = capsys.readouterr().err
    assert "'Dara Kovac' would split into 2: 'Dara Kovac', 'Dara Kovacevic'" in err
    assert "run again with --yes" in err
    assert _figures(workdir / "x.db") == ["Dara Kovac"], "figures were rewritten without --yes"

    assert main(["rescore", "--config", "monitor.toml", "--database", database, "--yes"]) == 0
    assert _figures(workdir / "x.db") == ["Dara Kovac", "Dara Kovacevic"]
