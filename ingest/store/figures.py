"""Speakers → figure ids in the store, cached for a run.

A speaker string is resolved to a canonical figure once per run (`FigureIndex`: alias table, normalised
names, fuzzy transliteration matches); the figure row and the alias row are created on first use. The
caches hold ids of rows written in the caller's transaction, so they are dropped after a rollback.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, insert, select

from db.models import DailyFigure, Figure, FigureAlias
from ingest.config import EventConfig
from ingest.nlp.people import FigureIndex


def event_aliases(events: Sequence[EventConfig]) -> dict[str, list[str]]:
    """Every event's alias table merged: canonical figure name → its configured variants."""
    aliases: dict[str, list[str]] = {}
    for ev in events:
        for canonical, variants in ev.aliases.items():
            aliases.setdefault(canonical, []).extend(variants)
    return aliases


def load_figure_index(conn: Connection, events: Sequence[EventConfig]) -> FigureIndex:
    """Figure resolver seeded with the config's alias tables and the figures already stored, with how
    often each was quoted (from the figure rollup, not a scan of every quote)."""
    rows = conn.execute(select(Figure.name, func.coalesce(func.sum(DailyFigure.quotes), 0))
                        .outerjoin(DailyFigure, DailyFigure.figure_id == Figure.id)
                        .group_by(Figure.id, Figure.name).order_by(Figure.id)).all()
    return FigureIndex(aliases=event_aliases(events), known=[name for name, _ in rows],
                       quoted={name: int(quotes) for name, quotes in rows})


class FigureIds:
    """Figure id of each speaker string, creating figures and aliases as they are first seen."""

    def __init__(self, conn: Connection, events: Sequence[EventConfig]) -> None:
        self.index = load_figure_index(conn, events)
        self._figure_ids: dict[str, int] = {}
        self._speaker_figure: dict[str, int] = {}
        self._names: dict[str, str] = {}  # speaker → canonical figure name
        self._aliases: set[str] = set(conn.execute(select(FigureAlias.alias)).scalars())
        self._aliases_stale = False

    def reset(self) -> None:
        """Forget cached ids after a rollback, since the rows they point to may be gone."""
        self._figure_ids.clear()
        self._speaker_figure.clear()
        self._names.clear()
        self._aliases.clear()
        self._aliases_stale = True

    def get(self, conn: Connection, speaker: str, kind: str | None) -> int:
        if speaker not in self._speaker_figure:
            self._speaker_figure[speaker] = self._resolve(conn, speaker, kind)
        else:
            self.index.note(self._names[speaker])
        return self._speaker_figure[speaker]

    def _resolve(self, conn: Connection, speaker: str, kind: str | None) -> int:
        name = self.index.resolve(speaker)
        self._names[speaker] = name
        if name not in self._figure_ids:
            found = conn.execute(select(Figure.id).where(Figure.name == name)).scalar_one_or_none()
            if found is None:
                found = conn.execute(insert(Figure).values(name=name, kind=kind).returning(Figure.id)).scalar_one()
            self._figure_ids[name] = found
        figure_id = self._figure_ids[name]
        if speaker != name and speaker not in self._aliases:
            if self._aliases_stale:
                self._aliases = set(conn.execute(select(FigureAlias.alias)).scalars())
                self._aliases_stale = False
            if speaker not in self._aliases:
                conn.execute(insert(FigureAlias).values(alias=speaker, figure_id=figure_id))
                self._aliases.add(speaker)
        return figure_id
