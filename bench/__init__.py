"""Benchmarks: `python -m bench NAME …`; each prints one JSON object on its last line."""

from __future__ import annotations

import argparse


def count(text: str) -> int:
    """argparse type for a number of things to run (pages, articles, rounds): a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1")
    return value
