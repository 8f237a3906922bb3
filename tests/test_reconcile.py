"""Matching statement lines to open invoices: confidence, reasons, recording, idempotency."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ar.allocation import OpenItem
from ar.book import Book
from ar.errors import Source
from ar.reconcile.combine import combinations
from ar.reconcile.lines import BankLine
from ar.reconcile.match import reconcile
from ar.store.load import load_book
from tests.conftest import Result

Ledger = Callable[[dict[str, str]], Path]
Arl = Callable[..., Result]
Golden = Callable[[str, str], None]
DATA = Path(__file__).resolve().parent / "data"


def invoice(number: str, customer: str, date: str, price: str, po: str = "") -> str:
    return (
        f"number: {number}\ncustomer: {customer}\ndate: {date}\n"
        + (f"po: {po}\n" if po else "")
        + f"lines:\n  - description: Work\n    unit_price: {price}\n"
    )


BOOK = {
    "customers/ACME.yaml": "id: ACME\nname: Acme GmbH\nterms: 2/10 net 30\n",
    "customers/BETA.yaml": "id: BETA\nname: Beta AG\n",
    "customers/GAMMA.yaml": "id: GAMMA\nname: Gamma Ltd\n",
    "invoices/2026/INV-2026-0001.yaml": invoice("INV-2026-0001", "ACME", "2026-03-01", "1000.00"),
    "invoices/2026/INV-2026-0002.yaml": invoice(
        "INV-2026-0002", "BETA", "2026-03-02", "500.00", "PO-4711"
    ),
    "invoices/2026/INV-2026-0003.yaml": invoice("INV-2026-0003", "GAMMA", "2026-03-03", "120.00"),
    "invoices/2026/INV-2026-0004.yaml": invoice("INV-2026-0004", "GAMMA", "2026-03-04", "80.00"),
    "invoices/2026/INV-2026-0005.yaml": invoice("INV-2026-0005", "GAMMA", "2026-03-05", "33.00"),
}


def book_of(ledger: Ledger, extra: dict[str, str] | None = None) -> Book:
    loaded = load_book(ledger({**BOOK, **(extra or {})}))
    assert loaded.book is not None and loaded.problems == []
    return loaded.book


def line(amount: str, text: str = "", name: str = "", day: int = 20, ref: str = "") -> BankLine:
    source = Source("s.csv", day)
    return BankLine(
        source, dt.date(2026, 3, day), Decimal(amount), "EUR", text, name, ref or f"R{day}"
    )


def test_the_march_statement(ledger: Ledger, arl: Arl, golden: Golden) -> None:
    root = ledger(BOOK)
    result = arl(
        "-L", root, "reconcile", DATA / "camt053-march.xml", "--as-of", "2026-03-31", "-O", "csv"
    )
    assert result.code == 0, result.err
    golden("reconcile_march.csv", result.out.replace(str(DATA), "DATA"))
    rows = {int(r.split(",")[0]): r for r in result.out.splitlines()[1:]}
    assert "98,match,names INV-2026-0001; pays exactly what is due less 20.00 EUR early" in rows[30]
    assert "93,match,quotes the order number of INV-2026-0002" in rows[66]
    assert "INV-2026-0003 + INV-2026-0005 add up to the amount" in rows[71]
    assert "skipped" in rows[83] and "unmatched,payer not recognised" in rows[104]


def test_named_invoices_come_first(ledger: Ledger) -> None:
    book = book_of(ledger)
    partial, over = reconcile(
        book,
        [line("300.00", "inv-2026-0002 part 1", day=10), line("250.00", "INV 2026 0002", day=11)],
        dt.date(2026, 3, 31),
    )
    assert (partial.status, partial.confidence) == ("match", 80)
    assert partial.reason == "names INV-2026-0002; pays part (300.00 EUR of 500.00 EUR)"
    assert (over.status, over.confidence, over.unapplied) == ("match", 75, Decimal("50.00"))
    assert [(a.invoice, a.amount) for a in over.applied] == [("INV-2026-0002", Decimal("200.00"))]


def test_no_discount_after_the_deadline(ledger: Ledger) -> None:
    book = book_of(ledger)
    (late,) = reconcile(book, [line("980.00", "INV-2026-0001", day=20)], dt.date(2026, 3, 31))
    assert late.reason.endswith("pays part (980.00 EUR of 1000.00 EUR)")
    assert late.applied[0].discount == 0


def test_payer_and_exact_amount(ledger: Ledger) -> None:
    book = book_of(ledger)
    by_name, by_id = reconcile(
        book,
        [line("80.00", "thanks", "GAMMA LIMITED"), line("120.00", "customer GAMMA", "X", day=21)],
        dt.date(2026, 3, 31),
    )
    assert (by_name.confidence, by_name.customer) == (85, "GAMMA")
    assert by_name.reason == (
        "payer 'GAMMA LIMITED' is customer GAMMA; INV-2026-0004 is open for exactly this amount"
    )
    assert by_id.confidence == 90 and by_id.reason.startswith("customer id GAMMA in the text")


def test_two_lines_never_pay_one_invoice_twice(ledger: Ledger) -> None:
    book = book_of(ledger)
    first, second = reconcile(
        book,
        [line("80.00", "", "Gamma Ltd", day=10), line("80.00", "", "Gamma Ltd", day=11)],
        dt.date(2026, 3, 31),
    )
    assert first.status == "match" and second.status == "unmatched"
    assert "no open invoice or combination" in second.reason


def test_amount_alone_is_only_a_suggestion(ledger: Ledger) -> None:
    book = book_of(ledger)
    (guess,) = reconcile(book, [line("33.00", "", "Someone")], dt.date(2026, 3, 31))
    assert (guess.status, guess.confidence, guess.customer) == ("review", 50, "GAMMA")
    (taken,) = reconcile(book, [line("33.00", "", "Someone")], dt.date(2026, 3, 31), 40)
    assert taken.status == "match"


def test_already_recorded_lines_are_recognised(ledger: Ledger) -> None:
    paid = {
        "payments/2026/P-1.yaml": "id: P-1\ncustomer: GAMMA\ndate: 2026-03-20\namount: 80.00\n"
        "reference: R20\napply:\n  - invoice: INV-2026-0004\n    amount: 80.00\n"
    }
    book = book_of(ledger, paid)
    (done,) = reconcile(book, [line("80.00", "", "Gamma Ltd")], dt.date(2026, 3, 31))
    assert (done.status, done.reason, done.customer) == (
        "recorded",
        "already recorded as P-1",
        "GAMMA",
    )


def item(number: str, amount: str) -> OpenItem:
    day = dt.date(2026, 1, 1)
    return OpenItem(number, "C", "EUR", day, day, Decimal(amount), Decimal(amount), None)


def test_combinations_smallest_first_and_ambiguity_reported() -> None:
    items = [item("A", "10.00"), item("B", "20.00"), item("C", "30.00"), item("D", "40.00")]
    assert [[i.number for i in c] for c in combinations(items, Decimal("70.00"))] == [["C", "D"]]
    assert [[i.number for i in c] for c in combinations(items, Decimal("50.00"))] == [
        ["A", "D"],
        ["B", "C"],
    ]
    assert combinations(items, Decimal("1.00")) == []


def test_combinations_stay_bounded_for_many_invoices() -> None:
    items = [item(f"I{n}", f"{n}.01") for n in range(1, 400)]
    found = combinations(items, Decimal("999999.99"))
    assert found == []  # gives up within its budget instead of trying 2**400 sets


def test_record_writes_payments_and_a_second_run_writes_none(ledger: Ledger, arl: Arl) -> None:
    root = ledger(BOOK)
    statement = DATA / "camt053-march.xml"
    refused = arl("-L", root, "reconcile", statement, "--as-of", "2026-03-31", "--record")
    assert refused.code == 2 and "pass --yes to record without asking" in refused.err
    done = arl("-L", root, "reconcile", statement, "--as-of", "2026-03-31", "--record", "--yes")
    assert done.code == 0, done.err
    assert "recorded 3 payment(s)" in done.err
    text = (root / "payments/2026/PAY-2026-0001.yaml").read_text()
    assert text.startswith("# recorded from camt053-march.xml by arl reconcile, line 30\n")
    assert "reference: '2026030800001'" in text or "reference: 2026030800001" in text
    assert "  - invoice: INV-2026-0001\n    amount: 980.00\n    discount: 20.00\n" in text
    assert arl("-L", root, "check").code == 0
    rows = json.loads(
        arl("-L", root, "customer", "list", "-f", "json", "--as-of", "2026-03-31").out
    )
    assert {r["customer"]: r["open"] for r in rows["rows"]} == {
        "ACME": "0.00",
        "BETA": "0.00",
        "GAMMA": "80.00",
    }
    again = arl("-L", root, "reconcile", statement, "--as-of", "2026-03-31", "--record", "--yes")
    assert again.code == 0 and "nothing to record" in again.err
    assert len(list((root / "payments").rglob("*.yaml"))) == 3


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code", "written"), [("y\n", 0, 3), ("n\n", 130, 0)])
def test_a_person_at_a_terminal_is_asked(
    ledger: Ledger, arl: Arl, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, written: int
) -> None:
    root = ledger(BOOK)
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    result = arl(
        "-L", root, "reconcile", DATA / "camt053-march.xml", "--as-of", "2026-03-31", "--record"
    )
    assert result.code == code
    assert "Record 3 payment(s)?" in result.out
    assert len(list(root.rglob("payments/**/*.yaml"))) == written


def test_a_csv_statement_with_a_mapping(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    root = ledger(BOOK)
    statement = tmp_path / "konto.csv"
    statement.write_text(
        "Buchungstag;Auftraggeber;Verwendungszweck;Haben;Soll\n"
        "08.03.2026;ACME GmbH;RE INV-2026-0001;980,00;\n"
        "09.03.2026;Bank;Gebühren;;4,90\n"
    )
    mapping = "date=Buchungstag,name=Auftraggeber,text=Verwendungszweck,credit=Haben,debit=Soll"
    result = arl(
        "-L", root, "reconcile", statement, "--map", mapping, "--as-of", "2026-03-31", "-O", "json"
    )
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    assert [(r["line"], r["amount"], r["status"]) for r in rows] == [
        (2, "980.00", "match"),
        (3, "-4.90", "skipped"),
    ]
    bad = arl("-L", root, "reconcile", statement, "--map", "date=Verwendungszweck,credit=Haben")
    assert bad.code == 2 and "cannot tell the date format" in bad.err


def test_an_mt940_statement_is_recognised(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    from tests.test_statements import MT940

    root = ledger(BOOK)
    statement = tmp_path / "march.sta"
    statement.write_bytes(MT940.encode("latin-1"))
    result = arl("-L", root, "reconcile", statement, "--as-of", "2026-03-31", "-O", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    assert [(r["line"], r["status"], r["customer"]) for r in rows] == [
        (5, "match", "ACME"),
        (7, "skipped", None),
        (9, "match", "GAMMA"),
    ]
    wrong = arl("-L", root, "reconcile", statement, "--format", "camt053")
    assert wrong.code == 2 and "not well-formed XML" in wrong.err
