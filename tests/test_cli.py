"""The command line contract: help for every command, documented in the README, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.cli import HANDLERS, build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


def test_every_command_has_a_handler() -> None:
    assert set(_commands()) == set(HANDLERS)


@pytest.mark.parametrize("command", _commands())
def test_command_has_help_and_is_in_readme(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: presswatch" in out and "--verbose" in out
    assert f"`{command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 2
    assert "--event" in capsys.readouterr().err


def test_bad_config_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "monitor.toml"
    bad.write_text("[[event]]\nslug = 'x'\n[[event.source]]\nkind = 'telex'\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ingest", "run", "--config", str(bad), "--database",
                           f"sqlite:///{tmp_path / 'x.db'}"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith(f"presswatch: [[event.source]] 1 of 'x' ({bad}): kind must be one of")
    assert "Traceback" not in proc.stderr


def test_module_entry_point_runs(tmp_path: Path) -> None:
    """From any folder (the installed package, not the checkout), and with no monitor.toml there."""
    proc = subprocess.run([sys.executable, "-m", "ingest", "status", "--database", f"sqlite:///{tmp_path / 's.db'}"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "stored:   0 events, 0 sources, 0 articles" in proc.stdout


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """cron starts `presswatch` for every run and the crash tests a hundred times: the parser and its
    handlers' modules load no pandas, plotly, trafilatura, jinja2 or Playwright; a command imports what
    it needs when it runs."""
    heavy = ("pandas", "plotly", "trafilatura", "jinja2", "playwright", "procrastinate", "vaderSentiment")
    code = ("import sys, ingest.cli; ingest.cli.build_parser(); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "[]", done.stdout
