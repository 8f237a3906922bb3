"""Golden files: what users see, compared byte for byte; rewritten only with --update-golden."""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(request: pytest.FixtureRequest, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual)
        return
    assert path.exists(), f"no golden file {path.name}; run pytest --update-golden and review it"
    assert actual == path.read_text(), f"{path.name} differs; if intended, run --update-golden"
