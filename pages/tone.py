"""Tone: how coverage felt over time and per outlet, with its uncertainty, so a dip that rests on three
articles is not read like one that rests on three hundred."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from db.reads import tone as reads
from pages import _charts, _ui

# red → grey → blue: neutral is not the page background, so "no articles" (blank) reads differently
TONE_SCALE = _ui.TONE_SCALE
LAYOUT = _charts.TONE_LAYOUT
f = _ui.filters()
st.title("Tone")
st.caption("Article tone is the mean score of its sentences (−1 negative … +1 positive): VADER's compound for "
           "English, the language's sentiment lexicon for other languages (method per article in the table below). "
           f"{f.event} · {f.date_from} to {f.date_to} · {f.tz}")
by_language = _ui.cached(reads.tone_by_language, f)
methods = reads.mixed_methods(by_language)
MIXED = f" — mixes {len(methods)} tone methods" if len(methods) > 1 else ""
if MIXED:
    st.info(f"This view holds articles toned by {len(methods)} methods ({', '.join(methods)}). Averages across "
            "languages mix methods that do not measure tone alike; compare languages in the table at the end, or "
            "choose one language in the sidebar.", icon="⚖️")

band = _ui.cached(reads.tone_band, f)
if not _ui.empty(band if band["articles"].sum() else None):
    fig = _charts.tone_band(band, f, MIXED)
    _ui.mark_notes(fig, f)
    st.plotly_chart(fig, key="tone_band", theme="streamlit")
    _ui.download_frame(band, "tone-band", "Download tone series (CSV)", key="dl_tone_band")

    heat = _ui.cached(reads.tone_heatmap, f)
    order = heat.groupby("source")["articles"].sum().sort_values(kind="stable").index
    grid = heat.pivot(index="source", columns="day", values="mean_tone").loc[order]
    counts = heat.pivot(index="source", columns="day", values="articles").loc[order]
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(d) for d in grid.columns], y=list(grid.index),
                               customdata=counts.to_numpy(), colorscale=TONE_SCALE, zmin=-1, zmax=1, xgap=1, ygap=1,
                               colorbar={"title": {"text": "tone"}},
                               hovertemplate="%{y}, %{x}: %{z:.3f} (%{customdata} articles)<extra></extra>"))
    fig.update_layout(title=f"Mean tone per source and day (busiest sources at the top; blank = no articles){MIXED}",
                      height=max(320, 20 * len(grid) + 120), margin={"t": 50, "b": 30})
    _ui.mark_notes(fig, f, days_as_text=True)
    st.plotly_chart(fig, key="tone_heatmap", theme="streamlit")
    _ui.download_frame(heat, "tone-source-day", "Download heatmap data (CSV)", key="dl_tone_heatmap")

    left, right = st.columns(2)
    hist = _ui.cached(reads.tone_histogram, f)
    fig = go.Figure(go.Bar(x=(hist["tone_from"] + hist["tone_to"]) / 2, y=hist["articles"], width=0.095,
                           customdata=hist[["tone_from", "tone_to"]], marker_color="#1f77b4",
                           hovertemplate="%{customdata[0]} … %{customdata[1]}: %{y}<extra></extra>"))
    fig.update_layout(title="Distribution of article tone", xaxis_title="tone", yaxis_title="articles", **LAYOUT)
    left.plotly_chart(fig, key="tone_histogram", theme="streamlit")
    at, why = reads.split_day(f, _ui.cached(reads.event_start, f.event))
    split = _ui.cached(reads.tone_before_after, f, at).head(15)
    fig = go.Figure([go.Scatter(x=split[f"tone_{side}"], y=split["source"], mode="markers", name=name,
                                marker={"size": 10, "symbol": symbol, "color": color})
                     for side, name, symbol, color in (("before", f"before {at}", "circle-open", "grey"),
                                                       ("after", f"from {at} on", "circle", "#d62728"))])
    fig.update_layout(title=f"Tone per source before / from {at}<br><sup>split at {why}; 15 busiest</sup>",
                      xaxis_title="mean tone", **LAYOUT | {"yaxis": {"autorange": "reversed"}})
    right.plotly_chart(fig, key="tone_before_after", theme="streamlit")
    with left:
        _ui.download_frame(hist, "tone-histogram", "Download histogram (CSV)", key="dl_tone_histogram")
    with right:
        _ui.download_frame(split, "tone-before-after", "Download before/after (CSV)", key="dl_tone_split")

    for positive in (False, True):
        name = "positive" if positive else "negative"
        extremes = _ui.cached(reads.tone_extremes, f, 10, positive)
        st.subheader(f"Most {name} articles")
        st.dataframe(extremes.assign(url=extremes["url"].map(_ui.safe_link)), hide_index=True,
                     key=f"tone_{name}_table", column_order=["published_at", "source", "tone", "url", "title"],
                     column_config={"published_at": st.column_config.DatetimeColumn("published",
                                                                                    format="YYYY-MM-DD HH:mm"),
                                    "url": st.column_config.LinkColumn("link", display_text="open ↗"),
                                    "tone": st.column_config.NumberColumn(format="%.3f")})
        _ui.download_frame(extremes, f"tone-most-{name}", f"Download most {name} (CSV)", key=f"dl_tone_{name}")

    st.subheader("Tone by language and method")
    st.dataframe(by_language, hide_index=True, key="tone_by_language_table",
                 column_config={"mean_tone": st.column_config.NumberColumn("mean tone", format="%.3f"),
                                "tone_method": st.column_config.TextColumn("method"),
                                "toned": st.column_config.NumberColumn("with a tone")})
    _ui.download_frame(by_language, "tone-by-language", "Download tone by language (CSV)", key="dl_tone_language")
