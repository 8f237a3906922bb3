"""Letters: rendered in the customer's locale, from the ledger's templates first, strictly."""

from __future__ import annotations

import datetime as dt
import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from ar.errors import ArlError
from ar.letters.compose import Renderer, compose
from ar.reminders import plan
from ar.store.load import load_book
from ar.templating import render, template_env
from tests.collections_book import collections_ledger, invoice_yaml

NOW = dt.datetime(2026, 2, 20, 7, 0, tzinfo=dt.UTC)


def book_at(root: Path, files: dict[str, str]) -> Renderer:
    collections_ledger(root, files)
    loaded = load_book(root)
    assert loaded.book is not None and not loaded.problems, loaded.problems
    return Renderer(root, loaded.book)


def first_letter(renderer: Renderer, as_of: str = "2026-02-20") -> EmailMessage:
    [letter] = plan(renderer.book, dt.date.fromisoformat(as_of)).letters
    mail = renderer.book.ledger.mail
    assert mail is not None
    raw = compose(renderer.render(letter), mail, NOW).as_bytes()
    message = email.message_from_bytes(raw, _class=EmailMessage, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


BIG = {"invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-10", "1234.56")}


def test_friendly_reminder_in_english_with_irish_amounts(tmp_path: Path) -> None:
    message = first_letter(book_at(tmp_path, BIG))
    assert message["Subject"] == "Reminder: €1,234.56 overdue to Muster GmbH"
    assert message["To"] == "ap@acme.example"
    assert message["From"] == "Muster Billing <billing@muster.example>"
    assert message["Reply-To"] == "ar@muster.example"
    assert message["Bcc"] is None
    assert message["Message-ID"] == "<20260220-ACME-EUR-L1-2a4d5877@muster.example>"
    assert message["Date"] == "Fri, 20 Feb 2026 07:00:00 +0000"
    text, html = parts(message)
    assert "INV-1           9 Feb 2026                11         €1,234.56" in text
    assert "IBAN DE89 3704 0044 0532 0130 00  BIC COBADEFFXXX" in text
    assert "Reference: INV-1" in text
    assert '<td style="padding: 4px 8px; text-align: right;">€1,234.56</td>' in html
    assert '<html lang="en">' in html


def test_german_customer_gets_the_german_letter_with_german_amounts(tmp_path: Path) -> None:
    files = {
        **BIG,
        "customers/ACME.yaml": "id: ACME\nname: Acme\nemail: a@x.example\nlocale: de_DE\n",
    }
    message = first_letter(book_at(tmp_path, files))
    text, html = parts(message)
    assert message["Subject"] == "Zahlungserinnerung: 1.234,56\xa0€ offen bei Muster GmbH"
    assert "INV-1           09.02.2026                11        1.234,56\xa0€" in text
    assert "Verwendungszweck: INV-1" in text
    assert '<html lang="de">' in html and "<th" in html and ">Fällig</th>" in html


def test_ledger_templates_override_built_ins_and_language_folders_win(tmp_path: Path) -> None:
    files = {
        **BIG,
        "templates/friendly.txt": "{% set subject = 'House style' %}{{ totals.to_pay|money }}\n",
        "templates/de/friendly.txt": "{% set subject = 'Zahlungserinnerung' %}Offen: "
        "{{ totals.to_pay|money }}\n",
    }
    message = first_letter(book_at(tmp_path / "en", files))
    assert message["Subject"] == "House style"
    assert parts(message)[0] == "€1,234.56\n"
    files["customers/ACME.yaml"] = "id: ACME\nname: Acme\nemail: a@x.example\nlocale: de_AT\n"
    german = first_letter(book_at(tmp_path / "de", files))
    assert german["Subject"] == "Zahlungserinnerung"
    assert parts(german)[0] == "Offen: €\xa01.234,56\n"  # Austria puts € first
    assert "<table" in parts(german)[1]  # no German HTML of its own: the built-in one


def test_a_missing_variable_fails_naming_the_template_file_and_line(tmp_path: Path) -> None:
    files = {**BIG, "templates/friendly.txt": "{% set subject = 'x' %}\nDear {{ customer.nmae }}\n"}
    with pytest.raises(ArlError, match=r"templates/friendly.txt:2: template error: .*nmae"):
        first_letter(book_at(tmp_path, files))


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    files = {**BIG, "templates/friendly.html": "<p>\n{% if %}\n"}
    with pytest.raises(ArlError, match=r"templates/friendly.html:2: template error"):
        first_letter(book_at(tmp_path, files))


def test_an_error_in_a_built_in_partial_is_named_too(tmp_path: Path) -> None:
    env = template_env(None)
    with pytest.raises(ArlError, match=r"built-in templates/_payment.txt:\d+: template error"):
        render(env, "_payment.txt", {})


def test_templates_run_sandboxed(tmp_path: Path) -> None:
    files = {
        **BIG,
        "templates/friendly.txt": "{% set subject = 'x' %}{{ ''.__class__.__mro__ }}\n",
    }
    with pytest.raises(ArlError, match=r"templates/friendly\.txt:1"):
        first_letter(book_at(tmp_path, files))


def test_a_template_without_subject_is_refused(tmp_path: Path) -> None:
    files = {**BIG, "templates/friendly.txt": "no subject here\n"}
    with pytest.raises(ArlError, match="sets no subject"):
        first_letter(book_at(tmp_path, files))


def test_an_unknown_template_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(ArlError, match=r"no template 'nothing\.txt'"):
        render(template_env(tmp_path), "nothing.txt", {})


def test_an_unknown_locale_names_the_customer_file(tmp_path: Path) -> None:
    files = {
        **BIG,
        "customers/ACME.yaml": "id: ACME\nname: Acme\nemail: a@x.example\nlocale: xx_QQ\n",
    }
    with pytest.raises(ArlError, match=r"customers/ACME.yaml:1: unknown locale 'xx_QQ'"):
        first_letter(book_at(tmp_path, files))


def test_final_notice_lists_fees_interest_and_compensation(tmp_path: Path) -> None:
    invoice = invoice_yaml("INV-1", "2026-01-01", "1000") + (
        "events:\n"
        "  - {date: 2026-02-07, type: reminder, level: 1}\n"
        "  - {date: 2026-02-21, type: reminder, level: 2}\n"
    )
    message = first_letter(book_at(tmp_path, {"invoices/2026/INV-1.yaml": invoice}), "2026-03-07")
    text, html = parts(message)
    assert message["Subject"].startswith("Final notice: €1,049.59")  # 1000 + 9.59 + 40
    assert "interest at 10% p.a." in text
    assert "late payment compensation" in text and "€40.00" in text
    assert "collection agency" in html


@pytest.mark.parametrize("locale", ["en_IE", "de_DE", "fr_FR"])
@pytest.mark.parametrize("template", ["pre_due", "friendly", "firm", "final"])
@pytest.mark.parametrize("with_bank", [True, False])
def test_every_built_in_letter_renders_with_charges_and_credit(
    tmp_path: Path, locale: str, template: str, with_bank: bool
) -> None:
    from dataclasses import replace
    from decimal import Decimal

    invoice = invoice_yaml("INV-1", "2026-01-01", "1000") + (
        "events:\n  - {date: 2026-02-07, type: reminder, level: 1}\n"
        "  - {date: 2026-02-21, type: reminder, level: 2}\n"
    )
    customer = f"id: ACME\nname: Acme\nemail: a@x.example\nlocale: {locale}\n"
    renderer = book_at(
        tmp_path, {"invoices/2026/INV-1.yaml": invoice, "customers/ACME.yaml": customer}
    )
    if not with_bank:
        ledger = renderer.book.ledger.model_copy(update={"payment": None})
        renderer = Renderer(renderer.root, replace(renderer.book, ledger=ledger))
    [letter] = plan(renderer.book, dt.date(2026, 3, 7)).letters
    rendered = renderer.render(replace(letter, template=template, unapplied=Decimal("10")))
    assert rendered.subject and "\n" not in rendered.subject
    assert "INV-1" in rendered.text and "INV-1" in rendered.html
    assert ("DE89 3704 0044 0532 0130 00" in rendered.text) is with_bank
    assert "Muster GmbH" in rendered.text and "</html>" in rendered.html
