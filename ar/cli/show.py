"""Rendering of `customer show` and `invoice show`: a header block and item tables.

The same header and tables make the table for people and the xlsx workbook (a sheet for
the header's fields, one per table); JSON gives the detail as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ar.cli.env import Env
from ar.render.report import plain, plain_row
from ar.reports.base import Column, Report


def _elsewhere(env: Env, detail: dict[str, Any], fmt: str, title: str, keys: list[str],
               sections: list[Report]) -> bool:  # fmt: skip
    """Write the detail as a workbook or JSON; False when it is for people (a table)."""
    if fmt == "table":
        return False
    if fmt == "xlsx":
        from ar.render.table import write_binary
        from ar.render.xlsx import workbook

        write_binary(env.out, workbook([_fields(detail, title, keys), *sections]))
    else:
        env.out.file.write(_json(detail))
    return True


def _fields(detail: dict[str, Any], title: str, keys: list[str]) -> Report:
    """The header block as a two-column table."""
    currency = detail.get("currency")
    rows = [
        {"field": key, "value": detail[key], "currency": currency}
        for key in keys
        if detail.get(key) not in (None, [], "")
    ]
    return Report(title, [Column("field", "Field"), Column("value", "Value")], rows)


def _json(detail: dict[str, Any]) -> str:
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


def _section(env: Env, report: Report) -> None:
    from ar.render.table import as_table

    if report.rows:
        env.out.print()
        env.out.print(as_table(report))


INVOICE_FIELDS = [
    "number", "customer", "name", "date", "due", "terms", "po", "currency", "total", "open",
    "days_past_due", "status", "notes", "forced",
]  # fmt: skip


def show_invoice(env: Env, number: str, as_of: dt.date, fmt: str) -> None:
    from ar.reports.detail import invoice_detail

    detail = invoice_detail(env.book(), number, as_of)
    sections = _invoice_sections(detail)
    if _elsewhere(env, detail, fmt, "Invoice", INVOICE_FIELDS, sections):
        return
    _header(env, detail, INVOICE_FIELDS)
    for section in sections:
        _section(env, section)


def _invoice_sections(detail: dict[str, Any]) -> list[Report]:
    currency = detail["currency"]
    return [
        Report(
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
        ),
        Report(
            "Installments",
            [Column("due", "Due"), Column("amount", "Amount", True)],
            detail["installments"],
        ),
        Report(
            "Activity",
            [
                Column("date", "Date"),
                Column("kind", "Kind"),
                Column("ref", "Reference"),
                Column("amount", "Amount", True),
            ],
            detail["activity"],
        ),
        Report(
            "Events",
            [
                Column("date", "Date"),
                Column("type", "Type"),
                Column("level", "Level"),
                Column("amount", "Amount", True),
                Column("reason", "Reason"),
            ],
            [{**e, "currency": currency} for e in detail["events"]],
        ),
    ]


CUSTOMER_FIELDS = [
    "customer", "name", "email", "address", "terms", "currency", "credit_limit", "hold",
    "tags", "notes",
]  # fmt: skip


def show_customer(env: Env, customer: str, as_of: dt.date, fmt: str) -> None:
    from ar.reports.detail import customer_detail
    from ar.reports.listing import CUSTOMER_COLUMNS, INVOICE_COLUMNS

    detail = customer_detail(env.book(), customer, as_of)
    balances = Report(f"Balance as of {as_of}", CUSTOMER_COLUMNS[2:], detail["balances"])
    invoices = Report("Open invoices", INVOICE_COLUMNS, detail["open_invoices"])
    log = Report("Notes and calls", LOG_COLUMNS, detail["log"])
    if _elsewhere(env, detail, fmt, "Customer", CUSTOMER_FIELDS, [balances, invoices, log]):
        return
    _header(env, detail, CUSTOMER_FIELDS)
    _section(env, balances)
    _risk(env, detail["balances"])
    _section(env, invoices)
    _section(env, log)


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
