"""Stores holding the demo corpus, built once per module, for the tests that open them in other ways
(read-only engines, a read-only PostgreSQL role)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from ingest.cli import main
from tests.conftest import BACKENDS, fresh_pg_database

DEMO_ARTICLES = 150


def load_demo(url: str, folder: Path) -> None:
    """`presswatch demo` into `url`, run from `folder` so nothing lands in the checkout's data/."""
    (folder / "monitor.toml").write_text("# no events: the demo writes its own config\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        code = main(["demo", "--articles", str(DEMO_ARTICLES), "--out", str(folder / "corpus"),
                     "--config", str(folder / "monitor.toml"), "--database", url])
    assert code == 0


@pytest.fixture(scope="module", params=BACKENDS)
def demo_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a store holding the demo corpus, on each backend (PostgreSQL: a database of its own)."""
    folder = tmp_path_factory.mktemp(f"demo-{request.param}")
    with ExitStack() as stack:
        url = f"sqlite:///{folder / 'demo.db'}" if request.param == "sqlite" else stack.enter_context(
            fresh_pg_database())
        load_demo(url, folder)
        yield url


@pytest.fixture(scope="module")
def pg_demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a PostgreSQL database of its own holding the demo corpus (skips without a server)."""
    folder = tmp_path_factory.mktemp("demo-pg")
    with fresh_pg_database() as url:
        load_demo(url, folder)
        yield url
