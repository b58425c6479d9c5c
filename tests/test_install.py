"""The installed environment: what is installed is what the lock says, the package builds, and the
`presswatch` command ingests a saved page and the demo end to end.

`make test` runs this module first, on its own, so a broken install stops the run before the suite.
"""

from __future__ import annotations

import importlib.metadata as md
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import Marker

import db

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "tests" / "fixtures" / "smoke"
PRESSWATCH = Path(sys.executable).with_name("presswatch")
# The project itself, and the installer the virtualenv was created with, are not dependencies.
NOT_LOCKED = {"presswatch", "pip"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, str]:
    """name -> version of every `name==version ; marker` line of a lock file whose marker holds here
    (the lock is universal: one line per Python version or platform where they differ)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;([^\\]*))?", line)
        if match and (not match.group(3) or Marker(match.group(3).strip()).evaluate()):
            pins[_canon(match.group(1))] = match.group(2)
    return pins


def installed() -> dict[str, str]:
    return {_canon(d.metadata["Name"]): d.version for d in md.distributions()}


def test_every_installed_distribution_is_in_the_lock() -> None:
    """A distribution that reached the environment some other way (by hand, or unpinned) fails here."""
    pins = locked(ROOT / "requirements-dev.lock") | locked(ROOT / "requirements-data.lock")  # data: --no-deps
    have = installed()
    missing = sorted(set(have) - set(pins) - NOT_LOCKED)
    assert not missing, f"installed but in neither requirements-dev.lock nor requirements-data.lock: {missing}"
    wrong = {name: (version, pins[name]) for name, version in have.items() if name in pins and pins[name] != version}
    assert not wrong, f"installed version differs from the lock (installed, locked): {wrong}"


def test_every_lock_line_is_hashed_and_runtime_is_a_subset() -> None:
    for name in ("requirements.lock", "requirements-dev.lock", "requirements-data.lock"):
        text = (ROOT / name).read_text(encoding="utf-8")
        blocks = [b for b in re.split(r"\n(?=[A-Za-z0-9])", text) if re.match(r"[A-Za-z0-9]", b)]
        assert blocks, name
        unhashed = [b.split()[0] for b in blocks if "--hash=sha256:" not in b]
        assert not unhashed, f"{name}: pinned without a hash: {unhashed}"
    runtime, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert "lxml-html-clean" in runtime
    assert {k: v for k, v in dev.items() if k in runtime} == runtime, "dev lock pins runtime packages differently"
    data = locked(ROOT / "requirements-data.lock")
    assert data and not set(data) & set(dev), "a data-only package is also a dependency: it would be installed twice"


def test_version_lives_in_one_place() -> None:
    assert md.version("presswatch") == db.__version__
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "db.__version__"}


def test_presswatch_command_equals_python_m_ingest() -> None:
    assert PRESSWATCH.exists(), f"no presswatch command beside {sys.executable}"
    script = subprocess.run([str(PRESSWATCH), "--version"], capture_output=True, text=True, check=True)
    module = subprocess.run([sys.executable, "-m", "ingest", "--version"], capture_output=True, text=True, check=True)
    assert script.stdout == module.stdout == f"Presswatch {db.__version__}\n"


def test_the_package_builds_a_wheel_with_everything_it_runs(tmp_path: Path) -> None:
    """Built from a copy of the tracked files, so the build leaves nothing in the checkout."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    source = tmp_path / "src"
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(source)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("presswatch-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("dashboard.py", "ingest/cli.py", "ingest/sources/rss.py", "ingest/nlp/quotes.py",
                   "db/models.py", "db/migrations/env.py", "db/migrations/versions/0001_initial_schema.py",
                   "pages/overview.py"):
        assert needed in names, f"{needed} missing from {wheel.name}"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "presswatch = ingest.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _presswatch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(PRESSWATCH.parent), "HOME": str(cwd)}  # nothing from the caller's environment
    return subprocess.run([str(PRESSWATCH), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_smoke_files_on_an_html_article_then_demo(tmp_path: Path) -> None:
    """What a new user does first, through the installed command, on a fresh SQLite file."""
    database = f"sqlite:///{tmp_path / 'smoke.db'}"
    ran = _presswatch("files", str(SMOKE / "article.html"), "--config", str(SMOKE / "monitor.toml"),
                      "--database", database, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "1 stored" in ran.stdout
    quotes = _presswatch("export", "--event", "harbour-ferry", "--what", "quotes", "--database", database,
                         cwd=tmp_path)
    assert quotes.returncode == 0, quotes.stderr
    assert "Elena Marsh" in quotes.stdout and "Tom Reilly" in quotes.stdout

    demo_db = f"sqlite:///{tmp_path / 'demo.db'}"
    ran = _presswatch("demo", "--articles", "300", "--database", demo_db, "--out", str(tmp_path / "demo"),
                      cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    status = _presswatch("status", "--database", demo_db, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    stored = re.search(r"(\d+) articles, (\d+) quotes", status.stdout)
    assert stored and int(stored.group(1)) > 200 and int(stored.group(2)) > 500, status.stdout


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_lock_was_made_by_make_lock(lock: str) -> None:
    head = (ROOT / lock).read_text(encoding="utf-8").splitlines()[:3]
    assert any("make lock" in line for line in head), f"{lock} was not generated by `make lock`"
