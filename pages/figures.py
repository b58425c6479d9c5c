"""Figures: who is quoted, how that changes, and for one figure what they said, where and in what tone.
The picked figure is kept in the URL (`figure=`) so a link opens on the same person."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from db.reads import figures as reads
from pages import _ui

PAGE_SIZE = 25
TONE_SCALE = _ui.TONE_SCALE
f = _ui.filters()
st.title("Figures")
st.caption(f"Attributed quotes in coverage of **{f.event}** · {f.date_from} to {f.date_to} · {f.tz}")

KIND_LABELS = {"person": "People", "org": "Organisations"}
linked = st.query_params.get("figure")  # a shared link to an organisation opens on organisations
opening = "org" if linked and linked in set(_ui.cached(reads.top_figures, f, 300, "org")["figure"]) else "person"
kind = st.segmented_control("Show", list(KIND_LABELS), format_func=KIND_LABELS.get, key="figures_kind",
                            default=opening) or "person"
trends = _ui.cached(reads.figure_trends, f, 8, kind)
if not _ui.empty(trends, "No attributed quotes in this view."):
    left, right = st.columns(2)
    fig = go.Figure([go.Scatter(x=part["period"], y=part["quotes"], name=name, mode="lines+markers",
                                customdata=part["rank"], hovertemplate="%{x}: %{y} quotes (rank %{customdata})")
                     for name, part in trends.groupby("figure", sort=False)])
    fig.update_layout(title=f"Quotes per {f.gran}, most quoted figures", height=420, margin={"t": 50, "b": 20},
                      legend={"orientation": "h", "y": -0.15}, yaxis_title="quotes")
    _ui.mark_notes(fig, f)
    left.plotly_chart(fig, key="figures_trends", theme="streamlit")
    with left:
        _ui.download_frame(trends, "figure-trends", "Download quotes per period (CSV)", key="dl_figures_trends")
    ranks = _ui.cached(reads.figure_ranks, f, _ui.previous_period(f), 15, kind)
    right.markdown("**Rank against the previous period of equal length** (▲ climbed)")
    shown = ranks.assign(
        rank_before=ranks["rank_before"].map(lambda r: "new" if pd.isna(r) else f"#{int(r)}"),
        rank_change=ranks["rank_change"].map(
            lambda c: "new" if pd.isna(c) else ("=" if c == 0 else f"{'▲' if c > 0 else '▼'}{abs(int(c))}")))
    right.dataframe(shown, hide_index=True, key="figures_ranks", column_config={
        "quotes": st.column_config.NumberColumn("quotes", width="small"),
        "rank": st.column_config.NumberColumn("rank", width="small"),
        "quotes_before": st.column_config.NumberColumn("before", width="small"),
        "rank_before": st.column_config.TextColumn("was", width="small"),
        "rank_change": st.column_config.TextColumn("▲▼", width="small")})
    with right:
        _ui.download_frame(ranks, "figure-ranks", "Download ranks (CSV)", key="dl_figures_ranks")

    names = list(_ui.cached(reads.top_figures, f, 300, kind)["figure"])
    name = st.selectbox("Figure", names, key="figure", bind="query-params",
                        help="Most quoted first; the choice is kept in the link (figure=…).")
    detail = _ui.cached(reads.figure_series, f, name)
    fig = go.Figure([go.Bar(x=detail["period"], y=detail["quotes"], name="quotes", marker_color="#7f9fbf"),
                     go.Scatter(x=detail["period"], y=detail["mean_tone"], name="mean tone of quotes (right axis)",
                                mode="lines+markers", yaxis="y2", line={"color": "#d62728"})])
    fig.update_layout(title=f"{name}: quotes and their tone per {f.gran}", height=380, margin={"t": 50, "b": 20},
                      yaxis={"title": {"text": "quotes"}}, legend={"orientation": "h", "y": -0.15},
                      yaxis2={"title": {"text": "tone"}, "overlaying": "y", "side": "right", "range": [-1.05, 1.05],
                              "tickmode": "array", "tickvals": [-1, -0.5, 0, 0.5, 1], "showgrid": False})
    _ui.mark_notes(fig, f)
    st.plotly_chart(fig, key="figure_detail", theme="streamlit")
    _ui.download_frame(detail, "figure-series", "Download this figure's series (CSV)", key="dl_figure_series")

    left, right = st.columns([3, 2])
    outlets = _ui.cached(reads.figure_outlets, f, name).head(20)
    fig = go.Figure(go.Bar(x=outlets["quotes"][::-1], y=outlets["source"][::-1], orientation="h",
                           marker={"color": outlets["mean_tone"][::-1], "colorscale": TONE_SCALE, "cmin": -1, "cmax": 1,
                                   "colorbar": {"title": {"text": "tone"}}}))
    fig.update_layout(title=f"Outlets quoting {name}", height=max(300, 24 * len(outlets) + 100),
                      margin={"t": 50, "b": 20}, xaxis_title="quotes")
    left.plotly_chart(fig, key="figure_outlets", theme="streamlit")
    with left:
        _ui.download_frame(outlets, "figure-outlets", "Download outlets (CSV)", key="dl_figure_outlets")
    aliases = _ui.cached(reads.figure_aliases, f, name)
    right.markdown("**Spellings merged into this figure** (alias table and names written in quotes)")
    right.dataframe(aliases, hide_index=True, key="figure_aliases")
    with right:
        _ui.download_frame(aliases, "figure-aliases", "Download aliases (CSV)", key="dl_figure_aliases")

    st.subheader(f"Quotes of {name}")
    quotes, total = _ui.paged(reads.page, reads.total, "quotes", f, "figure_quotes_pages", PAGE_SIZE, figure=name)
    st.dataframe(quotes.assign(article_url=quotes["article_url"].map(_ui.safe_link)), hide_index=True,
                 key="figure_quotes", column_order=["published_at", "source", "speaker", "tone", "article_url",
                                                    "quote"], column_config={
                     "published_at": st.column_config.DatetimeColumn("published", format="YYYY-MM-DD HH:mm"),
                     "article_url": st.column_config.LinkColumn("article", display_text="open ↗"),
                     "quote": st.column_config.TextColumn(width="large"),
                     "tone": st.column_config.NumberColumn(format="%.3f")})
    _ui.download_export("quotes", f"Download all {total} quotes of {name} (CSV)", key="dl_figure_quotes",
                        figure=name)

    st.subheader(f"How {name}'s quotes spread")
    spread = _ui.cached(reads.propagation, f, name, 50)
    if not _ui.empty(spread, "No quotes of this figure in the view."):
        st.caption("Each distinct quote: the outlet that ran it first, when, and how many outlets repeated it.")
        st.dataframe(spread.assign(first_url=spread["first_url"].map(_ui.safe_link)), hide_index=True,
                     key="figure_propagation", column_order=["quote", "first_source", "first_published_at",
                                                             "first_url", "later_outlets", "placements",
                                                             "spread_hours"], column_config={
                         "first_published_at": st.column_config.DatetimeColumn("first seen", format="YYYY-MM-DD HH:mm"),
                         "first_url": st.column_config.LinkColumn("first", display_text="open ↗"),
                         "later_outlets": st.column_config.NumberColumn("repeated by"),
                         "spread_hours": st.column_config.NumberColumn("over hours", format="%.1f"),
                         "quote": st.column_config.TextColumn(width="large")})
        _ui.download_export("propagation", f"Download how {name}'s quotes spread (CSV)",
                            key="dl_figure_propagation", figure=name)
