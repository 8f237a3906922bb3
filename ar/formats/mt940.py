"""SWIFT MT940 statements, parsed by the maintained `mt-940` library.

The information field (:86:) carries the remittance text. The library splits the German
structured form (`?20`..`?29` purpose, `?32`/`?33` payer name, `EREF+`) into fields;
SWIFT-style banks write `/REMI/` and `/ORDP//` or `/NAME/` codes, read here. Each :61:
line becomes one statement line, named by the line of its :61: tag in the file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal

from ar.errors import ArlError, Problem, Source
from ar.reconcile.lines import BankLine, with_references

_TAG61 = re.compile(r"^:61:", re.MULTILINE)
_NAME_CODE = re.compile(r"/(?:NAME|ORDP/)/([^/]*)")


def read_mt940(text: str, name: str) -> tuple[list[BankLine], list[Problem]]:
    import mt940

    # the library logs each field it cannot read to stderr; the one-line error says it all
    logging.getLogger("mt940").setLevel(logging.CRITICAL)
    starts = [text.count("\n", 0, m.start()) + 1 for m in _TAG61.finditer(text)]
    if not starts:
        raise ArlError(f"{name}: no MT940 statement lines (:61:) found", "is this an MT940 file?")
    try:
        transactions = mt940.parse(text)
    # the library reports a damaged field with whichever error its parser met first
    except (ValueError, KeyError, IndexError, RuntimeError, ArithmeticError) as exc:
        raise ArlError(f"{name}: not a readable MT940 statement ({_reason(exc)})") from None
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


def _reason(exc: Exception) -> str:
    """The library's error in a line: its RuntimeError carries (message, tag, value)."""
    if isinstance(exc, RuntimeError) and len(exc.args) == 3:
        tag, value = exc.args[1], " ".join(str(exc.args[2]).split())
        return f"field :{getattr(tag, 'id', '?')}: cannot be read from '{value[:40]}'"
    return str(exc) or type(exc).__name__


def _line(data: dict[str, object], source: Source, currency: str) -> BankLine:
    amount = data["amount"]
    value: Decimal = amount.amount  # type: ignore[attr-defined]
    booked = data.get("date")
    assert isinstance(booked, dt.date)
    details = " ".join(str(data.get("transaction_details") or "").split())
    named = _NAME_CODE.search(details)
    payer = str(data.get("applicant_name") or (named.group(1) if named else ""))
    texts = [data.get(k) for k in ("purpose", "additional_purpose", "end_to_end_reference")]
    texts += [details, data.get("extra_details")]
    text = " ".join(str(t) for t in texts if t and str(t).upper() != "NOTPROVIDED")
    reference = str(data.get("bank_reference") or "")
    customer_ref = str(data.get("customer_reference") or "")
    if not reference and customer_ref.upper() != "NONREF":
        reference = customer_ref
    return BankLine(
        source,
        dt.date(booked.year, booked.month, booked.day),
        value,
        str(getattr(amount, "currency", None) or currency),
        text,
        payer.strip(),
        reference,
    )
