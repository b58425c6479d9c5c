"""Health: is the monitor still collecting? Recent ingest runs, inputs that keep failing, when each last
worked, how stale the newest article is, and the alerts fired with whether they reached their targets —
for the whole store, not only the filtered event."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import streamlit as st

from db.reads import health as reads
from pages import _ui


def ago(when: dt.datetime | None) -> str:
    """'3.5 h ago' or '12 days ago' — short enough for a metric tile; the exact time goes in the caption."""
    if when is None:
        return "–"
    hours = (dt.datetime.now(dt.UTC) - when).total_seconds() / 3600
    return f"{hours:.1f} h ago" if hours < 48 else f"{hours / 24:,.0f} days ago"


st.title("Health")
fresh, counts = _ui.cached(reads.freshness), _ui.cached(reads.counts)
runs, inputs = _ui.cached(reads.runs, 50), _ui.cached(reads.fetch_inputs)
failing = inputs[inputs["failures_in_row"] > 0]
cols = st.columns(4)
cols[0].metric("Articles stored", f"{counts['articles']:,}")
cols[1].metric("Lag since newest article", ago(fresh["newest_article"]),
               help="Publication time of the newest stored article, against now; large for a finished event.")
cols[2].metric("Last successful run", ago(fresh["last_ok_run"]))
cols[3].metric("Inputs failing now", len(failing))
st.caption(f"Whole store, whatever the sidebar filters say · newest article {fresh['newest_article'] or '–'} · "
           f"last successful run finished {fresh['last_ok_run'] or '–'} · last run started {fresh['last_run'] or '–'}")

queue = _ui.cached(reads.queue)
if queue is not None:  # a PostgreSQL store: `presswatch run` queues sources, `presswatch worker`s ingest them
    st.subheader("Task queue")
    tiles = st.columns(4)
    tiles[0].metric("Sources queued", queue["queued"], help="Tasks waiting for a worker.")
    tiles[1].metric("Running now", queue["running"])
    tiles[2].metric("Failed tasks", queue["failed"], help="Tasks that failed on every attempt; see the workers' logs.")
    tiles[3].metric("Workers alive", queue["workers"],
                    help="`presswatch worker` processes heard from in the last minute.")

st.subheader("Alerts")
alert_counts, alerts = _ui.cached(reads.alert_counts), _ui.cached(reads.alerts, None, 50)
tiles = st.columns(4)
tiles[0].metric("Alerts fired", alert_counts["alerts"], help="Occurrences of the [[event.alert]] rules, each once.")
tiles[1].metric("Deliveries sent", alert_counts["delivered"])
tiles[2].metric("Waiting for a retry", alert_counts["failing"],
                help="Sends that failed: the next `presswatch alerts check` (or run) after their back-off tries again.")
tiles[3].metric("Not yet tried", alert_counts["waiting"] - alert_counts["failing"])
if not _ui.empty(alerts, "No alert has fired yet.", hint=" Add [[event.alert]] rules to monitor.toml; each ingest "
                 "run and `presswatch alerts check` evaluates them."):
    with st.container(key="health_alerts"):
        st.caption("The 50 most recent alerts of every event, newest first, with the state of each delivery.")
        st.dataframe(alerts, hide_index=True, key="health_alerts_table")
        _ui.download_frame(alerts, "alerts", "Download alerts (CSV)", key="dl_health_alerts")

st.subheader("Ingest runs")
if not _ui.empty(runs, "No ingest runs recorded yet.", hint=" `presswatch run` records each run here."):
    ordered = runs.iloc[::-1]
    labels = [f"#{i} {s:%m-%d %H:%M}" for i, s in zip(ordered["id"], ordered["started_at"], strict=True)]
    fig = go.Figure([go.Bar(x=labels, y=ordered["stored"], name="stored", marker_color="#1f77b4"),
                     go.Bar(x=labels, y=ordered["errors"], name="errors", marker_color="#d62728")])
    fig.update_layout(title="Stored articles and errors per run (oldest left)", barmode="group", height=320,
                      bargap=0.3, margin={"t": 50, "b": 20}, xaxis={"type": "category",
                                                                     "range": [-0.5, max(len(labels), 10) - 0.5]})
    st.plotly_chart(fig, key="health_runs_chart", theme="streamlit")
    _ui.download_frame(runs[["id", "started_at", "stored", "errors"]], "ingest-runs-chart",
                       "Download chart data (CSV)", key="dl_health_runs_chart")
    st.dataframe(runs, hide_index=True, key="health_runs_table")
    _ui.download_frame(runs, "ingest-runs", "Download runs (CSV)", key="dl_health_runs")
    run_id = st.selectbox("Errors of run", list(runs["id"]), key="health_run", format_func=lambda i: (
        "#{} · {} · {} errors".format(i, *runs.loc[runs["id"] == i, ["status", "errors"]].iloc[0])))
    errors = _ui.cached(reads.run_errors, int(run_id))
    if errors.empty:
        st.success("This run recorded no errors.")
    else:
        st.dataframe(errors, hide_index=True, key="health_errors_table")
        _ui.download_frame(errors, f"run-{run_id}-errors", "Download this run's errors (CSV)", key="dl_health_errors")

st.subheader("Fetched inputs")
if inputs.empty:
    st.info("No feed or URL has been fetched over HTTP yet (the demo and the files connector read local files).")
else:
    if not failing.empty:
        worst = failing.sort_values("failures_in_row", ascending=False).head(20)
        fig = go.Figure(go.Bar(x=worst["failures_in_row"], y=worst["url"], orientation="h", marker_color="#d62728"))
        fig.update_layout(title="Failures in a row per failing input", height=max(220, 26 * len(worst) + 90),
                          margin={"t": 50, "b": 20}, yaxis={"autorange": "reversed"}, xaxis_title="failures in a row")
        st.plotly_chart(fig, key="health_failing_chart", theme="streamlit")
        _ui.download_frame(worst, "failing-inputs", "Download failing inputs (CSV)", key="dl_health_failing")
    st.caption(f"{len(inputs)} inputs, {len(failing)} failing now; feeds first, then failing first.")
    st.dataframe(inputs, hide_index=True, key="health_inputs_table")
    _ui.download_frame(inputs, "fetch-inputs", "Download inputs (CSV)", key="dl_health_inputs")
