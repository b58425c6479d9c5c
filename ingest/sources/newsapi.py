"""NewsAPI `/v2/everything`: list articles matching the event's query, then fetch each article page.

NewsAPI returns only a 200-character snippet of each article, so the page itself is fetched and
extracted like any other. The key comes from option `api_key` (the CLI fills it from NEWSAPI_KEY;
nothing here reads the environment) and travels in the `X-Api-Key` header, never in the URL, so it
cannot leak into logs, errors or `fetch_state`. After a successful listing the next run resumes from
where this one ended.

Options: `api_key`, `query` (default: the event's terms OR-ed), `start`/`end`, `language`, `max_pages`
(default 5; the free plan stops at 100 results), `api_url`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from ingest.config import EventConfig, SourceConfig
from ingest.fetch.client import Fetcher, FetchError
from ingest.sources.options import OptionError, Window, as_utc, int_option, resume, terms_query, window
from ingest.sources.pages import PageRequest, fetch_pages
from ingest.stages.dedupe import canonical_url
from ingest.stages.documents import RawDocument, SourceFailure

# The [[event.source]] keys this connector reads (config refuses others) and those of which one is needed.
OPTIONS = frozenset({"api_key", "query", "start", "end", "language", "max_pages", "api_url"})
NEEDS: tuple[str, ...] = ()

API_URL = "https://newsapi.org/v2/everything"
PAGE_SIZE = 100
ORIGIN = "newsapi"
RESUME_OVERLAP = dt.timedelta(hours=2)
REMOVED_URL = "https://removed.com"  # NewsAPI's placeholder for articles withdrawn by the publisher
CAP_CODE = "maximumResultsReached"


class _ApiError(Exception):
    def __init__(self, message: str, *, capped: bool = False):
        super().__init__(message)
        self.capped = capped


def _api_error(exc: FetchError) -> _ApiError:
    """NewsAPI explains errors in a JSON body (`code`, `message`); report that rather than just the status."""
    try:
        body = json.loads(exc.body or "")
    except json.JSONDecodeError:
        body = None
    if not isinstance(body, dict) or "code" not in body:
        return _ApiError(str(exc))
    capped = body.get("code") == CAP_CODE
    return _ApiError(f"{body.get('code')}: {' '.join(str(body.get('message', '')).split())}", capped=capped)


def _page(api: str, params: dict[str, str], page: int, key: str, fetcher: Fetcher
          ) -> tuple[list[dict[str, Any]], int]:
    url = f"{api}?{urlencode({**params, 'page': str(page)})}"
    try:
        result = fetcher.fetch(url, conditional=False, headers={"X-Api-Key": key}, robots=False)
    except FetchError as exc:
        raise _api_error(exc) from None
    try:
        data = json.loads(result.text)
    except json.JSONDecodeError as exc:
        raise _ApiError(f"{url}: not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("status") != "ok":
        raise _ApiError(f"{url}: unexpected answer: {str(data)[:200]}")
    articles = [a for a in data.get("articles") or [] if isinstance(a, dict)]
    return articles, int(data.get("totalResults") or 0)


def _params(source: SourceConfig, query: str, win: Window) -> dict[str, str]:
    params = {"q": query, "from": f"{win.start:%Y-%m-%dT%H:%M:%S}", "to": f"{win.end:%Y-%m-%dT%H:%M:%S}",
              "sortBy": "publishedAt", "pageSize": str(PAGE_SIZE)}
    if source.options.get("language"):
        params["language"] = str(source.options["language"])
    return params


def read(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[RawDocument | SourceFailure]:
    """Documents for the event from NewsAPI; a missing key or API error is one SourceFailure."""
    return fetch_pages(_requests(source, event, fetcher), fetcher)


def _requests(source: SourceConfig, event: EventConfig, fetcher: Fetcher) -> Iterator[PageRequest | SourceFailure]:
    key = str(source.options.get("api_key") or "").strip()
    if not key:
        yield SourceFailure(origin=ORIGIN, message="NEWSAPI_KEY is not set")
        return
    try:
        query, win = terms_query(source, event), window(source, event, fetcher.now())
        max_pages = int_option(source, "max_pages", 5)
    except OptionError as exc:
        yield SourceFailure(origin=ORIGIN, message=str(exc))
        return
    state_key = f"newsapi:{event.slug}:{query}:{win.start:%Y%m%d%H%M}"
    if not fetcher.should_attempt(state_key):
        return
    win = resume(win, fetcher, state_key, RESUME_OVERLAP)
    api, params = str(source.options.get("api_url", API_URL)), _params(source, query, win)
    seen: set[str] = set()
    for page in range(1, max_pages + 1):
        try:
            articles, total = _page(api, params, page, key, fetcher)
        except _ApiError as exc:
            if exc.capped:  # listing again would hit the same cap: what we have is all we get
                fetcher.note_success(state_key)
            else:
                fetcher.note_failure(state_key, str(exc))
            yield SourceFailure(origin=ORIGIN, message=(
                f"the plan's result cap was reached after {len(seen)} articles ({exc})" if exc.capped else str(exc)))
            return
        yield from _documents(articles, seen)
        if not articles or page * PAGE_SIZE >= total:
            break
    fetcher.note_success(state_key)


def _documents(articles: list[dict[str, Any]], seen: set[str]) -> Iterator[PageRequest]:
    for article in articles:
        url = str(article.get("url") or "")
        try:
            key = canonical_url(url)
        except ValueError:
            continue
        if key in seen or url.startswith(REMOVED_URL):
            continue
        seen.add(key)
        try:
            published = as_utc(article["publishedAt"], "publishedAt") if article.get("publishedAt") else None
        except OptionError:
            published = None
        yield PageRequest(url, ORIGIN, article.get("title"), published)
