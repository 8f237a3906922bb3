"""A document in each format a customer may receive: HTML, PDF, Factur-X PDF, UBL XML."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ar.billing.document import Document
from ar.documents.message import Attachment

Format = Literal["html", "pdf", "facturx", "ubl"]
EXTENSIONS: dict[str, str] = {"html": "html", "pdf": "pdf", "facturx": "pdf", "ubl": "xml"}
MIME = {"html": "text/html", "pdf": "application/pdf", "xml": "application/xml"}


def render_bytes(root: Path, doc: Document, fmt: Format) -> bytes:
    """The document in one format; Factur-X and UBL are checked against their schemas."""
    from ar.documents.html import render_html

    if fmt == "ubl":
        from ar.documents.einvoice import ubl_xml

        return ubl_xml(doc)
    html = render_html(root, doc)
    if fmt == "html":
        return html.encode("utf-8")
    if fmt == "pdf":
        from ar.documents.pdf import html_to_pdf

        return html_to_pdf(html)
    from ar.documents.pdf import facturx_pdf

    return facturx_pdf(html, doc)


def attachments(root: Path, doc: Document, einvoice: str) -> list[Attachment]:
    """What goes with the e-mail: the PDF (Factur-X when asked), plus UBL XML when asked."""
    formats: list[Format] = ["facturx" if einvoice == "facturx" else "pdf"]
    if einvoice == "ubl":
        formats.append("ubl")
    return [
        Attachment(
            f"{doc.number}.{EXTENSIONS[fmt]}",
            render_bytes(root, doc, fmt),
            MIME[EXTENSIONS[fmt]],
        )
        for fmt in formats
    ]
