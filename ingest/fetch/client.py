"""The one seam that talks HTTP: every connector fetches through a `Fetcher`.

Keeping HTTP in one place means politeness (user agent, robots.txt, per-host delay and concurrency),
safety (schemes, private addresses checked before the request and again at the socket, size caps
counted after decompression, a total deadline per request, redirect checks) and resilience (timeouts,
retries, conditional GET, back-off of failing URLs) are written and tested once. The fetcher never
touches the database: the pipeline hands it a mapping of `FetchValidators` loaded from `fetch_state`
and saves the mapping back after the run.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
import tenacity

from ingest.config import FetchConfig
from ingest.fetch.guard import Resolver, TargetCheck, guarded_transport, refusal
from ingest.fetch.limits import ACCEPT_ENCODING, DeadlinePassed, UnsupportedEncodingError, deadline, inflate
from ingest.fetch.rules import decode_body, hop_note, retry_after
from ingest.utc import aware
from ingest.utc import now as utcnow

__all__ = ["FetchError", "FetchResult", "FetchValidators", "Fetcher", "decode_body"]

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 500_000
ERROR_BODY_BYTES = 4_000  # enough of a 4xx body for an API's JSON error message
MAX_CRAWL_DELAY_S = 30.0  # a robots.txt Crawl-delay above this would stall a run; we cap it
DEADLINE_FACTOR = 3  # a whole answer, headers and body, must arrive within 3 × timeout_s (trickling servers)


class FetchError(Exception):
    """A URL that could not be fetched; `str()` is one line: `URL: what is wrong`."""

    def __init__(self, url: str, message: str, *, status: int | None = None, body: str | None = None):
        self.url = url
        self.message = " ".join(message.split())
        self.status = status
        self.body = body  # start of a 4xx body, so API connectors can report the API's own reason
        super().__init__(f"{url}: {self.message}")


class _RetryableError(Exception):
    """A failure worth another try (429, 5xx, refused connection); only lives inside the retry loop."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.message, self.status, self.retry_after = message, status, retry_after


@dataclass(slots=True)
class FetchValidators:
    """Per-URL memory between runs (one `fetch_state` row): validators for conditional GET and the
    failure record that spaces out attempts at a URL that keeps failing."""

    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    failures_in_row: int = 0
    last_attempt_at: dt.datetime | None = None
    last_success_at: dt.datetime | None = None
    next_attempt_at: dt.datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """One successful answer. `url` is the final URL after redirects; a 304 has `not_modified` and no body."""

    url: str
    status: int
    content: bytes
    headers: httpx.Headers
    not_modified: bool = False
    fetched_at: dt.datetime = field(default_factory=utcnow)

    @cached_property
    def text(self) -> str:
        """The body decoded with the charset the server declared or, failing that, the detected one."""
        return decode_body(self.content, self.headers.get("content-type"))


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class _OverBudget(tenacity.stop.stop_base):
    """Stop retrying when the next sleep would push total waiting past the budget (`max_retry_wait_s`),
    e.g. a Retry-After of an hour: better to fail now and try on the next run."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s

    def __call__(self, state: tenacity.RetryCallState) -> bool:
        return state.idle_for + (state.upcoming_sleep or 0.0) > self.budget_s


@dataclass(frozen=True, slots=True)
class _Answer:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes


class Fetcher:
    """Polite, bounded HTTP GET shared by all connectors and safe to use from several threads.

    `state` maps URL (or a connector's own key) → FetchValidators; it is read and updated in place.
    Only `fetch(..., conditional=True)` calls (feeds, sitemaps) are tracked there, so article pages do
    not bloat `fetch_state`. `known(url)`, if given, tells connectors a page is already stored so they
    skip downloading it. `sleep`, `clock` and `now` are injectable so tests need not wait.
    """

    def __init__(
        self,
        config: FetchConfig,
        state: MutableMapping[str, FetchValidators] | None = None,
        *,
        known: Callable[[str], bool] | None = None,
        per_host_concurrency: int = 2,
        backoff_s: float = 1.0,
        max_retry_wait_s: float = 60.0,
        failure_backoff: dt.timedelta = dt.timedelta(minutes=15),
        max_failure_backoff: dt.timedelta = dt.timedelta(days=1),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = utcnow,
        resolve: Resolver = socket.getaddrinfo,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.state: MutableMapping[str, FetchValidators] = {} if state is None else state
        self.known, self._per_host, self._max_wait = known, per_host_concurrency, max_retry_wait_s
        self._fail_base, self._fail_max = failure_backoff, max_failure_backoff
        self._expo = tenacity.wait_exponential_jitter(multiplier=backoff_s, max=max_retry_wait_s,
                                                      jitter=backoff_s)
        self._sleep, self._clock, self._now = sleep, clock, now
        self._client = httpx.Client(
            headers={"User-Agent": config.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(config.timeout_s),
            follow_redirects=False,
            transport=transport or guarded_transport(resolve, config.allow_private),
        )
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._next_slot: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._targets = TargetCheck(resolve, config.allow_private)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def now(self) -> dt.datetime:
        """The fetcher's notion of 'now' (UTC), so connectors' time windows follow injected clocks."""
        return self._now()

    def fetch(self, url: str, *, conditional: bool = True, headers: Mapping[str, str] | None = None,
              max_bytes: int | None = None, robots: bool = True) -> FetchResult:
        """GET `url`; raise FetchError on anything but a 2xx or (conditional) 304 answer.

        With `conditional`, stored ETag/Last-Modified are sent and the outcome is recorded in `state`.
        API clients pass `robots=False`: robots.txt governs crawling pages, not an API meant for programs.
        """
        limit = max_bytes or self.config.max_bytes
        sent = dict(headers or {})
        if conditional:
            sent.update(self._validator_headers(url))
        try:
            result = self._follow(url, sent, limit, check_robots=robots and self.config.respect_robots)
        except FetchError as exc:
            if conditional:
                self.note_failure(url, str(exc), status=exc.status)
            raise
        if conditional:
            self.note_success(url, result)
        return result

    def should_attempt(self, key: str, now: dt.datetime | None = None) -> bool:
        """False while `key` is in failure back-off (its next_attempt_at is still ahead)."""
        with self._lock:
            record = self.state.get(key)
        if record is None or record.next_attempt_at is None:
            return True
        return aware(now or self._now()) >= aware(record.next_attempt_at)

    def note_success(self, key: str, result: FetchResult | None = None) -> None:
        """Record a success for `key`: clears the failure streak; keeps a result's validators."""
        with self._lock:
            record = self.state.get(key) or FetchValidators()
            when = result.fetched_at if result else self._now()
            if result is not None:
                record.etag = result.headers.get("etag") or (record.etag if result.not_modified else None)
                lm = result.headers.get("last-modified")
                record.last_modified = lm or (record.last_modified if result.not_modified else None)
                record.last_status = result.status
            record.failures_in_row, record.next_attempt_at, record.last_error = 0, None, None
            record.last_attempt_at = record.last_success_at = when
            self.state[key] = record  # re-assign so write-through mappings see the change

    def note_failure(self, key: str, message: str, *, status: int | None = None) -> None:
        """Record a failure for `key`; the next attempt is pushed back exponentially, up to a day."""
        with self._lock:
            record = self.state.get(key) or FetchValidators()
            now = self._now()
            record.failures_in_row += 1
            record.last_status, record.last_error, record.last_attempt_at = status, message, now
            delay = self._fail_base * 2 ** min(record.failures_in_row - 1, 16)
            record.next_attempt_at = now + min(delay, self._fail_max)
            self.state[key] = record

    def is_known(self, url: str) -> bool:
        """True when the pipeline already stores this page (see `known`)."""
        return bool(self.known and self.known(url))

    def _validator_headers(self, url: str) -> dict[str, str]:
        with self._lock:
            record = self.state.get(url)
        sent: dict[str, str] = {}
        if record and record.etag:
            sent["If-None-Match"] = record.etag
        if record and record.last_modified:
            sent["If-Modified-Since"] = record.last_modified
        return sent

    def _follow(self, url: str, headers: dict[str, str], limit: int, *, check_robots: bool) -> FetchResult:
        """Follow redirects by hand so every hop's scheme, addresses and robots rules are checked."""
        current, seen = url, {url}
        for _hop in range(self.config.max_redirects + 1):
            if problem := self._targets.problem(current, url):
                raise FetchError(url, problem)
            if check_robots and not self._robots_allow(current, url):
                raise FetchError(url, f"disallowed by robots.txt{hop_note(current, url)}")
            answer = self._send(current, url, headers, limit)
            if answer.status not in REDIRECT_CODES:
                return FetchResult(current, answer.status, answer.content, answer.headers,
                                   not_modified=answer.status == 304, fetched_at=self._now())
            location = answer.headers.get("location", "").strip()
            if not location:
                raise FetchError(url, f"HTTP {answer.status} without a Location header{hop_note(current, url)}")
            current, previous = urljoin(current, location), current
            if _host_key(current) != _host_key(previous):
                headers = {}  # API keys and validators belong to the host they were meant for
            if current in seen:
                raise FetchError(url, f"redirect loop at {current}")
            seen.add(current)
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    def _robots_allow(self, url: str, origin: str) -> bool:
        host = _host_key(url)
        with self._lock:
            host_lock = self._robots_locks.setdefault(host, threading.Lock())
        with host_lock:
            parser = self._robots.get(host) or self._load_robots(host, origin)
            self._robots[host] = parser
        return parser.can_fetch(self.config.user_agent, url)

    def _load_robots(self, host: str, origin: str) -> RobotFileParser:
        """401/403 forbid all, other HTTP errors allow all; an unreachable host fails the page at once."""
        parser = RobotFileParser(f"{host}/robots.txt")
        try:
            result = self._follow(f"{host}/robots.txt", {}, ROBOTS_MAX_BYTES, check_robots=False)
        except FetchError as exc:
            if exc.status is None:
                raise FetchError(origin, f"robots.txt: {exc.message}") from None
            parser.parse(["User-agent: *", "Disallow: /"] if exc.status in (401, 403) else [])
            return parser
        parser.parse(result.text.splitlines())
        delay = parser.crawl_delay(self.config.user_agent)
        if delay:
            with self._lock:
                self._crawl_delay[host] = min(float(delay), MAX_CRAWL_DELAY_S)
        return parser

    def _send(self, url: str, origin: str, headers: Mapping[str, str], limit: int) -> _Answer:
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_RetryableError),
            stop=tenacity.stop_after_attempt(self.config.retries + 1) | _OverBudget(self._max_wait),
            wait=self._retry_wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, origin, headers, limit)
        except _RetryableError as exc:
            tries = retrying.statistics.get("attempt_number", 1)
            raise FetchError(origin, f"{exc.message}{hop_note(url, origin)}; gave up after {tries} attempt(s)",
                             status=exc.status) from None

    def _retry_wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _RetryableError) and exc.retry_after is not None:
            return exc.retry_after
        return float(self._expo(state))

    @contextmanager
    def _host_slot(self, host: str) -> Iterator[None]:
        """At most `per_host_concurrency` requests in flight per host, starts spaced by the delay."""
        with self._lock:
            semaphore = self._semaphores.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with semaphore:
            delay = max(self.config.per_host_delay_s, self._crawl_delay.get(host, 0.0))
            with self._lock:
                now = self._clock()
                start = max(now, self._next_slot.get(host, now))
                self._next_slot[host] = start + delay
            if start > now:
                self._sleep(start - now)
            yield

    def _attempt(self, url: str, origin: str, headers: Mapping[str, str], limit: int) -> _Answer:
        allowance = DEADLINE_FACTOR * self.config.timeout_s
        with self._host_slot(_host_key(url)):
            try:
                with deadline(allowance), self._client.stream("GET", url, headers=dict(headers)) as response:
                    return self._answer(response, url, origin, limit)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                if refused := refusal(exc):
                    raise FetchError(origin, f"refused {url}: {refused}") from None
                raise _RetryableError(f"cannot connect: {exc or type(exc).__name__}") from exc
            except httpx.TimeoutException as exc:
                if isinstance(exc.__cause__, DeadlinePassed):
                    raise FetchError(origin, f"no complete answer within {allowance:g} s{hop_note(url, origin)}"
                                     ) from None
                raise FetchError(origin, f"timed out after {self.config.timeout_s:g} s{hop_note(url, origin)}"
                                 ) from exc
            except httpx.HTTPError as exc:
                raise FetchError(origin, f"{type(exc).__name__}: {exc}{hop_note(url, origin)}") from exc

    def _answer(self, response: httpx.Response, url: str, origin: str, limit: int) -> _Answer:
        status = response.status_code
        if status in REDIRECT_CODES or status == 304:
            return _Answer(url, status, response.headers, b"")
        if status == 429 or status >= 500:
            wait = retry_after(response.headers.get("retry-after"), self._now())
            note = f" (Retry-After {wait:g} s)" if wait is not None else ""
            raise _RetryableError(f"HTTP {status} {response.reason_phrase}{note}", status, wait)
        if status >= 400:
            body = self._read(response, url, origin, ERROR_BODY_BYTES, truncate=True)
            raise FetchError(origin, f"HTTP {status} {response.reason_phrase}{hop_note(url, origin)}",
                             status=status, body=decode_body(body, response.headers.get("content-type")))
        return _Answer(url, status, response.headers, self._read(response, url, origin, limit))

    def _read(self, response: httpx.Response, url: str, origin: str, limit: int, *,
              truncate: bool = False) -> bytes:
        """The body, refusing (or, for error bodies, truncating) anything over `limit` bytes once decoded.

        The raw bytes are inflated here a slice at a time (`inflate`), not by httpx, whose one-step
        decompression of each network read would let a gzip bomb fill memory before the cap is checked."""
        declared = response.headers.get("content-length", "")
        too_big = f"body larger than the {limit}-byte cap{hop_note(url, origin)}"
        if declared.isdigit() and int(declared) > limit and not truncate:
            raise FetchError(origin, too_big)
        chunks, size = [], 0
        try:
            for chunk in inflate(response.iter_raw(), response.headers.get("content-encoding")):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if truncate:
                        break
                    raise FetchError(origin, too_big)
        except UnsupportedEncodingError as exc:
            raise FetchError(origin, f"{exc}{hop_note(url, origin)}") from None
        return b"".join(chunks)[:limit]
