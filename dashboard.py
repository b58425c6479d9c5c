"""Presswatch dashboard: `streamlit run dashboard.py`.

Builds the shared sidebar filters once for every page and keeps them in the URL (`st.query_params`),
so a copied link reproduces the view: on a fresh session the widgets start from the URL; afterwards
the widgets are the truth and the URL is rewritten from them on every run.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from db.filters import GRANULARITIES, Filters, from_params
from db.reads import sidebar as reads
from pages import _ui

st.set_page_config(page_title="Presswatch", page_icon=":newspaper:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/volume.py", title="Volume", icon=":material/bar_chart:", url_path="volume"),
    st.Page("pages/tone.py", title="Tone", icon=":material/mood:", url_path="tone"),
    st.Page("pages/figures.py", title="Figures", icon=":material/record_voice_over:", url_path="figures"),
    st.Page("pages/share.py", title="Share of voice", icon=":material/pie_chart:", url_path="share"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/sources.py", title="Sources", icon=":material/newspaper:", url_path="sources"),
    st.Page("pages/geography.py", title="Geography", icon=":material/public:", url_path="geography"),
    st.Page("pages/articles.py", title="Articles", icon=":material/article:", url_path="articles"),
    st.Page("pages/health.py", title="Health", icon=":material/monitor_heart:", url_path="health"),
]
ZONES = ["UTC", "Europe/London", "Europe/Paris", "America/New_York", "America/Los_Angeles", "Asia/Baghdad",
         "Asia/Tehran", "Asia/Dubai", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"]
FILTER_PARAMS = ("event", "from", "to", "source", "lang", "tz", "gran")


def _seed_from_url(default_event: str) -> None:
    """First run of a session: widget state from the URL's filters (ignoring a malformed URL)."""
    if "f_event" in st.session_state:
        return
    try:
        f = from_params(st.query_params.to_dict() | {"source": st.query_params.get_all("source")}, default_event)
    except ValueError as exc:
        st.toast(f"Ignored a filter in the link: {exc}")
        f = Filters(event=default_event)
    st.session_state.update(f_event=f.event, f_sources=list(f.sources), f_lang=f.lang or "(all)",
                            f_tz=f.tz, f_gran=f.gran)
    if f.date_from and f.date_to:
        st.session_state["f_dates"] = (f.date_from, f.date_to)


def _apply_pending_view() -> None:
    """A chart's click asked for another view (`_ui.explore`): set the widgets' state before they are drawn."""
    view = st.session_state.pop("pending_view", None)
    if view:
        st.session_state.update(view)


def _reset_event_filters() -> None:
    for key in ("f_dates", "f_sources", "f_lang"):
        st.session_state.pop(key, None)


def sidebar() -> Filters | None:
    eng = _ui.engine()
    events = _ui.cached(reads.events)
    if events.empty:
        return None
    slugs = list(events["slug"])
    _seed_from_url(slugs[0])
    _apply_pending_view()
    if st.session_state.get("f_event") not in slugs:
        st.session_state["f_event"] = slugs[0]
    names = dict(zip(events["slug"], events["name"], strict=True))
    with st.sidebar:
        st.markdown("### Filters")
        slug = st.selectbox("Event", slugs, key="f_event", format_func=lambda s: names.get(s, s),
                            on_change=_reset_event_filters)
        first, last = _ui.cached(reads.default_dates, slug)
        first, last = first or dt.date.today(), last or dt.date.today()
        if "f_dates" not in st.session_state:
            st.session_state["f_dates"] = (first, last)
        picked = st.date_input("Dates", key="f_dates", format="YYYY-MM-DD")
        dates = tuple(picked) if isinstance(picked, (tuple, list)) else (picked, picked)
        date_from, date_to = (*dates, dates[0])[:2] if dates else (first, last)
        options = _ui.cached(reads.event_sources, slug)
        st.session_state["f_sources"] = [s for s in st.session_state.get("f_sources", []) if s in options]
        sources = st.multiselect("Sources", options, key="f_sources", placeholder="All sources")
        langs = ["(all)", *_ui.cached(reads.event_languages, slug)]
        if st.session_state.get("f_lang") not in langs:
            st.session_state["f_lang"] = "(all)"
        lang = st.selectbox("Language", langs, key="f_lang")
        zones = ZONES if st.session_state.get("f_tz", "UTC") in ZONES else [*ZONES, st.session_state["f_tz"]]
        tz = st.selectbox("Time zone", zones, key="f_tz")
        gran = st.segmented_control("Granularity", GRANULARITIES, key="f_gran") or "day"
        st.caption(f"Data: {eng.url.render_as_string(hide_password=True)}")
    return Filters(event=slug, date_from=date_from, date_to=date_to, sources=tuple(sorted(sources)),
                   lang=None if lang == "(all)" else lang, tz=tz, gran=gran)


def main() -> None:
    nav = st.navigation(PAGES, position="sidebar")
    _ui.require_store()
    filters = sidebar()
    if filters is None:
        st.title("Presswatch")
        st.info("The store has no events yet. Load the demo with `python -m ingest demo`, or configure "
                "monitor.toml and run `python -m ingest run`.")
        return
    st.session_state["filters"] = filters
    params = filters.to_params()
    current = {k: st.query_params.get_all(k) for k in FILTER_PARAMS if k in st.query_params}
    if current != {k: v if isinstance(v, list) else [v] for k, v in params.items()}:
        for key in FILTER_PARAMS:  # only the shared filters: pages keep their own parameters (figure, q)
            if key in st.query_params and key not in params:
                del st.query_params[key]
        st.query_params.update(params)
    nav.run()


main()
