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
    text = render(env, TEMPLATES[fmt], {**data, "start": data["from"], "end": data["to"]})
    return text + _log(data["log"], fmt) if "log" in data else text


def _log(rows: list[dict[str, Any]], fmt: str) -> str:
    """The internal notes and calls, after the statement (never in a customer's copy)."""
    body = "\n".join(_log_line(row) for row in rows) or "none"
    if fmt == "html":
        from html import escape

        return (
            '<section class="internal"><h2>Notes and calls (internal)</h2>'
            f"<pre>{escape(body)}</pre></section>\n"
        )
    return f"\nNotes and calls (internal)\n{body}\n"


def _log_line(row: dict[str, Any]) -> str:
    owner = f", {row['owner']}" if row["owner"] else ""
    back = f"  (follow up {row['follow_up']}{owner})" if row["follow_up"] else ""
    return f"{row['date']}  {row['kind']:<4}  {row['invoice'] or '':<14}  {row['text']}{back}"


def money(amount: Decimal, currency: str) -> str:
    """An amount for people: thousands separated, the currency's minor units: 1,250.00."""
    return f"{amount:,.{minor_units(currency)}f}"
