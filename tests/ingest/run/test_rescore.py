"""`rescore` after the alias table changes: figures re-merge and the figure rollup follows."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from sqlalchemy import Engine, func, select

from db.models import DailyFigure, Figure, FigureAlias, Quote
from ingest.config import Settings
from ingest.run.pipeline import Pipeline
from ingest.run.rescore import rescore
from ingest.sources.files import read_path
from tests.db.test_store_queries import EVENT

ROWS = [
    {"url": "https://a.example/1", "source": "a.example", "published_at": "2020-01-03T08:00:00Z",
     "title": "Varos strike: militia vows revenge",
     "text": "The militia leader Abu Karim spoke after General Varos was killed.\n\n"
             "\"We will answer this crime at a time of our choosing,\" Abu Karim said on Friday."},
    {"url": "https://b.example/2", "source": "b.example", "published_at": "2020-01-04T08:00:00Z",
     "title": "Militia chief speaks after Varos killing",
     "text": "Hadi Salem Mansur, who leads the militia, addressed supporters after General Varos died.\n\n"
             "\"Nobody will be allowed to forget this day,\" said Hadi Salem Mansur."},
]


def _figures(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(Figure.name, func.count(Quote.id)).join(Quote).group_by(Figure.name)).all())


def test_alias_change_remerges_on_rescore(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    Pipeline(engine, [EVENT]).run(read_path(path), "files")
    assert _figures(engine) == {"Abu Karim": 1, "Hadi Salem Mansur": 1}  # nothing says they are one man

    event = dataclasses.replace(EVENT, aliases={**EVENT.aliases, "Hadi Salem Mansur": ("Abu Karim",)})
    settings = Settings(database_url=str(engine.url), config_path=tmp_path / "monitor.toml", events=(event,))
    rescore(engine, settings, [event])
    assert _figures(engine) == {"Hadi Salem Mansur": 2}
    with engine.connect() as conn:
        aliases = dict(conn.execute(select(FigureAlias.alias, Figure.name).join(Figure)).all())
        rollup = conn.execute(select(Figure.name, func.sum(DailyFigure.quotes)).join(Figure)
                              .group_by(Figure.name)).all()
    assert aliases == {"Abu Karim": "Hadi Salem Mansur"}
    assert rollup == [("Hadi Salem Mansur", 2)]


def test_rescore_without_changes_keeps_figure_ids(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    Pipeline(engine, [EVENT]).run(read_path(path), "files")
    with engine.connect() as conn:
        before = dict(conn.execute(select(Figure.name, Figure.id)).all())
    settings = Settings(database_url=str(engine.url), config_path=tmp_path / "monitor.toml", events=(EVENT,))
    rescore(engine, settings, [EVENT])
    with engine.connect() as conn:
        assert dict(conn.execute(select(Figure.name, Figure.id)).all()) == before


def test_a_bare_surname_joins_its_only_bearer_in_any_order(engine: Engine, tmp_path: Path) -> None:
    surname_only = {"url": "https://c.example/3", "source": "c.example", "published_at": "2020-01-03T06:00:00Z",
                    "title": "Varos strike condemned",
                    "text": "The strike on General Varos drew anger.\n\n\"This is a crime,\" Mansur said on Friday."}
    path = tmp_path / "a.jsonl"  # the bare surname is stored first, before any article names him in full
    path.write_text("\n".join(json.dumps(r) for r in [surname_only, *ROWS]) + "\n", encoding="utf-8")
    Pipeline(engine, [EVENT]).run(read_path(path), "files")
    settings = Settings(database_url=str(engine.url), config_path=tmp_path / "monitor.toml", events=(EVENT,))
    rescore(engine, settings, [EVENT])
    assert _figures(engine) == {"Abu Karim": 1, "Hadi Salem Mansur": 2}
