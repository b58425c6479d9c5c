"""What the fetcher tests share: a fetch that must fail, with its one-line message checked."""

from __future__ import annotations

import pytest

from ingest.fetch.client import Fetcher, FetchError


def fetch_error(fetcher: Fetcher, url: str, **kwargs: object) -> FetchError:
    """The FetchError `fetcher.fetch(url)` raises; its message is one line that starts with the URL."""
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and message.startswith(url + ": ")
    return info.value
