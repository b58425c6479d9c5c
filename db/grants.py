"""A PostgreSQL role that can read the store and nothing else, for the dashboard (`presswatch db
grant-readonly ROLE`).

The dashboard only reads, so it should connect as a role that cannot write: then neither a bug nor a
leaked DATABASE_URL can change the store. The grants are the ones a reader needs (CONNECT on the
database, USAGE on the schema, SELECT on its tables) plus default privileges, so tables a later
migration adds are readable without granting again. Default privileges apply to tables created by the
role that runs this, which is why it is meant to run as the role that runs ingest and migrations.

Role names are checked against a plain pattern and always quoted as identifiers; a password is sent
already hashed by the client library (never in clear text, so never in the server's statement log).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

ROLE_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,62}")
RESERVED_ROLES = {"public", "none", "current_user", "current_role", "session_user"}


class BadRoleNameError(ValueError):
    """The role name is not one this command creates."""


@dataclass(frozen=True)
class Granted:
    role: str
    created: bool
    login: bool
    database: str
    schema: str
    owner: str
    warnings: tuple[str, ...]


def check_role_name(name: str) -> str:
    """`name` when it is a plain role name, else BadRoleNameError with the rule it breaks."""
    if not ROLE_PATTERN.fullmatch(name):
        raise BadRoleNameError(f"not a role name: {name!r} (use letters, digits, _ and -, starting with a letter "
                          "or _, at most 63 characters)")
    if name.lower() in RESERVED_ROLES or name.lower().startswith("pg_"):
        raise BadRoleNameError(f"not a role name: {name!r} is reserved by PostgreSQL")
    return name


def grant_readonly(engine: Engine, role: str, password: str | None = None) -> Granted:
    """Create `role` if missing (LOGIN with `password` when given, else NOLOGIN) and grant it read
    access to the store's schema, now and for tables created later; one transaction."""
    from psycopg import sql

    check_role_name(role)
    name = sql.Identifier(role)
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        database, schema, owner = conn.execute(
            text("SELECT current_database(), current_schema(), current_user")).one()
        if role == owner:
            raise BadRoleNameError(f"{role!r} is the role running this command (the one ingest writes as); "
                                   "name another role for the dashboard")
        created = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None
        statements: list[sql.Composable] = []
        if password is not None:
            hashed = raw.pgconn.encrypt_password(password.encode(), role.encode()).decode()
            verb = "CREATE ROLE" if created else "ALTER ROLE"
            statements.append(sql.SQL(verb + " {} LOGIN PASSWORD {}").format(name, sql.Literal(hashed)))
        elif created:
            statements.append(sql.SQL("CREATE ROLE {} NOLOGIN").format(name))
        statements += [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), name),
            sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(sql.Identifier(schema), name),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(
                sql.Identifier(schema), name),
        ]
        with raw.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        login = bool(conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar())
        warnings = _write_rights(conn, role, schema)
    return Granted(role, created, login, database, schema, owner, warnings)


def _write_rights(conn: Connection, role: str, schema: str) -> tuple[str, ...]:
    """What would still let `role` write: rights it had before this command (they are left alone)."""
    found: list[str] = []
    if conn.execute(text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
        found.append(f"role {role!r} is a superuser or bypasses row security: it can write whatever it is granted")
    writable = conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s AND has_table_privilege(:r, "
        "quote_ident(schemaname) || '.' || quote_ident(tablename), 'INSERT, UPDATE, DELETE, TRUNCATE') "
        "ORDER BY tablename"), {"s": schema, "r": role}).scalars().all()
    if writable:
        found.append(f"role {role!r} can still write to {len(writable)} tables (e.g. {writable[0]}): "
                     "revoke those rights or use a new role")
    if conn.execute(text("SELECT has_schema_privilege(:r, :s, 'CREATE')"), {"r": role, "s": schema}).scalar():
        found.append(f"role {role!r} can create tables in schema {schema!r} (before PostgreSQL 15 every role "
                     f"can: REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC)")
    return tuple(found)
