"""The accounting identities, tested as one: every report, export and figure tells one story.

A rule-based state machine drives random sequences of the real recording decisions
(`ar.customers`, `ar.invoicing`, `ar.receipts`, `ar.credit_use`, `ar.collecting`, the
reminder run of `ar.reminders`) through `ar.plan.book_with`, as the commands would record
them: customers on every kind of terms, invoices with tax, receipts applied by hand and
automatically, unapplications, credit notes against an invoice and on account,
write-offs, refunds, voids, payment plans, promises, disputes, reminders with fees and
interest. A refused step (ArlError) changes nothing, as the command would refuse it.
After every step, for random days, the identities of docs/reports.md must hold:
1. what each customer owes is what was charged less what settled it, per currency, and
   every receipt accounts for itself (applied + refunded + unapplied);
2. aging (both bases, random buckets), customer list, invoice list, statement, forecast,
   worklist and the metrics' ending AR agree on open, overdue and unapplied amounts;
3. nothing recorded on a day changes any report as of an earlier day;
4. the journal the exports spell balances, asserts what arl says each customer owes, and
   its bank, tax and revenue accounts say what the records say;
5. every ratio is within its range.
The same checks run on a book written through the real transaction in
tests/test_identities_files.py, with the exports checked by hledger, ledger and bean-check.
`make test` runs a bounded number of examples; `make fuzz` (ARL_FUZZ=1) many more.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from ar.billing.credit_lines import credit_tax
from ar.book import Book
from ar.collecting import agreed, open_dispute, payment_plan, promise, recorded, resolve_dispute
from ar.credit_use import apply_credit, refund, unapply
from ar.customers import add_customer
from ar.errors import ArlError
from ar.export.journal import Journal, build
from ar.installments import past_due
from ar.integrity import check_book
from ar.invoicing import InvoiceRequest, credit_note, new_invoice, void_invoice, write_off
from ar.model import Invoice, Ledger, Line
from ar.model.events import Fee, Interest, WriteOff
from ar.money import ZERO
from ar.plan import Change, Plan, book_with
from ar.receipts import PaymentRequest, record_payment
from ar.reminders import events_of
from ar.reminders import plan as reminder_plan
from ar.reports.aging import CURRENT, Basis, Options, aging
from ar.reports.collection import default_period, metrics_report, monthly_report
from ar.reports.forecast import forecast
from ar.reports.listing import customer_list, invoice_list
from ar.reports.metrics import Period, positions, scopes
from ar.reports.statement import statement
from ar.reports.worklist import worklist
from ar.settlement import accounts, credit_note_total, line_amounts, lines_total, unapplied
from ar.store.yamlread import read_documents

FUZZ = bool(os.environ.get("ARL_FUZZ"))
_QUIET = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
settings.register_profile(
    "identities",
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is never flaky
    database=None,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    "identities-fuzz",
    max_examples=300,
    stateful_step_count=50,
    report_multiple_bugs=False,
    deadline=None,
    database=None,
    suppress_health_check=_QUIET,
)
PROFILE = settings.get_profile("identities-fuzz" if FUZZ else "identities")

START = dt.date(2026, 1, 5)
LEDGER_YAML = """\
company:
  name: Test Co
currency: EUR
terms:
  net30:
    days: 30
  net14:
    days: 14
  2/10 net 30:
    days: 30
    discount:
      percent: 0.02
      days: 10
  3/7 net 21:
    days: 21
    discount:
      percent: 0.03
      days: 7
default_terms: net30
dunning:
  min_interval_days: 7
  pre_due:
    days_before: 3
    template: pre_due
  levels:
    - level: 1
      after_days: 5
      template: friendly
      fee: {EUR: 5, USD: 6}
    - level: 2
      after_days: 15
      template: firm
      fee: 10
      fee_percent: 0.02
      interest: 0.08
    - level: 3
      after_days: 30
      template: final
      interest: 0.1
      compensation: true
  compensation:
    EUR:
      - amount: 40
"""
LEDGER = Ledger.model_validate(read_documents(LEDGER_YAML, "ledger.yaml")[0][0].data)
TERMS = [None, "net30", "net14", "2/10 net 30", "3/7 net 21"]
CUSTOMERS = [("A", "EUR"), ("B", "EUR"), ("C", "USD")]
TAX_RATES = [None, Decimal("0.2"), Decimal("0.07"), Decimal("0")]

Key = tuple[str, str]
Amounts = dict[Key, Decimal]

cents = st.integers(1, 250_000).map(lambda c: Decimal(c).scaleb(-2))
shifts = st.integers(-15, 9)  # days from the latest so far: mostly forward, some back-dated
pick = st.integers(0, 40)
who = st.sampled_from([cid for cid, _ in CUSTOMERS])
lines = st.lists(
    st.builds(
        lambda q, p, t: Line(description="Work", quantity=Decimal(q), unit_price=p, tax_rate=t),
        st.integers(1, 4),
        cents,
        st.sampled_from(TAX_RATES),
    ),
    min_size=1,
    max_size=3,
)


# --- the identities, as functions of a book and a day ----------------------------------


def settled_by_records(book: Book, day: dt.date) -> Amounts:
    """Identity 1 from the records themselves: charged less what settled, per invoice.

    Each invoice's figure must equal what its account says is open; the sums per customer
    and currency are what every report must show."""
    applied: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for payment in book.payments.values():
        for alloc in payment.apply:
            if (alloc.date or payment.date) <= day:
                applied[alloc.invoice] += alloc.amount + (alloc.discount or ZERO)
    for note in book.credit_notes.values():
        if note.invoice and note.date <= day:
            applied[note.invoice] += credit_note_total(note, book.currency_of(note))
        for alloc in note.apply:  # credit on account, used later
            if max(alloc.date or note.date, note.date) <= day:
                applied[alloc.invoice] += alloc.amount
    accts = accounts(book)
    owed: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for number, invoice in book.invoices.items():
        account = accts[number]
        if invoice.date > day or account.is_void(day):
            assert account.open_on(day) == ZERO, number
            continue
        currency = book.currency_of(invoice)
        charged = lines_total(invoice.lines, currency) + _events(invoice, day, Fee | Interest)
        left = charged - applied[number] - _events(invoice, day, WriteOff)
        assert left >= ZERO, (number, day, left)
        assert left == account.open_on(day), (number, day)
        owed[invoice.customer, currency] += left
    return {key: amount for key, amount in owed.items() if amount}


def _events(invoice: Invoice, day: dt.date, kind: Any) -> Decimal:
    return sum((e.amount for e in invoice.events if isinstance(e, kind) and e.date <= day), ZERO)


def receipts_account_for_themselves(book: Book, day: dt.date) -> Amounts:
    """Identity 1 for money in: each receipt's amount = applied + refunded + unapplied, the
    unapplied part never below zero; with credit notes on account, the customer's credit."""
    credit: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for payment in book.payments.values():
        if payment.date > day:
            continue
        spent = sum((a.amount for a in payment.apply if (a.date or payment.date) <= day), ZERO)
        back = sum((r.amount for r in payment.refunds if r.date <= day), ZERO)
        assert payment.amount - spent - back >= ZERO, (payment.id, day)
        credit[payment.customer, book.currency_of(payment)] += payment.amount - spent - back
    for note in book.credit_notes.values():
        if note.invoice is None and note.date <= day:
            currency = book.currency_of(note)
            used = sum((a.amount for a in note.apply if (a.date or note.date) <= day), ZERO)
            back = sum((r.amount for r in note.refunds if r.date <= day), ZERO)
            assert credit_note_total(note, currency) - used - back >= ZERO, (note.number, day)
            credit[note.customer, currency] += credit_note_total(note, currency) - used - back
    found = {key: amount for key, amount in credit.items() if amount}
    assert found == unapplied(book, day)
    return found


@dataclass(frozen=True)
class Truth:
    """What the records say on a day: open and unapplied per customer and currency, and
    what is overdue by the aging on the due date."""

    open: Amounts
    credit: Amounts
    overdue: Amounts
    current: Amounts


def truth(book: Book, day: dt.date) -> Truth:
    owed, credit = settled_by_records(book, day), receipts_account_for_themselves(book, day)
    aged = aging(book, Options(day)).report.rows
    overdue = {(r["customer"], r["currency"]): r["total"] - r[CURRENT] for r in aged}
    current = {(r["customer"], r["currency"]): r[CURRENT] for r in aged}
    return Truth(owed, credit, _nonzero(overdue), _nonzero(current))


def _nonzero(amounts: Amounts) -> Amounts:
    return {key: amount for key, amount in amounts.items() if amount}


def _sums(
    rows: list[dict[str, Any]], field: str, key: tuple[str, str] = ("customer", "currency")
) -> Amounts:
    found: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        found[row[key[0]], row[key[1]]] += row[field]
    return _nonzero(found)


def per_currency(amounts: Amounts) -> dict[str, Decimal]:
    found: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (_, currency), amount in amounts.items():
        found[currency] += amount
    return {cur: amount for cur, amount in found.items() if amount}


def aging_agrees(book: Book, day: dt.date, buckets: tuple[int, ...], told: Truth) -> None:
    """Identity 2 for aging: both bases and any buckets, by customer and by invoice."""
    basis: Basis
    for basis in ("due_date", "invoice_date"):
        aged = aging(book, Options(day, basis, buckets)).report
        names = aged.meta["buckets"]
        for row in aged.rows:
            assert sum((row[n] for n in names), ZERO) == row["total"]
        assert _sums(aged.rows, "total") == told.open
        assert _sums(aged.rows, "unapplied") == told.credit
        by_invoice = aging(book, Options(day, basis, buckets, by="invoice")).report
        assert _sums(by_invoice.rows, "open") == told.open
        if basis == "due_date":
            late = [r for r in by_invoice.rows if r["bucket"] != CURRENT]
            assert _sums(late, "open") == told.overdue
            overdue = {(r["customer"], r["currency"]): r["total"] - r[CURRENT] for r in aged.rows}
            assert _nonzero(overdue) == told.overdue  # past due whatever the buckets


def lists_agree(book: Book, day: dt.date, told: Truth) -> None:
    """Identity 2 for the customer and invoice lists."""
    rows = customer_list(book, day).rows
    assert _sums(rows, "open") == told.open
    assert _sums(rows, "unapplied") == told.credit
    overdue = _sums(rows, "overdue")
    for key in {*overdue, *told.overdue}:
        assert overdue.get(key, ZERO) == told.overdue.get(key, ZERO), key
    invoices = invoice_list(book, day).rows
    assert _sums(invoices, "open") == told.open
    accts = accounts(book)
    for row in invoices:  # one rule for what is late, plan or not (`installments.past_due`)
        late = past_due(accts[row["number"]], day)
        assert row["days_past_due"] == late.days, row["number"]
        assert (late.amount > 0) == (row["days_past_due"] > 0), row["number"]
    whole = _sums([r for r in invoices if not book.invoices[r["number"]].installments], "open")
    late_whole = _sums(
        [
            r
            for r in invoices
            if r["days_past_due"] > 0 and not book.invoices[r["number"]].installments
        ],
        "open",
    )
    assert set(late_whole) <= set(whole)


def statements_agree(book: Book, day: dt.date, told: Truth) -> None:
    """Identity 2 for statements: closing balance = open less unapplied credit."""
    for cid in book.customers:
        for section in statement(book, cid, START, day, day)["sections"]:
            key = (cid, section["currency"])
            owed, credit = told.open.get(key, ZERO), told.credit.get(key, ZERO)
            assert section["closing_balance"] == owed - credit, key
            assert section["total_open"] == owed and section["unapplied"] == credit, key
            if section["activity"]:
                assert section["activity"][-1]["balance"] == owed - credit, key


def forecast_worklist_metrics_agree(book: Book, day: dt.date, told: Truth) -> None:
    """Identity 2 for the forecast's total, the worklist's overdue, the metrics' ending AR."""
    expected = {r["currency"]: r["expected"] for r in forecast(book, day).totals}
    assert _nonzero_cur(expected) == per_currency(told.open)
    for row in worklist(book, day).rows:
        key = (row["customer"], row["currency"])
        assert row["overdue"] == told.overdue.get(key, ZERO), key
    for scope in scopes(book, accounts(book), day):
        at = positions(scope.accounts, [day])[day]
        mine = {k: v for k, v in told.open.items() if scope.name in ("all", k[0])}
        assert at.owed == per_currency(mine).get(scope.currency, ZERO), scope.name
        current = {k: v for k, v in told.current.items() if scope.name in ("all", k[0])}
        assert at.current == per_currency(current).get(scope.currency, ZERO), scope.name


def _nonzero_cur(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    return {key: amount for key, amount in amounts.items() if amount}


RANGES: dict[str, tuple[float, float | None]] = {
    "cei": (0, 100),
    "pct_paid_late": (0, 100),
    "pct_current": (0, 100),
    "dso": (0, None),
    "dso_countback": (0, None),
    "best_possible_dso": (0, None),
    "add": (0, None),
    "turnover": (0, None),
    "avg_days_to_pay": (0, None),
    "avg_days_late": (0, None),
}


def ratios_in_range(book: Book, period: Period) -> None:
    """Identity 5: every ratio of the metrics and of the monthly series within its range."""
    rows = [*metrics_report(book, period).rows, *monthly_report(book, period).rows]
    for row in rows:
        for name, (low, high) in RANGES.items():
            value = row.get(name)
            if value is None:
                continue
            assert value >= low and (high is None or value <= high), (name, row)


def journal_agrees(book: Book, day: dt.date, told: Truth) -> Journal:
    """Identity 4 on the journal every export spells: balanced entries, each customer's
    receivable and credit as arl says, bank = receipts - refunds, tax = VAT invoiced - VAT
    credited, revenue net of credit notes."""
    journal = build(book, day)
    roles: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    per_customer: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
    for entry in journal.entries:
        assert sum((p.amount for p in entry.postings), ZERO) == ZERO, entry
        for p in entry.postings:
            roles[p.role, entry.currency] += p.amount
            per_customer[p.role, entry.customer, entry.currency] += p.amount
    owed = {(c, cur): v for (role, c, cur), v in per_customer.items() if role == "receivable"}
    assert _nonzero(owed) == told.open
    for assertion in journal.assertions:
        key = (assertion.customer, assertion.currency)
        expected = (
            told.open.get(key, ZERO)
            if assertion.role == "receivable"
            else -told.credit.get(key, ZERO)
        )
        assert assertion.amount == expected, assertion
    refunded = _refunds(book, day)
    credit = {
        (c, cur): -v for (role, c, cur), v in per_customer.items() if role == "customer_credit"
    }
    for key in {*_nonzero(credit), *told.credit}:
        assert credit.get(key, ZERO) == told.credit.get(key, ZERO), key
    bank = {cur: roles["bank", cur] for cur in journal.currencies}
    received = _receipts(book, day)
    for cur in journal.currencies:
        assert bank[cur] == received.get(cur, ZERO) - refunded.get(cur, ZERO), cur
    _tax_and_revenue(book, day, roles, journal.currencies)
    return journal


def _receipts(book: Book, day: dt.date) -> dict[str, Decimal]:
    found: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for payment in book.payments.values():
        if payment.date <= day:
            found[book.currency_of(payment)] += payment.amount
    return found


def _refunds(book: Book, day: dt.date) -> dict[str, Decimal]:
    """Money paid back, from receipts and from credit notes on account."""
    found: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for source in [*book.payments.values(), *book.credit_notes.values()]:
        for back in source.refunds:
            if back.date <= day and source.date <= day:
                found[book.currency_of(source)] += back.amount
    return _nonzero_cur(found)


def _tax_and_revenue(
    book: Book, day: dt.date, roles: dict[tuple[str, str], Decimal], currencies: list[str]
) -> None:
    accts = accounts(book)
    vat: dict[str, Decimal] = defaultdict(lambda: ZERO)
    net: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for number, invoice in book.invoices.items():
        if invoice.date > day or accts[number].is_void(day):
            continue
        currency = book.currency_of(invoice)
        for line in invoice.lines:
            line_net, line_tax = line_amounts(line, currency)
            net[currency] += line_net
            vat[currency] += line_tax
    for note in book.credit_notes.values():
        if note.date > day:
            continue
        currency = book.currency_of(note)
        credited_tax = credit_tax(note, book.invoices.get(note.invoice or ""), currency)
        net[currency] -= credit_note_total(note, currency) - credited_tax
        vat[currency] -= credited_tax
    for cur in currencies:
        assert -roles["tax", cur] == vat[cur], cur
        assert -(roles["sales", cur] + roles["returns", cur]) == net[cur], cur


# --- history: what any report said as of an earlier day -------------------------------


def reports_as_of(book: Book, day: dt.date) -> tuple[Any, ...]:
    """Every report as of `day`, as data (the values the CLI renders)."""
    return (
        aging(book, Options(day)).report,
        aging(book, Options(day, "invoice_date", (15, 45), by="invoice")).report,
        customer_list(book, day),
        invoice_list(book, day),
        [statement(book, cid, START, day, day) for cid in sorted(book.customers)],
        forecast(book, day),
        worklist(book, day),
        metrics_report(book, default_period(day)),
        monthly_report(book, default_period(day)),
        build(book, day),
    )


def sound(book: Book) -> bool:
    """`arl check` finds nothing."""
    return check_book(book) == []


# --- the machine -----------------------------------------------------------------------


def nth(table: dict[str, Any], index: int, customer: str | None = None) -> str:
    keys = sorted(k for k, r in table.items() if customer is None or r.customer == customer)
    return keys[index % len(keys)] if keys else "NONE"


def reminder_run(book: Book, day: dt.date) -> Plan:
    """What `arl remind` records on the day: each letter's events on its invoices."""
    events: dict[str, list[Any]] = defaultdict(list)
    for letter in reminder_plan(book, day).letters:
        for number, recorded_events in events_of(letter).items():
            events[number].extend(recorded_events)
    if not events:
        raise ArlError("no reminders due")
    changes = []
    for number, new in sorted(events.items()):
        invoice = book.invoices[number]
        changes.append(
            Change(invoice, invoice.model_copy(update={"events": [*invoice.events, *new]}), "")
        )
    return Plan(tuple(changes))


def on_invoice(book: Book, number: str, make: Callable[[Any], Plan]) -> Plan:
    from ar.settlement import account_of

    account = account_of(book, number)
    if account is None:
        raise ArlError("no invoice yet")
    return make(account)


def _owed(book: Book, number: str, on: dt.date) -> Decimal:
    """All an invoice owes on a day (a receipt of it may earn the discount and leave credit)."""
    from ar.settlement import account_of

    account = account_of(book, number)
    return account.open_on(on) if account is not None else ZERO


class Identities(RuleBasedStateMachine):
    """Random recordings on a book in memory; the identities checked after each."""

    def __init__(self) -> None:
        super().__init__()
        self.book = Book(LEDGER)
        self.latest = START

    def day(self, shift: int) -> dt.date:
        when = max(START, self.latest + dt.timedelta(days=shift))
        self.latest = max(self.latest, when)
        return when

    def record(
        self, decide: Callable[[Book], Plan], on: dt.date, data: Any, *, past: bool = True
    ) -> None:
        """Decide and apply; with `past`, every report as of a day before `on` must not move."""
        before_day = on - dt.timedelta(days=data.draw(st.integers(1, 45), label="before"))
        before = reports_as_of(self.book, before_day) if past and before_day >= START else None
        try:
            book = self.commit(decide)
        except ArlError:
            return
        if not sound(book):
            return  # what `arl check` would refuse, the transaction refuses too (guard.verify)
        self.book = book
        if before is not None:
            after = reports_as_of(book, before_day)
            for index, (old, new) in enumerate(zip(before, after, strict=True)):
                assert old == new, (index, before_day, on)
        self.check_on(data)

    def commit(self, decide: Callable[[Book], Plan]) -> Book:
        """The book after the decision: in memory here, through files in the files variant."""
        return book_with(self.book, decide(self.book).changes)

    def check_on(self, data: Any) -> None:
        span = (self.latest - START).days + 40
        day = START + dt.timedelta(days=data.draw(st.integers(-3, span), label="as_of"))
        buckets = tuple(
            sorted(data.draw(st.sets(st.integers(1, 150), min_size=1, max_size=4), label="buckets"))
        )
        told = truth(self.book, day)
        aging_agrees(self.book, day, buckets, told)
        lists_agree(self.book, day, told)
        statements_agree(self.book, day, told)
        forecast_worklist_metrics_agree(self.book, day, told)
        journal_agrees(self.book, day, told)
        start = day - dt.timedelta(days=data.draw(st.integers(0, 200), label="period"))
        ratios_in_range(self.book, Period(start, day))

    @initialize(
        terms=st.tuples(st.sampled_from(TERMS[3:]), st.sampled_from(TERMS), st.sampled_from(TERMS)),
        opening=st.lists(st.tuples(who, lines, st.integers(0, 20)), min_size=1, max_size=4),
    )
    def customers(
        self, terms: list[str | None], opening: list[tuple[str, list[Line], int]]
    ) -> None:
        """Customers on every kind of terms, in two currencies, with their first invoices."""
        for (cid, currency), chosen in zip(CUSTOMERS, terms, strict=True):
            fields: dict[str, Any] = {"id": cid, "name": f"Customer {cid}", "terms": chosen}
            if currency != LEDGER.currency:
                fields["currency"] = currency
            if cid == "B":
                fields["credit_limit"] = Decimal("4000")
            self.book = self.commit(lambda b, f=fields: add_customer(b, f))  # type: ignore[misc]
        self.opening_invoices(opening)

    def opening_invoices(self, opening: list[tuple[str, list[Line], int]]) -> None:
        for customer, items, shift in opening:
            request = InvoiceRequest(customer, self.day(shift), items, force=True)
            self.book = self.commit(lambda b, r=request: new_invoice(b, r))  # type: ignore[misc]

    @rule(customer=who, items=lines, shift=shifts, force=st.booleans(), data=st.data())
    def invoice(self, customer: str, items: list[Line], shift: int, force: bool, data: Any) -> None:
        on = self.day(shift)
        request = InvoiceRequest(customer, on, items, force=force)
        self.record(lambda b: new_invoice(b, request), on, data)

    @rule(
        customer=who,
        amount=cents,
        shift=shifts,
        how=st.sampled_from(["none", "auto", "named", "part", "settle", "settle"]),
        index=pick,
        data=st.data(),
    )
    def pay(
        self, customer: str, amount: Decimal, shift: int, how: str, index: int, data: Any
    ) -> None:
        on = self.day(shift)

        def decide(book: Book) -> Plan:
            target = nth(book.invoices, index, customer)
            part = (amount / 3).quantize(Decimal("0.01")) if how == "part" else None
            targets = ((target, part),) if how in ("named", "part", "settle") else ()
            paid = _owed(book, target, on) if how == "settle" else amount
            request = PaymentRequest(customer, paid, on, targets=targets, auto=how == "auto")
            return record_payment(book, request)

        self.record(decide, on, data)

    @rule(customer=who, shift=shifts, index=pick, auto=st.booleans(), data=st.data())
    def apply(self, customer: str, shift: int, index: int, auto: bool, data: Any) -> None:
        on = self.day(shift)

        def decide(book: Book) -> Plan:
            target = () if auto else ((nth(book.invoices, index, customer), None),)
            return apply_credit(book, customer, target, auto=auto, on=on)

        self.record(decide, on, data)

    @rule(index=pick, whole=st.booleans(), data=st.data())
    def unapply(self, index: int, whole: bool, data: Any) -> None:
        def decide(book: Book) -> Plan:
            payment = nth(book.payments, index)
            applied = book.payments[payment].apply if payment in book.payments else []
            part = () if whole or not applied else ((applied[0].invoice, Decimal("0.01")),)
            return unapply(book, payment, part)

        # unapply corrects a mistake "as if it had never been made": it rewrites history
        self.record(decide, self.latest, data, past=False)

    @rule(
        customer=who, amount=cents, shift=shifts, index=pick, against=st.booleans(), data=st.data()
    )
    def credit(
        self, customer: str, amount: Decimal, shift: int, index: int, against: bool, data: Any
    ) -> None:
        on = self.day(shift)

        def decide(book: Book) -> Plan:
            invoice = nth(book.invoices, index, customer) if against else None
            return credit_note(book, customer, amount, on=on, invoice=invoice)

        self.record(decide, on, data)

    @rule(index=pick, amount=st.none() | cents, shift=shifts, data=st.data())
    def write_off(self, index: int, amount: Decimal | None, shift: int, data: Any) -> None:
        on = self.day(shift)
        self.record(
            lambda b: write_off(b, nth(b.invoices, index), amount, "bad debt", on), on, data
        )

    @rule(customer=who, amount=st.none() | cents, shift=shifts, data=st.data())
    def refund(self, customer: str, amount: Decimal | None, shift: int, data: Any) -> None:
        on = self.day(shift)
        self.record(lambda b: refund(b, customer, amount, on=on), on, data)

    @rule(index=pick, shift=shifts, data=st.data())
    def void(self, index: int, shift: int, data: Any) -> None:
        on = self.day(shift)
        self.record(lambda b: void_invoice(b, nth(b.invoices, index), "error", on), on, data)

    @rule(
        index=pick,
        shift=shifts,
        count=st.integers(1, 4),
        every=st.sampled_from(["month", "2 weeks"]),
        data=st.data(),
    )
    def plan(self, index: int, shift: int, count: int, every: str, data: Any) -> None:
        on = self.day(shift)

        def decide(book: Book) -> Plan:
            from ar.collecting import add_period

            first = add_period(on, every, 1)
            return on_invoice(
                book,
                nth(book.invoices, index),
                lambda a: agreed(a, on, payment_plan(a, on, count, every, first)),
            )

        self.record(decide, on, data)

    @rule(
        index=pick, shift=shifts, share=st.integers(1, 100), days=st.integers(0, 30), data=st.data()
    )
    def promise(self, index: int, shift: int, share: int, days: int, data: Any) -> None:
        on = self.day(shift)

        def make(account: Any) -> Plan:
            owed = account.open_on(on)
            amount = max(Decimal("0.01"), (owed * share / 100).quantize(Decimal("0.01")))
            return recorded(account, promise(account, on, amount, on + dt.timedelta(days=days)))

        self.record(lambda b: on_invoice(b, nth(b.invoices, index), make), on, data)

    @rule(index=pick, shift=shifts, data=st.data())
    def dispute(self, index: int, shift: int, data: Any) -> None:
        on = self.day(shift)

        def make(account: Any) -> Plan:
            if account.disputed_on(on):
                return recorded(account, resolve_dispute(account, on, "settled"))
            return recorded(account, open_dispute(account, on, "wrong quantity"))

        self.record(lambda b: on_invoice(b, nth(b.invoices, index), make), on, data)

    @rule(shift=st.integers(0, 20), data=st.data())
    def remind(self, shift: int, data: Any) -> None:
        on = self.day(shift)
        self.record(lambda b: reminder_run(b, on), on, data)


TestIdentities = Identities.TestCase
TestIdentities.settings = PROFILE
