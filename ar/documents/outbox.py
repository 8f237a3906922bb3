"""The outbox: e-mails written to `outbox/` first, then delivered over SMTP.

A message is kept as an .eml file before anything is sent, so a failed delivery loses
nothing: the file waits in `outbox/` for the next delivery, and moves to `outbox/sent/`
once the server has accepted it. The SMTP password comes from $ARL_SMTP_PASSWORD only.
"""

from __future__ import annotations

import email
import email.policy
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ar.errors import ArlError
from ar.model.settings import Mail
from ar.store.write import atomic_write

OUTBOX = "outbox"
SENT = "sent"


def queue(root: Path, stem: str, message: EmailMessage) -> Path:
    """Write the message to outbox/<stem>.eml (or <stem>-2.eml... if that name was sent).

    A message for the same document still waiting is replaced, not joined by a second: a
    run killed after queueing and before recording `sent` must not make the next run send
    the invoice twice.
    """
    folder = root / OUTBOX
    path, count = folder / f"{stem}.eml", 1
    while (folder / SENT / path.name).exists():
        count += 1
        path = folder / f"{stem}-{count}.eml"
    atomic_write(path, message.as_string())
    return path


@dataclass(frozen=True)
class Delivery:
    path: Path
    error: str | None = None


def deliver(
    root: Path, mail: Mail | None, password: str | None, paths: list[Path]
) -> list[Delivery]:
    """Send each queued message; what the server accepted moves to outbox/sent/."""
    if not paths:
        return []
    if mail is None or mail.smtp is None:
        raise ArlError("ledger.yaml has no mail.smtp server", "add mail: {from, smtp: {host}}")
    results = []
    try:
        with _connect(mail, password) as server:
            for path in paths:
                results.append(_send_one(root, server, path))
    except (OSError, smtplib.SMTPException) as exc:
        done = {r.path for r in results}
        results += [Delivery(p, f"cannot deliver: {exc}") for p in paths if p not in done]
    return results


def _connect(mail: Mail, password: str | None) -> smtplib.SMTP:
    smtp = mail.smtp
    assert smtp is not None
    server: smtplib.SMTP
    if smtp.security == "ssl":
        server = smtplib.SMTP_SSL(smtp.host, smtp.port, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=60)
        if smtp.security == "starttls":
            server.starttls(context=ssl.create_default_context())
    if smtp.username:
        if not password:
            server.close()
            raise ArlError("mail.smtp.username is set but $ARL_SMTP_PASSWORD is not")
        server.login(smtp.username, password)
    return server


def _send_one(root: Path, server: smtplib.SMTP, path: Path) -> Delivery:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    try:
        server.send_message(message)  # Bcc recipients get it; the header is not sent
    except smtplib.SMTPException as exc:
        return Delivery(path, str(exc))
    sent = root / OUTBOX / SENT / path.name
    sent.parent.mkdir(parents=True, exist_ok=True)
    path.replace(sent)
    return Delivery(sent)
