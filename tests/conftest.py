"""Shared fixtures: small ledgers written inline, and the CLI run in-process."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ["tests.smtp_server"]

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "ledgers" / "demo"

LEDGER_YAML = """\
company:
  name: Test Co
currency: EUR
terms:
  net30:
    days: 30
  2/10 net 30:
    days: 30
    discount:
      percent: 0.02
      days: 10
default_terms: net30
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )
    parser.addoption(
        "--arl-no-cache",
        action="store_true",
        help="run every test with ARL_NO_CACHE=1: ledgers parsed afresh, no parse cache",
    )


@pytest.fixture(autouse=True)
def _parse_cache_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite runs with the parse cache on, and again (CI) with it off."""
    if request.config.getoption("--arl-no-cache"):
        monkeypatch.setenv("ARL_NO_CACHE", "1")
    else:
        monkeypatch.delenv("ARL_NO_CACHE", raising=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare output with a golden file (see tests/golden.py)."""
    from tests.golden import check_golden

    update = bool(request.config.getoption("--update-golden"))
    return lambda name, actual: check_golden(name, actual, update=update)


def write_ledger(root: Path, files: dict[str, str]) -> Path:
    """A ledger at `root` from {relative path: YAML text}; ledger.yaml defaults to a small one."""
    files = {"ledger.yaml": LEDGER_YAML, **files}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.fixture
def ledger(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    return lambda files: write_ledger(tmp_path / "book", files)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(".arl-cache"))
    return target


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def arl(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run `arl ARGS...` in this process and return its exit code and output."""
    from ar.cli.app import run
    from ar.store import background

    def invoke(*args: str | Path) -> Result:
        monkeypatch.setattr(sys, "argv", ["arl", *map(str, args)])
        monkeypatch.delenv("ARL_LEDGER", raising=False)
        capsys.readouterr()
        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            background.wait()  # the parse cache it began writing is there: the run is whole
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
