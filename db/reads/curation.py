"""Reads of an event's curation: the articles dismissed from it, and its timeline notes.

The dismissed list is what an analyst (or a reviewer of their work) needs to see what was taken out
and why; it is also an export (`presswatch export --what dismissed`). Notes are read by every time
chart, so the read is one small indexed query per event.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from db.filters import Filters, zone
from db.models import Article, Dismissal, Note, Source
from db.reads._scope import event_id

DISMISSED_COLUMNS = ["dismissed_at", "published_at", "source", "title", "url", "reason", "relevance"]
NOTE_COLUMNS = ["id", "day", "label"]


def dismissed(engine: Engine, f: Filters) -> pd.DataFrame:
    """Every article dismissed from the filters' event, most recently dismissed first (whatever the
    other filters: a dismissed article is out of the view they would select it by)."""
    eid = event_id(engine, f.event)
    stmt = (select(Dismissal.dismissed_at, Article.published_at, Source.domain, Article.title, Article.url,
                   Dismissal.reason, Dismissal.relevance)
            .join(Article, Article.id == Dismissal.article_id).join(Source, Source.id == Article.source_id)
            .where(Dismissal.event_id == eid)
            .order_by(Dismissal.dismissed_at.desc(), Article.id.desc()))
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).all(), columns=DISMISSED_COLUMNS)
    for col in ("dismissed_at", "published_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True).dt.tz_convert(zone(f.tz))
    return frame


def notes(engine: Engine, slug: str) -> pd.DataFrame:
    """id, day, label of every note of event `slug`, in day order."""
    eid = event_id(engine, slug)
    stmt = select(Note.id, Note.day, Note.label).where(Note.event_id == eid).order_by(Note.day, Note.id)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=NOTE_COLUMNS)
