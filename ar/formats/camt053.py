"""ISO 20022 camt.053 bank-to-customer statements (any version, .001.02 to .001.13).

Only booked entries (`Sts` BOOK) count. An entry that batches several transactions
(`NtryDtls/TxDtls` each with its own amount) becomes one line per transaction, so a
collective credit of three customers' payments is matched payment by payment. The
remittance text gathers the unstructured lines (`Ustrd`), structured references
(creditor reference, referred document numbers), the end-to-end id and additional info.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from ar.errors import ArlError, Problem, Source
from ar.formats.xmltree import Node, parse_xml
from ar.reconcile.lines import BankLine, with_references

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053."


class EntryError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_camt053(data: bytes, name: str) -> tuple[list[BankLine], list[Problem]]:
    """Every booked line of every statement in the file, or the problems of bad entries."""
    root = parse_xml(data, name)
    if root.tag != "Document" or not root.namespace().startswith(NAMESPACE):
        found = root.namespace().rsplit(":", 1)[-1] or root.tag
        raise ArlError(
            f"{name}: not a camt.053 statement (found {found})",
            "ask the bank for the camt.053 (end of day statement), or pass --format",
        )
    statements = list(root.all("BkToCstmrStmt/Stmt"))
    if not statements:
        raise ArlError(f"{name}:{root.line}: the document holds no statement (Stmt)")
    lines: list[BankLine] = []
    problems: list[Problem] = []
    for statement in statements:
        currency = statement.text_of("Acct/Ccy")
        for entry in statement.all("Ntry"):
            try:
                lines.extend(_entry_lines(entry, name, currency))
            except EntryError as exc:
                problems.append(Problem(Source(name, exc.line), str(exc)))
    return with_references(lines), problems


def _entry_lines(entry: Node, name: str, currency: str) -> list[BankLine]:
    status = entry.text_of("Sts/Cd", "Sts")
    if status and status != "BOOK":
        return []
    amount, entry_currency = _amount(entry, entry.first("Amt"), _sign(entry))
    date = _date(entry)
    details = list(entry.all("NtryDtls/TxDtls"))
    split = len(details) > 1 and all(d.first("Amt", "AmtDtls/TxAmt/Amt") for d in details)
    common = entry.text_of("AddtlNtryInf")
    entry_ref = entry.text_of("AcctSvcrRef") or entry.text_of("NtryRef")
    if not split:
        tx = details[0] if details else None
        text = " ".join(filter(None, [_remittance(tx) if tx else "", common]))
        return [
            BankLine(
                Source(name, entry.line), date, amount, entry_currency or currency, text,
                _payer(tx), entry_ref or _tx_ref(tx), _account(tx),
            )
        ]  # fmt: skip
    out = []
    for index, tx in enumerate(details, 1):
        sign = _sign(tx) if tx.first("CdtDbtInd") else _sign(entry)
        tx_amount, tx_currency = _amount(tx, tx.first("Amt", "AmtDtls/TxAmt/Amt"), sign)
        reference = _tx_ref(tx) or (f"{entry_ref}/{index}" if entry_ref else "")
        text = " ".join(filter(None, [_remittance(tx), common]))
        out.append(
            BankLine(
                Source(name, tx.line), date, tx_amount, tx_currency or entry_currency or currency,
                text, _payer(tx), reference, _account(tx),
            )
        )  # fmt: skip
    return out


def _sign(node: Node) -> int:
    indicator = node.text_of("CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise EntryError(node.line, f"CdtDbtInd is '{indicator}', expected CRDT or DBIT")
    reversal = node.text_of("RvslInd").lower() == "true"
    return (1 if indicator == "CRDT" else -1) * (-1 if reversal else 1)


def _amount(owner: Node, node: Node | None, sign: int) -> tuple[Decimal, str]:
    if node is None:
        raise EntryError(owner.line, "entry has no amount (Amt)")
    try:
        value = Decimal(node.text.strip())
    except InvalidOperation:
        raise EntryError(node.line, f"amount '{node.text.strip()}' is not a number") from None
    if not value.is_finite() or value < 0:
        raise EntryError(node.line, f"amount '{node.text.strip()}' is not a positive number")
    return value * sign, node.attrs.get("Ccy", "")


def _date(entry: Node) -> dt.date:
    text = entry.text_of("BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm")
    if not text:
        raise EntryError(entry.line, "entry has no booking or value date")
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise EntryError(entry.line, f"date '{text}' is not an ISO date") from None


def _remittance(tx: Node) -> str:
    parts = [n.text.strip() for n in tx.all("RmtInf/Ustrd")]
    parts += [n.text.strip() for n in tx.all("RmtInf/Strd/CdtrRefInf/Ref")]
    parts += [n.text.strip() for n in tx.all("RmtInf/Strd/RfrdDocInf/Nb")]
    end_to_end = tx.text_of("Refs/EndToEndId")
    if end_to_end and end_to_end.upper() != "NOTPROVIDED":
        parts.append(end_to_end)
    parts.append(tx.text_of("AddtlTxInf"))
    return " ".join(p for p in parts if p)


def _payer(tx: Node | None) -> str:
    if tx is None:
        return ""
    return tx.text_of(
        "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm", "RltdPties/UltmtDbtr/Nm",
        "RltdPties/UltmtDbtr/Pty/Nm",
    )  # fmt: skip


def _account(tx: Node | None) -> str:
    if tx is None:
        return ""
    return tx.text_of("RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id")


def _tx_ref(tx: Node | None) -> str:
    return tx.text_of("Refs/AcctSvcrRef") if tx is not None else ""
