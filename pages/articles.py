"""Articles: search and page through the articles and quotes behind every chart, and dismiss the ones that
are not about the event (they leave every count until restored). The downloads hold the whole filtered
(and searched) set, the same CSV `ingest export` writes, not just the page on screen."""

from __future__ import annotations

import streamlit as st

from db.reads import articles as reads
from pages import _curation, _ui

PAGE_SIZE = 50
LINK = {"display_text": "open ↗"}
PUBLISHED = st.column_config.DatetimeColumn("published", format="YYYY-MM-DD HH:mm")
f = _ui.filters()
st.title("Articles")
saved = _ui.saved_search_picker(f)
search = st.text_input("Search", key="q", bind="query-params", on_change=_ui.search_edited, args=(saved,),
                       placeholder='words, "a phrase", prefix*, a OR b, -word, (…), a NEAR/5 b, title: source: '
                       "lang: country: speaker:", help='Full-text search, kept in the link (q=…). Words are '
                       'case-insensitive and not stemmed (strik* finds strike and striking); "exact phrase"; '
                       "OR; -word or NOT word to exclude; parentheses group; AND is implied; a NEAR/5 b: at most "
                       '5 words apart; title:word; source:domain or source:"Outlet Name"; lang:fr; country:IR; '
                       "speaker:name (a figure quoted in the article).")
search = search.strip() or None
problem = reads.search_problem(search)
if problem:
    st.error(f"Search not understood, {problem}")
    search = None
_ui.save_search_control(f, search)
searched: dict[str, str] = {}  # the articles table's search options, as `export --search/--order` takes them
if search:
    searched["search"] = search
    # the options are their own labels: a bound radio puts the label shown in the link (order=best)
    searched["order"] = st.radio("Order", ["newest", "best"], key="order", bind="query-params", horizontal=True,
                                 help="newest first, or best match first (the words in the title count most; "
                                      f"of the newest {reads.RANK_WINDOW:,} matches when there are more)"
                                 ) or "newest"


articles_tab, quotes_tab = st.tabs(["Articles", "Quotes"])
with articles_tab:
    _curation.show_message()
    rows, total = _ui.paged(reads.page, reads.total, "articles", f, "articles_pages", PAGE_SIZE, reads.RANK_WINDOW,
                            **searched)
    if not _ui.empty(rows, "No articles match."):
        named = _ui.cached(reads.article_figures, tuple(rows["url"]))
        rows = rows.merge(named, on="url", how="left").fillna({"figures": ""})
        shown = rows.assign(url=rows["url"].map(_ui.safe_link),
                            duplicate_of=rows["duplicate_of"].map(_ui.safe_link).fillna(""))
        picked = st.dataframe(shown, hide_index=True, key=_curation.table_key("articles_table"),
                              on_select="rerun", selection_mode="multi-row", column_order=[
            "published_at", "source", "tone", "quotes", "url", "duplicate_of", "title", "figures", "language",
            "tone_method", "relevance"], column_config={"published_at": PUBLISHED,
            "url": st.column_config.LinkColumn("link", **LINK),
            "duplicate_of": st.column_config.LinkColumn("copy of", display_text="original ↗"),
            "title": st.column_config.TextColumn(width="large"),
            "tone": st.column_config.NumberColumn(format="%.3f"),
            "relevance": st.column_config.NumberColumn(format="%.2f")})
        _curation.dismiss_selected(f, rows, picked.selection.rows if picked else [])
    _ui.download_export("articles", f"Download all {total} articles (CSV)", key="dl_articles", **searched)
    _curation.dismissed_section(f)

with quotes_tab:
    rows, total = _ui.paged(reads.page, reads.total, "quotes", f, "quotes_pages", PAGE_SIZE, search=search)
    if not _ui.empty(rows, "No quotes match."):
        st.dataframe(rows.assign(article_url=rows["article_url"].map(_ui.safe_link)), hide_index=True,
                     key="quotes_table", column_order=["published_at", "source", "speaker", "figure", "tone",
                                                       "tone_method", "article_url", "quote"], column_config={
                         "published_at": PUBLISHED,
                         "article_url": st.column_config.LinkColumn("article", **LINK),
                         "quote": st.column_config.TextColumn(width="large"),
                         "tone": st.column_config.NumberColumn(format="%.3f")})
    _ui.download_export("quotes", f"Download all {total} quotes (CSV)", key="dl_quotes", search=search)
