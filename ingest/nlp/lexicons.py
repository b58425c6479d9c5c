"""Sentiment lexicons read from an installed wheel's data files, never imported as code.

asent's wheel ships the Chen–Skiena (2014) lexicons: for ~80 languages, words marked +1 or −1 (one
`word<TAB>value` per line). asent itself builds on spaCy, whose component no longer works with spaCy
3.8 and which Presswatch would never run, so the package is installed without its dependencies and
only its files are read here. The lexicons are GPL: they stay in the installed package and are not
copied into this repository.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

PACKAGE = "asent"
FOLDER = "lexicons"
CHEN_SKIENA = "{code}_lexicon_chen_skiena_2014_v1.txt"


def lexicon_folder() -> Path | None:
    """Where the installed asent keeps its lexicons, found without importing asent (its import loads
    spaCy); None when the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / FOLDER
        if folder.is_dir():
            return folder
    return None


@lru_cache(maxsize=128)
def lexicon(code: str) -> dict[str, float]:
    """word (lower case) → +1.0 or −1.0 for language `code`; empty when no lexicon ships for it."""
    folder = lexicon_folder()
    if folder is None or not code.isalpha():
        return {}
    path = folder / CHEN_SKIENA.format(code=code)
    if not path.is_file():
        return {}
    words: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition("\t")
        try:
            words[word.strip().lower()] = float(value)
        except ValueError:
            continue  # a malformed line in the data file is skipped, not fatal
    return words


def has_lexicon(code: str) -> bool:
    return bool(lexicon(code))
