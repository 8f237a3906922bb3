"""An invoice or credit note as HTML, from the `invoice.html` template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ar.billing.document import Document, Transfer
from ar.billing.reference import grouped
from ar.billing.tax import EXEMPTIONS
from ar.documents.templates import render

TEMPLATE = "invoice.html"


def epc_qr_svg(transfer: Transfer) -> str:
    """The EPC069-12 ("GiroCode") QR code of a SEPA credit transfer, as an SVG data URI.

    Banking apps read payee, IBAN, BIC, amount and reference from it; error correction
    level M as the guidelines ask.
    """
    import segno.helpers

    qr = segno.helpers.make_epc_qr(
        name=transfer.payee[:70],
        iban=transfer.account.iban,
        amount=transfer.amount,
        reference=transfer.reference,
        text=None if transfer.reference else transfer.text,
        bic=transfer.account.bic,
    )
    data_uri: str = qr.svg_data_uri(scale=4, border=2)
    return data_uri


def context(doc: Document) -> dict[str, Any]:
    transfer = doc.transfer
    return {
        "doc": doc,
        "title": "Invoice" if doc.kind == "invoice" else "Credit note",
        "qr": epc_qr_svg(transfer) if transfer and transfer.qr else None,
        "reference": grouped(transfer.reference) if transfer and transfer.reference else None,
        "iban": grouped(transfer.account.iban) if transfer else None,
        "exemptions": EXEMPTIONS,
    }


def render_html(root: Path, doc: Document) -> str:
    """The document's HTML, from the ledger's own template when it has one."""
    return render(root, TEMPLATE, doc.locale, context(doc))
