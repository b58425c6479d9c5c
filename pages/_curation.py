"""The curation controls pages share: timeline notes, and dismissing articles from the event.

Every change goes through `_ui.edit` (its own transaction on the editor engine, then every cached read
dropped), so the counts on every page move as soon as an analyst dismisses or restores an article.
Where the dashboard may not write (`PRESSWATCH_DASHBOARD_EDITS=off`) the lists and downloads stay and
the controls say why they are missing.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from db import curation
from db.filters import Filters
from db.reads import curation as reads
from pages import _ui

READ_ONLY = "Editing is switched off on this dashboard; `presswatch dismiss`, `restore` and `note` do the same."


def table_key(name: str) -> str:
    """The widget key of a table whose rows can be selected for a curation change: it changes after every
    change, so the new table starts with nothing selected (row 1 is another article once the one
    dismissed is gone, and must not stay ticked)."""
    return f"{name}_{st.session_state.get('curation_changes', 0)}"


def _changed(message: str) -> None:
    """After a dismiss or restore: new keys clear the selections and the reason; say what happened, rerun."""
    st.session_state["curation_changes"] = st.session_state.get("curation_changes", 0) + 1
    st.session_state["curation_message"] = message
    st.rerun()


def notes_section(f: Filters) -> None:
    """The event's timeline notes: the list, its download, and (when editing is on) add and remove."""
    st.subheader("Timeline notes")
    st.caption("Key moments, drawn as dotted lines on every time chart of this event.")
    notes = _ui.cached(reads.notes, f.event)
    if notes.empty:
        st.info("No notes yet.")
    else:
        st.dataframe(notes, hide_index=True, key="notes_table", column_config={
            "id": st.column_config.NumberColumn(width="small"), "label": st.column_config.TextColumn(width="large")})
        _ui.download_frame(notes, "notes", "Download notes (CSV)", key="dl_notes")
    if _ui.editor() is None:
        st.caption(READ_ONLY)
        return
    with st.form("note_add", clear_on_submit=True, border=False):
        day_col, label_col, button_col = st.columns([2, 6, 2], vertical_alignment="bottom")
        day = day_col.date_input("Day", value=f.date_from or dt.date.today(), key="note_day")
        label = label_col.text_input("What happened", max_chars=curation.LABEL_MAX, key="note_label")
        if button_col.form_submit_button("Add note") and _ui.edit(curation.add_note, f.event, day, label):
            st.rerun()
    if not notes.empty:
        pick_col, button_col = st.columns([8, 2], vertical_alignment="bottom")
        choices = dict(zip(notes["id"], notes["day"].astype(str) + " · " + notes["label"], strict=True))
        chosen = pick_col.selectbox("Note to remove", list(choices), format_func=choices.get, key="note_remove")
        if button_col.button("Remove note", key="note_remove_button") and chosen is not None:
            _ui.edit(curation.remove_note, f.event, int(chosen))
            st.rerun()


def dismiss_selected(f: Filters, rows: pd.DataFrame, selected: list[int]) -> None:
    """A reason box and a button dismissing the selected rows of an articles table from the event."""
    if _ui.editor() is None:
        st.caption(READ_ONLY)
        return
    urls = [str(rows["url"].iloc[i]) for i in selected if i < len(rows)]
    reason_col, button_col = st.columns([6, 3], vertical_alignment="bottom")
    reason = reason_col.text_input("Reason (optional, kept with the dismissal)", key=table_key("dismiss_reason"),
                                   max_chars=curation.REASON_MAX,
                                   placeholder="e.g. about another event; a press release; a duplicate")
    label = f"Dismiss {len(urls)} selected" if urls else "Dismiss selected"
    if button_col.button(label, key="dismiss_button", disabled=not urls, type="primary",
                         help="Takes the articles out of this event: every count, chart and export leaves them "
                              "out until they are restored below."):
        done = _ui.edit(curation.dismiss, f.event, urls, reason.strip() or None)
        if done:
            _changed(f"{done.changed} article(s) dismissed from {f.event}.")


def dismissed_section(f: Filters) -> None:
    """The articles dismissed from the event: the list (downloadable) and restoring a selection."""
    gone = _ui.cached(reads.dismissed, f)
    with st.expander(f"Dismissed from this event ({len(gone)})", expanded=False):
        if gone.empty:
            st.caption("Nothing dismissed: every matching article counts.")
            return
        picked = st.dataframe(gone.assign(url=gone["url"].map(_ui.safe_link)), hide_index=True,
                              key=table_key("dismissed_table"), on_select="rerun", selection_mode="multi-row",
                              column_config={"url": st.column_config.LinkColumn("link", display_text="open ↗"),
                                             "title": st.column_config.TextColumn(width="large")})
        _ui.download_export("dismissed", f"Download the {len(gone)} dismissed articles (CSV)", key="dl_dismissed")
        if _ui.editor() is None:
            st.caption(READ_ONLY)
            return
        rows = picked.selection.rows if picked else []
        urls = [str(gone["url"].iloc[i]) for i in rows if i < len(gone)]
        if st.button(f"Restore {len(urls)} selected" if urls else "Restore selected", key="restore_button",
                     disabled=not urls):
            done = _ui.edit(curation.restore, f.event, urls)
            if done:
                _changed(f"{done.changed} article(s) restored to {f.event}.")


def show_message() -> None:
    """The outcome of the last dismiss or restore, once, after the rerun that applied it. The slot is
    drawn on every run, message or not: elements after it keep their place in the page, so an expander
    an analyst opened stays open when the message goes."""
    slot = st.empty()
    message = st.session_state.pop("curation_message", None)
    if message:
        slot.success(message)
