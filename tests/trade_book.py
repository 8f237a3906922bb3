"""A seeded generator of spreadsheets for a book of any size: customers, invoices, payments.

The files look like what bookkeepers bring: customers in UTF-8 with a byte-order mark and
accented names, invoices from a German spreadsheet (semicolons, decimal commas, d.m.Y,
Windows-1252), payments as plain CSV, some naming their invoices and some not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal
from pathlib import Path

CENT = Decimal("0.01")
NAMES = ["Müller", "Søren", "Acme", "Zoë", "Nord", "Baker", "Crème", "Delta", "Öko", "Atlas"]
FORMS = ["GmbH", "AG", "Ltd", "SARL", "Inc", "& Söhne"]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _german(amount: Decimal) -> str:
    """1234.5 -> '1.234,50'."""
    text = f"{amount:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def generate(folder: Path, invoices: int, seed: int = 7) -> dict[str, Path]:
    """Write customers.csv, invoices.csv and payments.csv; returns their paths."""
    rng = random.Random(seed)
    customers = max(5, invoices // 25)
    ids = [f"C{n:04d}" for n in range(1, customers + 1)]
    customer_rows = [["Kunde", "Name", "E-Mail", "Zahlungsziel"]]
    for n, cid in enumerate(ids):
        name = f"{rng.choice(NAMES)} {n} {rng.choice(FORMS)}"
        terms = "2/10 net 30" if n % 7 == 0 else ""
        customer_rows.append([cid, name, f"ar@{cid.lower()}.example", terms])
    invoice_rows = [["Rechnung", "Kunde", "Datum", "Text", "Menge", "Preis", "USt"]]
    payment_rows = [["customer", "date", "amount", "reference", "invoice"]]
    start = dt.date(2025, 1, 1)
    for n in range(1, invoices + 1):
        number, cid = f"INV-{n:05d}", rng.choice(ids)
        date = start + dt.timedelta(days=rng.randrange(480))
        total = Decimal(0)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            quantity = rng.randrange(1, 5)
            price = Decimal(rng.randrange(500, 250_000)) / 100
            rate = rng.choice(["19%", "7%", ""])
            day = date.strftime("%d.%m.%Y")
            invoice_rows.append([number, cid, day, "Leistung", str(quantity), _german(price), rate])
            net = (price * quantity).quantize(Decimal("0.01"))
            tax = (net * Decimal(rate.rstrip("%") or 0) / 100).quantize(Decimal("0.01"))
            total += net + tax
        _payments(rng, payment_rows, n, cid, date, total, number)
    files = {
        "customers": folder / "customers.csv",
        "invoices": folder / "invoices.csv",
        "payments": folder / "payments.csv",
    }
    files["customers"].write_bytes(b"\xef\xbb\xbf" + _csv(customer_rows).encode())
    files["invoices"].write_bytes(_csv(invoice_rows, ";").encode("cp1252"))
    files["payments"].write_text(_csv(payment_rows))
    return files


def _payments(
    rng: random.Random, rows: list[list[str]], n: int, cid: str, date: dt.date,
    total: Decimal, number: str,
) -> None:  # fmt: skip
    """Most invoices are paid, some in part, a few too much, some without naming them."""
    roll = rng.random()
    if roll < 0.25:
        return
    paid = total if roll < 0.82 else total + 25 if roll < 0.85 else (total / 2).quantize(CENT)
    when = date + dt.timedelta(days=rng.randrange(3, 70))
    named = number if rng.random() < 0.7 else ""
    rows.append([cid, when.isoformat(), f"{paid:.2f}", f"TRX-{n:06d}", named])
