"""A record that goes through the cache comes back the same record: every field, which
fields were written, and the file and line it came from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from ar.errors import Source
from ar.model import Ledger, Record
from ar.store.codec import decode_record, encode_record
from ar.store.load import load_book
from tests.cachebook import make
from tests.test_resettle import records

FULL_LEDGER = {
    "company": {"name": "Co", "address": "1 Street\nTown", "email": "a@b.c", "tax_id": "X1"},
    "currency": "EUR",
    "invoice_number": "INV-{year}-{seq:04d}",
    "terms": {
        "net30": {"days": 30},
        "2/10": {"days": 30, "discount": {"percent": Decimal("0.02"), "days": 10}},
    },
    "default_terms": "net30",
    "aging": {"basis": "invoice_date", "buckets": [15, 45]},
    "dunning": {
        "min_interval_days": 5,
        "pre_due": {"days_before": 3, "template": "pre"},
        "levels": [
            {"level": 1, "after_days": 1, "template": "a", "fee": "5.00", "interest": "0.08"},
            {
                "level": 2,
                "after_days": 20,
                "template": "b",
                "interest": {"reference": "ecb", "margin": "0.08"},
            },
        ],
    },
    "reference_rates": {"ecb": [{"from": "2026-01-01", "rate": "0.02"}]},
    "mail": {"from": "ar@co.example", "smtp": {"host": "mail", "port": 465, "security": "ssl"}},
}


def same_after_the_cache(record: Record) -> None:
    back = decode_record(encode_record(record))
    assert type(back) is type(record)
    assert back == record
    assert back.source == record.source
    assert back.model_fields_set == record.model_fields_set
    assert back.model_dump(by_alias=True, exclude_defaults=True) == record.model_dump(
        by_alias=True, exclude_defaults=True
    )
    assert repr(back) == repr(record)


def test_a_ledger_with_every_setting() -> None:
    ledger = Ledger.model_validate(FULL_LEDGER).located(Source("ledger.yaml", 3))
    same_after_the_cache(ledger)


def test_records_parsed_from_files(tmp_path: Path) -> None:
    book = load_book(make(tmp_path / "book"), cache=False).book
    assert book is not None
    for table in (book.customers, book.invoices, book.payments, book.credit_notes):
        for record in table.values():
            same_after_the_cache(record)


@settings(max_examples=100, deadline=None)
@given(records())
def test_any_record(chosen: dict[str, Any]) -> None:
    for record in chosen.values():
        same_after_the_cache(record)
