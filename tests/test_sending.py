"""Sending invoices: received on a local SMTP server, recorded once, never sent twice."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from ar.store.load import load_book
from tests.conftest import LEDGER_YAML, Result
from tests.documents import pdf_text
from tests.smtp import Inbox, mail_settings, smtp_server

Arl = Callable[..., Result]
__all__ = ["smtp_server"]

CUSTOMERS = {
    "customers/ACME.yaml": """\
        id: ACME
        name: Acme GmbH
        email: [ap@acme.example, boss@acme.example]
        address: |
          Hauptstraße 1
          10115 Berlin
        country: DE
        locale: de_DE
        """,
    "customers/PEPPOL.yaml": """\
        id: PEPPOL
        name: Peppol BV
        email: ap@peppol.example
        address: |
          Kade 2
          3011 AA Rotterdam
        tax_id: NL853210976B01
        einvoice: ubl
        """,
    "customers/FX.yaml": """\
        id: FX
        name: Factur SA
        email: compta@factur.example
        address: 3 rue Neuve\\n69002 Lyon
        tax_id: FR40512345678
        einvoice: facturx
        """,
    "customers/NOMAIL.yaml": "id: NOMAIL\nname: No Mail Ltd\n",
}


def _invoice(number: str, customer: str, day: str, price: str = "100.00") -> tuple[str, str]:
    return (
        f"invoices/2026/{number}.yaml",
        f"""\
        number: {number}
        customer: {customer}
        date: 2026-03-{day}
        lines:
          - description: Consulting
            quantity: 2
            unit_price: {price}
            tax_rate: 0.19
        """,
    )


def _book(make: Callable[[dict[str, str]], Path], port: int) -> Path:
    company = "company:\n  name: Test Co\n  tax_id: DE318420517\n  email: accounts@test.example\n"
    ledger = LEDGER_YAML.replace("company:\n  name: Test Co\n", company) + mail_settings(port)
    ledger += "payment:\n  iban: DE81860555921090001234\n  bic: WELADE8LXXX\n"
    invoices = dict(
        [
            _invoice("INV-1", "ACME", "02"),
            _invoice("INV-2", "PEPPOL", "03"),
            _invoice("INV-3", "FX", "04"),
            _invoice("INV-4", "NOMAIL", "05"),
        ]
    )
    return make({"ledger.yaml": ledger, **CUSTOMERS, **invoices})


def test_sent_invoice_arrives_with_its_pdf_and_is_recorded(
    arl: Arl, ledger: Callable[[dict[str, str]], Path], smtp_server: Inbox
) -> None:
    root = _book(ledger, smtp_server.port)
    result = arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-03")
    assert result.code == 0, result.err
    [(recipients, message)] = smtp_server.messages
    assert sorted(recipients) == ["ap@acme.example", "archive@test.example", "boss@acme.example"]
    assert message["Subject"] == "Rechnung INV-1 von Test Co"  # ACME's locale is de_DE
    assert "Bcc" not in message
    body = message.get_body(("plain",))
    assert body is not None and "über 238,00\xa0€, fällig am 1. April 2026" in body.get_content()
    [pdf] = list(message.iter_attachments())
    assert pdf.get_filename() == "INV-1.pdf" and pdf.get_content_type() == "application/pdf"
    assert "Total due 238,00 €" in pdf_text(pdf.get_content())
    book = load_book(root).book
    assert book is not None
    [event] = book.invoices["INV-1"].events
    assert (event.type, str(event.date)) == ("sent", "2026-03-03")
    assert (root / "outbox" / "sent" / "INV-1.eml").is_file()


def test_never_sent_twice_unless_resend(
    arl: Arl, ledger: Callable[[dict[str, str]], Path], smtp_server: Inbox
) -> None:
    root = _book(ledger, smtp_server.port)
    assert arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-03").code == 0
    again = arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-04")
    assert again.code == 1 and "already sent on 2026-03-03" in again.err
    assert len(smtp_server.messages) == 1
    resent = arl("-L", root, "invoice", "send", "INV-1", "--resend", "--as-of", "2026-03-05")
    assert resent.code == 0 and len(smtp_server.messages) == 2
    assert (root / "outbox" / "sent" / "INV-1-2.eml").is_file()


def test_einvoice_setting_chooses_the_attachments(
    arl: Arl, ledger: Callable[[dict[str, str]], Path], smtp_server: Inbox
) -> None:
    from facturx import get_facturx_xml_from_pdf, xml_check_xsd

    root = _book(ledger, smtp_server.port)
    result = arl("-L", root, "invoice", "send", "INV-2", "INV-3", "--as-of", "2026-03-05")
    assert result.code == 0, result.err
    by_customer = {m["To"]: m for _, m in smtp_server.messages}
    ubl = by_customer["ap@peppol.example"]
    names = {a.get_filename(): a.get_content() for a in ubl.iter_attachments()}
    assert set(names) == {"INV-2.pdf", "INV-2.xml"}
    assert xml_check_xsd(names["INV-2.xml"], flavor="ubl-2.1-invoice")
    [fx] = list(by_customer["compta@factur.example"].iter_attachments())
    _, xml = get_facturx_xml_from_pdf(io.BytesIO(fx.get_content()).read())
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")


def test_all_unsent_sends_open_invoices_and_names_the_rest(
    arl: Arl, ledger: Callable[[dict[str, str]], Path], smtp_server: Inbox
) -> None:
    root = _book(ledger, smtp_server.port)
    assert arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-05").code == 0
    result = arl("-L", root, "invoice", "send", "--all-unsent", "--as-of", "2026-03-06")
    assert result.code == 1  # INV-4's customer has no e-mail address
    assert "skipped INV-4: customer NOMAIL has no e-mail address" in result.err
    assert "queued INV-2" in result.out and "queued INV-3" in result.out
    assert "INV-1" not in result.out  # sent before
    assert len(smtp_server.messages) == 3


def test_failed_delivery_waits_in_the_outbox(
    arl: Arl, ledger: Callable[[dict[str, str]], Path]
) -> None:
    from tests.smtp import _free_port

    root = _book(ledger, _free_port())  # nothing listens there
    result = arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-03")
    assert result.code == 1 and "not delivered INV-1.eml" in result.err
    assert (root / "outbox" / "INV-1.eml").is_file()


def test_send_needs_numbers_or_all_unsent(arl: Arl, demo_copy: Path) -> None:
    result = arl("-L", demo_copy, "invoice", "send")
    assert result.code == 2 and "give invoice numbers or --all-unsent" in result.err


def test_arl_send_delivers_an_invoice_that_waited_in_the_outbox(
    arl: Arl, ledger: Callable[[dict[str, str]], Path], smtp_server: Inbox
) -> None:
    from tests.smtp import _free_port

    port = _free_port()
    root = _book(ledger, port)  # nothing listens there yet
    assert arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-03").code == 1
    assert "transient" in (root / "outbox" / "INV-1.failed").read_text()
    ledger_yaml = root / "ledger.yaml"
    text = ledger_yaml.read_text()
    ledger_yaml.write_text(text.replace(f"port: {port}\n", f"port: {smtp_server.port}\n"))
    result = arl("-L", root, "send")
    assert result.code == 0, result.err
    [(_, message)] = smtp_server.messages
    assert message["Message-ID"] == "<INV-1@test.example>"
    assert (root / "outbox" / "sent" / "INV-1.eml").is_file()


def test_a_crash_before_the_sent_event_is_completed_by_the_next_run(
    arl: Arl,
    ledger: Callable[[dict[str, str]], Path],
    smtp_server: Inbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ar.mail.queue as queue

    root = _book(ledger, smtp_server.port)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(queue, "append_events", crash)
        assert arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-03-03").code == 130
    assert (root / "outbox" / "INV-1.pending.json").is_file()
    result = arl("-L", root, "invoice", "send", "--all-unsent", "--as-of", "2026-03-06")
    assert "queued INV-1" not in result.out  # recorded as sent from the journal, not again
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert text.count("type: sent") == 1 and "message: INV-1.eml" in text
    assert (
        sum(m["To"] == "ap@acme.example, boss@acme.example" for _, m in smtp_server.messages) == 1
    )
