"""Volume: how much coverage, when and from whom, with the event start and detected spikes marked so an
analyst can see which outlets (or countries, languages) drove a peak."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from db.reads import volume as reads
from pages import _ui

PERIOD_MS = {"hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}
f = _ui.filters()
st.title("Volume")
st.caption(f"Articles about **{f.event}** per {f.gran} · {f.date_from} to {f.date_to} · times in {f.tz}")

left, mid, right, last = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
by = left.radio("Stack by", reads.GROUPINGS, key="vol_by", horizontal=True, format_func=str.capitalize)
measure = mid.radio("Count", ["All placements", "Originals only"], key="vol_measure", horizontal=True,
                    help="Originals leave out syndicated copies (articles marked as a duplicate of another).")
top = right.number_input("Groups shown", min_value=1, max_value=25, value=8, key="vol_top",
                         help="The largest groups over the range; the rest are summed as 'other'.")
cum = last.toggle("Cumulative", key="vol_cumulative", help="Running total since the first day of the range.")

frame = _ui.cached(reads.volume, f, by, int(top), measure == "Originals only")
if not _ui.empty(frame if frame["articles"].sum() else None):
    shown = reads.cumulative(frame) if cum else frame
    fig = go.Figure()
    # bars span their whole period (weeks start on Monday), so the event-start line falls on a bar's edge
    align = {"xperiod": PERIOD_MS[f.gran], "xperiodalignment": "middle", "xperiod0": "2000-01-03"}
    for group, part in shown.groupby("group", sort=False):
        if cum:
            fig.add_trace(go.Scatter(x=part["period"], y=part["articles"], name=group, stackgroup="all",
                                     mode="lines", line={"width": 0.5},
                                     fillcolor="#9e9e9e" if group == reads.OTHER else None))
        else:
            fig.add_trace(go.Bar(x=part["period"], y=part["articles"], name=group, **align,
                                 marker_color="#9e9e9e" if group == reads.OTHER else None))
    totals = frame.groupby("period", as_index=False)["articles"].sum()
    shown_totals = shown.groupby("period", as_index=False)["articles"].sum()
    spikes = reads.detect_spikes(totals["articles"].tolist())
    if spikes:
        picked = shown_totals.iloc[spikes]
        fig.add_trace(go.Scatter(x=picked["period"], y=picked["articles"], mode="markers", name="Detected spike",
                                 **({} if cum else align),
                                 marker={"size": 12, "symbol": "triangle-down", "color": "#d62728"},
                                 hovertemplate="spike: %{y} on %{x}<extra></extra>"))
    start = _ui.cached(reads.event_start, f.event)
    if start and f.date_from and f.date_to and f.date_from <= start <= f.date_to:
        when = pd.Timestamp(start)
        fig.add_shape(type="line", x0=when, x1=when, yref="paper", y0=0, y1=1,
                      line={"dash": "dash", "color": "grey", "width": 1.5})
        fig.add_annotation(x=when, y=1, yref="paper", text="event start", showarrow=False, xanchor="left",
                           yanchor="bottom")
    _ui.mark_notes(fig, f)
    label = "Originals" if measure == "Originals only" else "Articles"
    fig.update_layout(barmode="stack", height=480, margin={"t": 60, "b": 30, "l": 10, "r": 10},
                      title=f"{label} per {f.gran} by {by}{' (cumulative)' if cum else ''}",
                      legend={"title": {"text": by}}, yaxis_title=label.lower())
    st.plotly_chart(fig, key="volume_chart", theme="streamlit")
    st.caption(f"{len(spikes)} spike(s) detected: a {f.gran} far above the median of the 14 before it "
               "(robust median/MAD test on all placements or originals as counted above).")
    what = f"volume-by-{by}-{'originals' if measure == 'Originals only' else 'articles'}"
    _ui.download_frame(shown, what + ("-cumulative" if cum else ""), "Download this chart's data (CSV)",
                       key="dl_volume_chart")
