"""`presswatch db grant-readonly ROLE` on a real PostgreSQL store: the role reads every page of the
dashboard and cannot write, tables added later are readable too, and bad names or a SQLite store are
refused with one line. Roles are cluster-wide, so each test makes a uniquely named one and drops it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, make_url, text, update
from sqlalchemy.exc import DBAPIError, OperationalError

from db.engine import at_head, make_engine
from db.models import Article, Source
from ingest.cli import main
from tests.db.page_reads import check_has_data, read_every_page

PASSWORD = "reader's pass"  # a quote in it: the password is a literal, never pasted into SQL


@pytest.fixture
def role(pg_demo_store: str) -> Iterator[str]:
    """A role name unused in the cluster; afterwards the role, its grants and default privileges go."""
    name = f"presswatch_ro_{uuid.uuid4().hex[:10]}"
    yield name
    owner = create_engine(pg_demo_store, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}).first():
            conn.execute(text(f'DROP OWNED BY "{name}"'))  # revokes its grants and default privileges here
            conn.execute(text(f'DROP ROLE "{name}"'))
    owner.dispose()


def _as(url: str, role: str, password: str | None = None) -> str:
    return make_url(url).set(username=role, password=password).render_as_string(hide_password=False)


def _denied(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "42501"  # insufficient_privilege


def test_login_role_reads_every_page_and_cannot_write(pg_demo_store: str, role: str,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PRESSWATCH_READONLY_PASSWORD", PASSWORD)
    assert main(["db", "grant-readonly", role, "--login", "--database", pg_demo_store]) == 0
    out, err = capsys.readouterr()
    assert f"role '{role}' (created, LOGIN) can read every table" in out and err == ""

    reader = make_engine(_as(pg_demo_store, role, PASSWORD))  # what the dashboard's DATABASE_URL would be
    try:
        assert at_head(reader)
        check_has_data(read_every_page(reader))
        writes = [insert(Source).values(domain="never.example", name="never"),
                  update(Article).values(title="changed"), text("DELETE FROM quotes"),
                  text("TRUNCATE figures CASCADE"), text("CREATE TABLE mine (a int)")]
        for statement in writes:
            with reader.connect() as conn, pytest.raises(DBAPIError) as failed:
                conn.execute(statement)
            assert _denied(failed.value), (statement, failed.value)
    finally:
        reader.dispose()

    # a table a later migration adds (created by the owner, as `presswatch db upgrade` would) is readable
    owner = make_engine(pg_demo_store)
    with owner.begin() as conn:
        conn.execute(text("CREATE TABLE added_later (a int)"))
        conn.execute(text("INSERT INTO added_later VALUES (7)"))
    reader = make_engine(_as(pg_demo_store, role, PASSWORD))
    try:
        with reader.connect() as conn:
            assert conn.execute(text("SELECT a FROM added_later")).scalar_one() == 7
    finally:
        reader.dispose()
        with owner.begin() as conn:
            conn.execute(text("DROP TABLE added_later"))
        owner.dispose()


def test_nologin_role_by_default_reads_through_set_role(pg_demo_store: str, role: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "grant-readonly", role, "--database", pg_demo_store]) == 0
    assert f"role '{role}' (created, NOLOGIN)" in capsys.readouterr().out
    with pytest.raises(OperationalError, match="not permitted to log in"):
        make_engine(_as(pg_demo_store, role)).connect()
    owner = make_engine(pg_demo_store)
    try:
        with owner.connect() as conn:
            conn.execute(text(f'SET ROLE "{role}"'))
            assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() > 0
            with pytest.raises(DBAPIError) as failed:
                conn.execute(insert(Source).values(domain="never.example", name="never"))
            assert _denied(failed.value)
            conn.rollback()
            conn.execute(text("RESET ROLE"))
        # granting again is harmless and reports the role as existing
        assert main(["db", "grant-readonly", role, "--database", pg_demo_store]) == 0
        assert f"role '{role}' (existing, NOLOGIN)" in capsys.readouterr().out
    finally:
        owner.dispose()


@pytest.mark.parametrize("name", ['bad name', 'x"; DROP TABLE articles; --', "", "9lives", "a" * 64,
                                  "pg_reader", "PUBLIC", "current_user"])
def test_bad_role_names_are_refused_before_anything_is_opened(name: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # never connected to: the name is checked first
    assert main(["db", "grant-readonly", name, "--database", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"presswatch: not a role name: {name!r}") and err.count("\n") == 1


def test_the_running_role_is_refused(pg_demo_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    owner = make_url(pg_demo_store).username
    assert main(["db", "grant-readonly", str(owner), "--database", pg_demo_store]) == 2
    assert "is the role running this command" in capsys.readouterr().err


def test_login_needs_the_password_variable(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PRESSWATCH_READONLY_PASSWORD", raising=False)
    assert main(["db", "grant-readonly", "reader", "--login", "--database",
                 "postgresql+psycopg://nobody@127.0.0.1:1/none"]) == 2
    assert capsys.readouterr().err == "presswatch: --login needs the role's password in $PRESSWATCH_READONLY_PASSWORD\n"


def test_sqlite_says_where_read_only_comes_from_and_creates_nothing(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "presswatch.db"
    assert main(["db", "grant-readonly", "reader", "--database", f"sqlite:///{path}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"presswatch: grant-readonly is for PostgreSQL; sqlite:///{path} is SQLite, where "
                          "read-only is the file's permissions")
    assert not path.exists()
