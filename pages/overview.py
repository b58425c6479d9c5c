"""Overview: headline numbers against the previous period, volume and tone over time, who is quoted."""

from __future__ import annotations

import streamlit as st

from db.reads import overview as reads
from pages import _charts, _curation, _ui

f = _ui.filters()
st.title("Overview")
st.caption(f"Coverage of **{f.event}** · {f.date_from} to {f.date_to} · {f.tz} · by {f.gran}")
left, right = st.columns([1, 2])
with left:
    _ui.download_export("daily", "Download daily table (CSV)", key="dl_overview_daily")
with right:
    _ui.report_buttons(f)

now = _ui.cached(reads.kpis, f)
before = _ui.cached(reads.kpis, _ui.previous_period(f)) if f.date_from and f.date_to else None


def delta(key: str) -> str | None:
    """Change against the previous period of equal length, or None when that period had no coverage."""
    if before is None or not before["articles"] or now[key] is None or before[key] is None:
        return None
    change = float(now[key]) - float(before[key])
    return f"{change:+.3f}" if key == "mean_tone" else f"{int(change):+,}"


cols = st.columns(5)
for col, (key, label) in zip(cols, [("articles", "Articles"), ("originals", "Originals"),
                                    ("sources", "Sources"), ("quotes", "Quotes"), ("mean_tone", "Mean tone")],
                             strict=True):
    value = now[key]
    shown = "–" if value is None else (f"{value:+.3f}" if key == "mean_tone" else f"{int(value):,}")
    col.metric(label, shown, delta(key), help="Change against the previous period of equal length")
if before is not None and not before["articles"]:
    st.caption("No coverage in the previous period of equal length, so no change is shown.")

series = _ui.cached(reads.series, f)
if not _ui.empty(series if now["articles"] else None):
    spikes = reads.detect_spikes(series["articles"].tolist())
    left, right = st.columns(2)
    volume = _charts.coverage_volume(series, spikes, f)
    _ui.mark_notes(volume, f)
    left.plotly_chart(volume, key="overview_volume")
    tone = _charts.coverage_tone(series, f)
    _ui.mark_notes(tone, f)
    right.plotly_chart(tone, key="overview_tone")
    _ui.download_frame(series, "series", "Download this series (CSV)", key="dl_overview_series")

    left, right = st.columns(2)
    figures = _ui.cached(reads.top_figures, f, 10, "person")
    with left:
        st.subheader("Top quoted people")
        if not _ui.empty(figures, "No attributed quotes in this view."):
            chart = _charts.top_figures_bar(figures)
            st.plotly_chart(chart, key="overview_figures")
            _ui.download_frame(figures, "people", "Download top people (CSV)", key="dl_overview_figures")
    with right:
        st.subheader("Top sources")
        top_sources = _ui.cached(reads.sources, f).head(10)
        if not _ui.empty(top_sources):
            st.dataframe(top_sources[["source", "articles", "originals", "composite"]], hide_index=True,
                         key="overview_sources_table")
            _ui.download_frame(top_sources, "sources", "Download top sources (CSV)", key="dl_overview_sources")

_curation.notes_section(f)
