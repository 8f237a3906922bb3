"""Delivering the outbox over SMTP, at most once per letter wherever that can be known.

Per letter: write `KEY.sending`, hand the message to the server, and on its "250 OK" move
the letter to `sent/`; on a refusal write `KEY.failed` with the server's reason. A letter
refused for a passing reason (network down, 4xx) is tried again by the next run; one refused
for good (5xx) only with `--retry`, after someone fixed the cause.

The one window no client can close: the server accepted the message and the process died
before moving it. The next run finds `KEY.sending` still there, does not send the letter
again, and reports it "in doubt" with its Message-ID, which the recipient's mailbox or the
server's log shows if it arrived; `arl send --retry` sends it again when it did not.
"""

from __future__ import annotations

import email
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from email.utils import getaddresses, parseaddr
from pathlib import Path

from ar.errors import ArlError
from ar.mail.outbox import Failure, Outbox
from ar.model.settings import Mail, Smtp
from ar.store.write import ledger_lock

TIMEOUT = 30


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, Failure]] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)  # not tried, and why
    withdrawn: list[tuple[str, str]] = field(default_factory=list)  # stale, never sent, why

    @property
    def ok(self) -> bool:
        return not self.failed and not self.held


Connect = Callable[[Smtp], smtplib.SMTP]


def connect(config: Smtp) -> smtplib.SMTP:
    """An SMTP session as the ledger asks: plain, STARTTLS or implicit TLS."""
    if config.security == "ssl":
        return smtplib.SMTP_SSL(
            config.host, config.port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    session = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
    if config.security == "starttls":
        session.starttls(context=ssl.create_default_context())
    return session


def require_tls(config: Smtp) -> None:
    """A login sends the password: only inside TLS, never in clear text over plain TCP.

    Checked before anything is queued or connected, so a pull request that turns TLS off
    cannot make the next cron run hand the password to whoever listens on the way.
    """
    if config.username and config.security == "none":
        raise ArlError(
            f"ledger.yaml: mail.smtp logs in as '{config.username}' without TLS",
            "set mail.smtp.security to starttls or ssl; a password never goes in clear text",
        )


def choose(outbox: Outbox, retry: bool, delivery: Delivery) -> list[str]:
    """Letters to hand over now; the rest are recorded in `delivery.held` with the reason."""
    chosen = []
    for key in outbox.waiting():
        failure = outbox.failure(key)
        if outbox.in_doubt(key) and not retry:
            delivery.held.append((key, "in doubt: the last run may have sent it"))
        elif failure and not failure.transient and not retry:
            delivery.held.append((key, f"refused earlier: {failure.reason}"))
        else:
            chosen.append(key)
    return chosen


Recheck = Callable[[Outbox], list[tuple[str, str]]]


def deliver(
    outbox: Outbox,
    mail: Mail,
    password: str | None,
    retry: bool = False,
    open_session: Connect = connect,
    recheck: Recheck | None = None,
) -> Delivery:
    """Send what waits in the outbox; every letter ends sent, failed (with reason), held,
    or withdrawn by `recheck` (`ar.mail.recheck`) because the book no longer supports it."""
    delivery = Delivery()
    if recheck is not None:
        delivery.withdrawn = recheck(outbox)
    keys = choose(outbox, retry, delivery)
    if not keys:
        return delivery
    assert mail.smtp is not None
    require_tls(mail.smtp)
    try:
        session = open_session(mail.smtp)
        if mail.smtp.username:
            session.login(mail.smtp.username, password or "")
    except OSError as exc:  # no session (SMTPException is an OSError): no letter was refused
        for key in keys:
            _fail(outbox, delivery, key, Failure(failure_of(exc).reason, transient=True))
        return delivery
    try:
        for index, key in enumerate(keys):
            failure = _send_one(outbox, session, key, mail)
            if failure is None:
                delivery.sent.append(key)
                continue
            _fail(outbox, delivery, key, failure)
            if isinstance(failure, _Broken):  # the connection is gone: the rest wait
                for rest in keys[index + 1 :]:
                    _fail(outbox, delivery, rest, Failure(failure.reason, True))
                break
    finally:
        _quit(session)
    return delivery


def deliver_outbox(
    root: Path,
    mail: Mail,
    password: str | None,
    retry: bool = False,
    recheck: Recheck | None = None,
) -> Delivery:
    """`deliver` under the ledger's lock, so two runs never hand one letter over twice."""
    with ledger_lock(root):
        return deliver(Outbox(root), mail, password, retry, recheck=recheck)


class _Broken(Failure):
    """The connection itself failed, not just this message."""


def _send_one(outbox: Outbox, session: smtplib.SMTP, key: str, mail: Mail) -> Failure | None:
    message = email.message_from_bytes(outbox.read_letter(key), _class=EmailMessage, policy=default)
    recipients = [addr for _, addr in getaddresses(message.get_all("To", []))]
    if mail.bcc:
        recipients += [addr for _, addr in getaddresses([mail.bcc])]
    outbox.mark_sending(key)
    try:
        session.send_message(message, from_addr=parseaddr(mail.sender)[1], to_addrs=recipients)
    except smtplib.SMTPServerDisconnected as exc:
        return _Broken(failure_of(exc).reason, True)
    except smtplib.SMTPException as exc:  # the server answered: its reason is in exc
        return failure_of(exc)
    except OSError as exc:  # the network failed mid-way (SMTPException is an OSError too)
        return _Broken(failure_of(exc).reason, True)
    outbox.mark_sent(key)
    return None


def failure_of(exc: BaseException) -> Failure:
    """The server's reason for a refusal (code and text), and whether trying later may help."""
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (550, b"recipients refused"))
    if code is None:
        return Failure(f"{type(exc).__name__}: {exc}", True)
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return Failure(f"{code} {shown}", 400 <= int(code) < 500)


def _fail(outbox: Outbox, delivery: Delivery, key: str, failure: Failure) -> None:
    outbox.mark_failed(key, Failure(failure.reason, failure.transient))
    delivery.failed.append((key, failure))


def _quit(session: smtplib.SMTP) -> None:
    try:
        session.quit()
    except (OSError, smtplib.SMTPException):
        session.close()
