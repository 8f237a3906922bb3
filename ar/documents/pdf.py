"""PDF from the document's HTML (weasyprint), and Factur-X: PDF/A-3 with the CII XML inside."""

from __future__ import annotations

import logging

from ar.billing.document import Document
from ar.errors import ArlError


def html_to_pdf(html: str, *, archival: bool = False) -> bytes:
    """Lay out the HTML as PDF; `archival` makes PDF/A-3b, which Factur-X requires."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # the pango libraries are missing
        raise ArlError(
            f"cannot make PDF: {exc}", "install pango (Debian: libpango-1.0-0 libpangoft2-1.0-0)"
        ) from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    options = {"pdf_variant": "pdf/a-3b"} if archival else {}
    # The template is the ledger's own: it may ask for `file:///…` (embedded in the PDF
    # that is then mailed) or `http://…` (a request from the machine running arl). Only
    # `data:` URLs, which carry their content inline (the QR code), are fetched.
    inline = URLFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)
    try:
        pdf: bytes = HTML(string=html, url_fetcher=inline).write_pdf(**options)
    except FatalURLFetchingError as exc:
        asked = str(exc).removeprefix("Error fetching ")
        raise ArlError(
            f"the document asks for {_shortened(asked)}",
            "a document may only use data: URLs; nothing is read from files or fetched",
        ) from None
    return pdf


def _shortened(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def facturx_pdf(html: str, doc: Document) -> bytes:
    """A Factur-X (ZUGFeRD 2) PDF, EN 16931 profile: the printed invoice with its XML inside.

    factur-x checks the XML against the profile's schema before embedding it.
    """
    from facturx import generate_from_binary

    from ar.documents.einvoice import cii_xml

    xml = cii_xml(doc)
    title = f"{'Invoice' if doc.kind == 'invoice' else 'Credit note'} {doc.number}"
    pdf: bytes = generate_from_binary(
        html_to_pdf(html, archival=True),
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata={
            "author": doc.seller.name,
            "keywords": "Factur-X, invoice",
            "title": title,
            "subject": f"{title} to {doc.buyer.name}",
        },
        lang=doc.locale.replace("_", "-"),
    )
    return pdf
