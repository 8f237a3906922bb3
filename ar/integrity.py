"""Whole-book checks: references resolve, currencies agree, money adds up, dates are sane.

Each check is a small function from the book to the problems it finds; `check_book` runs
them all. Problems name the record and, through `field`, the place inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from ar.billing.checks import CHECKS as BILLING_CHECKS
from ar.book import Book
from ar.errors import Problem
from ar.installments import agreed_on
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record
from ar.model.events import Promise
from ar.model.settings import ReferenceInterest
from ar.money import ZERO, fits_currency, minor_units
from ar.money_checks import discounts_offered, totals_positive
from ar.settlement import Account, accounts, credit_note_total

Check = Callable[[Book, dict[str, Account]], Iterator[Problem]]


def check_book(book: Book) -> list[Problem]:
    """Every problem in the book, in the order of the checks and then of the records."""
    return check_with(book, accounts(book))


def check_with(book: Book, accts: dict[str, Account]) -> list[Problem]:
    """The checks, given the accounts (so that they can be a view of some of them)."""
    return [problem for check in CHECKS for problem in check(book, accts)]


def _problem(record: Record, message: str, hint: str = "", *field: str | int) -> Problem:
    return Problem(record.source, message, hint, tuple(field))


def references(book: Book, _: dict[str, Account]) -> Iterator[Problem]:
    records: list[Invoice | Payment | CreditNote] = [
        *book.invoices.values(),
        *book.payments.values(),
        *book.credit_notes.values(),
    ]
    for record in records:
        if record.customer not in book.customers:
            yield _problem(
                record,
                f"unknown customer '{record.customer}'",
                "add customers/<ID>.yaml or fix the id",
                "customer",
            )
    for payment in book.payments.values():
        for index, alloc in enumerate(payment.apply):
            if alloc.invoice not in book.invoices:
                yield _problem(
                    payment,
                    f"applied to unknown invoice '{alloc.invoice}'",
                    "fix the invoice number",
                    "apply",
                    index,
                    "invoice",
                )
    for note in book.credit_notes.values():
        if note.invoice and note.invoice not in book.invoices:
            yield _problem(
                note,
                f"credits unknown invoice '{note.invoice}'",
                "fix the invoice number",
                "invoice",
            )


def terms_known(book: Book, _: dict[str, Account]) -> Iterator[Problem]:
    named = ", ".join(book.ledger.terms)
    records: list[Customer | Invoice] = [*book.customers.values(), *book.invoices.values()]
    for record in records:
        if record.terms and record.terms not in book.ledger.terms:
            yield _problem(
                record, f"unknown terms '{record.terms}'", f"ledger.yaml defines: {named}", "terms"
            )


def currencies_agree(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    for payment in book.payments.values():
        currency = book.currency_of(payment)
        for index, alloc in enumerate(payment.apply):
            account = accts.get(alloc.invoice)
            if account and account.currency != currency:
                yield _problem(
                    payment,
                    f"payment in {currency} applied to {alloc.invoice} in {account.currency}",
                    "apply it to an invoice in the same currency",
                    "apply",
                    index,
                )
            if account and account.customer != payment.customer:
                yield _problem(
                    payment,
                    f"applied to {alloc.invoice} of customer '{account.customer}'",
                    "",
                    "apply",
                    index,
                )
    for note in book.credit_notes.values():
        account = accts.get(note.invoice or "")
        if account and account.currency != book.currency_of(note):
            yield _problem(
                note,
                f"credit note in {book.currency_of(note)} against "
                f"{note.invoice} in {account.currency}",
                "",
                "currency",
            )


def amounts_fit_currency(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    for invoice in book.invoices.values():
        yield from _amount_places(
            invoice,
            book.currency_of(invoice),
            [
                *(
                    (inst.amount, ("installments", i, "amount"))
                    for i, inst in enumerate(invoice.installments)
                ),
                *(
                    (getattr(ev, "amount", ZERO), ("events", i, "amount"))
                    for i, ev in enumerate(invoice.events)
                ),
            ],
        )
    for payment in book.payments.values():
        yield from _amount_places(
            payment,
            book.currency_of(payment),
            [
                (payment.amount, ("amount",)),
                *((a.amount, ("apply", i, "amount")) for i, a in enumerate(payment.apply)),
                *(
                    (a.discount or ZERO, ("apply", i, "discount"))
                    for i, a in enumerate(payment.apply)
                ),
                *((r.amount, ("refunds", i, "amount")) for i, r in enumerate(payment.refunds)),
            ],
        )
    for note in book.credit_notes.values():
        yield from _amount_places(
            note, book.currency_of(note), [(note.amount or ZERO, ("amount",))]
        )
    for customer in book.customers.values():
        currency = book.currency_of(customer)
        yield from _amount_places(
            customer, currency, [(customer.credit_limit or ZERO, ("credit_limit",))]
        )


def _amount_places(
    record: Record, currency: str, amounts: list[tuple[Decimal, tuple[str | int, ...]]]
) -> Iterator[Problem]:
    for amount, field in amounts:
        if not fits_currency(amount, currency):
            yield Problem(
                record.source,
                f"{field[-1]} {amount} has more decimals than {currency} "
                f"allows ({minor_units(currency)})",
                "round it to the currency's minor unit",
                field,
            )


def payments_within_amount(book: Book, _: dict[str, Account]) -> Iterator[Problem]:
    for payment in book.payments.values():
        applied = sum((a.amount for a in payment.apply), ZERO)
        refunded = sum((r.amount for r in payment.refunds), ZERO)
        if applied + refunded > payment.amount:
            what = f"applies {applied}" + (f" and refunds {refunded}" if refunded else "")
            yield _problem(
                payment,
                f"{what} but the payment is only {payment.amount}",
                "reduce the applied or refunded amounts",
                "refunds" if refunded and applied <= payment.amount else "apply",
            )
        moved = [
            *(("apply", i, a.date) for i, a in enumerate(payment.apply)),
            *(("refunds", i, r.date) for i, r in enumerate(payment.refunds)),
        ]
        for key, index, when in moved:
            if when is not None and when < payment.date:
                yield _problem(
                    payment,
                    f"{key}[{index}] dated {when}, before the payment's date {payment.date}",
                    "money cannot move before it arrived",
                    key,
                    index,
                    "date",
                )


def credit_used_within(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    """Credit on account applied or refunded: only its own, to its customer's invoices."""
    for note in book.credit_notes.values():
        if not (note.apply or note.refunds):
            continue
        if note.invoice:
            yield _problem(note, f"credits {note.invoice} and is applied too", "", "apply")
            continue
        currency = book.currency_of(note)
        for index, alloc in enumerate(note.apply):
            account = accts.get(alloc.invoice)
            if account is None or (account.customer, account.currency) != (note.customer, currency):
                hint = "apply it to an open invoice of the customer in the note's currency"
                yield _problem(note, f"applied to '{alloc.invoice}'", hint, "apply", index)
        spent = sum((a.amount for a in note.apply), ZERO) + sum(
            (r.amount for r in note.refunds), ZERO
        )
        total = credit_note_total(note, currency)
        if spent > total:
            yield _problem(note, f"uses {spent} but the credit note is only {total}", "", "apply")
        moved = [
            *(("apply", i, a.date) for i, a in enumerate(note.apply)),
            *(("refunds", i, r.date) for i, r in enumerate(note.refunds)),
        ]
        for key, index, when in moved:
            if when is not None and when < note.date:
                message = f"{key}[{index}] dated {when}, before the credit note's date {note.date}"
                yield _problem(note, message, "", key, index, "date")


def invoices_not_oversettled(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    for number, account in accts.items():
        invoice = account.invoice
        if account.void_on is not None:
            settled = [m for m in account.movements if m.kind in ("payment", "credit")]
            if settled:
                yield _problem(
                    invoice,
                    f"void invoice {number} has {settled[0].kind} {settled[0].ref} against it",
                    "move that money elsewhere first",
                )
            continue
        for day in sorted({m.date for m in account.movements}):
            balance = account.open_on(max(day, invoice.date))
            if balance < 0:
                yield _problem(
                    invoice,
                    f"invoice {number} is settled beyond its total by {-balance} on {day}",
                    "reduce a payment allocation, credit note or write-off",
                )
                break


def dates_sane(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    for number, account in accts.items():
        invoice = account.invoice
        if invoice.due and invoice.due < invoice.date:
            yield _problem(
                invoice, f"due {invoice.due} is before the invoice date {invoice.date}", "", "due"
            )
        for index, event in enumerate(invoice.events):
            if event.date < invoice.date:
                yield _problem(
                    invoice,
                    f"{event.type} on {event.date} is before the invoice date",
                    "",
                    "events",
                    index,
                    "date",
                )
            if isinstance(event, Promise) and event.by < event.date:
                yield _problem(invoice, "promise is due before it was made", "", "events", index)
        for index, inst in enumerate(invoice.installments):
            if inst.due < invoice.date:
                yield _problem(
                    invoice,
                    "installment due before the invoice date",
                    "",
                    "installments",
                    index,
                    "due",
                )
        for movement in account.movements:
            if movement.kind in ("payment", "credit") and movement.date < invoice.date:
                yield _problem(
                    invoice,
                    f"{movement.kind} {movement.ref} on {movement.date} "
                    f"settles {number} before it was issued",
                )


def totals_readd(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    for account in accts.values():
        invoice = account.invoice
        if invoice.installments and account.void_on is None:  # a void invoice owes nothing
            planned = sum((i.amount for i in invoice.installments), ZERO)
            start = agreed_on(account)
            charged = account.total + account.sum_of("fee") + account.sum_of("interest")
            allowed = (account.total, charged) if start is None else (account.open_on(start),)
            if planned not in allowed:
                owed = "the invoice total" if start is None else f"what was open on {start}"
                yield _problem(
                    invoice,
                    f"installments add up to {planned}, {owed} is {allowed[0]}",
                    "make the installments add up",
                    "installments",
                )
    for note in book.credit_notes.values():
        target = accts.get(note.invoice or "")
        if target and credit_note_total(note, target.currency) > target.total:
            yield _problem(
                note, f"credit note exceeds invoice {note.invoice}'s total {target.total}", ""
            )


def collection_settings(book: Book, _: dict[str, Account]) -> Iterator[Problem]:
    """What letters print and charge: known locales and reference rates."""
    ledger = book.ledger
    owners: list[Ledger | Customer] = [ledger, *book.customers.values()]
    for owner in owners:
        if owner.locale and not _known_locale(owner.locale):
            yield _problem(owner, f"unknown locale '{owner.locale}'", "e.g. en_GB, de_DE", "locale")
        policy = owner.dunning
        for index, level in enumerate(policy.levels if policy else []):
            spec = level.interest
            if isinstance(spec, ReferenceInterest) and spec.reference not in ledger.reference_rates:
                yield _problem(
                    owner,
                    f"interest refers to reference rate '{spec.reference}', not in reference_rates",
                    "add it to reference_rates in ledger.yaml",
                    "dunning",
                    "levels",
                    index,
                    "interest",
                )


def _known_locale(name: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


CHECKS: tuple[Check, ...] = (
    references,
    terms_known,
    currencies_agree,
    amounts_fit_currency,
    payments_within_amount,
    credit_used_within,
    invoices_not_oversettled,
    dates_sane,
    totals_readd,
    totals_positive,
    discounts_offered,
    collection_settings,
    *BILLING_CHECKS,
)
