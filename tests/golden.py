"""Golden files: what a user sees, kept beside the tests and changed only on purpose.

`pytest --update-golden` rewrites them from the current output; review the diff.
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, text: str, *, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file tests/golden/{name}: run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8"), f"output differs from tests/golden/{name}"
