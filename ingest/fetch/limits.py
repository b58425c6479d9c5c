"""Bounds on one answer that a hostile server cannot talk its way past: a total deadline for the whole
exchange, and Content-Encoding undone a slice at a time.

httpx's timeouts are per socket operation, so a server that sends a byte every half second never
trips them: it can hold a fetch for hours in the status line and headers, before any body-reading
loop could look at a clock. The deadline is therefore kept where the bytes arrive: every read, write,
connect and TLS handshake on a connection is given at most the time left before the deadline of the
request using it, which a context variable carries (one per thread, so pooled connections serve
requests with their own deadlines).

httpx inflates each network read in one go, so 64 KB of gzip can become 64 MB in memory before a
size cap sees any of it, and a compressed body's Content-Length says nothing about its size. The
fetcher reads the raw bytes instead and inflates them here in slices of `SLICE` bytes, so the cap
stops a gzip bomb after at most one slice more than it allows.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore

SLICE = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"  # what `inflate` undoes; sent so servers do not pick anything else

_deadline: ContextVar[float | None] = ContextVar("presswatch_fetch_deadline", default=None)


class DeadlinePassed(httpcore.ReadTimeout):
    """The request's total deadline passed (not one socket timeout): never worth a retry."""


class UnsupportedEncodingError(ValueError):
    """A Content-Encoding this module cannot undo, or a body that is not what its encoding says."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Within the block, the current thread's connections must finish their work in `seconds`."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _within(timeout: float | None) -> float | None:
    """`timeout` shortened to the time left before the deadline; DeadlinePassed once there is none."""
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise DeadlinePassed("the request's total deadline passed")
    return left if timeout is None else min(timeout, left)


def _past_deadline() -> bool:
    end = _deadline.get()
    return end is not None and time.monotonic() >= end


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the current request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self._stream.read(max_bytes, _within(timeout))
        except httpcore.ReadTimeout as exc:
            if _past_deadline() and not isinstance(exc, DeadlinePassed):
                raise DeadlinePassed("the request's total deadline passed") from exc
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _within(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Another network backend's connections, each a `DeadlineStream`."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._backend.connect_tcp(host, port, _within(timeout), local_address,
                                                        socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._backend.connect_unix_socket(path, _within(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _Inflater:
    """One gzip or deflate layer, giving out at most SLICE bytes per step."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._zlib.decompress(data, SLICE)
            except zlib.error as exc:
                if self.coding != "deflate" or self._started:
                    raise UnsupportedEncodingError(f"body is not valid {self.coding}: {exc}") from None
                # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate (as browsers allow)
                self._zlib, self._started = zlib.decompressobj(-zlib.MAX_WBITS), True
                continue
            self._started = True
            data = self._zlib.unconsumed_tail
            if out:
                yield out
            if self._zlib.eof or (not data and len(out) < SLICE):
                return  # bytes after the end of a gzip member are ignored, as by browsers


def inflate(chunks: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """The body under `content_encoding` (a header value, codings in the order applied), decoded lazily:
    a consumer that stops early stops the decompression too."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    for coding in codings:
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise UnsupportedEncodingError(f"unsupported Content-Encoding {coding!r}")
    layers = [_Inflater(c) for c in reversed(codings)]

    def through(data: bytes, depth: int) -> Iterator[bytes]:
        if depth == len(layers):
            yield data
            return
        for piece in layers[depth].feed(data):
            yield from through(piece, depth + 1)

    for chunk in chunks:
        if chunk:
            yield from through(chunk, 0)
