"""A small book in a real git repository, and the changes the review tests make to it.

The base book closes its first quarter (`locked_until: 2026-03-31`). Each change is made on
its own branch `change`, committed, and left checked out.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.gitrepo import Repo

LEDGER = """\
company:
  name: Test Co
currency: EUR
invoice_number: INV-{year}-{seq:04d}
terms:
  net14:
    days: 14
  net30:
    days: 30
default_terms: net30
locked_until: 2026-03-31
"""


def invoice(number: str, customer: str, date: str, price: str, *extra: str) -> str:
    lines = [
        f"number: {number}",
        f"customer: {customer}",
        f"date: {date}",
        "lines:",
        "  - description: Consulting",
        f"    unit_price: {price}",
        *extra,
    ]
    return "\n".join(lines) + "\n"


BASE = {
    "ledger.yaml": LEDGER,
    "customers/ACME.yaml": "id: ACME\nname: Acme Ltd\ncredit_limit: 5000\n",
    "customers/BETA.yaml": "id: BETA\nname: Beta Inc\ncurrency: USD\n",
    "invoices/2026/INV-2026-0001.yaml": invoice(
        "INV-2026-0001", "ACME", "2026-01-15", "1000", "    tax_rate: 0.19"
    ),
    "invoices/2026/INV-2026-0002.yaml": invoice("INV-2026-0002", "BETA", "2026-02-10", "2000"),
    "invoices/2026/INV-2026-0003.yaml": invoice(
        "INV-2026-0003",
        "ACME",
        "2026-04-10",
        "500",
        "events:",
        "  - date: 2026-05-20",
        "    type: reminder",
        "    level: 1",
    ),
    "invoices/2026/INV-2026-0004.yaml": invoice("INV-2026-0004", "ACME", "2026-06-01", "800"),
    "invoices/2026/INV-2026-0005.yaml": invoice("INV-2026-0005", "BETA", "2026-06-20", "300"),
    "invoices/2026/INV-2026-0006.yaml": invoice("INV-2026-0006", "ACME", "2026-07-01", "250"),
    "payments/2026/PAY-2026-0001.yaml": """\
        id: PAY-2026-0001
        customer: ACME
        date: 2026-02-14
        amount: 1190.00
        apply:
          - invoice: INV-2026-0001
            amount: 1190.00
        """,
    "payments/2026/PAY-2026-0002.yaml": """\
        id: PAY-2026-0002
        customer: BETA
        date: 2026-05-01
        amount: 1200.00
        apply:
          - invoice: INV-2026-0002
            amount: 1000.00
        """,
}


BASE = {name: textwrap.dedent(text) for name, text in BASE.items()}


def base_repo(path: Path, ledger: str = "") -> Repo:
    """The base book committed on main."""
    repo = Repo(path, ledger)
    repo.commit("The book so far", BASE)
    return repo


def on_branch(repo: Repo, name: str = "change") -> Repo:
    repo.git("checkout", "-q", "-b", name)
    return repo


def adds(repo: Repo) -> None:
    """New invoices, payments and a credit note: business as usual, nothing to warn about."""
    on_branch(repo).commit(
        "November invoices and receipts",
        {
            "invoices/2026/INV-2026-0007.yaml": invoice(
                "INV-2026-0007", "ACME", "2026-11-02", "1200", "    tax_rate: 0.19"
            ),
            "invoices/2026/INV-2026-0008.yaml": invoice(
                "INV-2026-0008", "BETA", "2026-11-05", "3000"
            ),
            "payments/2026/PAY-2026-0003.yaml": """\
                id: PAY-2026-0003
                customer: ACME
                date: 2026-11-18
                amount: 1300.00
                reference: INV-2026-0004 INV-2026-0003
                apply:
                  - invoice: INV-2026-0004
                    amount: 800.00
                  - invoice: INV-2026-0003
                    amount: 500.00
                """,
            "payments/2026/PAY-2026-0004.yaml": """\
                id: PAY-2026-0004
                customer: BETA
                date: 2026-11-19
                amount: 1500.00
                apply:
                  - invoice: INV-2026-0002
                    amount: 1000.00
                """,
            "credit-notes/2026/CN-2026-0001.yaml": """\
                number: CN-2026-0001
                customer: ACME
                date: 2026-11-10
                amount: 100.00
                invoice: INV-2026-0007
                reason: Two hours billed twice
                """,
        },
    )


def collections(repo: Repo) -> None:
    """Events of collections, customers' terms, limits and holds, and the next quarter closed
    (with a dispute inside it recorded in the same change)."""
    three = BASE["invoices/2026/INV-2026-0003.yaml"] + (
        "  - date: 2026-06-15\n    type: dispute\n    reason: Quantity disputed\n"
        "  - date: 2026-07-01\n    type: dispute_resolved\n    note: Agreed on the phone\n"
    )
    four = (
        BASE["invoices/2026/INV-2026-0004.yaml"]
        + """\
events:
  - date: 2026-07-08
    type: reminder
    level: 1
    letter: L-ACME-1
  - date: 2026-07-22
    type: fee
    amount: 5.00
    reason: Reminder fee
  - date: 2026-07-22
    type: interest
    amount: 4.14
    rate: 0.09
    from: 2026-07-01
    to: 2026-07-22
  - date: 2026-08-01
    type: promise
    amount: 400.00
    by: 2026-08-15
  - date: 2026-10-01
    type: write_off
    amount: 50.00
    reason: Small balance
"""
    )
    six = BASE["invoices/2026/INV-2026-0006.yaml"] + (
        "events:\n  - date: 2026-07-05\n    type: void\n    reason: Issued twice\n"
    )
    pay = BASE["payments/2026/PAY-2026-0002.yaml"] + (
        "  - invoice: INV-2026-0005\n    amount: 200.00\n    date: 2026-07-02\n"
    )
    on_branch(repo).commit(
        "Collections for the summer; second quarter closed",
        {
            "ledger.yaml": LEDGER.replace("2026-03-31", "2026-06-30"),
            "customers/ACME.yaml": "id: ACME\nname: Acme Ltd\ncredit_limit: 8000\nterms: net14\n",
            "customers/BETA.yaml": "id: BETA\nname: Beta Inc\ncurrency: USD\nhold: true\n",
            "customers/GAMMA.yaml": "id: GAMMA\nname: Gamma GmbH\nemail: ap@gamma.example\n",
            "invoices/2026/INV-2026-0003.yaml": three,
            "invoices/2026/INV-2026-0004.yaml": four,
            "invoices/2026/INV-2026-0006.yaml": six,
            "payments/2026/PAY-2026-0002.yaml": pay,
        },
    )


def edit(repo: Repo) -> None:
    """An issued invoice's price edited in place; another one's wording only."""
    three = BASE["invoices/2026/INV-2026-0003.yaml"].replace("500", "450")
    four = BASE["invoices/2026/INV-2026-0004.yaml"].replace("Consulting", "Consulting, June")
    on_branch(repo).commit(
        "Lower the price of INV-2026-0003",
        {"invoices/2026/INV-2026-0003.yaml": three, "invoices/2026/INV-2026-0004.yaml": four},
    )


def backdate(repo: Repo) -> None:
    """A payment moved back into the closed first quarter, and a new one dated its last day."""
    two = BASE["payments/2026/PAY-2026-0002.yaml"].replace("2026-05-01", "2026-03-25")
    on_branch(repo).commit(
        "Receipts of March",
        {
            "payments/2026/PAY-2026-0002.yaml": two,
            "payments/2026/PAY-2026-0003.yaml": """\
                id: PAY-2026-0003
                customer: ACME
                date: 2026-03-31
                amount: 75.00
                reference: bank charges refund
                """,
        },
    )


def delete(repo: Repo) -> None:
    """An issued invoice's file deleted."""
    on_branch(repo)
    repo.remove("invoices/2026/INV-2026-0003.yaml")
    repo.commit("Remove INV-2026-0003")


def reallocate(repo: Repo) -> None:
    """A payment's allocation moved from one invoice to another."""
    two = BASE["payments/2026/PAY-2026-0002.yaml"].replace("1000.00", "700.00") + (
        "  - invoice: INV-2026-0005\n    amount: 300.00\n"
    )
    on_branch(repo).commit(
        "Apply BETA's payment to INV-2026-0005 too",
        {
            "payments/2026/PAY-2026-0002.yaml": two,
        },
    )


def merge(repo: Repo) -> None:
    """Two branches number a new invoice the same; the merge keeps both documents.

    The conflict on invoices/2026/INV-2026-0007.yaml is resolved the naive way: both sides,
    one after the other, as a stream of two documents. Left checked out: main, merged.
    """
    name = "invoices/2026/INV-2026-0007.yaml"
    first = invoice("INV-2026-0007", "ACME", "2026-11-02", "900")
    second = invoice("INV-2026-0007", "BETA", "2026-11-03", "400")
    on_branch(repo, "acme").commit("Invoice ACME", {name: first})
    repo.git("checkout", "-q", "main")
    on_branch(repo, "beta").commit("Invoice BETA", {name: second})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "acme")
    repo.git("merge", "-q", "beta", check=False)
    repo.write({name: first + "---\n" + second})
    repo.git("add", name)
    repo.git("commit", "-q", "--no-edit")


SCENARIOS = {
    "adds": adds,
    "collections": collections,
    "edit": edit,
    "backdate": backdate,
    "delete": delete,
    "reallocate": reallocate,
    "merge": merge,
}
