"""Saved searches: an event's named searches, listed and opened by the command line and the explorer.

A saved search is only its query text, checked by the parser when it is saved; opening one runs the
query as typed, so it means the same wherever it is opened. Names are per event and saving a name
again replaces its query (a repeated `--save` stores nothing twice).

`save` is the one write the explorer makes. It takes an engine the caller opened for writing: the
dashboard's own engine is read-only (db.engine.make_engine), and on a store behind a read-only role
the write fails with the database's refusal, which the page shows.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from db.models import SavedSearch
from db.query import parse
from db.reads._scope import event_id

NAME = re.compile(r"^[\w][\w .\-]{0,99}$", re.UNICODE)
COLUMNS = ["name", "query", "created"]


class SavedSearchError(LookupError):
    """No saved search of that name, or a name that cannot be one."""


def check_name(name: str) -> str:
    """The name as stored (spaces trimmed); SavedSearchError when it is empty or has odd characters
    (it travels in links as `saved=NAME`, so letters, digits, spaces, `.`, `-` and `_` only)."""
    name = name.strip()
    if not NAME.match(name):
        raise SavedSearchError(f"saved-search name {name!r}: use 1 to 100 letters, digits, spaces, '.', '-' "
                               "or '_', starting with a letter or digit")
    return name


def saved_searches(engine: Engine, event: str) -> pd.DataFrame:
    """name, query, created — the event's saved searches, by name."""
    eid = event_id(engine, event)
    stmt = (select(SavedSearch.name, SavedSearch.query, SavedSearch.created)
            .where(SavedSearch.event_id == eid).order_by(SavedSearch.name))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).all(), columns=COLUMNS)


def saved_query(engine: Engine, event: str, name: str) -> str:
    """The query saved as `name` for the event; SavedSearchError (naming what there is) otherwise."""
    eid = event_id(engine, event)
    with engine.connect() as conn:
        found = conn.execute(select(SavedSearch.query).where(SavedSearch.event_id == eid,
                                                             SavedSearch.name == name.strip())).scalar_one_or_none()
        if found is None:
            names = list(conn.execute(select(SavedSearch.name).where(SavedSearch.event_id == eid)
                                      .order_by(SavedSearch.name)).scalars())
    if found is None:
        known = ", ".join(names[:10]) + (" …" if len(names) > 10 else "") if names else "none yet"
        raise SavedSearchError(f"no saved search {name.strip()!r} for event {event!r} (saved: {known})")
    return str(found)


def save(engine: Engine, event: str, name: str, query: str, now: dt.datetime | None = None) -> bool:
    """Store `query` as `name` for the event, replacing that name's query; True when it was new.
    Raises QueryError for a query the parser refuses (nothing is stored), SavedSearchError for a bad
    name, UnknownEventError for an unknown event."""
    name, query = check_name(name), query.strip()
    parse(query)
    eid = event_id(engine, event)
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    where = (SavedSearch.event_id == eid, SavedSearch.name == name)
    values = {"query": query, "created": when}
    for attempt in (1, 2):  # a second try when another process inserted the name between our two steps
        try:
            with engine.begin() as conn:
                if conn.execute(update(SavedSearch).where(*where).values(**values)).rowcount:
                    return False
                conn.execute(insert(SavedSearch).values(event_id=eid, name=name, **values))
                return True
        except IntegrityError:
            if attempt == 2:
                raise
    return False
