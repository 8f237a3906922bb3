"""VAT categories of EN 16931 (UNCL 5305), chosen from the rate and where seller and buyer are.

A line with a rate is standard-rated (S). A line without one is zero-rated at home (Z),
reverse charge to another EU country (AE), or an export outside the EU (G). Each category
other than S and Z must say why no VAT is charged, on the printed invoice and in the XML.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

Category = Literal["S", "Z", "AE", "G"]

EU = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)
# VAT numbers of Greece start with EL, of Northern Ireland with XI.
_PREFIX_COUNTRY = {"EL": "GR", "XI": "GB"}

EXEMPTIONS: dict[str, tuple[str, str]] = {
    "AE": ("VATEX-EU-AE", "Reverse charge"),
    "G": ("VATEX-EU-G", "Export outside the EU"),
}


def country_of(tax_id: str | None, locale: str | None) -> str | None:
    """A country from a VAT number's prefix (DE123...), else from a locale (de_AT -> AT)."""
    if tax_id and len(tax_id) > 2 and tax_id[:2].isalpha() and tax_id[:2].isupper():
        return _PREFIX_COUNTRY.get(tax_id[:2], tax_id[:2])
    if locale and "_" in locale:
        return locale.split("_", 1)[1]
    return None


def line_category(rate: Decimal, seller: str | None, buyer: str | None) -> Category:
    if rate > 0:
        return "S"
    if seller is None or buyer is None or buyer == seller:
        return "Z"
    return "AE" if seller in EU and buyer in EU else "G"
