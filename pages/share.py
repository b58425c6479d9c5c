"""Share of voice: who leads the conversation and which outlets carry it, as parts of the whole per period,
so a figure gaining ground while the event quietens shows. Clicking a bar opens the articles behind it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from db.reads import share as reads
from pages import _ui

KINDS = {"person": "People", "org": "Organisations"}
GREY = "#9e9e9e"
f = _ui.filters()
st.title("Share of voice")
st.caption(f"Parts of the coverage of **{f.event}** per {f.gran} · {f.date_from} to {f.date_to} · {f.tz} · "
           "click a bar to open its articles")

kind_col, top_col, measure_col = st.columns([3, 2, 3], vertical_alignment="bottom")
kind = kind_col.segmented_control("Figures", list(KINDS), format_func=KINDS.get, key="share_kind",
                                  default="person") or "person"
top = int(top_col.number_input("Groups shown", min_value=1, max_value=20, value=8, key="share_top",
                               help="The largest over the range; the rest are summed as 'other'."))
originals = measure_col.toggle("Originals only", key="share_originals",
                               help="Outlets' share of original articles, leaving out syndicated copies.")


def stacked(frame: pd.DataFrame, group: str, value: str, title: str) -> tuple[go.Figure, list[str]]:
    """100 % stacked bars of `share` per period, one trace per group in frame order ('other' grey)."""
    names = list(dict.fromkeys(frame[group]))
    fig = go.Figure([go.Bar(x=part["period"], y=part["share"] * 100, name=name, customdata=part[value],
                            marker_color=GREY if name == reads.OTHER else None,
                            hovertemplate=f"{name}: %{{y:.1f}} % (%{{customdata}} {value})<extra>%{{x}}</extra>")
                     for name, part in frame.groupby(group, sort=False)])
    fig.update_layout(barmode="stack", height=420, title=title, margin={"t": 50, "b": 20},
                      yaxis={"title": {"text": "share (%)"}, "range": [0, 100]}, legend={"title": {"text": group}})
    _ui.mark_notes(fig, f)
    return fig, names


def open_clicked(event: object, names: list[str], as_source: bool) -> None:
    """A clicked bar opens the Articles page on its period, with its outlet or the figure's name searched."""
    point = _ui.clicked(event)
    if not point or point.get("curve_number") is None:
        return
    name = names[int(point["curve_number"])]
    if name == reads.OTHER:
        st.toast("'other' is every group not shown; widen 'Groups shown' to open one of them.")
        return
    _ui.explore(f, point["x"], source=name if as_source else None,
                search=None if as_source else f'speaker:"{name}"')


def section(frame: pd.DataFrame, table: pd.DataFrame, group: str, value: str, key: str, what: str,
            title: str, table_note: str) -> None:
    """One share-of-voice block: the per-period chart (a clicked bar opens its articles) beside the
    whole-view table, each with its download; `key` names the widgets, `what` the files."""
    left, right = st.columns([3, 2])
    fig, names = stacked(frame, group, value, title)
    with left:
        open_clicked(st.plotly_chart(fig, key=f"share_{key}", on_select="rerun", selection_mode="points",
                                     theme="streamlit"), names, as_source=group == "source")
        _ui.download_frame(frame, f"{what}-per-{f.gran}", "Download shares per period (CSV)", key=f"dl_share_{key}")
    with right:
        st.markdown(f"**Over the whole view**{table_note}")
        st.dataframe(table, hide_index=True, key=f"share_{key}_table", column_config={
            "share": st.column_config.ProgressColumn("share", format="percent", min_value=0, max_value=1)})
        _ui.download_frame(table, what, "Download this table (CSV)", key=f"dl_share_{key}_table")


st.subheader(f"{KINDS[kind]}: share of attributed quotes")
figures = _ui.cached(reads.figure_share, f, top, kind)
if not _ui.empty(figures, "No attributed quotes in this view."):
    section(figures, _ui.cached(reads.figure_share_table, f, 15, kind), "figure", "quotes", "figures",
            f"share-{kind}", f"Share of quotes per {f.gran}", " (part of every attributed quote)")

st.subheader("Outlets: share of coverage" + (" (originals)" if originals else ""))
outlets = _ui.cached(reads.outlet_share, f, top, originals)
if not _ui.empty(outlets if len(outlets) and outlets["articles"].sum() else None):
    section(outlets, _ui.cached(reads.outlet_share_table, f, 15, originals), "source", "articles", "outlets",
            "share-outlets", f"Share of {'originals' if originals else 'articles'} per {f.gran}", "")
