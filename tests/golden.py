"""Golden files: what a user sees, kept beside the tests and updated only on request.

`pytest --update-golden` rewrites the files from the current output; a plain run compares.
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, actual: str, *, update: bool) -> None:
    """Compare `actual` with tests/golden/<name>, or write it there when updating."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
        return
    assert path.exists(), f"no golden file {path.name}: run pytest --update-golden"
    expected = path.read_text()
    assert actual == expected, f"output differs from golden file {path.name}"
