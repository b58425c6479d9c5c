"""What the CLI tests of a store share: the options pointing a command at it, and its CSV output's rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def store_opts(backend_url: str, tmp_path: Path) -> list[str]:
    """--database and --config for a store that already holds its events (the config names none)."""
    config = tmp_path / "monitor.toml"
    config.write_text("# no events: the store has them\n", encoding="utf-8")
    return ["--database", backend_url, "--config", str(config)]


def csv_rows(out: str) -> list[dict[str, str]]:
    """The rows of a CSV the CLI printed, its `#` manifest lines left out."""
    return list(csv.DictReader(io.StringIO("\n".join(x for x in out.splitlines() if not x.startswith("#")))))
