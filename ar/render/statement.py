"""Statements rendered for customers (text, HTML from templates) or scripts (JSON)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ar.money import minor_units
from ar.render.report import plain

TEMPLATES = {"text": "statement.txt", "html": "statement.html"}


def render_statement(
    data: dict[str, Any], fmt: str, ledger_root: Path | None, locale: str | None = None
) -> str:
    """The statement as JSON, or through the ledger's (else the built-in) template, in the
    customer's language where a translation exists (`templates/<lang>/`, as letters)."""
    if fmt == "json":
        return json.dumps(plain(data, None), indent=2, ensure_ascii=False) + "\n"
    from ar.templating import render, template_env

    env = template_env(ledger_root, locale, filters={"money": money})
    return render(env, TEMPLATES[fmt], {**data, "start": data["from"], "end": data["to"]})


def money(amount: Decimal, currency: str) -> str:
    """An amount for people: thousands separated, the currency's minor units: 1,250.00."""
    return f"{amount:,.{minor_units(currency)}f}"
