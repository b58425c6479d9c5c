"""Volume: how much coverage, when and from whom, with the event start and detected spikes marked so an
analyst can see which outlets (or countries, languages) drove a peak."""

from __future__ import annotations

import streamlit as st

from db.reads import volume as reads
from pages import _charts, _ui

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
    totals = frame.groupby("period", as_index=False)["articles"].sum()
    spikes = reads.detect_spikes(totals["articles"].tolist())
    label = "Originals" if measure == "Originals only" else "Articles"
    fig = _charts.stacked_volume(shown, spikes, f, by=by, label=label, cumulative=cum, other=reads.OTHER,
                                  start=_ui.cached(reads.event_start, f.event))
    _ui.mark_notes(fig, f)
    st.plotly_chart(fig, key="volume_chart", theme="streamlit")
    st.caption(f"{len(spikes)} spike(s) detected: a {f.gran} far above the median of the 14 before it "
               "(robust median/MAD test on all placements or originals as counted above).")
    what = f"volume-by-{by}-{'originals' if measure == 'Originals only' else 'articles'}"
    _ui.download_frame(shown, what + ("-cumulative" if cum else ""), "Download this chart's data (CSV)",
                       key="dl_volume_chart")
