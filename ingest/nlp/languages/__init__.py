"""What is particular to one language, one package per ISO 639-1 code: `en/` holds English's speech
verbs, titles, roles, pronouns, organisation heads and the other word lists the quote attributor reasons
with (`words.py`), its attribution phrases ("according to", "quoted … as saying", "a senior official";
`patterns.py`) and the shapes of page furniture ("Read more:", bylines, photo credits; `boilerplate.py`).
A new language is a new package with the same names.

The two helpers below build those lists and patterns and belong to no language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_set(text: str) -> frozenset[str]:
    """A set of the whitespace-separated words of `text` (keeps long lists readable)."""
    return frozenset(text.split())


def alternation(words: Iterable[str]) -> str:
    """A regex for any of `words`, as a trie: "man", "manager", "mother" → "m(?:an(?:ager)?|other)".

    It matches what the words joined by "|" longest first match, and backtracks through the same ends
    in the same order (longer before shorter, as a greedy "?" tries its group first), but `re` walks a
    trie in a few steps per position where a flat alternation of hundreds of words tries each in turn.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:  # a word ends here: longer words first, then this one
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
