"""Invoices as customers receive them: PDF text, EPC QR code, Factur-X and UBL checked."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.documents import (
    CII_SCHEMATRON,
    UBL_SCHEMATRON,
    pdf_metadata,
    pdf_text,
    qr_payloads,
    schematron_failures,
)

Arl = Callable[..., Result]


def render(arl: Arl, demo: Path, number: str, fmt: str, tmp: Path) -> bytes:
    target = tmp / f"{number}.{fmt}"
    result = arl("-L", demo, "invoice", "render", number, "--format", fmt, "--output", target)
    assert result.code == 0, result.err
    return target.read_bytes()


def test_pdf_shows_parties_terms_lines_taxes_and_payment(
    arl: Arl, demo_copy: Path, tmp_path: Path
) -> None:
    text = pdf_text(render(arl, demo_copy, "INV-2026-0349", "pdf", tmp_path))
    for expected in [
        "Invoice",
        "Nordhafen Analytics GmbH",
        "VAT ID DE318420517",
        "Deltawerk AG",
        "INV-2026-0349",
        "17. November 2026",  # the customer's locale is de_DE
        "30. Dezember 2026",
        "Your order 4578943189",
        "Consulting, November 2026 (days)",
        "1.150,00 €",
        "575,00 €",
        "VAT 19% on 575,00 € 109,25 €",
        "Total due 684,25 €",
        "Payable 30 days after the end of the invoice month",
        "IBAN DE81 8605 5592 1090 0012 34",
        "BIC WELADE8LXXX",
        "RF29 INV2 0260 349",
        "Pay online: https://pay.nordhafen-analytics.example/invoice/",
        "INV-2026-0349?amount=684.25",
    ]:
        assert expected in text, expected


def test_early_payment_discount_is_spelled_out(arl: Arl, demo_copy: Path, tmp_path: Path) -> None:
    text = pdf_text(render(arl, demo_copy, "INV-2026-0323", "pdf", tmp_path))
    # 510.00 + 19 % = 606.90; 2 % off (12.14) within 10 days of 2 November.
    assert (
        "2 % discount if paid by 12. November 2026; then pay 594,76 € instead of 606,90 €" in text
    )


def test_reverse_charge_and_export_invoices_say_why_no_vat(
    arl: Arl, demo_copy: Path, tmp_path: Path
) -> None:
    lumiere = pdf_text(render(arl, demo_copy, "INV-2026-0339", "pdf", tmp_path))
    assert "VAT ID FR40512345678" in lumiere and "Reverse charge, no VAT" in lumiere
    assert "610,00 €" in lumiere  # fr_FR groups with a narrow space the PDF keeps
    thames = pdf_text(render(arl, demo_copy, "INV-2026-0344", "pdf", tmp_path))
    assert "Export outside the EU, no VAT" in thames and "£780.00" in thames
    assert "QR" not in thames  # no EPC QR code for GBP


def test_credit_note_renders_as_a_credit_note(arl: Arl, demo_copy: Path, tmp_path: Path) -> None:
    text = pdf_text(render(arl, demo_copy, "CN-2025-0001", "pdf", tmp_path))
    assert "Credit note" in text and "CREDIT TO" in text.upper()
    assert "Invoice INV-2025-0002" in text
    assert "Total credited" in text and "This credit is set against invoice INV-2025-0002" in text
    assert "Payment reference" not in text


def test_epc_qr_code_carries_the_transfer(arl: Arl, demo_copy: Path, tmp_path: Path) -> None:
    render(arl, demo_copy, "INV-2026-0349", "pdf", tmp_path)
    [payload] = qr_payloads(tmp_path / "INV-2026-0349.pdf")
    lines = payload.split("\n")
    # EPC069-12: service tag, version, character set, identification, BIC, name, IBAN,
    # amount, purpose, structured reference, (text) - at most 331 bytes.
    assert lines[:4] == ["BCD", "002", lines[2], "SCT"] and lines[2] in {"1", "2"}
    assert lines[4:8] == [
        "WELADE8LXXX",
        "Nordhafen Analytics GmbH",
        "DE81860555921090001234",
        "EUR684.25",
    ]
    assert lines[8] == "" and lines[9] == "RF29INV20260349"
    assert len(payload.encode("utf-8")) <= 331
    assert Decimal(lines[7][3:]) <= Decimal("999999999.99")


def test_facturx_pdf_embeds_valid_en16931_xml(arl: Arl, demo_copy: Path, tmp_path: Path) -> None:
    from facturx import get_facturx_xml_from_pdf, get_level, xml_check_xsd
    from lxml import etree

    data = render(arl, demo_copy, "INV-2026-0349", "facturx", tmp_path)
    name, xml = get_facturx_xml_from_pdf(data)
    assert name == "factur-x.xml"
    assert get_level(etree.fromstring(xml)) == "en16931"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert schematron_failures(xml, CII_SCHEMATRON) == []
    assert "pdfaid:part" in pdf_metadata(data) and "Total due 684,25" in pdf_text(data)


@pytest.mark.parametrize(
    ("number", "flavor"),
    [
        ("INV-2026-0338", "ubl-2.1-invoice"),  # reverse charge, Netherlands
        ("INV-2026-0343", "ubl-2.1-invoice"),  # USD export, two lines
        ("CN-2025-0001", "ubl-2.1-creditnote"),
        ("CN-2025-0002", "ubl-2.1-creditnote"),  # an amount, split at its invoice's rate
    ],
)
def test_ubl_is_valid_against_the_ubl_21_schema(
    arl: Arl, demo_copy: Path, tmp_path: Path, number: str, flavor: str
) -> None:
    from facturx import xml_check_xsd

    xml = render(arl, demo_copy, number, "ubl", tmp_path)
    assert xml_check_xsd(xml, flavor=flavor)
    assert b"urn:fdc:peppol.eu:2017:poacc:billing:3.0" in xml
    assert schematron_failures(xml, UBL_SCHEMATRON) == []


def test_a_ledger_template_overrides_the_built_in(
    arl: Arl, demo_copy: Path, tmp_path: Path
) -> None:
    (demo_copy / "templates").mkdir(exist_ok=True)
    (demo_copy / "templates" / "invoice.html").write_text("<p>Ours: {{ doc.number }}</p>")
    html = render(arl, demo_copy, "INV-2026-0349", "html", tmp_path)
    assert html.decode() == "<p>Ours: INV-2026-0349</p>"
    (demo_copy / "templates" / "invoice.html").write_text("<p>{{ doc.nothing }}</p>")
    result = arl("-L", demo_copy, "invoice", "render", "INV-2026-0349", "-f", "html", "-o", "-")
    assert result.code == 2 and "template invoice.html" in result.err and "nothing" in result.err


def test_unknown_number_and_missing_country_are_errors(
    arl: Arl, ledger: Callable[[dict[str, str]], Path]
) -> None:
    root = ledger(
        {
            "customers/C.yaml": "id: C\nname: C Ltd\n",
            "invoices/2026/A-1.yaml": """\
                number: A-1
                customer: C
                date: 2026-01-05
                lines:
                  - description: Work
                    unit_price: 10.00
                """,
        }
    )
    result = arl("-L", root, "invoice", "render", "A-2")
    assert result.code == 2 and "no invoice or credit note 'A-2'" in result.err
    result = arl("-L", root, "invoice", "render", "A-1", "-f", "ubl", "-o", "-")
    assert result.code == 2 and "has no country" in result.err


def test_regression_an_invoice_made_on_discount_terms_states_the_discount_pay_grants(
    arl: Arl, demo_copy: Path, tmp_path: Path
) -> None:
    """Reproducer: `invoice new` on 2/10 net 30 writes a due date, and the rendered invoice
    had no early-payment line (printed only without `due`), yet `pay` granted the discount."""
    import datetime as dt

    from ar.billing.document import invoice_document
    from ar.documents.message import compose
    from ar.store.load import load_book

    made = arl("-L", demo_copy, "invoice", "new", "ALPENGLAS", "--line", "Work;1;1000;19%",
               "--date", "2026-11-20", "-f", "json")  # fmt: skip
    assert made.code == 0, made.err
    number = "INV-2026-0352"
    html = " ".join(render(arl, demo_copy, number, "html", tmp_path).decode().split())
    assert "2 % discount if paid by 30. November 2026; then pay 1.166,20" in html
    ubl = render(arl, demo_copy, number, "ubl", tmp_path).decode()
    assert "2 % discount if paid by 2026-11-30 (1166.20 EUR)" in ubl
    book = load_book(demo_copy).book
    assert book is not None and book.ledger.mail is not None
    doc = invoice_document(book, number)
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    mail = compose(demo_copy, doc, book.ledger.mail, ["a@b.example"], [], "k", now)
    assert "Bei Zahlung bis 30. November 2026 begleichen 1.166,20" in str(mail.get_content())
    paid = arl("-L", demo_copy, "pay", "ALPENGLAS", "1166.20", "--apply", number,
               "--date", "2026-11-30", "-f", "json")  # fmt: skip
    assert '"discount": "23.80"' in paid.out


def test_regression_one_locale_rule_for_everything_a_customer_receives(
    arl: Arl, demo_copy: Path, tmp_path: Path
) -> None:
    """Reproducer: invoices ignored `locale: en_IE` in ledger.yaml (letters used it), and a
    de_DE customer's invoice e-mail came out in English with German dates."""
    customer = demo_copy / "customers/THAMES.yaml"
    customer.write_text(customer.read_text().replace("locale: en_GB\n", ""))
    ledger = demo_copy / "ledger.yaml"
    ledger.write_text(ledger.read_text() + "locale: en_IE\n")
    html = " ".join(render(arl, demo_copy, "INV-2026-0344", "html", tmp_path).decode().split())
    assert '<html lang="en">' in html and "2 November 2026" in html  # en_IE, not en's "November 2"
    (demo_copy / "templates/de").mkdir(parents=True)
    (demo_copy / "templates/de/statement.txt").write_text("Kontoauszug {{ customer.name }}\n")
    german = arl("-L", demo_copy, "statement", "ALPENGLAS", "--as-of", "2026-11-20")
    assert german.out == "Kontoauszug Alpenglas Manufaktur GmbH\n"
    english = arl("-L", demo_copy, "statement", "THAMES", "--as-of", "2026-11-20")
    assert english.out.startswith("Nordhafen Analytics GmbH\n")
