"""ledger.yaml of the demo book, written by hand (with comments) rather than generated."""

from __future__ import annotations

from ar.model import Ledger
from ar.store.yamlread import read_documents

LEDGER_YAML = """\
# Nordhafen Analytics GmbH: accounts receivable, kept as plain files.
# This file holds the rules of the book; the records live next to it in customers/,
# invoices/, payments/ and credit-notes/. Run `arl check` after every change.

# Who we are. Printed on reminder letters and statements.
company:
  name: Nordhafen Analytics GmbH
  address: |
    Speicherstraße 12
    04109 Leipzig
    Germany
  email: accounts@nordhafen-analytics.example
  tax_id: DE318420517
  country: DE

# Where customers pay: printed on every invoice, with a QR code for EUR transfers that
# banking apps scan, and the payment page customers may use instead.
payment:
  bank: Sparkasse Leipzig
  iban: DE81 8605 5592 1090 0012 34
  bic: WELADE8LXXX
payment_link: https://pay.nordhafen-analytics.example/invoice/{number}?amount={amount}

# The book's currency. Customers billed in USD or GBP say so in their own file;
# amounts in different currencies are never added together.
currency: EUR

# {year} plus a number that starts again every January. No gaps: a voided invoice
# keeps its number.
invoice_number: INV-{year}-{seq:04d}

# Payment terms by name. `days` count from the invoice date, or from the end of the
# invoice's month with `end_of_month`.
terms:
  net14:
    days: 14
  net30:
    days: 30
  net45:
    days: 45  # hospitals and public bodies, as their framework contracts require
  # Skonto: 2 % off when paid within 10 days, otherwise net in 30.
  2/10 net 30:
    days: 30
    discount:
      percent: 0.02
      days: 10
  30 days end of month:
    days: 30
    end_of_month: true
default_terms: net30

# Aged by days past the due date: current, 1-30, 31-60, 61-90, 91-120, over 120.
aging:
  basis: due_date
  buckets:
    - 30
    - 60
    - 90
    - 120

# The bad-debt provision (`arl allowance`): the share of each aging bucket not expected
# to come in; the change since last month is the entry to post.
allowance:
  buckets:
    current: 0.01
    1-30: 0.03
    31-60: 0.10
    61-90: 0.25
    91-120: 0.50
    120+: 1.00

# Reminders. A level goes out once an invoice is `after_days` past due, one level at a
# time, and never sooner than `min_interval_days` after the previous reminder.
# Nothing is sent for a disputed invoice or while a promise to pay is running.
dunning:
  min_interval_days: 14
  # A friendly note a few days before the due date (recorded as reminder level 0).
  pre_due:
    days_before: 3
    template: pre_due
  levels:
    - level: 1
      after_days: 7
      template: friendly
    - level: 2
      after_days: 21
      template: firm
      fee: 5.00
    - level: 3
      after_days: 42
      template: firm
      fee: 10.00
      interest: 0.09  # contractual default interest, 9 % a year
    # Final notice: the EUR 40 flat compensation and statutory interest of the ECB
    # reference rate plus 8 points (late payment directive 2011/7/EU).
    - level: 4
      after_days: 70
      template: final
      fee: 40.00
      interest:
        reference: ECB
        margin: 0.08

# The ECB main refinancing rate on the first day of each half-year; the directive fixes
# the reference rate for the whole half-year from that day.
reference_rates:
  ECB:
    - from: 2025-01-01
      rate: 0.0315
    - from: 2025-07-01
      rate: 0.0215
    - from: 2026-01-01
      rate: 0.0215
    - from: 2026-07-01
      rate: 0.0215

# Outgoing mail for reminders and statements. The SMTP password never goes in a file:
# set ARL_SMTP_PASSWORD in the environment of the job that sends.
mail:
  from: Nordhafen Analytics Accounts <accounts@nordhafen-analytics.example>
  reply_to: accounts@nordhafen-analytics.example
  bcc: archive@nordhafen-analytics.example
  smtp:
    host: localhost
    port: 25
    security: none
"""


def ledger_settings() -> Ledger:
    """The settings the simulation follows, read from the very text that is written."""
    docs, problems = read_documents(LEDGER_YAML, "ledger.yaml")
    assert not problems, problems
    return Ledger.model_validate(docs[0].data)
