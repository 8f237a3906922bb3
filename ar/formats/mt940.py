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
_AMOUNT61 = re.compile(
    r":61:\d{6}(?:\d{4})?R?[CD][A-Z]?(?P<amount>\d{1,15},\d{0,2})[NSF][A-Z0-9]{3}", re.ASCII
)
"""A :61: line up to its amount, as SWIFT defines it: value date, optional entry date,
debit/credit mark, optional funds code, an amount of digits with one decimal comma, then
the transaction type. Anything else (`1e3,00`, `1.000,00`) is refused, not guessed at."""


def read_mt940(text: str, name: str) -> tuple[list[BankLine], list[Problem]]:
    import mt940

    # the library logs each field it cannot read to stderr; the one-line error says it all
    logging.getLogger("mt940").setLevel(logging.CRITICAL)
    starts = [text.count("\n", 0, m.start()) + 1 for m in _TAG61.finditer(text)]
    if not starts:
        raise ArlError(f"{name}: no MT940 statement lines (:61:) found", "is this an MT940 file?")
    amounts = _strict_amounts(text, starts, name)
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
    for line, amount, transaction in zip(starts, amounts, transactions, strict=True):
        found = _line(transaction.data, Source(name, line), currency)
        if abs(found.amount) != amount:
            raise ArlError(f"{name}:{line}: the amount of this :61: line reads two ways")
        lines.append(found)
    return with_references(lines), []


def _strict_amounts(text: str, starts: list[int], name: str) -> list[Decimal]:
    """Each :61: line's amount, read by the SWIFT rule alone (the library reads `1e3,00`
    as 1.00); a line that does not follow it is one line of error."""
    rows = text.split("\n")  # numbered as `starts` counts them
    amounts: list[Decimal] = []
    for line in starts:
        match = _AMOUNT61.match(rows[line - 1].strip())
        if match is None:
            raise ArlError(
                f"{name}:{line}: this :61: line does not read as date, D or C, and an amount "
                "like 1250,00",
                "the file may be damaged; ask the bank for it again",
            )
        amounts.append(Decimal(match.group("amount").replace(",", ".")))
    return amounts


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
