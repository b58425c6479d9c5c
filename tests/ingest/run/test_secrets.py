"""API keys stay secret: a NewsAPI key given in the environment reaches the API in its header and
nowhere else — not in the output of `run`, `status` or `export`, not in an export's manifest, and not
in what the store keeps for the health page (run errors, fetch state), whether the key works or not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import FetchState, IngestRun
from tests.ingest.run.test_run import site_config
from tests.webserver import NEWSAPI_KEY, WebServer

ROOT = Path(__file__).resolve().parents[3]
WRONG_KEY = "pw-secret-7f3a9c1e5b2d4680"


def _config(tmp_path: Path, web: WebServer) -> Path:
    return site_config(tmp_path, web, f"""
[[event.source]]
kind = "newsapi"
api_url = "{web.url('/v2/everything')}"
""")


def _cli(args: list[str], key: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSAPI_KEY": key}
    return subprocess.run([sys.executable, "-m", "ingest", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def _stored_for_health(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as conn:
        runs = conn.execute(select(IngestRun.command, IngestRun.counts, IngestRun.errors)).all()
        states = conn.execute(select(FetchState.url, FetchState.last_error)).all()
    engine.dispose()
    return repr(runs) + repr(states)


@pytest.mark.parametrize("key", [WRONG_KEY, NEWSAPI_KEY], ids=["refused-key", "working-key"])
def test_a_key_from_the_environment_is_never_shown(tmp_path: Path, web: WebServer, key: str) -> None:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    opts = ["--config", str(_config(tmp_path, web)), "--database", url]
    ran = _cli(["run", *opts], key, tmp_path)
    assert "Traceback" not in ran.stderr, ran.stderr
    shown = [ran, _cli(["status", *opts], key, tmp_path),
             *(_cli(["export", "--event", "marrow-bridge", "--what", what, *opts], key, tmp_path)
               for what in ("articles", "quotes"))]
    stored = _stored_for_health(url)
    if key == WRONG_KEY:  # the refusal itself is reported, by name, without the key
        assert "apiKeyInvalid" in stored or "401" in stored, stored
    else:
        assert "marrow" in shown[2].stdout.lower() and shown[2].stdout.startswith("# Presswatch export")
    for proc in shown:
        assert key not in proc.stdout and key not in proc.stderr, proc.args
    assert key not in stored
