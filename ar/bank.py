"""Bank details as printed on letters (the IBAN itself is validated when ledger.yaml loads)."""

from __future__ import annotations


def format_iban(text: str) -> str:
    """The IBAN in groups of four, as printed on paper (`DE89 3704 0044 ...`)."""
    from schwifty import IBAN

    return str(IBAN(text).formatted)
