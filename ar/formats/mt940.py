"""SWIFT MT940 statements, parsed by the maintained `mt-940` library.

The purpose field (:86:) carries the remittance text; German banks structure it in
`?20`..`?29` (purpose) and `?32`/`?33` (payer name) subfields, SWIFT-style banks in
`/REMI/` and `/ORDP//` or `/NAME/` codes. Each :61: line becomes one statement line,
named by the line of its :61: tag in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ar.errors import ArlError, Problem, Source
from ar.reconcile.lines import BankLine, with_references

_TAG61 = re.compile(r"^:61:", re.MULTILINE)
_SUBFIELD = re.compile(r"\?(\d\d)([^?]*)")
_NAME_CODE = re.compile(r"/(?:NAME|ORDP/)/([^/]*)")


def read_mt940(text: str, name: str) -> tuple[list[BankLine], list[Problem]]:
    import mt940

    starts = [text.count("\n", 0, m.start()) + 1 for m in _TAG61.finditer(text)]
    if not starts:
        raise ArlError(f"{name}: no MT940 statement lines (:61:) found", "is this an MT940 file?")
    try:
        transactions = mt940.parse(text)
    except (ValueError, KeyError, IndexError) as exc:
        raise ArlError(f"{name}: not a readable MT940 statement ({exc})") from None
    if len(transactions) != len(starts):
        raise ArlError(
            f"{name}: read {len(transactions)} transactions from {len(starts)} :61: lines",
            "the file may be damaged; ask the bank for it again",
        )
    currency = str(transactions.data.get("currency") or "")
    lines: list[BankLine] = []
    for line, transaction in zip(starts, transactions, strict=True):
        lines.append(_line(transaction.data, Source(name, line), currency))
    return with_references(lines), []


def _line(data: dict[str, object], source: Source, currency: str) -> BankLine:
    amount = data["amount"]
    value: Decimal = amount.amount  # type: ignore[attr-defined]
    booked = data.get("date")
    assert isinstance(booked, dt.date)
    details = str(data.get("transaction_details") or "")
    extra = str(data.get("extra_details") or "")
    payer, purpose = _split_details(details)
    reference = str(data.get("bank_reference") or "")
    customer_ref = str(data.get("customer_reference") or "")
    if not reference and customer_ref.upper() != "NONREF":
        reference = customer_ref
    return BankLine(
        source,
        dt.date(booked.year, booked.month, booked.day),
        value,
        str(getattr(amount, "currency", None) or currency),
        " ".join(filter(None, [purpose, extra])),
        payer,
        reference,
    )


def _split_details(details: str) -> tuple[str, str]:
    """The payer's name and the purpose text of a :86: field."""
    flat = details.replace("\n", "")
    fields = _SUBFIELD.findall(flat)
    if fields:
        purpose = "".join(v for k, v in fields if "20" <= k <= "29" or "60" <= k <= "63")
        payer = " ".join(v for k, v in fields if k in ("32", "33")).strip()
        return payer, purpose.strip()
    named = _NAME_CODE.search(flat)
    return (named.group(1).strip() if named else ""), " ".join(details.split())
