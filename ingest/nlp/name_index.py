"""The full names of one article, indexed by word: the fullest form of a partial name, found quickly.

Built once per article by `speakers.build_memory`; a speaker given by surname or by a shorter form
("Carvajal", "Inés Carvajal") is shown in the fullest form the article gives ("Inés Carvajal Ruiz").
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.nlp.people import same_spelling


def _tokens(name: str) -> list[str]:
    return name.replace("’", "'").lower().split()


def _contains(full: list[str], part: list[str]) -> bool:
    n = len(part)
    if n == 1:  # the usual case, a surname alone: a plain membership test says the same
        return part[0] in full
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))


class NameIndex:
    """Full names of an article by word, to find the fullest form of a partial name quickly.

    The index never changes after it is built and an article names the same people again and again,
    so answers are kept per name.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._by_word: dict[str, list[tuple[list[str], str]]] = {}
        self._fullest: dict[str, str] = {}
        self._knows: dict[str, bool] = {}
        for name in dict.fromkeys(names):
            toks = _tokens(name)
            for w in set(toks):
                self._by_word.setdefault(w, []).append((toks, name))

    def fullest(self, name: str) -> str:
        """Longest name holding `name`'s words in order ("Carvajal" → "Inés Carvajal Ruiz")."""
        best = self._fullest.get(name)
        if best is None:
            best = self._fullest[name] = self._find_fullest(name)
        return best

    def _find_fullest(self, name: str) -> str:
        part = _tokens(name)
        best, best_score = name, (0, 0)
        for toks, full in self._by_word.get(part[-1], []) if part else []:
            if len(toks) >= len(part) and _contains(toks, part):
                score = (int(toks[-1] == part[-1]), len(toks))
                if score > best_score:
                    best, best_score = full, score
        if best == name and len(part) == 1:
            # a surname spelled two ways in one article ("Zelenskyy" beside "Volodymyr Zelensky"): the
            # one full name whose surname is the same spelling variant
            variants = {full for word, entries in self._by_word.items() if word != part[0]
                        and same_spelling(word, part[0]) for toks, full in entries
                        if len(toks) > 1 and toks[-1] == word}
            if len(variants) == 1:
                return variants.pop()
        return best

    def knows(self, name: str) -> bool:
        known = self._knows.get(name)
        if known is None:
            part = _tokens(name)
            known = self._knows[name] = bool(part) and any(
                _contains(t, part) for t, _ in self._by_word.get(part[-1], []))
        return known
