"""What every page shares: the engine, cached queries keyed by the filters, downloads, empty states.

Pages stay short scripts: they take `filters()` and call `cached(...)` with a db read, then draw.
Query results are cached with `st.cache_data` keyed by the function and its arguments (the frozen
Filters object included), so moving between pages and back does not hit the database again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from db import curation
from db.engine import DEFAULT_DATABASE_URL, current_revisions, describe, head_revisions, make_engine
from db.errors import first_line
from db.filters import Filters
from db.reads import curation as reads_curation
from db.reads import export as reads_export
from db.reads import saved as reads_saved
from pages import _charts, _report

T = TypeVar("T")
CACHE_TTL_S = 60


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The one engine of this server process (DATABASE_URL, like the CLI), opened read-only: the
    dashboard never writes, so it never migrates either; the ingest side does (see `store_problem`)."""
    return make_engine(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), readonly=True)


EDITS_OFF = ("off", "0", "no", "false")


@st.cache_resource(show_spinner=False)
def editor() -> Engine | None:
    """The engine the dashboard's few writes go through (dismissals, timeline notes, saved searches), or
    None when this dashboard may not write: `PRESSWATCH_DASHBOARD_EDITS=off` for a public, read-only
    deployment. Everything else the dashboard does stays on the read-only engine;
    `PRESSWATCH_EDIT_DATABASE_URL` may name another login (on PostgreSQL, one allowed to write those tables)."""
    if os.environ.get("PRESSWATCH_DASHBOARD_EDITS", "on").strip().lower() in EDITS_OFF:
        return None
    url = os.environ.get("PRESSWATCH_EDIT_DATABASE_URL") or os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    return make_engine(url)


def edit(change: Callable[..., Any], *args: Any) -> Any:
    """Apply one curation change in its own transaction and drop every cached read, so each page shows
    the store as changed; a refusal or a store that cannot be written shows one line, never a traceback."""
    eng = editor()
    if eng is None:
        st.error("Editing is switched off on this dashboard (PRESSWATCH_DASHBOARD_EDITS=off).")
        return None
    try:
        with eng.begin() as conn:
            result = change(conn, *args)
    except curation.CurationError as exc:
        st.error(str(exc))
        return None
    except DBAPIError as exc:
        reason = first_line(exc)
        st.error(f"Could not write to the store {describe(eng)}: {reason}")
        return None
    st.cache_data.clear()
    return result


def explore(f: Filters, period: Any, source: str | None = None, search: str | None = None) -> None:
    """Open the Articles page on what a chart's clicked mark stands for: the period clicked (a day, an
    hour's day or a week; None keeps the view's dates) and an outlet or a search. The sidebar's widgets
    already exist in this run, so the new view is handed to the next run (`dashboard.apply_pending_view`)
    before they are drawn."""
    view: dict[str, Any] = {}
    if period is not None:
        start = pd.Timestamp(period).date()
        view["f_dates"] = (start, start + dt.timedelta(days=6 if f.gran == "week" else 0))
    if source:
        view["f_sources"] = [source]
    if search:
        view["q"] = search
    st.session_state["pending_view"] = view
    st.switch_page("pages/articles.py")


def map_config() -> dict[str, Any]:
    """plotly config for a map: its world map from the dashboard's own static files
    (static/topojson/, served under the base URL path), never plotly's CDN, so maps draw offline."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return {"topojsonURL": f"{'/' + base if base else ''}/app/static/topojson/"}


def clicked(event: Any) -> dict[str, Any] | None:
    """The first point of a chart's selection (`st.plotly_chart(..., on_select="rerun")`), or None."""
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
        getattr(getattr(event, "selection", None), "points", None) or []
    return dict(points[0]) if points else None


def mark_notes(fig: go.Figure, f: Filters, days_as_text: bool = False, owner: str | None = None,
               colour: str = _charts.NOTE_COLOUR) -> None:
    """Draw the event's timeline notes on a chart (`_charts.mark_notes`), read through the cache."""
    _charts.mark_notes(fig, cached(reads_curation.notes, f.event), f, days_as_text, owner, colour)


def store_problem(eng: Engine) -> str | None:
    """Why the dashboard cannot show this store, as the message the operator needs; None when it can.

    Checked on every run (one small query), not cached: once the operator has upgraded the store, a
    reload shows the data."""
    fix = ("Run `presswatch db upgrade` (or any ingest command, e.g. `presswatch demo --if-empty` or "
           "`presswatch run`) with the same DATABASE_URL, then reload this page.")
    try:
        current, head = current_revisions(eng), head_revisions()
    except DBAPIError as exc:  # no such file, server down, no rights to read
        reason = first_line(exc)
        return f"Cannot read the store {describe(eng)}: {reason}. If it was never created: {fix}"
    if current == head:
        return None
    if not current:
        return f"The store {describe(eng)} has no schema yet. {fix}"
    return (f"The store {describe(eng)} is at schema revision {', '.join(sorted(current))}; this dashboard "
            f"needs {', '.join(sorted(head))}. {fix} If the store is newer than this dashboard, update the "
            "dashboard instead.")


def require_store() -> None:
    """Stop this run with one clear error when the store is missing or not at the latest schema."""
    problem = store_problem(engine())
    if problem:
        st.error(problem, icon=":material/database:")
        st.stop()


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _cached(_fn: Callable[..., Any], name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    """`name` (module.qualname) keys the cache: Streamlit cannot hash the function object itself."""
    return _fn(engine(), *args, **dict(kwargs))


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(engine, *args, **kwargs)` through the cache; fn must be a db read."""
    return _cached(fn, f"{fn.__module__}.{fn.__qualname__}", args, tuple(sorted(kwargs.items())))  # type: ignore[no-any-return]


def filters() -> Filters:
    """The filters the sidebar (dashboard.py) resolved for this run."""
    if "filters" not in st.session_state:
        # A fresh server's first request for /volume etc. runs in Streamlit's legacy pages-folder mode
        # (the folder is called pages/) until st.navigation has run once; leave that mode and rerun so
        # the request goes through dashboard.py and its sidebar. Streamlit is pinned in requirements.lock.
        from streamlit.runtime.pages_manager import PagesManager

        if PagesManager.uses_pages_directory:
            PagesManager.uses_pages_directory = False
            st.rerun()
    return st.session_state["filters"]  # type: ignore[no-any-return]


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _export_csv(what: str, f: Filters, generated_at: dt.datetime, kwargs: tuple[tuple[str, Any], ...]) -> str:
    return reads_export.export_csv(engine(), what, f, generated_at, **dict(kwargs))


def _stamp() -> dt.datetime:
    """Generation time rounded to the minute so the cached CSV is reused within a minute."""
    return dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


def download_export(what: str, label: str, key: str, **kwargs: Any) -> None:
    """Download button for a whole filtered export (the same CSV `ingest export` writes).

    The CSV is written when the button is clicked, not when the page is drawn: a view of a million
    quotes would otherwise build a file of hundreds of megabytes on every visit to the page."""
    f = filters()
    stamp, options = _stamp(), tuple(sorted(kwargs.items()))
    st.download_button(label, lambda: _export_csv(what, f, stamp, options),
                       file_name=f"presswatch-{f.event}-{what}.csv", mime="text/csv", key=key, on_click="ignore")


def report_buttons(f: Filters) -> None:
    """"Report (HTML)" and "Report (PDF)": the report of this view (`pages/_report.py`, what `presswatch
    report` writes), with the Articles page's search when the link holds one (q=…). Built when clicked,
    in Chromium, so drawing the page costs nothing; without a Chromium the buttons are off and say why."""
    eng, query = engine(), (st.query_params.get("q") or "").strip() or None
    try:
        _report.executable()
        missing = None
    except _report.ChromiumError as exc:
        missing = str(exc)
    html_col, pdf_col = st.columns(2)
    for col, fmt, mime in ((html_col, "html", "text/html"), (pdf_col, "pdf", "application/pdf")):
        col.download_button(f"Report ({fmt.upper()})", lambda fmt=fmt: _report.build(eng, f, fmt, query),
                            file_name=_report.file_name(f, fmt), mime=mime, key=f"dl_report_{fmt}",
                            on_click="ignore", disabled=missing is not None, icon=":material/summarize:",
                            help=missing or "This view's key numbers, charts, top figures and sources, with its "
                            "filters" + (f" and the search {query!r}" if query else "") + " (made in Chromium).")


def download_frame(frame: pd.DataFrame, what: str, label: str, key: str) -> None:
    """Download button for exactly the data behind one chart or table, with the manifest lines."""
    f = filters()
    data = reads_export.frame_csv(frame, what, f, _stamp())
    st.download_button(label, data, file_name=f"presswatch-{f.event}-{what}.csv", mime="text/csv", key=key,
                       on_click="ignore")


def download_csv(write: Callable[[dt.datetime], str], name: str, label: str, key: str) -> None:
    """Download button for a CSV a page's read module writes itself (a comparison's series, whose manifest
    names its subjects rather than the sidebar's event); `write` gets the generation time."""
    st.download_button(label, write(_stamp()), file_name=f"presswatch-{name}.csv", mime="text/csv", key=key,
                       on_click="ignore")


WIDEN = " Widen the date range or clear the source and language filters."


def empty(frame: pd.DataFrame | None, message: str = "No coverage matches these filters.", hint: str = WIDEN) -> bool:
    """Show a readable empty state (with what to try, when the filters are the reason); True when there
    is nothing to draw."""
    if frame is None or frame.empty:
        st.info(message + hint)
        return True
    return False


def safe_link(url: str | None) -> str | None:
    """Only http(s) URLs become links; anything else is shown as text."""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def previous_period(f: Filters) -> Filters:
    """The same filters over the period of equal length just before (for KPI deltas)."""
    assert f.date_from and f.date_to
    length = f.date_to - f.date_from + dt.timedelta(days=1)
    return f.with_(date_from=f.date_from - length, date_to=f.date_to - length)


TONE_SCALE = _charts.TONE_SCALE


def paged(read: Callable[..., tuple[pd.DataFrame, Any]], count: Callable[..., tuple[int, bool]], what: str,
          f: Filters, key: str, size: int, rank_window: int | None = None, **kwargs: Any) -> tuple[pd.DataFrame, str]:
    """One keyset page of the `what` table with Newer / Older buttons and a header line; returns the
    rows and the total as shown ("1234" or "10000+"). The cursors of the pages walked through are kept
    per view in the session, so going back is as cheap as going on, and a new filter or search starts
    again at the newest page. `rank_window`: how many of the newest matches a best-match order ranks,
    said in the header line when there are more."""
    view = repr((f, sorted(kwargs.items())))
    state = st.session_state.setdefault(key, {"view": view, "cursors": [None]})
    if state["view"] != view:
        state.update(view=view, cursors=[None])
    cursors: list[Any] = state["cursors"]
    rows, following = cached(read, what, f, size, cursors[-1], **kwargs)
    n, exact = cached(count, what, f, **kwargs)
    shown = str(n) if exact else f"{n}+"
    pages = str(max(1, -(-n // size))) if exact else "many"
    newer, older, line = st.columns([1, 1, 6], vertical_alignment="center")
    ranked = kwargs.get("order") == "best"
    newer.button("‹ Better" if ranked else "‹ Newer", key=f"{key}_newer", disabled=len(cursors) == 1,
                 on_click=cursors.pop)
    older.button("Worse ›" if ranked else "Older ›", key=f"{key}_older", disabled=following is None,
                 on_click=cursors.append, args=(following,))
    window = f" · the newest {rank_window:,} ranked" if ranked and rank_window and n > rank_window else ""
    line.caption(f"{shown} {what} match · page {len(cursors)} of {pages} · {size} per page{window}")
    return rows, shown


def saved_search_picker(f: Filters) -> dict[str, str]:
    """The "Saved searches" picker above the search box; returns the event's saved queries by name.

    The picked name lives in the URL (`saved=NAME`): a link holding it opens that search, also on a
    fresh session with no `q` in it. Picking one puts its query in the search box; editing the box
    away from it lets go of the name. Read uncached, so a search saved a moment ago is listed."""
    queries = dict(reads_saved.saved_searches(engine(), f.event)[["name", "query"]].itertuples(index=False))
    linked = st.query_params.get("saved")
    if linked and linked not in queries:
        st.warning(f"No saved search {linked!r} for {f.event}; the link's saved search is not opened.")
        del st.query_params["saved"]
    elif linked and st.session_state.get("saved_pick") != linked:  # a fresh session opening a link
        st.session_state.update(saved_pick=linked, q=queries[linked])
    if st.session_state.get("saved_pick") not in (None, "", *queries):  # deleted from the store meanwhile
        st.session_state["saved_pick"] = ""

    def opened() -> None:
        name = st.session_state.get("saved_pick") or ""
        if name:
            st.session_state["q"] = queries[name]
            st.query_params["saved"] = name
        elif "saved" in st.query_params:
            del st.query_params["saved"]

    st.selectbox("Saved searches", ["", *queries], key="saved_pick", on_change=opened,
                 format_func=lambda name: name or "(none)", disabled=not queries,
                 help="Searches saved for this event (here or with `presswatch search --save NAME`); the "
                 "one picked is kept in the link (saved=NAME).")
    return queries


def search_edited(queries: dict[str, str]) -> None:
    """The search box changed: it no longer shows the picked saved search unless it still holds it."""
    name = st.session_state.get("saved_pick") or ""
    if name and queries.get(name) != (st.session_state.get("q") or "").strip():
        st.session_state["saved_pick"] = ""
        if "saved" in st.query_params:
            del st.query_params["saved"]


def save_search_control(f: Filters, search: str | None) -> None:
    """"Save this search": a name and a button, shown when the box holds a search the parser reads."""
    eng = editor()
    if not search or eng is None:  # nothing to save, or a dashboard that may not write
        return
    with st.expander("Save this search", expanded=False):
        name_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
        name = name_col.text_input("Name", key="save_name", placeholder="e.g. airport strike",
                                   help="Saving a name again replaces its search.")
        if button_col.button("Save", key="save_search", disabled=not (name or "").strip()):
            try:
                new = reads_saved.save(eng, f.event, name, search)
            except reads_saved.SavedSearchError as exc:
                st.error(str(exc))
                return
            except DBAPIError as exc:  # a read-only role or a read-only file
                reason = str(exc.orig or exc).strip().splitlines()[0]
                st.error(f"Could not save in {describe(eng)}: {reason}. Save it with "
                         f"`presswatch search --event {f.event} --save NAME QUERY` instead.")
                return
            st.query_params["saved"] = name.strip()  # the next run picks it, as a link would
            st.toast(f"Saved search {name.strip()!r} {'stored' if new else 'replaced'}.")
            st.rerun()
