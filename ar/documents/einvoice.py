"""Structured e-invoices (EN 16931) from a document: CII for Factur-X, UBL 2.1 for Peppol.

One data dictionary keyed by the standard's business terms (BT-1 invoice number, BG-25
lines...) feeds factur-x's generators for both syntaxes; each result is checked against
its XML schema before it leaves here. The amounts are the document's, to the cent.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ar.billing.document import Document, Party
from ar.billing.tax import EXEMPTIONS
from ar.errors import ArlError
from ar.money import format_amount

PEPPOL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
UNIT = "C62"  # UN/ECE rec. 20 "one": a unit of whatever the line sells
_POSTCODE_FIRST = re.compile(r"(?P<zip>\d[\dA-Z-]{2,9})\s+(?P<city>.+)")
_POSTCODE_LAST = re.compile(
    r"(?P<city>.+?),?\s+(?P<zip>[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]{2} \d{5})"
)


def _quiet() -> None:
    logging.getLogger("factur-x").setLevel(logging.ERROR)


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _percent(rate: Decimal) -> str:
    return _decimal(rate * 100)


def postal_address(party: Party, role: str) -> dict[str, str]:
    """Street lines, postcode, city and country from free-text address lines.

    The last line naming a postcode and a city ("04109 Leipzig", "Reading RG2 6GP") gives
    both; a line naming the country itself is dropped, as the country code says it.
    """
    if party.country is None:
        raise ArlError(
            f"the {role} {party.name} has no country, which an e-invoice needs",
            "add 'country: DE' (ISO code) or a tax_id with its country prefix",
        )
    lines = [ln for ln in party.address if not _names_country(ln, party.country)]
    result = {"country_code": party.country}
    if lines:
        last = lines[-1]
        found = _POSTCODE_FIRST.fullmatch(last) or _POSTCODE_LAST.fullmatch(last)
        if found:
            result.update(postcode=found["zip"], city=found["city"])
            lines = lines[:-1]
    for key, line in zip(("addr_l1", "addr_l2", "addr_l3"), lines, strict=False):
        result[key] = line
    return result


def _names_country(line: str, country: str) -> bool:
    from babel import Locale

    names = {Locale("en").territories.get(country, ""), country}
    return line.strip().lower() in {name.lower() for name in names if name}


def _party(party: Party, role: str) -> dict[str, Any]:
    result: dict[str, Any] = {"name": party.name, **postal_address(party, role)}
    if party.tax_id:
        result["vat_identifier"] = party.tax_id
    if party.email:
        result.update(einvoicing_addr=party.email, einvoicing_addr_schemeid="EM")
    return result


def data_dict(doc: Document) -> dict[str, Any]:
    """The document as factur-x's EN 16931 data dictionary."""

    def money(amount: Decimal) -> str:
        return format_amount(amount, doc.currency)

    data: dict[str, Any] = {
        "BT-1": doc.number,
        "BT-2": doc.date,
        "BT-3": "380" if doc.kind == "invoice" else "381",
        "BT-5": doc.currency,
        "BT-10": doc.po or doc.customer_id,
        "BT-72": doc.date,
        "BG-4": _party(doc.seller, "seller"),
        "BG-7": _party(doc.buyer, "customer"),
        "BG-23": [_tax_group(doc, i, money) for i in range(len(doc.taxes))],
        "BT-106": money(doc.net_total),
        "BT-109": money(doc.net_total),
        "BT-110": money(doc.tax_total),
        "BT-112": money(doc.net_total + doc.tax_total),
        "BT-115": money(doc.total),
        "BG-25": [_line(doc, i, money) for i in range(len(doc.lines))],
        **_payment(doc),
    }
    if doc.rounding:
        data["BT-114"] = money(doc.rounding)
    if doc.po:
        data["BT-13"] = doc.po
    notes = [n for n in (doc.notes, doc.reason) if n]
    if notes:
        data["BG-1"] = [{"BT-22": note} for note in notes]
    if doc.invoice_ref:
        data["BG-3"] = [{"BT-25": doc.invoice_ref[0], "BT-26": doc.invoice_ref[1]}]
    return data


def _tax_group(doc: Document, index: int, money: Callable[[Decimal], str]) -> dict[str, Any]:
    group = doc.taxes[index]
    result = {
        "BT-116": money(group.net),
        "BT-117": money(group.tax),
        "BT-118": group.category,
        "BT-119": _percent(group.rate),
    }
    if group.category in EXEMPTIONS:
        code, text = EXEMPTIONS[group.category]
        result.update({"BT-121": code, "BT-120": text})
    return result


def _line(doc: Document, index: int, money: Callable[[Decimal], str]) -> dict[str, Any]:
    """A line; a negative unit price (a discount line) becomes a negative quantity."""
    line = doc.lines[index]
    sign = -1 if line.unit_price < 0 else 1
    return {
        "BT-126": str(index + 1),
        "BT-129": _decimal(line.quantity * sign),
        "BT-130": UNIT,
        "BT-131": money(line.net),
        "BT-146": _decimal(line.unit_price * sign),
        "BT-151": line.category,
        "BT-152": _percent(line.tax_rate),
        "BT-153": line.description,
    }


def _payment(doc: Document) -> dict[str, Any]:
    """Due date, terms in words, and the bank account to pay into (invoices only)."""
    if doc.kind != "invoice":
        return {
            "BT-20": f"Credited to invoice {doc.invoice_ref[0]}"
            if doc.invoice_ref
            else "Credit on account"
        }
    result: dict[str, Any] = {"BT-9": doc.due, "BT-20": _terms_text(doc)}
    transfer = doc.transfer
    if transfer:
        result.update(
            {
                "BT-81": "58" if doc.currency == "EUR" else "30",
                "BT-83": transfer.reference or doc.number,
                "BT-84": transfer.account.iban,
                "BT-85": transfer.payee,
            }
        )
        if transfer.account.bic:
            result["BT-86"] = transfer.account.bic
    return result


def _terms_text(doc: Document) -> str:
    text = f"Payable by {doc.due}"
    if doc.terms:
        text = f"{doc.terms}: payable by {doc.due}"
    if doc.discount:
        text += (
            f"; {_decimal(doc.discount.percent)} % discount if paid by {doc.discount.until}"
            f" ({format_amount(doc.discount.pay, doc.currency)} {doc.currency})"
        )
    return text


def cii_xml(doc: Document) -> bytes:
    """Cross Industry Invoice XML at the Factur-X EN 16931 profile, schema-checked."""
    from facturx import generate_cii_xml

    _quiet()
    return _generated(
        lambda: generate_cii_xml(data_dict(doc), level="en16931", check_schematron=False)
    )


def ubl_xml(doc: Document) -> bytes:
    """UBL 2.1 Invoice or CreditNote following Peppol BIS Billing 3.0, schema-checked."""
    from facturx import generate_ubl_xml
    from lxml import etree

    _quiet()
    data = {**data_dict(doc), "BT-23": PEPPOL_PROFILE}
    xml = _generated(lambda: generate_ubl_xml(data, level="en16931", check_schematron=False))
    root = etree.fromstring(xml)
    for node in root.iter("{*}CustomizationID"):
        node.text = PEPPOL_CUSTOMIZATION
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out


def _generated(make: Callable[[], bytes]) -> bytes:
    try:
        xml: bytes = make()
    except Exception as exc:  # factur-x raises plain exceptions for schema failures
        raise ArlError(f"cannot make the e-invoice: {exc}") from None
    return xml
