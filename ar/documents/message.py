"""The e-mail that carries a document: text from `invoice-email.txt`, files attached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from ar.billing.document import Document
from ar.documents.html import context
from ar.documents.templates import render
from ar.errors import ArlError
from ar.mail.message import new_message
from ar.model.settings import Mail

TEMPLATE = "invoice-email.txt"


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime: str  # maintype/subtype


def compose(
    root: Path,
    doc: Document,
    mail: Mail,
    to: list[str],
    attachments: list[Attachment],
    key: str,
    now: dt.datetime,
) -> EmailMessage:
    """The message; the template's first line is `Subject: ...`, a blank line, then the body."""
    text = render(root, TEMPLATE, doc.locale, {**context(doc), "qr": None})
    head, _, body = text.partition("\n\n")
    if not head.startswith("Subject:"):
        raise ArlError(f"template {TEMPLATE} must start with a 'Subject:' line")
    message = new_message(mail, to, head.removeprefix("Subject:").strip(), key, now)
    message.set_content(body)
    for item in attachments:
        maintype, _, subtype = item.mime.partition("/")
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return message
