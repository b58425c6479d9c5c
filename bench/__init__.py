"""Benchmarks: `python -m bench NAME …`; each prints one JSON object on its last line."""

from __future__ import annotations

import argparse
from pathlib import Path


def count(text: str) -> int:
    """argparse type for a number of things to run (pages, articles, rounds): a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1")
    return value


def labelled_parser(prog: str, doc: str | None, sets: Path, sets_help: str,
                    errors_help: str = "list the mistakes on dev records") -> argparse.ArgumentParser:
    """The options every bench of hand-labelled sets takes: where the sets are, `--errors` (dev records
    only: the blind ones are never looked at while tuning) and `--json`."""
    parser = argparse.ArgumentParser(prog=prog, description=(doc or "").split("\n")[0])
    parser.add_argument("--sets", type=Path, default=sets, help=sets_help)
    parser.add_argument("--errors", action="store_true", help=errors_help)
    parser.add_argument("--json", action="store_true", help="print the result as JSON on the last line")
    return parser
