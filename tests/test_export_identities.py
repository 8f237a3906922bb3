"""The journal exports add up the way the book does, checked by the real tools.

For several export dates, on the demo book and on a small book holding every kind of
movement: hledger, ledger-cli and bean-check accept the files with each customer's
balance asserted; the bank holds receipts less refunds; the tax account holds the VAT
invoiced less the VAT credited (as the credit-note documents show it); revenue is net of
credit notes; each customer's receivable and credit are what `arl aging` says.
"""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ar.billing.document import invoice_document
from ar.store.load import load_book
from tests.conftest import Result
from tests.test_walkthrough import walkthrough
from tests.tools import Balances, arl_balances, hledger_balances, hledger_totals, run, tool

Ledger = Callable[[dict[str, str]], Path]
Arl = Callable[..., Result]
Rows = list[dict[str, Any]]
PER_CUSTOMER = ("assets:receivable", "liabilities:customer-credit")


def line(description: str, price: str, tax: str = "") -> str:
    rate = f"\n    tax_rate: {tax}" if tax else ""
    return f"  - description: {description}\n    unit_price: {price}{rate}\n"


def invoice(number: str, customer: str, date: str, lines: str, events: str = "") -> str:
    text = f"number: {number}\ncustomer: {customer}\ndate: {date}\nlines:\n{lines}"
    return text + (f"events:\n{events}" if events else "")


def event(date: str, kind: str, amount: str = "", reason: str = "x", more: str = "") -> str:
    figure = f"    amount: {amount}\n" if amount else ""
    return f"  - date: {date}\n    type: {kind}\n{figure}    reason: {reason}\n{more}"


# Every kind of movement: VAT at one rate and at two, a discount, credit applied later, two
# refunds, credit notes as an amount (taxed and not), as lines and on account, a fee,
# interest, a write-off, a void, and a second currency.
EVERY_MOVEMENT = {
    "customers/ACME.yaml": "id: ACME\nname: Acme GmbH\nterms: 2/10 net 30\n",
    "customers/BETA.yaml": "id: BETA\nname: Beta Inc\ncurrency: USD\n",
    "customers/CAFE.yaml": "id: CAFE\nname: Cafe Noir\n",
    "invoices/2026/INV-1.yaml": invoice(
        "INV-1", "ACME", "2026-01-05", line("Work", "1000.00", "0.20") + line("Kit", "200", "0.20")
    ),
    "invoices/2026/INV-2.yaml": invoice(
        "INV-2",
        "ACME",
        "2026-01-20",
        line("Advice", "500.00"),
        event("2026-03-01", "fee", "10.00")
        + "  - date: 2026-03-15\n    type: interest\n    amount: 4.11\n    rate: 0.10\n"
        "    from: 2026-02-19\n    to: 2026-03-15\n",
    ),
    "invoices/2026/INV-3.yaml": invoice("INV-3", "BETA", "2026-02-01", line("Work", "300", "0.20")),
    "invoices/2026/INV-4.yaml": invoice(
        "INV-4",
        "CAFE",
        "2026-02-10",
        line("Beans", "200.00", "0.20"),
        event("2026-04-01", "write_off", "40.00"),
    ),
    "invoices/2026/INV-5.yaml": invoice(
        "INV-5",
        "CAFE",
        "2026-02-16",
        line("Cups", "100.00", "0.20"),
        event("2026-02-18", "fee", "5.00") + event("2026-02-20", "void"),
    ),
    "invoices/2026/INV-6.yaml": invoice(
        "INV-6", "CAFE", "2026-03-01", line("Mill", "100", "0.20") + line("Book", "50", "0.10")
    ),
    "payments/2026/P-1.yaml": "id: P-1\ncustomer: ACME\ndate: 2026-01-10\namount: 1411.20\n"
    "apply:\n  - invoice: INV-1\n    amount: 1411.20\n    discount: 28.80\n",
    "payments/2026/P-2.yaml": "id: P-2\ncustomer: ACME\ndate: 2026-03-20\namount: 700.00\n"
    "apply:\n  - invoice: INV-2\n    amount: 200.00\n"
    "  - invoice: INV-2\n    amount: 264.11\n    date: 2026-04-05\n"
    "refunds:\n  - date: 2026-03-25\n    amount: 100.00\n    method: bank\n",
    "payments/2026/P-3.yaml": "id: P-3\ncustomer: BETA\ndate: 2026-02-20\namount: 400\n"
    "apply:\n  - invoice: INV-3\n    amount: 300\n"
    "refunds:\n  - date: 2026-02-25\n    amount: 50\n",
    "payments/2026/P-4.yaml": "id: P-4\ncustomer: CAFE\ndate: 2026-02-25\namount: 100\n"
    "apply:\n  - invoice: INV-4\n    amount: 100\n",
    "credit-notes/2026/CN-1.yaml": "number: CN-1\ncustomer: ACME\ndate: 2026-02-01\n"
    "invoice: INV-2\namount: 50.00\n",
    "credit-notes/2026/CN-2.yaml": "number: CN-2\ncustomer: CAFE\ndate: 2026-03-05\nlines:\n"
    + line("Goodwill", "100.00", "0.20"),
    "credit-notes/2026/CN-3.yaml": "number: CN-3\ncustomer: BETA\ndate: 2026-03-01\n"
    "invoice: INV-3\namount: 50\n",
    "credit-notes/2026/CN-4.yaml": "number: CN-4\ncustomer: CAFE\ndate: 2026-03-10\n"
    "invoice: INV-6\namount: 35\n",
}
DATES = ("2026-01-05", "2026-01-31", "2026-02-22", "2026-03-22", "2026-04-30")
DEMO_DATES = ("2025-06-30", "2026-03-31", "2026-11-20")


def exported(arl: Arl, root: Path, target: str, as_of: str, folder: Path) -> Path:
    out = folder / f"{as_of}.{target}"
    result = arl("-L", root, "export", target, "--as-of", as_of, "-o", out)
    assert result.code == 0, result.err
    return out


def tools_accept(arl: Arl, root: Path, as_of: str, folder: Path) -> Path:
    """Each journal through its tool, every balance assertion checked; the hledger file."""
    journal = exported(arl, root, "hledger", as_of, folder)
    checked = run(tool("hledger"), "-f", journal, "check", "-s", "ordereddates")
    assert checked.returncode == 0, (as_of, checked.stderr)
    ledger = run(tool("ledger"), "-f", exported(arl, root, "ledger", as_of, folder), "bal")
    assert ledger.returncode == 0 and not ledger.stderr, (as_of, ledger.stderr)
    beancount = run(tool("bean-check"), exported(arl, root, "beancount", as_of, folder))
    assert beancount.returncode == 0, (as_of, beancount.stdout + beancount.stderr)
    return journal


def per_currency(rows: Iterable[dict[str, Any]], field: str, sign: int = 1) -> dict[str, Decimal]:
    found: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        found[row["currency"]] += sign * Decimal(row[field] or 0)
    return found


def credited_tax(root: Path, notes: Rows) -> list[dict[str, Any]]:
    """Each credit note's VAT as its document shows it to the customer."""
    book = load_book(root).book
    assert book is not None
    return [
        {"currency": n["currency"], "tax": invoice_document(book, n["number"]).tax_total}
        for n in notes
    ]


def expected_totals(root: Path, tables: dict[str, Rows]) -> Balances:
    """What every account other than the per-customer ones must hold, from the tables."""
    live = {r["number"] for r in tables["invoices"] if r["status"] != "void"}
    lines = [r for r in tables["lines"] if r["invoice"] in live]
    events = [r for r in tables["events"] if r["invoice"] in live]
    notes = tables["credit-notes"]
    credited = credited_tax(root, notes)
    parts = {
        "assets:bank": [
            per_currency(tables["payments"], "amount"),
            per_currency(tables["refunds"], "amount", -1),
        ],
        "liabilities:tax": [per_currency(lines, "tax", -1), per_currency(credited, "tax")],
        "revenue:sales": [per_currency(lines, "net", -1)],
        "revenue:returns": [per_currency(notes, "amount"), per_currency(credited, "tax", -1)],
        "expenses:discounts": [per_currency(tables["allocations"], "discount")],
        "expenses:bad-debts": [per_currency(kind(events, "write_off"), "amount")],
        "revenue:fees": [per_currency(kind(events, "fee"), "amount", -1)],
        "revenue:interest": [per_currency(kind(events, "interest"), "amount", -1)],
    }
    found: Balances = defaultdict(Decimal)
    for account, sums in parts.items():
        for sums_of in sums:
            for currency, amount in sums_of.items():
                found[account, currency] += amount
    return {key: amount for key, amount in found.items() if amount}


def kind(events: Rows, name: str) -> Rows:
    return [e for e in events if e["type"] == name]


def assert_identities(arl: Arl, root: Path, as_of: str, folder: Path) -> None:
    journal = tools_accept(arl, root, as_of, folder)
    tables = json.loads(arl("-L", root, "export", "json", "--as-of", as_of).out)
    totals = hledger_totals(journal)
    others = {k: v for k, v in totals.items() if not k[0].startswith(PER_CUSTOMER)}
    assert others == expected_totals(root, tables), as_of
    aging = json.loads(arl("-L", root, "aging", "-f", "json", "--as-of", as_of).out)["rows"]
    assert hledger_balances(journal, "assets:receivable") == arl_balances(aging, "total"), as_of
    credit = hledger_balances(journal, "liabilities:customer-credit")
    assert credit == arl_balances(aging, "unapplied", -1), as_of


@pytest.mark.parametrize("as_of", DATES)
def test_every_movement_adds_up_in_every_tool(
    ledger: Ledger, arl: Arl, tmp_path: Path, as_of: str
) -> None:
    root = ledger(EVERY_MOVEMENT)
    assert arl("-L", root, "check").code == 0
    assert_identities(arl, root, as_of, tmp_path)


def test_the_demo_book_adds_up_in_every_tool(demo_copy: Path, arl: Arl, tmp_path: Path) -> None:
    for as_of in DEMO_DATES:
        assert_identities(arl, demo_copy, as_of, tmp_path)


def test_the_small_book_holds_what_it_should(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    """The identities above, spelled out once in figures a person can check."""
    root = ledger(EVERY_MOVEMENT)
    totals = hledger_totals(tools_accept(arl, root, "2026-04-30", tmp_path))
    assert totals[("assets:bank", "EUR")] == Decimal("1411.20") + 700 - 100 + 100
    assert totals[("assets:bank", "USD")] == 400 - 50
    # VAT: INV-1 240, INV-4 40, INV-6 25 (INV-5 void); CN-2 credits 20, CN-3 (50 gross
    # against a 20 % invoice) 8.33, CN-4 (35 against INV-6, which grossed 120 at 20 % and
    # 55 at 10 %) 24 at 20 % and 11 at 10 %: 4 + 1.
    assert totals[("liabilities:tax", "EUR")] == -(240 + 40 + 25) + 20 + 4 + 1
    assert totals[("liabilities:tax", "USD")] == -60 + Decimal("8.33")
    assert totals[("revenue:returns", "USD")] == Decimal("41.67")
    assert totals[("liabilities:customer-credit:ACME", "EUR")] == Decimal("-135.89")


def test_the_walkthrough_refund_leaves_the_bank(tmp_path: Path, arl: Arl) -> None:
    """Regression: the README's day ends with a refund the journals had left out."""
    root = tmp_path / "books"
    arl("init", root)
    for words in walkthrough()[1:]:
        assert arl("-L", root, *words[1:]).code == 0, shlex.join(words)
    journal = tools_accept(arl, root, "2026-03-31", tmp_path)
    bank = hledger_totals(journal)[("assets:bank", "EUR")]
    assert bank == Decimal("1489.60") + 850 + 1000 + 600 - 100
    beancount = (tmp_path / "2026-03-31.beancount").read_text()
    assert "Refund from PAY-2026-0004 (REFUND-0317)" in beancount


def test_a_credit_note_reverses_its_vat(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    """Regression: a credit note on a 20 % invoice took its whole gross off revenue."""
    root = ledger(
        {
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "invoices/2026/INV-1.yaml": invoice(
                "INV-1", "ACME", "2026-03-02", line("Work", "500.00", "0.20")
            ),
            "credit-notes/2026/CN-1.yaml": "number: CN-1\ncustomer: ACME\ndate: 2026-03-10\n"
            "invoice: INV-1\namount: 120.00\n",
        }
    )
    totals = hledger_totals(tools_accept(arl, root, "2026-03-31", tmp_path))
    assert totals[("revenue:sales", "EUR")] == Decimal("-500.00")
    assert totals[("revenue:returns", "EUR")] == Decimal("100.00")
    assert totals[("liabilities:tax", "EUR")] == Decimal("-80.00")
    notes = arl("-L", root, "export", "csv", "--kind", "credit-notes", "--as-of", "2026-03-31")
    assert "CN-1,ACME,2026-03-10,EUR,INV-1,100.00,20.00,120.00," in notes.out


def test_an_amount_against_several_rates_is_shared_among_them() -> None:
    """Each rate gets its part of the gross by what it grossed on the invoice; the parts
    add up to the amount to the cent."""
    from ar.billing.credit_lines import credit_lines
    from ar.model import CreditNote, Invoice
    from ar.settlement import line_amounts

    lines = [{"description": "a", "unit_price": "100", "tax_rate": "0.20"}]
    lines += [{"description": "b", "unit_price": "50", "tax_rate": "0.10"}]
    bill = Invoice.model_validate(
        {"number": "INV-6", "customer": "C", "date": "2026-03-01", "lines": lines}
    )
    note = CreditNote.model_validate(
        {"number": "CN-4", "customer": "C", "date": "2026-03-10", "amount": "100.00"}
    )
    split = [line_amounts(line, "EUR") for line in credit_lines(note, bill, "EUR")]
    assert split == [
        (Decimal("57.14"), Decimal("11.43")),
        (Decimal("28.57"), Decimal("2.86")),
    ]
