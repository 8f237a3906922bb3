"""Statements rendered for customers (text, HTML from templates) or scripts (JSON)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ar.money import format_amount, minor_units

TEMPLATES = {"text": "statement.txt", "html": "statement.html"}


def render_statement(data: dict[str, Any], fmt: str, ledger_root: Path | None) -> str:
    """The statement as JSON, or through the ledger's (else the built-in) template."""
    if fmt == "json":
        return json.dumps(_plain(data, None), indent=2, ensure_ascii=False) + "\n"
    from ar.templating import render, template_env

    env = template_env(ledger_root, filters={"money": money})
    return render(env, TEMPLATES[fmt], {**data, "start": data["from"], "end": data["to"]})


def money(amount: Decimal, currency: str) -> str:
    """An amount for people: thousands separated, the currency's minor units: 1,250.00."""
    return f"{amount:,.{minor_units(currency)}f}"


def _plain(value: Any, currency: str | None) -> Any:
    """Amounts as strings in the enclosing section's currency, dates ISO, all the way down."""
    if isinstance(value, dict):
        currency = value.get("currency", currency)
        return {key: _plain(item, currency) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item, currency) for item in value]
    if isinstance(value, Decimal):
        return format_amount(value, currency) if currency else format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
