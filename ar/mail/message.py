"""The headers every message arl writes carries, whatever its body.

The Message-ID is made from the message's outbox key and the sender's domain, so it is
stable: when a delivery is in doubt, the recipient's mailbox or the server's log shows
whether that very message arrived. Bcc stays out of the headers; delivery adds it.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime

from ar.model.settings import Mail


def message_id(key: str, mail: Mail) -> str:
    """`<key@domain>`, with the sender's domain: stable, so a duplicate is recognisable."""
    domain = mail.sender.rpartition("@")[2].strip("> ") or "arl.invalid"
    return f"<{key}@{domain}>"


def new_message(
    mail: Mail, to: list[str] | tuple[str, ...], subject: str, key: str, now: dt.datetime
) -> EmailMessage:
    """An empty message with Subject, From, To, Reply-To, Date and Message-ID set."""
    msg = EmailMessage(policy=default)
    msg["Subject"] = subject
    msg["From"] = mail.sender
    msg["To"] = ", ".join(to)
    if mail.reply_to:
        msg["Reply-To"] = mail.reply_to
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(key, mail)
    return msg
