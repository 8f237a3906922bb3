"""HTML statements lay out inside the printable area of both A4 and Letter paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from ar.render.statement import render_statement
from ar.reports.statement import statement
from tests.books import MIXED, load

LONG_DESCRIPTION = "Quarterly maintenance of the whole warehouse fleet, " * 3


def many_invoices() -> dict[str, str]:
    """Sixty invoices with long descriptions and large amounts: several pages of activity."""
    files = dict(MIXED)
    for n in range(60):
        files[f"invoices/2026/L{n:02d}.yaml"] = (
            f"number: L{n:02d}\ncustomer: ACME\ndate: 2026-03-{n % 28 + 1:02d}\n"
            f"lines:\n  - description: {LONG_DESCRIPTION}\n    unit_price: 98765432.10\n"
        )
    return files


def boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("files", [MIXED, many_invoices()], ids=["short", "long"])
def test_nothing_runs_off_the_page(tmp_path: Path, paper: str, files: dict[str, str]) -> None:
    end = dt.date(2026, 3, 31)
    data = statement(load(tmp_path, files), "ACME", dt.date(2026, 1, 1), end, end)
    html = render_statement(data, "html", None)
    paper_css = weasyprint.CSS(string=f"@page {{ size: {paper} }}")
    document = weasyprint.HTML(string=html).render(stylesheets=[paper_css])
    for page in document.pages:
        right_edge = page.width - page._page_box.margin_right
        for box in boxes(page._page_box):
            if hasattr(box, "position_x") and box is not page._page_box:
                assert box.position_x + box.margin_width() <= right_edge + 0.5, (paper, box)
    text_pages = len(document.pages)
    assert text_pages == 1 if files is MIXED else text_pages > 1
