"""The Health page of a PostgreSQL store shows its task queue: sources queued, running, failed, workers.

Against the real PostgreSQL server (skipped, loudly, when it does not answer); the tasks are queued by
`presswatch run`, as cron does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.cli import main
from tests.conftest import _reset_pg
from tests.pages.serving import serving
from tests.pages.test_pages import _navigation_mode, open_app  # noqa: F401 - the fixture is used by name


@pytest.fixture
def queued_store(tmp_path: Path, pg_server_url: str) -> Iterator[str]:
    _reset_pg(pg_server_url)
    config = tmp_path / "monitor.toml"
    config.write_text('[[event]]\nslug = "e"\nname = "E"\nterms = ["Vahedmir"]\n'
                      + "".join(f'[[event.source]]\nkind = "rss"\nurl = "http://127.0.0.1:9/feed-{i}.xml"\n'
                                for i in range(3)), encoding="utf-8")
    assert main(["run", "--config", str(config), "--database", pg_server_url]) == 0
    with serving(pg_server_url):
        yield pg_server_url


def test_health_page_shows_the_task_queue(queued_store: str) -> None:
    at = open_app("health")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Sources queued"] == "3"
    assert tiles["Running now"] == "0" and tiles["Failed tasks"] == "0" and tiles["Workers alive"] == "0"
