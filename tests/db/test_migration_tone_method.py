"""Migration 0013: articles.tone_method and a nullable quotes.tone, on stored rows, both backends; the
quote search triggers still fire after SQLite recreates the quotes table, and the downgrade is whole."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, text

from db.engine import make_engine, upgrade
from db.filters import Filters
from db.reads import _tables as reads_tables
from tests.db.migrating import downgrade


def test_0013_marks_stored_tone_as_vader_and_lets_quote_tone_be_unknown(backend_url: str) -> None:
    eng = make_engine(backend_url)
    try:
        upgrade(eng, "0012")
        now = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
        with eng.begin() as conn:
            conn.execute(text("INSERT INTO sources (id, domain) VALUES (1, 'a.example')"))
            conn.execute(text("INSERT INTO events (id, slug, name, terms, related) VALUES (1, 'e', 'E', '[]', '[]')"))
            for aid, tone in ((1, 0.5), (2, None)):
                conn.execute(text("INSERT INTO articles (id, canonical_url, url, source_id, published_at, fetched_at, "
                                  "text, content_hash, sentence_count, tone) VALUES (:a, :u, :u, 1, :t, :t, 'x', 'h', "
                                  "0, :tone)"), {"a": aid, "u": f"u{aid}", "t": now, "tone": tone})
                conn.execute(text("INSERT INTO article_events (article_id, event_id, relevance) VALUES (:a, 1, 1)"),
                             {"a": aid})
            conn.execute(text("INSERT INTO quotes (id, article_id, start, \"end\", text, key, speaker_raw, tone) "
                              "VALUES (1, 1, 0, 9, 'We stay out', 'we stay out', 'Ana Ruiz', 0.1)"))
        upgrade(eng)
        with eng.begin() as conn:
            methods = conn.execute(text("SELECT id, tone_method FROM articles ORDER BY id")).all()
            assert [tuple(r) for r in methods] == [(1, "vader"), (2, None)]
            conn.execute(text("INSERT INTO quotes (id, article_id, start, \"end\", text, key, speaker_raw, tone) "
                              "VALUES (2, 2, 0, 9, 'Nous restons', 'nous restons', 'Léa Marin', NULL)"))
            conn.execute(text("UPDATE quotes SET text = 'We never left' WHERE id = 1"))
        f = Filters(event="e")
        for search, quote in (("marin", "Nous restons"), ('"never left"', "We never left")):
            found, _ = reads_tables.page(eng, "quotes", f, 10, search=search)  # insert and update triggers
            assert list(found["quote"]) == [quote], search
        assert reads_tables.page(eng, "quotes", f, 10, search='"stay out"')[0].empty
    finally:
        eng.dispose()
    downgrade(backend_url, "0012")
    eng = make_engine(backend_url)
    try:
        assert "tone_method" not in {c["name"] for c in inspect(eng).get_columns("articles")}
        tone = next(c for c in inspect(eng).get_columns("quotes") if c["name"] == "tone")
        assert tone["nullable"] is False
        with eng.connect() as conn:
            assert conn.execute(text("SELECT tone FROM quotes WHERE id = 2")).scalar_one() == 0.0
        upgrade(eng)  # and up again over the downgraded store
    finally:
        eng.dispose()
