"""The plotly figures the pages draw, built from what their db reads return.

They live here, not in the pages, because the report (`pages/_report.py`, used by `presswatch report` and
the Overview page's button) prints the same charts: one builder per chart means a report never shows a
chart drawn differently from the dashboard's. Nothing here imports Streamlit or touches the store; the
caller reads (through its cache or directly) and passes the frames in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from db.filters import Filters

# Diverging tone colours with a grey middle, so neutral is visible on light and dark backgrounds alike.
TONE_SCALE = [[0, "#b2182b"], [0.25, "#ef8a62"], [0.5, "#b8b8b8"], [0.75, "#67a9cf"], [1, "#2166ac"]]
PERIOD_MS = {"hour": 3_600_000, "day": 86_400_000, "week": 604_800_000}
OTHER_COLOUR = "#9e9e9e"
NOTE_COLOUR = "#7b3294"


def mark_notes(fig: go.Figure, notes: pd.DataFrame, f: Filters, days_as_text: bool = False,
               owner: str | None = None, colour: str = NOTE_COLOUR) -> None:
    """Draw the event's timeline notes (id, day, label) inside the range as dotted lines, labelled at the
    top (labels alternate in height so two close notes stay readable); `days_as_text` for a chart whose
    x axis is the days written as text (a heatmap). `owner` and `colour`: on a chart of several events
    (Compare), whose note it is, written before its label and drawn in that event's colour."""
    if f.date_from and f.date_to:
        notes = notes[(notes["day"] >= f.date_from) & (notes["day"] <= f.date_to)]
    for n, (day, label) in enumerate(zip(notes["day"], notes["label"], strict=True)):
        x = str(day) if days_as_text else pd.Timestamp(day)
        text = f"{owner}: {label}" if owner else label
        fig.add_shape(type="line", x0=x, x1=x, yref="paper", y0=0, y1=1,
                      line={"dash": "dot", "color": colour, "width": 1.5})
        fig.add_annotation(x=x, y=1, yref="paper", text=text, showarrow=False, xanchor="left", yanchor="top",
                           yshift=-16 * (n % 3), font={"color": colour, "size": 11}, hovertext=f"{day}: {text}")


def coverage_volume(series: pd.DataFrame, spikes: Sequence[int], f: Filters) -> go.Figure:
    """Overview: all placements as bars, originals as a line, detected spikes marked."""
    fig = go.Figure(go.Bar(x=series["period"], y=series["articles"], name="All placements"))
    fig.add_trace(go.Scatter(x=series["period"], y=series["originals"], name="Originals", mode="lines",
                             line={"color": "#f28e2b", "width": 2.5}))
    if spikes:
        picked = series.iloc[list(spikes)]
        fig.add_trace(go.Scatter(x=picked["period"], y=picked["articles"], mode="markers+text",
                                 text=["spike"] * len(picked), textposition="top center",
                                 marker={"size": 11, "symbol": "triangle-down"}, name="Detected spike"))
    fig.update_layout(title=f"Articles per {f.gran}", height=360, margin={"t": 50, "b": 20},
                      legend={"orientation": "h", "y": -0.2})  # below the two-line dates of the x axis
    return fig


def coverage_tone(series: pd.DataFrame, f: Filters) -> go.Figure:
    """Overview: mean article tone per period, gaps left where no article has a tone."""
    fig = go.Figure(go.Scatter(x=series["period"], y=series["mean_tone"], mode="lines+markers",
                               name="Mean tone", connectgaps=False))
    fig.add_hline(y=0, line_dash="dot", line_color="grey")
    fig.update_layout(title=f"Mean tone per {f.gran} (VADER, −1…1)", height=360, margin={"t": 50, "b": 20})
    return fig


def top_figures_bar(figures: pd.DataFrame, height: int = 380) -> go.Figure:
    """Overview: the most quoted figures (figure, quotes, mean_tone), most quoted at the top, coloured by
    the tone of their quotes."""
    fig = go.Figure(go.Bar(x=figures["quotes"][::-1], y=figures["figure"][::-1], orientation="h",
                           marker={"color": figures["mean_tone"][::-1], "colorscale": TONE_SCALE,
                                   "cmin": -1, "cmax": 1, "colorbar": {"title": "tone"}}))
    fig.update_layout(height=height, margin={"t": 10, "b": 20})
    return fig


TONE_LAYOUT = {"height": 380, "margin": {"t": 50, "b": 70}, "legend": {"orientation": "h", "y": -0.18}}


def tone_band(band: pd.DataFrame, f: Filters, mixed: str = "") -> go.Figure:
    """Tone: mean tone per period with its 95 % confidence band (period, mean_tone, ci_low, ci_high,
    articles); the band is one closed shape per run of periods with an interval, so gaps stay gaps."""
    known = band["ci_low"].notna()
    outline: tuple[list, list] = ([], [])
    for _, run in band[known].groupby((known != known.shift()).cumsum()[known]):
        outline[0].extend([*run["period"], *run["period"][::-1], None])
        outline[1].extend([*run["ci_high"], *run["ci_low"][::-1], None])
    fig = go.Figure([
        go.Scatter(x=outline[0], y=outline[1], fill="toself", mode="lines", name="95 % confidence band",
                   line={"width": 1, "color": "rgba(31,119,180,0.35)"}, fillcolor="rgba(31,119,180,0.25)",
                   hoverinfo="skip"),
        go.Scatter(x=band["period"], y=band["mean_tone"], mode="lines+markers", name="mean tone",
                   line={"color": "#1f77b4"}, customdata=band[["articles", "ci_low", "ci_high"]],
                   hovertemplate="%{x}: %{y:.3f} (95 %: %{customdata[1]:.3f} … %{customdata[2]:.3f}; "
                                 "%{customdata[0]} articles)<extra></extra>")])
    fig.add_hline(y=0, line_dash="dot", line_color="grey")
    fig.update_layout(title=f"Mean tone per {f.gran} with its 95 % confidence band (wide where few articles){mixed}",
                      **TONE_LAYOUT)
    return fig


def stacked_volume(frame: pd.DataFrame, totals_spikes: Sequence[int], f: Filters, *, by: str, label: str,
                   cumulative: bool = False, other: str = "other", start: dt.date | None = None) -> go.Figure:
    """Volume: articles per period stacked by group (period, group, articles; `frame` already cumulative
    when `cumulative`), the spikes found on the per-period totals marked, the event's start drawn when
    it falls in the range. `label` is "Articles" or "Originals"."""
    fig = go.Figure()
    # bars span their whole period (weeks start on Monday), so the event-start line falls on a bar's edge
    align = {"xperiod": PERIOD_MS[f.gran], "xperiodalignment": "middle", "xperiod0": "2000-01-03"}
    for group, part in frame.groupby("group", sort=False):
        if cumulative:
            fig.add_trace(go.Scatter(x=part["period"], y=part["articles"], name=group, stackgroup="all",
                                     mode="lines", line={"width": 0.5},
                                     fillcolor=OTHER_COLOUR if group == other else None))
        else:
            fig.add_trace(go.Bar(x=part["period"], y=part["articles"], name=group, **align,
                                 marker_color=OTHER_COLOUR if group == other else None))
    if totals_spikes:
        shown_totals = frame.groupby("period", as_index=False)["articles"].sum()
        picked = shown_totals.iloc[list(totals_spikes)]
        fig.add_trace(go.Scatter(x=picked["period"], y=picked["articles"], mode="markers", name="Detected spike",
                                 **({} if cumulative else align),
                                 marker={"size": 12, "symbol": "triangle-down", "color": "#d62728"},
                                 hovertemplate="spike: %{y} on %{x}<extra></extra>"))
    if start and f.date_from and f.date_to and f.date_from <= start <= f.date_to:
        when = pd.Timestamp(start)
        fig.add_shape(type="line", x0=when, x1=when, yref="paper", y0=0, y1=1,
                      line={"dash": "dash", "color": "grey", "width": 1.5})
        fig.add_annotation(x=when, y=1, yref="paper", text="event start", showarrow=False, xanchor="left",
                           yanchor="bottom")
    fig.update_layout(barmode="stack", height=480, margin={"t": 60, "b": 30, "l": 10, "r": 10},
                      title=f"{label} per {f.gran} by {by}{' (cumulative)' if cumulative else ''}",
                      legend={"title": {"text": by}}, yaxis_title=label.lower())
    return fig
