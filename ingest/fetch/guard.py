"""Which hosts a fetch may reach: checked before the request, and again on the address the socket connects to.

`Fetcher` refuses private, loopback and link-local targets before each request, but a check that
resolves a name and a connection that resolves it again can disagree: a hostile feed's host can answer
a public address to the check and 127.0.0.1 or 169.254.169.254 to the connection (DNS rebinding). So
the HTTP client's network backend resolves the name itself, refuses the connection if any address is
off limits, and then connects to one of the addresses it checked. TLS still verifies the certificate
against the host name: httpcore starts TLS with the origin's name, not the address.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from ingest.fetch.limits import DeadlineBackend
from ingest.fetch.rules import address_problem, hop_note

Resolver = Callable[..., list[tuple[Any, ...]]]


def refused_address(infos: Iterable[tuple[Any, ...]], allow_private: bool) -> tuple[str, str] | None:
    """(address, why) of the first resolved address a fetch must not reach, or None when all may be."""
    for info in infos:
        ip = str(info[4][0]).split("%")[0]
        problem = address_problem(ipaddress.ip_address(ip), allow_private)
        if problem:
            return ip, problem
    return None


class TargetCheck:
    """The check before robots.txt and the request: the URL's scheme, its host, and where the host
    resolves, so a refusal names the URL before anything is sent.

    A host found allowed is not looked up again: every new connection is checked at the socket
    (`GuardedBackend`), which still refuses a name that later moves to a private address, and a run
    over one outlet's pages need not ask DNS once per page. Safe to share between threads."""

    def __init__(self, resolve: Resolver, allow_private: bool) -> None:
        self._resolve, self._allow_private = resolve, allow_private
        self._allowed: set[tuple[str, int]] = set()
        self._lock = threading.Lock()

    def problem(self, url: str, origin: str) -> str | None:
        """Why `url` (fetched on behalf of `origin`) must not be fetched, in one line; None when it may."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            return f"refused {url}: only http(s) URLs are fetched"
        host = parts.hostname
        if not host:
            return f"refused {url}: no host name"
        try:
            port = parts.port or (443 if scheme == "https" else 80)
            if (host, port) in self._allowed:
                return None
            infos = self._resolve(host, port, 0, socket.SOCK_STREAM)
        except (OSError, ValueError, UnicodeError) as exc:
            return f"cannot resolve {host}: {exc}{hop_note(url, origin)}"
        if refused := refused_address(infos, self._allow_private):
            return f"refused {url}: {host} resolves to {refused[1]} address {refused[0]}"
        with self._lock:
            self._allowed.add((host, port))
        return None


class RefusedAddress(httpcore.ConnectError):
    """A connection refused by the address policy; never retried (the name will resolve the same)."""

    def __init__(self, host: str, ip: str, problem: str) -> None:
        super().__init__(f"{host} resolves to {problem} address {ip}")
        self.host, self.ip, self.problem = host, ip, problem


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, opened only to checked addresses (tried in the resolver's order)."""

    def __init__(self, resolve: Resolver, allow_private: bool) -> None:
        self._resolve, self._allow_private = resolve, allow_private
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            infos = self._resolve(host, port, 0, socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if refused := refused_address(infos, self._allow_private):
            raise RefusedAddress(host, *refused)
        addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
        failure: Exception = httpcore.ConnectError(f"{host} resolves to no address")
        for ip in addresses:
            try:
                return self._sockets.connect_tcp(ip, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # the next address may answer
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError(f"refused unix socket {path}: only TCP hosts are fetched")

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


def guarded_transport(resolve: Resolver, allow_private: bool) -> httpx.HTTPTransport:
    """httpx's transport with its connection pool on a `GuardedBackend`, whose connections keep to the
    current request's total deadline (`ingest.fetch.limits`).

    httpx takes no network backend of its own, so the pool's is set after construction (httpx and
    httpcore are pinned; `tests/ingest/fetch/test_fetch.py` fails if a release moves it)."""
    transport = httpx.HTTPTransport()
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpcore's ConnectionPool has no _network_backend: check the httpcore pin")
    pool._network_backend = DeadlineBackend(GuardedBackend(resolve, allow_private))
    return transport


def refusal(exc: BaseException) -> RefusedAddress | None:
    """The address refusal behind an httpx connect error, if that is what it was."""
    cause = exc.__cause__
    return cause if isinstance(cause, RefusedAddress) else None
