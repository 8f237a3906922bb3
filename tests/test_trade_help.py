"""The trade commands explain themselves, and the README's walkthrough names real commands."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import REPO, Result

Arl = Callable[..., Result]


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("import", ["--map", "--dry-run", "--skip-bad", "--date-format", "--encoding"]),
        ("reconcile", ["camt053", "mt940", "--record", "--yes", "--min-confidence"]),
        ("export", ["hledger", "beancount", "xlsx", "--as-of", "--kind", "--output"]),
    ],
)
def test_help_names_every_option(arl: Arl, command: str, words: list[str]) -> None:
    result = arl(command, "--help")
    assert result.code == 0
    for word in words:
        assert word in result.out


def test_the_month_end_walkthrough_uses_real_commands(arl: Arl) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Month end: bank statement, reconcile, export")[1].split("\n## ")[0]
    used = set(re.findall(r"^\$ arl (\w[\w-]*)", section, re.MULTILINE))
    assert used == {"reconcile", "export"}
    for command in used:
        assert arl(command, "--help").code == 0


def test_readme_lists_the_dependencies_pyproject_declares() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    readme = (REPO / "README.md").read_text()
    for name in ("defusedxml", "mt-940", "openpyxl"):
        assert f'"{name}>=' in pyproject and f"**{name}**" in readme
