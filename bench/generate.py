"""A seeded book of N invoices and N payments, in arl's format and as plain-text journals.

The same records are written three ways so that every tool reads equivalent data:
`book/` (arl's ledger directory, one canonical YAML file per record), `journal.ledger`
(read by both ledger-cli and hledger) and `book.beancount`. Files are written from string
templates that match arl's canonical layout, because the round-trip dumper would take
minutes for a big book; a test checks the templates against `record_text`.

    python bench/generate.py N OUT [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

START = dt.date(2021, 1, 1)
DAYS = 4 * 365
CENT = Decimal("0.01")
SERVICES = ("Consulting", "Support plan", "Licence", "Training day", "Travel", "Hosting")
LEDGER_YAML = """\
company:
  name: Bench Co
currency: EUR
terms:
  net30:
    days: 30
  net14:
    days: 14
default_terms: net30
"""


@dataclass
class Line:
    description: str
    quantity: int
    unit_price: Decimal
    tax_rate: Decimal | None

    def amount(self) -> Decimal:
        net = (self.quantity * self.unit_price).quantize(CENT, ROUND_HALF_UP)
        tax = (net * self.tax_rate).quantize(CENT, ROUND_HALF_UP) if self.tax_rate else 0
        return net + tax


@dataclass
class Invoice:
    number: str
    customer: str
    date: dt.date
    lines: list[Line]
    events: list[str] = field(default_factory=list)

    def total(self) -> Decimal:
        return sum((line.amount() for line in self.lines), Decimal(0))


@dataclass
class Payment:
    id: str
    customer: str
    date: dt.date
    amount: Decimal
    invoice: str | None


@dataclass
class Book:
    customers: dict[str, str]  # id -> currency
    invoices: list[Invoice]
    payments: list[Payment]


def make_book(n: int, seed: int) -> Book:
    """N invoices over four years for N/50 customers, each followed by one receipt."""
    rng = random.Random(seed)
    customers = {f"C{i:05d}": ("USD" if i % 10 == 0 else "EUR") for i in range(max(n // 50, 1))}
    ids = list(customers)
    dates = sorted(START + dt.timedelta(days=rng.randrange(DAYS)) for _ in range(n))
    invoices: list[Invoice] = []
    payments: list[Payment] = []
    for seq, date in enumerate(dates, 1):
        invoice = _invoice(rng, f"INV-{date.year}-{seq:07d}", rng.choice(ids), date)
        invoices.append(invoice)
        payments.append(_payment(rng, invoice, f"PAY-{date.year}-{seq:07d}"))
    return Book(customers, invoices, payments)


def _invoice(rng: random.Random, number: str, customer: str, date: dt.date) -> Invoice:
    lines = [
        Line(
            rng.choice(SERVICES),
            rng.randint(1, 20),
            Decimal(rng.randrange(1000, 200000)) / 100,
            rng.choice((None, None, Decimal("0.2"), Decimal("0.07"))),
        )
        for _ in range(rng.choice((1, 2, 3, 3, 4, 5)))
    ]
    invoice = Invoice(number, customer, date, lines)
    if rng.random() < 0.2:
        invoice.events.append(_event(date + dt.timedelta(days=45), "reminder", "level: 1"))
    if rng.random() < 0.02:
        invoice.events.append(_event(date + dt.timedelta(days=50), "dispute", "reason: Late"))
    return invoice


def _event(date: dt.date, kind: str, rest: str) -> str:
    return f"  - date: {date}\n    type: {kind}\n    {rest}\n"


def _payment(rng: random.Random, invoice: Invoice, pid: str) -> Payment:
    """Mostly paid in full, some in part, a few received on account and not yet applied."""
    date = invoice.date + dt.timedelta(days=rng.randint(0, 90))
    roll = rng.random()
    total = invoice.total()
    if roll < 0.85:
        return Payment(pid, invoice.customer, date, total, invoice.number)
    if roll < 0.95:
        part = (total * Decimal(rng.randint(10, 90)) / 100).quantize(CENT, ROUND_HALF_UP)
        return Payment(pid, invoice.customer, date, max(part, CENT), invoice.number)
    return Payment(pid, invoice.customer, date, total, None)


# --- arl's ledger directory -------------------------------------------------------------


def customer_text(cid: str, currency: str) -> str:
    extra = f"currency: {currency}\n" if currency != "EUR" else ""
    return f"id: {cid}\nname: Customer {cid}\nemail:\n  - ap@{cid.lower()}.example\n{extra}"


def invoice_text(invoice: Invoice) -> str:
    head = f"number: {invoice.number}\ncustomer: {invoice.customer}\ndate: {invoice.date}\n"
    lines = "".join(_line_text(line) for line in invoice.lines)
    events = "events:\n" + "".join(invoice.events) if invoice.events else ""
    return f"{head}lines:\n{lines}{events}"


def _line_text(line: Line) -> str:
    text = f"  - description: {line.description}\n    quantity: {line.quantity}\n"
    text += f"    unit_price: {line.unit_price:.2f}\n"
    return text + (f"    tax_rate: {line.tax_rate}\n" if line.tax_rate else "")


def payment_text(payment: Payment) -> str:
    text = (
        f"id: {payment.id}\ncustomer: {payment.customer}\ndate: {payment.date}\n"
        f"amount: {payment.amount:.2f}\nmethod: bank\n"
    )
    if payment.invoice:
        text += f"apply:\n  - invoice: {payment.invoice}\n    amount: {payment.amount:.2f}\n"
    return text


def write_arl(book: Book, root: Path) -> None:
    (root / "customers").mkdir(parents=True)
    (root / "ledger.yaml").write_text(LEDGER_YAML)
    for cid, currency in book.customers.items():
        (root / "customers" / f"{cid}.yaml").write_text(customer_text(cid, currency))
    for invoice in book.invoices:
        _write(root / "invoices" / str(invoice.date.year), invoice.number, invoice_text(invoice))
    for payment in book.payments:
        _write(root / "payments" / str(payment.date.year), payment.id, payment_text(payment))


def _write(folder: Path, name: str, text: str) -> None:
    path = folder / f"{name}.yaml"
    try:
        path.write_text(text)
    except FileNotFoundError:
        folder.mkdir(parents=True)
        path.write_text(text)


# --- the same book as plain-text accounting journals -----------------------------------


def _entries(book: Book) -> Iterator[tuple[dt.date, str, str, list[tuple[str, Decimal]]]]:
    """(date, payee, code, postings) of every record, in date order as ledger-cli wants."""
    rows = []
    for invoice in book.invoices:
        postings = [(f"assets:receivable:{invoice.customer}", invoice.total())]
        postings += [(f"income:{ln.description.split()[0]}", -ln.amount()) for ln in invoice.lines]
        rows.append((invoice.date, invoice.customer, invoice.number, postings))
    for payment in book.payments:
        target = "assets:receivable" if payment.invoice else "liabilities:unapplied"
        postings = [
            ("assets:bank", payment.amount),
            (f"{target}:{payment.customer}", -payment.amount),
        ]
        rows.append((payment.date, payment.customer, payment.id, postings))
    rows.sort(key=lambda row: row[0])
    yield from rows


def write_journal(book: Book, path: Path) -> None:
    """One journal that both ledger-cli and hledger read."""
    with path.open("w") as out:
        for date, payee, code, postings in _entries(book):
            currency = book.customers[payee]
            out.write(f"{date} ({code}) {payee}\n")
            for account, amount in postings:
                out.write(f"    {account}  {amount} {currency}\n")


def write_beancount(book: Book, path: Path) -> None:
    entries = list(_entries(book))
    accounts = sorted({account for _, _, _, postings in entries for account, _ in postings})
    with path.open("w") as out:
        out.write('option "operating_currency" "EUR"\n')
        for account in accounts:
            out.write(f"{START} open {_bean_account(account)}\n")
        for date, payee, code, postings in entries:
            currency = book.customers[payee]
            out.write(f'{date} * "{payee}" "{code}"\n')
            for account, amount in postings:
                out.write(f"  {_bean_account(account)}  {amount} {currency}\n")


def _bean_account(account: str) -> str:
    return ":".join(part.capitalize() for part in account.split(":"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of invoices (and of payments)")
    parser.add_argument("out", type=Path, help="directory to create (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    book = make_book(args.n, args.seed)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    write_arl(book, args.out / "book")
    write_journal(book, args.out / "journal.ledger")
    write_beancount(book, args.out / "book.beancount")


if __name__ == "__main__":
    main()
