"""Writing records: repeated values are written out, never as YAML anchors and aliases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ar.model import Invoice
from ar.store.write import record_text
from ar.store.yamlwrite import dump_stream, load_stream


def test_a_value_used_twice_is_written_twice() -> None:
    day, rate = dt.date(2026, 2, 2), Decimal("0.19")
    invoice = Invoice.model_validate(
        {
            "number": "INV-1",
            "customer": "ACME",
            "date": dt.date(2026, 1, 2),
            "lines": [
                {"description": "a", "unit_price": Decimal("1.00"), "tax_rate": rate},
                {"description": "b", "unit_price": Decimal("2.00"), "tax_rate": rate},
            ],
            "events": [
                {"date": day, "type": "reminder", "level": 1},
                {"date": day, "type": "fee", "amount": Decimal("5.00"), "reason": "fee"},
            ],
        }
    )
    text = record_text(invoice)
    assert "&" not in text
    assert "*" not in text
    assert text.count("date: 2026-02-02") == 2


def test_an_anchor_a_person_wrote_on_a_mapping_survives() -> None:
    text = "base: &b\n  days: 30\nother: *b\n"
    header, docs = load_stream(text)
    assert dump_stream(header, docs, explicit=False) == text
