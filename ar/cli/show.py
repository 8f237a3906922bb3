"""Rendering of `customer show` and `invoice show`: a header block and item tables."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ar.cli.env import Env
from ar.render.report import plain, plain_row
from ar.reports.base import Column, Report


def _json(detail: dict[str, Any], fmt: str) -> str:
    if fmt == "xlsx":
        from ar.errors import ArlError

        raise ArlError("'show' has no xlsx form", "use --format json, or 'arl export xlsx'")
    currency = detail.get("currency")

    def convert(value: Any) -> Any:
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return [plain_row(item) for item in value]
        return plain(value, currency)

    return (
        json.dumps(
            {k: convert(v) for k, v in detail.items()}, indent=2, ensure_ascii=False, default=str
        )
        + "\n"
    )


LOG_COLUMNS = [
    Column("date", "Date"),
    Column("invoice", "Invoice"),
    Column("kind", "Kind"),
    Column("text", "Note"),
    Column("follow_up", "Follow up"),
    Column("owner", "Owner"),
]


def _header(env: Env, detail: dict[str, Any], keys: list[str]) -> None:
    currency = detail.get("currency")
    for key in keys:
        value = detail.get(key)
        if value not in (None, [], ""):
            shown = ", ".join(value) if isinstance(value, list) else plain(value, currency)
            env.out.print(f"[bold]{key.replace('_', ' '):>14}[/bold]  {shown}")


def _section(env: Env, title: str, columns: list[Column], rows: list[dict[str, Any]]) -> None:
    from ar.render.table import as_table

    if rows:
        env.out.print()
        env.out.print(as_table(Report(title, columns, rows)))


def show_invoice(env: Env, number: str, as_of: dt.date, fmt: str) -> None:
    from ar.reports.detail import invoice_detail

    detail = invoice_detail(env.book(), number, as_of)
    if fmt != "table":
        env.out.file.write(_json(detail, fmt))
        return
    _header(
        env,
        detail,
        [
            "number",
            "customer",
            "name",
            "date",
            "due",
            "terms",
            "po",
            "currency",
            "total",
            "open",
            "days_past_due",
            "status",
            "notes",
            "forced",
        ],
    )
    _section(
        env,
        "Lines",
        [
            Column("description", "Description"),
            Column("quantity", "Qty", True),
            Column("unit_price", "Price", True),
            Column("tax_rate", "Tax rate", True),
            Column("net", "Net", True),
            Column("tax", "Tax", True),
        ],
        detail["lines"],
    )
    _section(
        env,
        "Installments",
        [Column("due", "Due"), Column("amount", "Amount", True)],
        detail["installments"],
    )
    _section(
        env,
        "Activity",
        [
            Column("date", "Date"),
            Column("kind", "Kind"),
            Column("ref", "Reference"),
            Column("amount", "Amount", True),
        ],
        detail["activity"],
    )
    _section(
        env,
        "Events",
        [
            Column("date", "Date"),
            Column("type", "Type"),
            Column("level", "Level"),
            Column("amount", "Amount", True),
            Column("reason", "Reason"),
        ],
        [{**e, "currency": detail["currency"]} for e in detail["events"]],
    )


def show_customer(env: Env, customer: str, as_of: dt.date, fmt: str) -> None:
    from ar.reports.detail import customer_detail
    from ar.reports.listing import CUSTOMER_COLUMNS, INVOICE_COLUMNS

    detail = customer_detail(env.book(), customer, as_of)
    if fmt != "table":
        env.out.file.write(_json(detail, fmt))
        return
    _header(
        env,
        detail,
        [
            "customer",
            "name",
            "email",
            "address",
            "terms",
            "currency",
            "credit_limit",
            "hold",
            "tags",
            "notes",
        ],
    )
    _section(env, f"Balance as of {as_of}", CUSTOMER_COLUMNS[2:], detail["balances"])
    _risk(env, detail["balances"])
    _section(env, "Open invoices", INVOICE_COLUMNS, detail["open_invoices"])
    _section(env, "Notes and calls", LOG_COLUMNS, detail["log"])


def _risk(env: Env, balances: list[dict[str, Any]]) -> None:
    """The risk score of each currency, and the reasons for it in words."""
    for row in balances:
        if row.get("risk") is not None:
            env.out.print()
            env.out.print(
                f"[bold]Risk ({row['currency']}): {row['risk']} {row['risk_level']}[/bold]"
            )
            for reason in row["risk_reasons"]:
                env.out.print(f"  - {reason}", markup=False)
