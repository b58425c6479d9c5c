"""Connect only to addresses a fetch may reach, checking the very address the socket connects to.

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
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

from ingest.fetch_rules import address_problem

Resolver = Callable[..., list[tuple[Any, ...]]]


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
        addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
        for ip in addresses:
            problem = address_problem(ipaddress.ip_address(ip), self._allow_private)
            if problem:
                raise RefusedAddress(host, ip, problem)
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
    """httpx's transport with its connection pool on a `GuardedBackend`.

    httpx takes no network backend of its own, so the pool's is set after construction (httpx and
    httpcore are pinned; `tests/test_fetch.py` fails if a release moves it)."""
    transport = httpx.HTTPTransport()
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpcore's ConnectionPool has no _network_backend: check the httpcore pin")
    pool._network_backend = GuardedBackend(resolve, allow_private)
    return transport


def refusal(exc: BaseException) -> RefusedAddress | None:
    """The address refusal behind an httpx connect error, if that is what it was."""
    cause = exc.__cause__
    return cause if isinstance(cause, RefusedAddress) else None
