"""The tree reads as the architecture: the import arrows of DESIGN.md ("Who may import whom") hold,
checked on every module's imports, so a change that needs a forbidden arrow fails here first."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py") if not p.stem.startswith("_"))


def imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names; `from a import b` counts as a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for path in paths:
        hits = sorted(m for m in imports(path) if any(m == f or m.startswith(f + ".") for f in forbidden))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    return bad


@pytest.mark.parametrize("page", PAGES)
def test_a_page_reads_only_through_its_own_reads_module(page: str) -> None:
    allowed = {f"db.reads.{page}", "db.reads", "db.filters", "db.filters.Filters", "pages", "pages._ui"}
    used = {m for m in imports(ROOT / "pages" / f"{page}.py") if m.split(".")[0] in ("db", "ingest", "pages")}
    stray = {m for m in used if m not in allowed and not m.startswith(("db.filters.", "pages._"))}  # shared helpers
    assert not stray, f"pages/{page}.py imports {sorted(stray)}"
    assert f"db.reads.{page}" in used or "db.reads" in used


def test_every_page_has_its_reads_module() -> None:
    assert all((ROOT / "db" / "reads" / f"{page}.py").exists() for page in PAGES)


def test_the_dashboard_never_migrates_the_store() -> None:
    """The dashboard only reads (its engine is read-only): migrating is the ingest side's job."""
    assert not _offending([*files("pages"), ROOT / "dashboard.py"], ("db.engine.upgrade", "alembic"))


def test_the_store_never_imports_ingest_or_pages() -> None:
    assert not _offending(files("db"), ("ingest", "pages"))


def test_stages_and_nlp_touch_neither_database_nor_network() -> None:
    forbidden = ("db", "sqlalchemy", "httpx", "ingest.fetch", "ingest.store", "ingest.run", "ingest.sources")
    assert not _offending(files("ingest/stages") + files("ingest/nlp"), forbidden)


def test_connectors_and_fetcher_never_write_to_the_store() -> None:
    assert not _offending(files("ingest/sources") + files("ingest/fetch"), ("db", "ingest.store", "ingest.run"))


def test_at_most_eight_modules_directly_in_ingest() -> None:
    modules = sorted(p.name for p in (ROOT / "ingest").glob("*.py"))
    assert len(modules) <= 8, modules


REPORT_MODULES = ("pages/_report.py", "pages/_chromium.py", "pages/_charts.py")


def test_the_report_renders_without_streamlit() -> None:
    """`presswatch report` and the e-mail digest build the report with no dashboard running, so the
    renderer and the figures it shares with the pages never import Streamlit (nor pages._ui, which does)."""
    assert not _offending([ROOT / m for m in REPORT_MODULES], ("streamlit", "pages._ui", "pages._curation"))


def test_ingest_reaches_pages_only_for_the_report() -> None:
    """The one arrow from ingest/ to pages/: the report command and the e-mail digest use the renderer the
    Overview button uses."""
    bad = _offending(files("ingest"), ("pages", "dashboard"))
    users = {"ingest/report/commands.py", "ingest/alerts/digest.py"}
    assert set(bad) <= users, bad
    for user in users:
        assert set(bad.get(user, [])) <= {"pages", "pages._report", "pages._chromium",
                                          "pages._chromium.ChromiumError"}, bad
