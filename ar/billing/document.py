"""Everything an invoice or credit note shows its customer, as one value.

The HTML/PDF template and the e-invoice XML are both drawn from this value, so the printed
document and the structured one cannot disagree. Totals are the book's: each line's tax is
rounded on its own (as `settlement.line_amounts` does), and the tax summary adds them up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ar.allocation import discount_window
from ar.billing.credit_lines import credit_lines
from ar.billing.reference import creditor_reference
from ar.billing.tax import Category, country_of, line_category
from ar.book import Book
from ar.errors import ArlError
from ar.model import CreditNote, Customer, Invoice, Line, PaymentDetails
from ar.model.patterns import fill
from ar.model.settings import Company
from ar.money import ZERO, format_amount
from ar.settlement import account_of, credit_note_total, line_amounts
from ar.terms import discount_deadline, due_date, terms_name

EPC_MAX = Decimal("999999999.99")


@dataclass(frozen=True)
class Party:
    name: str
    address: tuple[str, ...]
    tax_id: str | None
    email: str | None
    country: str | None


@dataclass(frozen=True)
class DocLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    net: Decimal
    tax: Decimal
    category: Category


@dataclass(frozen=True)
class TaxGroup:
    category: Category
    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class EarlyDiscount:
    percent: Decimal
    until: dt.date
    amount: Decimal  # taken off the total
    pay: Decimal  # what is left to pay by `until`


@dataclass(frozen=True)
class Transfer:
    """A bank transfer the customer can make: printed, and as an EPC QR code for EUR."""

    account: PaymentDetails
    payee: str
    amount: Decimal
    reference: str | None  # structured (RF) reference
    text: str  # what to write as the transfer's purpose when there is no reference
    qr: bool


@dataclass(frozen=True)
class Document:
    kind: Literal["invoice", "credit_note"]
    number: str
    date: dt.date
    currency: str
    locale: str
    customer_id: str
    seller: Party
    buyer: Party
    lines: tuple[DocLine, ...]
    taxes: tuple[TaxGroup, ...]
    net_total: Decimal
    tax_total: Decimal
    total: Decimal
    rounding: Decimal = ZERO  # total minus net and tax: a cent when a gross credit splits unevenly
    due: dt.date | None = None
    terms: str | None = None
    terms_days: int | None = None
    end_of_month: bool = False
    discount: EarlyDiscount | None = None
    installments: tuple[tuple[dt.date, Decimal], ...] = ()
    transfer: Transfer | None = None
    payment_link: str | None = None
    po: str | None = None
    notes: str | None = None
    reason: str | None = None
    invoice_ref: tuple[str, dt.date] | None = None
    void: bool = False


def seller_party(company: Company) -> Party:
    return Party(
        company.name,
        _address(company.address),
        company.tax_id,
        company.email,
        company.country or country_of(company.tax_id, None),
    )


def buyer_party(customer: Customer) -> Party:
    return Party(
        customer.name,
        _address(customer.address),
        customer.tax_id,
        customer.email[0] if customer.email else None,
        customer.country or country_of(customer.tax_id, customer.locale),
    )


def _address(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _doc_lines(lines: list[Line], currency: str, seller: Party, buyer: Party) -> list[DocLine]:
    result = []
    for line in lines:
        net, tax = line_amounts(line, currency)
        rate = line.tax_rate or ZERO
        category = line_category(rate, seller.country, buyer.country)
        result.append(
            DocLine(line.description, line.quantity, line.unit_price, rate, net, tax, category)
        )
    return result


def _taxes(lines: list[DocLine]) -> tuple[TaxGroup, ...]:
    groups: dict[tuple[Category, Decimal], list[DocLine]] = defaultdict(list)
    for line in lines:
        groups[line.category, line.tax_rate].append(line)
    return tuple(
        TaxGroup(category, rate, sum((ln.net for ln in ls), ZERO), sum((ln.tax for ln in ls), ZERO))
        for (category, rate), ls in sorted(groups.items(), key=lambda kv: (-kv[0][1], kv[0][0]))
    )


def _customer(book: Book, record: Invoice | CreditNote) -> Customer:
    customer = book.customers.get(record.customer)
    if customer is None:
        raise ArlError(f"{record.source}: unknown customer '{record.customer}'")
    return customer


def invoice_document(book: Book, number: str) -> Document:
    """The document of invoice or credit note `number`."""
    if number in book.invoices:
        return _invoice(book, book.invoices[number])
    if number in book.credit_notes:
        return _credit_note(book, book.credit_notes[number])
    raise ArlError(f"no invoice or credit note '{number}'", "see 'arl invoice list'")


def _invoice(book: Book, invoice: Invoice) -> Document:
    customer = _customer(book, invoice)
    currency = book.currency_of(invoice)
    seller, buyer = seller_party(book.ledger.company), buyer_party(customer)
    lines = _doc_lines(invoice.lines, currency, seller, buyer)
    total = sum((ln.net + ln.tax for ln in lines), ZERO)
    name = terms_name(invoice, customer, book.ledger)
    terms = None if invoice.due else book.ledger.terms.get(name)
    void = any(event.type == "void" for event in invoice.events)
    return Document(
        kind="invoice",
        number=invoice.number,
        date=invoice.date,
        currency=currency,
        locale=book.locale_of(customer),
        customer_id=customer.id,
        seller=seller,
        buyer=buyer,
        lines=tuple(lines),
        taxes=_taxes(lines),
        net_total=sum((ln.net for ln in lines), ZERO),
        tax_total=sum((ln.tax for ln in lines), ZERO),
        total=total,
        due=due_date(invoice, customer, book.ledger),
        terms=name if terms else None,
        terms_days=terms.days if terms and terms.in_days_only else None,
        end_of_month=bool(terms and terms.end_of_month),
        discount=_discount(book, invoice, customer, total),
        installments=tuple((i.due, i.amount) for i in invoice.installments),
        transfer=None if void else _transfer(book, invoice.number, total, currency),
        payment_link=None if void else _link(book, invoice.number, total, currency),
        po=invoice.po,
        notes=invoice.notes,
        void=void,
    )


def _discount(
    book: Book, invoice: Invoice, customer: Customer, total: Decimal
) -> EarlyDiscount | None:
    """The early-payment discount the book will grant when money arrives (the window `arl
    pay` uses, whether the invoice names its terms or an explicit due date); None once
    anything settled the invoice, as `arl pay` then grants none."""
    account = account_of(book, invoice.number)
    window = discount_window(book, account) if account is not None else None
    found = discount_deadline(invoice, customer, book.ledger)
    if window is None or found is None or found[1].discount is None:
        return None
    until, amount = window
    percent = Decimal(f"{(found[1].discount.percent * 100).normalize():f}")  # 0.02 shows 2 %
    return EarlyDiscount(percent, until, amount, total - amount)


def _transfer(book: Book, number: str, total: Decimal, currency: str) -> Transfer | None:
    account = book.ledger.payment
    if account is None:
        return None
    reference = creditor_reference(number)
    qr = currency == "EUR" and ZERO < total <= EPC_MAX
    return Transfer(account, book.ledger.company.name, total, reference, number, qr)


def _link(book: Book, number: str, total: Decimal, currency: str) -> str | None:
    pattern = book.ledger.payment_link
    if not pattern or total <= 0:
        return None
    amount = format_amount(total, currency)
    customer = book.invoices[number].customer
    return fill(
        pattern, {"number": number, "amount": amount, "currency": currency, "customer": customer}
    )


def _credit_note(book: Book, note: CreditNote) -> Document:
    customer = _customer(book, note)
    currency = book.currency_of(note)
    seller, buyer = seller_party(book.ledger.company), buyer_party(customer)
    invoice = book.invoices.get(note.invoice or "")
    lines = _doc_lines(credit_lines(note, invoice, currency), currency, seller, buyer)
    total = credit_note_total(note, currency)
    return Document(
        kind="credit_note",
        number=note.number,
        date=note.date,
        currency=currency,
        locale=book.locale_of(customer),
        customer_id=customer.id,
        seller=seller,
        buyer=buyer,
        lines=tuple(lines),
        taxes=_taxes(lines),
        net_total=sum((ln.net for ln in lines), ZERO),
        tax_total=sum((ln.tax for ln in lines), ZERO),
        total=total,
        rounding=total - sum((ln.net + ln.tax for ln in lines), ZERO),
        reason=note.reason,
        invoice_ref=(invoice.number, invoice.date) if invoice else None,
    )
