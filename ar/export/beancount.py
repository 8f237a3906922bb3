"""A journal as a beancount file: invoice links (`^INV-1`), customer tags, balance checks.

Beancount spells accounts differently from hledger: five capitalised roots (Assets,
Liabilities, Equity, Income, Expenses) and components that start with a capital letter
or digit and hold only letters, digits and dashes. Names configured in hledger spelling
are converted; a customer id that is not a valid component is adjusted (and kept
distinct). A `balance` directive is checked at the *start* of its date, so arl's figures
at the end of the export date are dated the day after.
"""

from __future__ import annotations

import datetime as dt
import re

from ar.errors import ArlError
from ar.export.hledger import account_name
from ar.export.journal import PER_CUSTOMER, Entry, Journal
from ar.model.trade import ExportAccounts
from ar.money import format_amount

ROOTS = {
    "assets": "Assets",
    "asset": "Assets",
    "liabilities": "Liabilities",
    "liability": "Liabilities",
    "equity": "Equity",
    "income": "Income",
    "revenue": "Income",
    "revenues": "Income",
    "expenses": "Expenses",
    "expense": "Expenses",
}
_NOT_COMPONENT = re.compile(r"[^A-Za-z0-9-]+")
_LINK = re.compile(r"[^A-Za-z0-9_./-]+")


class Names:
    """Beancount account names for roles and customers, computed once per export."""

    def __init__(self, accounts: ExportAccounts, customers: list[str]) -> None:
        self.accounts = accounts
        self.customer: dict[str, str] = {}
        taken: set[str] = set()
        for customer in customers:
            base = component(customer)
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}-{n}"
            taken.add(name)
            self.customer[customer] = name

    def of(self, role: str, customer: str | None = None) -> str:
        base = convert(account_name(self.accounts, role, None))
        return f"{base}:{self.customer[customer]}" if role in PER_CUSTOMER and customer else base


def component(text: str) -> str:
    """`acme_gmbh.de` -> `Acme-gmbh-de`: a valid beancount account component.

    A component starts with a capital letter or a digit; `_NOT_COMPONENT` leaves only
    ASCII letters, digits and inner dashes, so upper-casing the first is enough.
    """
    cleaned = _NOT_COMPONENT.sub("-", text).strip("-") or "X"
    return cleaned[0].upper() + cleaned[1:]


def convert(name: str) -> str:
    """An hledger account name in beancount spelling; the root must be one of the five."""
    root, *rest = name.split(":")
    if root.lower() not in ROOTS:
        raise ArlError(
            f"account '{name}' has no beancount root",
            "start it with assets, liabilities, equity, income/revenue or expenses",
        )
    return ":".join([ROOTS[root.lower()], *(component(part) for part in rest)])


def beancount_text(journal: Journal, accounts: ExportAccounts) -> str:
    names = Names(accounts, journal.customers)
    parts = [_header(journal, names)]
    parts.extend(_transaction(entry, names) for entry in journal.entries)
    if journal.assertions:
        parts.append(_balances(journal, names))
    return "\n".join(parts)


def _header(journal: Journal, names: Names) -> str:
    first = journal.entries[0].date if journal.entries else journal.as_of
    lines = [
        f"; {journal.company}: receivables exported by arl as of {journal.as_of}",
        f'option "title" "{_quote(journal.company)} receivables"',
        f'option "operating_currency" "{journal.currency}"',
        "",
    ]
    roles = [r for r in ExportAccounts.model_fields if r not in PER_CUSTOMER]
    opened = {names.of(role) for role in roles}
    opened |= {names.of(role, c) for role in PER_CUSTOMER for c in journal.customers}
    lines.extend(f"{first} open {name}" for name in sorted(opened))
    return "\n".join(lines) + "\n"


def _transaction(entry: Entry, names: Names) -> str:
    tags = [f"#customer-{_LINK.sub('-', entry.customer)}"]
    links = [f"^{_LINK.sub('-', number)}" for number in entry.invoices]
    head = f'{entry.date} * "{_quote(entry.payee)}" "{_quote(entry.narration)}" ' + " ".join(
        tags + links
    )
    lines = [head, f'  customer: "{_quote(entry.customer)}"', f'  ref: "{_quote(entry.ref)}"']
    for posting in entry.postings:
        name = names.of(posting.role, entry.customer)
        amount = format_amount(posting.amount, entry.currency)
        lines.append(f"  {name:<48}  {amount:>14} {entry.currency}")
    return "\n".join(lines) + "\n"


def _balances(journal: Journal, names: Names) -> str:
    day = journal.as_of + dt.timedelta(days=1)
    lines = [f"; arl's balances at the end of {journal.as_of}"]
    for a in journal.assertions:
        name = names.of(a.role, a.customer)
        lines.append(
            f"{day} balance {name:<48}  {format_amount(a.amount, a.currency):>14} {a.currency}"
        )
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").replace('"', '\\"').split())
