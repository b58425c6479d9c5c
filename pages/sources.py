"""Sources: every outlet's score shown as its parts beside the composite (never a bare number), how volume
relates to tone, who reported first, and a drill-down into one outlet's articles."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from db.reads import sources as reads
from pages import _ui

f = _ui.filters()
st.title("Sources")
st.caption(f"Outlets covering **{f.event}** · {f.date_from} to {f.date_to} · {f.tz}")

scores = _ui.cached(reads.sources, f)
if not _ui.empty(scores):
    st.markdown(
        "Each part is 0…1, computed over the event by `ingest rescore`: **original**(ity) = share of its articles "
        "that are not syndicated copies · **timely** (timeliness) = 0.5^(median hours after a story first appeared "
        "÷ 6) · **quotes** (quote richness) = attributed quotes per article ÷ the most quote-rich source's · "
        "**volume** (share) = its articles ÷ the busiest source's · **reliability** = your imported rating "
        "(blank when none). "
        "**composite** = "
        "weighted mean of the available parts, weighted by `[scores] weights` in monitor.toml as it was at the "
        "last rescore. Articles and "
        "originals count the filtered view.")
    parts = {"composite": "composite", "originality": "original", "timeliness": "timely", "quote_richness": "quotes",
             "volume_share": "volume", "reliability": "reliability"}
    st.dataframe(scores, hide_index=True, key="sources_scores", column_order=["source", "articles", "originals",
                                                                              *parts, "country", "reliability_source"],
                 column_config={part: st.column_config.ProgressColumn(label, min_value=0, max_value=1, format="%.2f",
                                                                      width="small") for part, label in parts.items()})
    _ui.download_export("sources", "Download source scores (CSV)", key="dl_sources_scores")

    profile = _ui.cached(reads.source_profile, f)
    left, right = st.columns(2)
    fig = go.Figure([go.Scatter(x=part["articles"], y=part["mean_tone"], mode="markers", name=country,
                                text=part["source"], marker={"size": 8 + 2 * part["quotes"] ** 0.5, "opacity": 0.75},
                                hovertemplate="%{text}: %{x} articles, tone %{y:.3f}<extra></extra>")
                     for country, part in profile.fillna({"country": "(unknown)"}).groupby("country")])
    fig.add_hline(y=0, line_dash="dot", line_color="grey")
    fig.update_layout(title="Volume vs mean tone (marker size: quotes; colour: country)", height=420,
                      margin={"t": 50, "b": 20}, xaxis_title="articles", yaxis_title="mean tone",
                      legend={"orientation": "h", "y": -0.2})
    left.plotly_chart(fig, key="sources_scatter", theme="streamlit")
    with left:
        _ui.download_frame(profile, "source-profile", "Download scatter data (CSV)", key="dl_sources_scatter")
    first = profile.head(15)
    fig = go.Figure(go.Bar(x=first["hours_after_first"], y=first["source"], orientation="h",
                           text=first["first_article"].dt.strftime("%b %d %H:%M"), textposition="outside",
                           cliponaxis=False,
                           hovertemplate="%{y}: %{x} h after the first article<extra></extra>"))
    fig.update_layout(title="Who reported first (hours after the first article in view)", height=420,
                      margin={"t": 50, "b": 20, "r": 40}, yaxis={"autorange": "reversed"}, xaxis_title="hours",
                      xaxis_range=[0, max(1.0, first["hours_after_first"].max()) * 1.3])
    right.plotly_chart(fig, key="sources_first", theme="streamlit")
    with right:
        _ui.download_frame(first, "source-first", "Download first reports (CSV)", key="dl_sources_first")

    st.subheader("Articles of one source")
    pick = st.selectbox("Source", list(scores["source"]), key="sources_pick")
    one = f.with_(sources=(pick,))
    articles, _ = _ui.cached(reads.page, "articles", one, 100)
    n, exact = _ui.cached(reads.total, "articles", one)
    st.caption(f"Newest {len(articles)} of {n}{'' if exact else '+'} articles from {pick}")
    st.dataframe(articles.assign(url=articles["url"].map(_ui.safe_link),
                                 duplicate_of=articles["duplicate_of"].map(_ui.safe_link).fillna("")),
                 hide_index=True, key="sources_articles", column_order=[
                     "published_at", "tone", "quotes", "url", "duplicate_of", "title", "language", "relevance"],
                 column_config={"published_at": st.column_config.DatetimeColumn("published", format="YYYY-MM-DD HH:mm"),
                     "url": st.column_config.LinkColumn("link", display_text="open ↗"),
                     "duplicate_of": st.column_config.LinkColumn("copy of", display_text="original ↗"),
                     "tone": st.column_config.NumberColumn(format="%.3f")})
    _ui.download_frame(articles, f"articles-{pick}", "Download these articles (CSV)", key="dl_sources_articles")
