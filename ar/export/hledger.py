"""A journal as hledger (and ledger-cli) text: one transaction per entry, in date order.

Customer and invoice go in as tags (`; customer: ACME`, `; invoice: INV-1`), which both
tools read: `hledger bal assets:receivable --pivot customer` lists what each customer
owes. Balance assertions on each customer's sub-accounts close the file; ledger-cli
checks assertions in file order, which is why everything is written in date order.
"""

from __future__ import annotations

from ar.export.journal import PER_CUSTOMER, Assertion, Entry, Journal
from ar.model.trade import ExportAccounts
from ar.money import ZERO, format_amount, minor_units

WIDTH = 48


def account_name(accounts: ExportAccounts, role: str, customer: str | None) -> str:
    base: str = getattr(accounts, role)
    return f"{base}:{customer}" if role in PER_CUSTOMER and customer else base


def hledger_text(journal: Journal, accounts: ExportAccounts) -> str:
    """The whole journal file."""
    parts = [_header(journal, accounts)]
    parts.extend(_transaction(entry, accounts) for entry in journal.entries)
    if journal.assertions:
        parts.append(_assertions(journal, accounts))
    return "\n".join(parts)


def _header(journal: Journal, accounts: ExportAccounts) -> str:
    lines = [
        f"; {_clean(journal.company)}: receivables exported by arl as of {journal.as_of}",
        "; The balance assertions at the end are arl's own figures for each customer.",
        "",
    ]
    for currency in journal.currencies:
        places = minor_units(currency)
        lines.append(f"commodity 1000.{'0' * places} {currency}")
    lines.append("")
    roles = [r for r in ExportAccounts.model_fields if r not in PER_CUSTOMER]
    names = {account_name(accounts, role, None) for role in roles}
    names |= {
        account_name(accounts, role, customer)
        for role in PER_CUSTOMER
        for customer in journal.customers
    }
    lines.extend(f"account {name}" for name in sorted(names))
    return "\n".join(lines) + "\n"


def _transaction(entry: Entry, accounts: ExportAccounts) -> str:
    head = f"{entry.date} * ({entry.ref}) {_clean(entry.payee)} | {_clean(entry.narration)}"
    lines = [head, f"    ; customer: {entry.customer}"]
    for posting in entry.postings:
        name = account_name(accounts, posting.role, entry.customer)
        amount = format_amount(posting.amount, entry.currency)
        lines.append(f"    {name:<{WIDTH}}  {amount:>14} {entry.currency}")
        if posting.invoice:
            lines.append(f"        ; invoice: {posting.invoice}")
    return "\n".join(lines) + "\n"


def _assertions(journal: Journal, accounts: ExportAccounts) -> str:
    lines = [f"{journal.as_of} * arl balances at the end of {journal.as_of}"]
    lines.extend(_assertion(a, accounts) for a in journal.assertions)
    return "\n".join(lines) + "\n"


def _assertion(assertion: Assertion, accounts: ExportAccounts) -> str:
    name = account_name(accounts, assertion.role, assertion.customer)
    zero = format_amount(ZERO, assertion.currency)
    amount = format_amount(assertion.amount, assertion.currency)
    cur = assertion.currency
    return f"    {name:<{WIDTH}}  {zero:>14} {cur} = {amount} {cur}"


def _clean(text: str) -> str:
    """One line, no comment or payee|note separator that would change its meaning."""
    return " ".join(text.replace(";", ",").replace("|", "/").split())
