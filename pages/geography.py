"""Geography: where the coverage comes from, by the outlets' country, on a world map with the table beside
it. The map draws on the copy of plotly's world map the dashboard serves itself (static/topojson/), so it
works with no internet. Clicking a country (on the map or its bar) opens the Articles page on its
outlets' articles."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from db.reads import geography as reads
from pages import _ui

MEASURES = {"articles": "Articles", "share": "Share of the view", "mean_tone": "Mean tone"}
f = _ui.filters()
st.title("Geography")
st.caption(f"Coverage of **{f.event}** by the outlets' country · {f.date_from} to {f.date_to} · {f.tz} · "
           "click a country to open its articles")

frame = _ui.cached(reads.by_country, f)
measure = st.segmented_control("Colour by", list(MEASURES), format_func=MEASURES.get, key="geo_measure",
                               default="articles") or "articles"


def map_figure(placed: pd.DataFrame) -> go.Figure:
    """A choropleth of the countries with an ISO code, coloured by the chosen measure (tone diverging
    around 0, counts sequential)."""
    tone = measure == "mean_tone"
    values = placed[measure] * (100 if measure == "share" else 1)
    fig = go.Figure(go.Choropleth(
        locations=placed["iso3"], z=values, locationmode="ISO-3", text=placed["written_as"],
        customdata=placed[["articles", "sources", "mean_tone"]].to_numpy(),
        colorscale="RdBu" if tone else "Blues", zmid=0 if tone else None, marker_line_width=0.4,
        colorbar={"title": {"text": "%" if measure == "share" else MEASURES[measure].lower()}},
        hovertemplate="%{text}: %{customdata[0]} articles from %{customdata[1]} outlets, "
                      "tone %{customdata[2]:.3f}<extra></extra>"))
    fig.update_geos(resolution=50, showcountries=True, countrycolor="#bbbbbb", showframe=False,
                    projection_type="natural earth", projection_rotation_lon=0, center={"lon": 0, "lat": 0},
                    lonaxis_range=[-180, 180], lataxis_range=[-60, 85], showland=True, landcolor="#f2f2f2")
    fig.update_layout(height=520, margin={"t": 10, "b": 10, "l": 0, "r": 0}, clickmode="event+select")
    return fig


def open_country(event: object, table: pd.DataFrame, column: str) -> None:
    """A clicked country opens the Articles page over the view's dates with its outlets' countries
    searched (every form the sources list writes it in)."""
    point = _ui.clicked(event)
    if not point:
        return
    key = point.get("location") if column == "iso3" else point.get("y")
    rows = table[table[column] == key]
    if rows.empty:
        return
    forms = [w for w in str(rows.iloc[0]["written_as"]).split(" / ") if w != reads.UNKNOWN]
    if not forms:
        st.toast("These outlets have no country in the sources list, so no search can pick them out.")
        return
    _ui.explore(f, None, search=" OR ".join(f'country:"{w}"' for w in forms))


if not _ui.empty(frame):
    placed = frame[frame["iso3"].notna()]
    unplaced = frame[frame["iso3"].isna()]
    if placed.empty:
        st.info("None of these outlets' countries is a country on the world map; the table lists them.")
    else:
        open_country(st.plotly_chart(map_figure(placed), key="geo_map", on_select="rerun", selection_mode="points",
                                     theme="streamlit", config=_ui.map_config()), placed, "iso3")
    if not unplaced.empty:
        st.caption("Not on the map (no ISO 3166 country): " + ", ".join(
            f"{w} ({n})" for w, n in zip(unplaced["written_as"], unplaced["articles"], strict=True)))
    left, right = st.columns(2)
    top = frame.head(15)
    fig = go.Figure(go.Bar(x=top["articles"], y=top["written_as"], orientation="h",
                           text=(top["share"] * 100).round(1).astype(str) + " %", textposition="outside",
                           cliponaxis=False, hovertemplate="%{y}: %{x} articles<extra></extra>"))
    fig.update_layout(title="Articles by outlet country", height=80 + 28 * len(top), margin={"t": 50, "b": 20},
                      yaxis={"autorange": "reversed"}, xaxis_title="articles", clickmode="event+select",
                      xaxis_range=[0, max(1, int(top["articles"].max())) * 1.2])
    with left:
        open_country(st.plotly_chart(fig, key="geo_bar", on_select="rerun", selection_mode="points",
                                     theme="streamlit"), top, "written_as")
    with right:
        st.dataframe(frame.fillna({"iso3": ""}), hide_index=True, key="geo_table", column_order=[
            "written_as", "iso3", "articles", "share", "originals", "sources", "quotes", "mean_tone"],
            column_config={"written_as": "country", "iso3": "ISO",
                           "share": st.column_config.ProgressColumn("share", format="percent", min_value=0,
                                                                    max_value=1)})
        _ui.download_export("countries", "Download this table (CSV)", key="dl_geo_table")
