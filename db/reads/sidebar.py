"""Reads of the shared sidebar (dashboard.py): the events, and each event's days, sources and languages
that the filters offer."""

from db.reads._scope import default_dates, event_languages, event_sources, event_span, events

__all__ = ["default_dates", "event_languages", "event_sources", "event_span", "events"]
