"""Compare: two or more events or saved searches side by side on volume, tone and who is quoted, in
counts or as a share of all stored coverage, so a story growing while the news as a whole grows is not
mistaken for one gaining attention. The subjects picked live in the link (`cmp=`, repeated)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.colors import qualitative

from db.reads import compare as reads
from pages import _ui

COLOURS = qualitative.Plotly
KINDS = {"person": "People", "org": "Organisations"}
f = _ui.filters()
st.title("Compare")
st.caption(f"Events and saved searches side by side per {f.gran} · {f.date_from} to {f.date_to} · {f.tz} · "
           "the sidebar's dates, sources and language apply to every subject")

offered = {s.token: s for s in _ui.cached(reads.options)}
if "cmp_pick" not in st.session_state:  # a fresh session: the link's subjects, else this event and the next
    linked = st.query_params.get_all("cmp")
    unknown = [t for t in linked if t not in offered]
    if unknown:
        st.warning(f"Not in the store, left out: {', '.join(unknown)}")
    others = [t for t, s in offered.items() if t != f"event:{f.event}" and (s.saved is None or s.event == f.event)]
    st.session_state["cmp_pick"] = [t for t in linked if t in offered] or [f"event:{f.event}", *others[:1]]
picked = st.multiselect("Events and saved searches", list(offered), key="cmp_pick", format_func=lambda t: (
    f"Saved search: {offered[t].label}" if offered[t].saved else offered[t].label), placeholder="Pick two or more",
    help="A saved search runs its query within its event (save one on the Articles page or with "
         "`presswatch search --save`). The choice is kept in the link.")
if st.query_params.get_all("cmp") != picked:
    st.query_params["cmp"] = picked
if not picked:
    st.info("Pick two or more events or saved searches to compare.")
    st.stop()
subjects = tuple(offered[t] for t in picked)
colour = {s.label: COLOURS[i % len(COLOURS)] for i, s in enumerate(subjects)}

share_col, kind_col, top_col = st.columns([3, 3, 2], vertical_alignment="bottom")
as_share = share_col.toggle("As a share of all coverage", key="cmp_share",
                            help=f"Each subject's articles divided by {reads.DENOMINATOR}.")
kind = kind_col.segmented_control("Figures", list(KINDS), format_func=lambda k: KINDS[k], key="cmp_kind",
                                  default="person") or "person"
top = int(top_col.number_input("Figures shown", min_value=1, max_value=20, value=8, key="cmp_top"))

try:
    frame = _ui.cached(reads.series, f, subjects)
    quoted = _ui.cached(reads.figures, f, subjects, top, kind)
except reads.CompareError as exc:
    st.error(str(exc))
    st.stop()


def time_chart(value: str, title: str, axis: str, hover: str) -> go.Figure:
    """One line per subject over the periods, with every subject's event notes marked."""
    fig = go.Figure([go.Scatter(x=part["period"], y=part[value] * (100 if value == "share" else 1), name=name,
                                mode="lines+markers", line={"color": colour[name]}, customdata=part[["articles",
                                "all_articles", "toned"]], hovertemplate=f"{name}: {hover}<extra>%{{x}}</extra>")
                     for name, part in frame.groupby("subject", sort=False)])
    fig.update_layout(height=380, title=title, margin={"t": 50, "b": 20}, yaxis_title=axis,
                      legend={"orientation": "h", "y": -0.15})
    events: dict[str, str] = {}
    for s in subjects:  # an event's notes in the colour of its first subject
        events.setdefault(s.event, colour[s.label])
    for event, drawn in events.items():
        _ui.mark_notes(fig, f.with_(event=event), owner=event if len(events) > 1 else None, colour=drawn)
    return fig


def writer(part: pd.DataFrame, what: str, s: reads.Subject) -> Callable[[dt.datetime], str]:
    """The CSV of one subject's series, written when the page is drawn (its rows are few)."""
    return lambda when: reads.to_csv(part, what, f, [s], when)


def downloads(what: str, columns: list[str], table: pd.DataFrame, by: str = "subject") -> None:
    """One download per subject: each series on its own, with the manifest naming it and its query."""
    cells = st.columns(min(len(subjects), 4))
    for i, s in enumerate(subjects):
        part = table[table[by] == s.label][columns]
        with cells[i % len(cells)]:
            _ui.download_csv(writer(part, what, s), f"compare-{what}-{s.file_name}", f"{s.label}: {what} (CSV)",
                             key=f"dl_cmp_{what}_{i}")


st.subheader("Volume")
if not _ui.empty(frame if frame["articles"].sum() else None):
    if as_share:
        st.plotly_chart(time_chart("share", f"Share of all stored coverage per {f.gran}", "share (%)",
                                   "%{y:.1f} % (%{customdata[0]} of %{customdata[1]} articles)"), key="cmp_volume")
    else:
        st.plotly_chart(time_chart("articles", f"Articles per {f.gran}", "articles",
                                   "%{y} articles (of %{customdata[1]} stored)"), key="cmp_volume")
    downloads("volume", ["period", "articles", "all_articles", "share"], frame)
    st.markdown("**Over the whole view**")
    st.dataframe(reads.summary(frame), hide_index=True,
                 key="cmp_summary", column_config={"share": st.column_config.ProgressColumn(
                     "share of all coverage", format="percent", min_value=0, max_value=1)})

    st.subheader("Tone")
    st.plotly_chart(time_chart("mean_tone", f"Mean article tone per {f.gran}", "mean tone (−1…1)",
                               "%{y:.3f} (%{customdata[2]} toned articles)"), key="cmp_tone")
    downloads("tone", ["period", "toned", "mean_tone"], frame)

st.subheader(f"Figures: {KINDS[kind].lower()} most quoted")
st.caption(f"Each bar is a figure's part of all the subject's attributed quotes of {KINDS[kind].lower()}; "
           "the number on it is its quotes.")
if not _ui.empty(quoted if len(quoted) else None, "No attributed quotes in this view."):
    for row in range(0, len(subjects), 3):
        cells = st.columns(3)
        for n, (cell, s) in enumerate(zip(cells, subjects[row:row + 3], strict=False), start=row):
            part = quoted[quoted["subject"] == s.label].iloc[::-1]  # most quoted on top
            fig = go.Figure(go.Bar(x=part["share"] * 100, y=part["figure"], orientation="h", customdata=part["quotes"],
                                   marker_color=colour[s.label], text=part["quotes"], textposition="auto",
                                   hovertemplate="%{y}: %{x:.1f} % of its quotes (%{customdata})<extra></extra>"))
            fig.update_layout(height=120 + 28 * max(len(part), 1), title=s.label, margin={"t": 40, "b": 20, "l": 10},
                              xaxis_title="% of its quotes")
            with cell:
                if part.empty:
                    st.caption(f"{s.label}: no attributed quotes in this view.")
                else:
                    st.plotly_chart(fig, key=f"cmp_figures_{n}")
    downloads("figures", ["figure", "quotes", "share", "mean_tone"], quoted)
