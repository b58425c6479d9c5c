"""Pytest fixtures for tests that fetch over HTTP: a real server on 127.0.0.1 and fetchers aimed at it.

Loaded as a plugin (`pytest_plugins = ["tests.conftest_web"]` in tests/conftest.py, or `-p
tests.conftest_web`). Fetchers made here allow loopback addresses, have no per-host delay and record
back-off sleeps instead of sleeping, so retry tests take milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ingest.config import EventConfig, FetchConfig, SourceConfig
from ingest.fetch.client import Fetcher
from tests.webserver import FIXTURES, WebServer

TEST_AGENT = "Presswatch/0.1.0-test (+https://presswatch.example/contact)"
NOW = dt.datetime(2024, 2, 8, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def web_server() -> Iterator[WebServer]:
    server = WebServer(FIXTURES)
    yield server
    server.close()


@pytest.fixture
def web(web_server: WebServer) -> WebServer:
    """The shared server with its request log, counters and robots.txt reset for this test."""
    web_server.reset()
    return web_server


@pytest.fixture
def sleeps() -> list[float]:
    """Every sleep a fetcher asked for (back-off, Retry-After, per-host delay), instead of sleeping."""
    return []


@pytest.fixture
def fetch_config() -> Callable[..., FetchConfig]:
    def make(**overrides: Any) -> FetchConfig:
        settings: dict[str, Any] = {
            "user_agent": TEST_AGENT, "timeout_s": 2.0, "per_host_delay_s": 0.0, "retries": 2,
            "allow_private": True,
        }
        settings.update(overrides)
        return FetchConfig(**settings)

    return make


@pytest.fixture
def make_fetcher(fetch_config: Callable[..., FetchConfig], sleeps: list[float]) -> Iterator[Callable[..., Fetcher]]:
    """`make_fetcher(state=…, timeout_s=…, **fetcher_kwargs)`: config keys go to FetchConfig, the rest to
    Fetcher. The clock says 2024-02-08 unless `now=` is given; sleeps are recorded, not slept."""
    made: list[Fetcher] = []
    config_keys = set(FetchConfig.__dataclass_fields__)

    def make(state: dict[str, Any] | None = None, **kwargs: Any) -> Fetcher:
        config = fetch_config(**{k: v for k, v in kwargs.items() if k in config_keys})
        options = {"sleep": sleeps.append, "now": lambda: NOW, "backoff_s": 0.5}
        options.update({k: v for k, v in kwargs.items() if k not in config_keys})
        fetcher = Fetcher(config, state if state is not None else {}, **options)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def event() -> EventConfig:
    """The fictional event every fixture page is about."""
    return EventConfig(
        slug="marrow-bridge",
        name="Collapse of the Marrow Bridge, Port Esmer",
        start=dt.date(2024, 2, 5),
        terms=("Marrow Bridge", "Port Esmer"),
        aliases={"Ilse Varnholt": ("Mayor Varnholt", "Mayor Ilse Varnholt")},
    )


@pytest.fixture
def source(tmp_path: Any) -> Callable[..., SourceConfig]:
    """`source(kind, **options)`: a SourceConfig whose relative paths resolve under tmp_path."""

    def make(kind: str, **options: Any) -> SourceConfig:
        return SourceConfig(kind=kind, options=options, base_dir=tmp_path)

    return make
