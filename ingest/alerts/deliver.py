"""Sending: a JSON POST to a webhook (the body Slack's incoming webhooks take) and e-mail over SMTP.

One attempt per call: retrying is the caller's, through the deliveries table (db.alerts), so a target
that is down for an hour is retried by later checks with back-off instead of holding up this one. Every
failure is a DeliveryError whose message is one line naming the target and what went wrong.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import httpx

from ingest.alerts.config import SmtpConfig

WEBHOOK_TIMEOUT_S = 15.0


class DeliveryError(RuntimeError):
    """A send that failed; the message names the target."""


def webhook_body(event_name: str, rule: str, summary: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Slack-compatible: `text` is what notifications and clients without blocks show; `blocks` lay it
    out. Other receivers (Mattermost, Teams connectors, scripts) read `text`, and `presswatch` carries
    the occurrence as data for the ones that want it (Slack ignores fields it does not know)."""
    link = payload.get("url")
    lines = [f"*{_mrkdwn(event_name)}*: {_mrkdwn(summary)}"]
    if link:
        lines.append(f"<{link}|{_mrkdwn(str(payload.get('title') or link))}>")
    return {
        "text": f"[Presswatch] {event_name}: {summary}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
            {"type": "context", "elements": [{"type": "mrkdwn",
                                              "text": f"Presswatch alert `{_mrkdwn(rule)}` ({payload.get('kind')})"}]},
        ],
        "presswatch": dict(payload),
    }


def _mrkdwn(text: str) -> str:
    """Slack's three escapes, so a title with < or & cannot turn into a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_client(user_agent: str, timeout_s: float = WEBHOOK_TIMEOUT_S) -> httpx.Client:
    """One client for a check's webhooks: building one loads the CA certificates (~80 ms), once."""
    return httpx.Client(timeout=timeout_s, headers={"User-Agent": user_agent}, follow_redirects=False)


def post_webhook(client: httpx.Client, url: str, body: Mapping[str, Any]) -> None:
    """POST `body` as JSON to `url`; any answer but 2xx is a failure."""
    try:
        answer = client.post(url, json=dict(body))
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook {url}: {type(exc).__name__}: {exc}".splitlines()[0]) from None
    if not 200 <= answer.status_code < 300:
        raise DeliveryError(f"webhook {url}: HTTP {answer.status_code} {answer.text[:200]!r}".splitlines()[0])


def message(smtp: SmtpConfig, to: Sequence[str], subject: str, text: str, html: str | None = None) -> EmailMessage:
    """A plain-text e-mail, with an HTML alternative when given."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = smtp.sender, ", ".join(to), subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=smtp.sender.rsplit("@", 1)[-1])
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def send_mail(smtp: SmtpConfig | None, to: Sequence[str], subject: str, text: str, html: str | None = None) -> None:
    """Send through the [smtp] server: TLS from the start (`ssl`) or upgraded (`starttls`), and a login
    when `user` is set, with the password from the environment variable `password_env` names."""
    where = f"e-mail to {', '.join(to)}"
    if smtp is None:
        raise DeliveryError(f"{where}: no [smtp] table in the config to send through")
    if smtp.user and smtp.password is None:
        raise DeliveryError(f"{where}: [smtp] user is set but ${smtp.password_env or '(password_env unset)'} "
                            "holds no password")
    try:
        server: smtplib.SMTP
        if smtp.ssl:
            server = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_s,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
        with server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            server.send_message(message(smtp, to, subject, text, html))
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where} via {smtp.host}:{smtp.port}: {type(exc).__name__}: {exc}".splitlines()[0]) \
            from None


def alert_mail(event_name: str, rule: str, summary: str, payload: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, text) of one alert's e-mail."""
    lines = [summary, ""]
    if payload.get("url"):
        lines += [str(payload.get("title") or ""), str(payload["url"]), ""]
    lines += [f"Event: {event_name} ({payload.get('event')})", f"Rule: {rule} ({payload.get('kind')})", "",
              "Sent by Presswatch: `presswatch alerts list --event "
              f"{payload.get('event')}` lists every alert of this event."]
    subject = f"[Presswatch] {event_name}: {summary}"
    return (subject if len(subject) <= 150 else subject[:149] + "…"), "\n".join(lines)
