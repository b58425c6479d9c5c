"""Migration 0014: alert_occurrences and alert_deliveries on a store holding an event, both backends; an
occurrence key is unique per (event, rule), deleting an event takes its alerts along, and the downgrade
to 0013 removes both tables whole (and the upgrade runs again over it)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from db.engine import make_engine, upgrade
from tests.db.migrating import downgrade

OCCURRENCE = ("INSERT INTO alert_occurrences (event_id, rule, kind, key, summary, payload, created) "
              "VALUES (1, 'volume', 'spike', :key, 'Spike', '{}', :t)")


def test_0014_adds_alert_tables_with_a_unique_key_per_rule(backend_url: str) -> None:
    eng = make_engine(backend_url)
    now = dt.datetime(2025, 3, 8, 12)
    try:
        upgrade(eng, "0013")
        with eng.begin() as conn:
            conn.execute(text("INSERT INTO events (id, slug, name, terms, related) VALUES (1, 'e', 'E', '[]', '[]')"))
        upgrade(eng)
        assert {"alert_occurrences", "alert_deliveries"} <= set(inspect(eng).get_table_names())
        with eng.begin() as conn:
            conn.execute(text(OCCURRENCE), {"key": "2025-03-08", "t": now})
            conn.execute(text("INSERT INTO alert_deliveries (occurrence_id, channel, target, next_attempt_at) "
                              "SELECT id, 'webhook', 'http://h.example', :t FROM alert_occurrences"), {"t": now})
            attempts = conn.execute(text("SELECT attempts FROM alert_deliveries")).scalar_one()
            assert attempts == 0  # the server default
        with pytest.raises(IntegrityError), eng.begin() as conn:
            conn.execute(text(OCCURRENCE), {"key": "2025-03-08", "t": now})
        with eng.begin() as conn:
            if eng.dialect.name == "sqlite":
                conn.execute(text("PRAGMA foreign_keys=ON"))
            conn.execute(text("DELETE FROM events WHERE id = 1"))
            assert conn.execute(text("SELECT count(*) FROM alert_deliveries")).scalar_one() == 0
    finally:
        eng.dispose()
    downgrade(backend_url, "0013")
    eng = make_engine(backend_url)
    try:
        tables = set(inspect(eng).get_table_names())
        assert "alert_occurrences" not in tables and "alert_deliveries" not in tables
        assert {"events", "saved_searches"} <= tables
        upgrade(eng)  # and up again over the downgraded store
        assert "alert_deliveries" in set(inspect(eng).get_table_names())
    finally:
        eng.dispose()
