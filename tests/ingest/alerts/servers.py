"""The receivers alerts are sent to in tests, both real and on 127.0.0.1: an HTTP server taking webhook
POSTs (failing the first N to a path on request) and aiosmtpd's SMTP server keeping each message."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.webserver import LoopbackServer, QuietHandler


class _Hook(QuietHandler):
    hooks: WebhookServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        hooks = self.hooks
        with hooks.lock:
            count = hooks.counts.get(self.path, 0) + 1
            hooks.counts[self.path] = count
            hooks.posts.append((self.path, dict(self.headers), body))
            fails = hooks.fails.get(self.path, 0)
        if count <= fails:
            self.send(503, b"busy, try later")
        else:
            self.send(200, b"ok")


class WebhookServer(LoopbackServer):
    """Records every POST (path, headers, body); `fails[path] = N` answers 503 to the first N."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        self.counts: dict[str, int] = {}
        self.fails: dict[str, int] = {}
        self._serve(type("Handler", (_Hook,), {"hooks": self}))

    def bodies(self, path: str) -> list[dict[str, Any]]:
        """The JSON bodies POSTed to `path`, answered or not."""
        with self.lock:
            return [json.loads(b) for p, _, b in self.posts if p == path]


class _Keep:
    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd)
        raw = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((envelope, parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MailServer:
    """aiosmtpd on 127.0.0.1 and a free port; `messages` holds (envelope, parsed message) received.
    With `login` (user, password) it requires AUTH and refuses anything else (TLS is not required on
    loopback here, so the login is tested without certificates)."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.handler = _Keep()
        self.port = free_port()
        self.logins: list[str] = []
        extra: dict[str, Any] = {}
        if login is not None:
            extra = {"authenticator": self._check(login), "auth_required": True, "auth_require_tls": False}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()

    def _check(self, login: tuple[str, str]) -> Any:
        def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                         data: Any) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == login
            self.logins.append(f"{mechanism}:{'ok' if ok else 'refused'}")
            return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 or 535 itself

        return authenticate

    @property
    def messages(self) -> list[tuple[Envelope, EmailMessage]]:
        return self.handler.messages

    def stop(self) -> None:
        self.controller.stop()
