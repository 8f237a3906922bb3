"""JSON Schema of every record kind, so editors can validate ledger files as people type."""

from __future__ import annotations

from typing import Any

from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record, Recurring

KIND_MODELS: dict[str, type[Record]] = {
    "ledger": Ledger,
    "customer": Customer,
    "invoice": Invoice,
    "payment": Payment,
    "credit-note": CreditNote,
    "recurring": Recurring,
}


def schemas() -> dict[str, dict[str, Any]]:
    return {kind: _schema(kind, model) for kind, model in KIND_MODELS.items()}


def _schema(kind: str, model: type[Record]) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True)
    body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    body["title"] = f"arl {kind}"
    return body
