"""A planned letter rendered from its templates and composed as a standard e-mail message.

Each letter template is a pair, `<name>.txt` and `<name>.html`; the text template sets the
subject with `{% set subject = ... %}`. The message is multipart/alternative (plain text
first, then HTML) with Message-ID, Date, From, To and Reply-To, ready for any SMTP server
and readable as an `.eml` file in any mail program.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from ar.book import Book
from ar.dunning import policy_for
from ar.errors import ArlError
from ar.letters.context import letter_context, locale_of
from ar.letters.formatting import filters, parse_locale
from ar.mail.message import new_message
from ar.model.settings import Mail
from ar.reminders import Letter
from ar.templating import TemplateEnvironment, render_module, template_env


@dataclass(frozen=True)
class Rendered:
    key: str
    subject: str
    text: str
    html: str
    to: tuple[str, ...]


class Renderer:
    """Renders letters for one ledger, with one template environment per locale."""

    def __init__(self, root: Path, book: Book) -> None:
        self.root, self.book = root, book
        self._envs: dict[str, TemplateEnvironment] = {}

    def env(self, locale: str, where: str) -> TemplateEnvironment:
        if locale not in self._envs:
            parsed = parse_locale(locale, where)
            self._envs[locale] = template_env(self.root, str(parsed), filters(parsed))
        return self._envs[locale]

    def render(self, letter: Letter) -> Rendered:
        customer = self.book.customers[letter.customer]
        where = str(customer.source) if customer.locale else str(self.book.ledger.source)
        locale = locale_of(customer, self.book)
        env = self.env(locale, where)
        policy = policy_for(customer, self.book.ledger)
        final = policy.levels[-1].level if policy and policy.levels else 0
        context: dict[str, Any] = letter_context(self.book, letter, final)
        context["language"] = locale.replace("-", "_").split("_")[0]
        text, exported = render_module(env, f"{letter.template}.txt", context)
        subject = _one_line(str(exported.get("subject", "")))
        if not subject:
            raise ArlError(
                f"template '{letter.template}.txt' sets no subject",
                "add {% set subject = '...' %} at its top",
            )
        html, _ = render_module(env, f"{letter.template}.html", {**context, "subject": subject})
        return Rendered(letter.key, subject, text, html, tuple(customer.email))


def _one_line(text: str) -> str:
    """A subject on one line: line breaks and runs of spaces become one space."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def compose(rendered: Rendered, mail: Mail, now: dt.datetime) -> EmailMessage:
    """The letter as multipart/alternative e-mail; Bcc stays out of the headers."""
    msg = new_message(mail, rendered.to, rendered.subject, rendered.key, now)
    msg["X-Arl-Letter"] = rendered.key
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    return msg
