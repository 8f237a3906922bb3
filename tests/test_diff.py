"""arl diff on real git repositories: every kind of change, in text, Markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Result
from tests.diff_book import SCENARIOS, base_repo
from tests.gitrepo import Repo

Arl = Callable[..., Result]
Golden = Callable[[str, str], None]
FORMATS = {"text": "txt", "markdown": "md", "json": "json"}


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Repo]:
    """One repository per scenario, each with its change made."""
    repos = {}
    for name, make in SCENARIOS.items():
        repo = base_repo(tmp_path_factory.mktemp(name))
        make(repo)
        repos[name] = repo
    return repos


def revisions(name: str) -> tuple[str, str]:
    """What the review compares: the branch against main, or the merge against main before it."""
    return ("HEAD^1", "HEAD") if name == "merge" else ("main", "change")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_golden(
    name: str, fmt: str, changed: dict[str, Repo], arl: Arl, golden: Golden
) -> None:
    repo = changed[name]
    result = arl("-L", repo.ledger, "diff", *revisions(name), "--format", fmt)
    assert result.code == 0, result.err
    golden(f"diff-{name}.{FORMATS[fmt]}", result.out)
    assert repo.status() == ""


def flags(repo: Repo, arl: Arl, *revs: str) -> list[tuple[str, str]]:
    result = arl("-L", repo.ledger, "diff", *revs, "--format", "json")
    assert result.code == 0, result.err
    return [(w["kind"], w["record"]) for w in json.loads(result.out)["warnings"]]


def test_adding_records_warns_of_nothing(changed: dict[str, Repo], arl: Arl) -> None:
    assert flags(changed["adds"], arl, "main", "change") == []


def test_each_rewrite_of_history_is_flagged(changed: dict[str, Repo], arl: Arl) -> None:
    assert flags(changed["edit"], arl, "main", "change") == [("edited_in_place", "INV-2026-0003")]
    assert flags(changed["backdate"], arl, "main", "change") == [
        ("closed_period", "PAY-2026-0002"),
        ("closed_period", "PAY-2026-0003"),
    ]
    assert flags(changed["delete"], arl, "main", "change") == [
        ("deleted", "INV-2026-0003"),
        ("numbering_gap", "INV-2026-0003"),
    ]
    assert flags(changed["reallocate"], arl, "main", "change") == [("reallocated", "PAY-2026-0002")]
    assert flags(changed["merge"], arl, "HEAD^1", "HEAD") == [("duplicate", "INV-2026-0007")]


def test_closing_a_period_and_editing_it_in_one_change(changed: dict[str, Repo], arl: Arl) -> None:
    assert flags(changed["collections"], arl, "main", "change") == [
        ("closed_period", "INV-2026-0003")
    ]


def test_the_working_tree_reads_like_the_commit(changed: dict[str, Repo], arl: Arl) -> None:
    repo = changed["collections"]
    committed = json.loads(arl("-L", repo.ledger, "diff", "main", "change", "-f", "json").out)
    working = json.loads(arl("-L", repo.ledger, "diff", "-f", "json").out)
    assert working["head"] == {"label": "working tree", "commit": None}
    assert working["base"]["label"].startswith("main (")
    for key in ("summary", "warnings", "effect", "changes", "as_of", "locked_until"):
        assert working[key] == committed[key], key


def test_strict_exits_1_on_any_warning(changed: dict[str, Repo], arl: Arl) -> None:
    assert arl("-L", changed["edit"].ledger, "diff", "main", "--strict").code == 1
    assert arl("-L", changed["adds"].ledger, "diff", "main", "--strict").code == 0
    assert arl("-L", changed["edit"].ledger, "diff", "main").code == 0
