"""Payment references: the ISO 11649 creditor reference ("RF" reference) of an invoice.

Banks carry a structured reference intact from payer to payee, so a receipt can be matched
to its invoice without reading free text. The reference is built from the invoice number's
letters and digits (at most 21 of them); a longer number has no RF form.
"""

from __future__ import annotations


def _mod97(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text)) % 97


def creditor_reference(number: str) -> str | None:
    """`RF` + two check digits + the number's letters and digits, or None if too long."""
    body = "".join(ch for ch in number.upper() if ch.isascii() and ch.isalnum())
    if not body or len(body) > 21:
        return None
    check = 98 - _mod97(body + "RF00")
    return f"RF{check:02d}{body}"


def is_creditor_reference(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    return (
        compact.startswith("RF") and len(compact) <= 25 and _mod97(compact[4:] + compact[:4]) == 1
    )


def grouped(reference: str) -> str:
    """Printed in groups of four, as on bank forms: RF18 5390 0754 7034."""
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))
