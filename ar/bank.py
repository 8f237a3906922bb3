"""Bank details printed on letters: an IBAN is checked before any customer sees it."""

from __future__ import annotations


def iban_problem(text: str) -> str | None:
    """Why `text` is not a valid IBAN (country, length, checksum, bank code), or None."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        IBAN(text)
    except SchwiftyException as exc:
        return str(exc)
    return None


def format_iban(text: str) -> str:
    """The IBAN in groups of four, as printed on paper (`DE89 3704 0044 ...`)."""
    from schwifty import IBAN

    return str(IBAN(text).formatted)
