"""Receivers for the alert tests: one webhook server per module, a fresh SMTP server per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.alerts.servers import MailServer, WebhookServer


@pytest.fixture(scope="module")
def hooks() -> Iterator[WebhookServer]:
    server = WebhookServer()
    yield server
    server.close()


@pytest.fixture
def mail() -> Iterator[MailServer]:
    server = MailServer()
    yield server
    server.stop()
