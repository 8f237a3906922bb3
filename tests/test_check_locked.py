"""arl check and the closed period (`locked_until`) against the committed history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.diff_book import BASE, LEDGER, base_repo
from tests.gitrepo import Repo

Arl = Callable[..., Result]
FEE = "events:\n  - date: 2026-03-01\n    type: fee\n    amount: 5.00\n    reason: Late\n"
HINT = "(the period is closed: record a correction dated after it, or move locked_until back"


def problems(arl: Arl, repo: Repo, *args: str) -> list[str]:
    result = arl("-L", repo.ledger, "check", *args)
    assert result.code in (0, 1), result.err
    return result.out.splitlines()


def test_an_edit_inside_the_closed_period_is_a_problem_at_its_line(
    tmp_path: Path, arl: Arl
) -> None:
    repo = base_repo(tmp_path / "repo")
    one = "invoices/2026/INV-2026-0001.yaml"
    repo.write({one: BASE[one] + FEE})
    pay = "payments/2026/PAY-2026-0001.yaml"
    repo.write({pay: BASE[pay].replace("date: 2026-02-14", "date: 2026-02-15")})
    found = problems(arl, repo)
    assert [line.split(HINT)[0] for line in found] == [
        f"{one}:9: fee on INV-2026-0001 charged, dated 2026-03-01: inside the closed period "
        "(locked_until 2026-03-31) ",
        f"{pay}:1: payment PAY-2026-0001 edited, dated 2026-02-14: inside the closed period "
        "(locked_until 2026-03-31) ",
    ]
    repo.git("add", "-A")  # staged is not committed
    assert len(problems(arl, repo)) == 2


def test_new_business_after_the_closed_period_passes(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    three = "invoices/2026/INV-2026-0003.yaml"
    repo.write({three: BASE[three] + "  - date: 2026-06-01\n    type: reminder\n    level: 2\n"})
    repo.write({"customers/ZED.yaml": "id: ZED\nname: Zed\n"})
    assert problems(arl, repo) == []


def test_a_deleted_record_of_the_closed_period_is_a_problem(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    repo.remove("payments/2026/PAY-2026-0001.yaml")
    found = problems(arl, repo)
    assert len(found) == 1
    assert found[0].startswith("payments/2026/PAY-2026-0001.yaml:1: payment PAY-2026-0001 removed")


def test_committed_history_is_judged_against_a_revision(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    repo.git("checkout", "-q", "-b", "change")
    one = "invoices/2026/INV-2026-0001.yaml"
    repo.commit("Back-dated fee", {one: BASE[one] + FEE})
    assert problems(arl, repo) == []
    assert len(problems(arl, repo, "--against", "main")) == 1


def test_reopening_and_editing_in_one_change_is_still_closed(tmp_path: Path, arl: Arl) -> None:
    """A period closed on either side stays closed for the change; reopening is a change of
    its own, which arl diff then flags for a reviewer."""
    repo = base_repo(tmp_path / "repo")
    one = "invoices/2026/INV-2026-0001.yaml"
    reopened = {"ledger.yaml": LEDGER.replace("2026-03-31", "2026-01-31")}
    repo.write({**reopened, one: BASE[one] + FEE})
    assert len(problems(arl, repo)) == 1
    repo.remove(one)
    repo.git("checkout", "-q", "--", one)
    repo.commit("Reopen the first quarter", reopened)
    repo.write({one: BASE[one] + FEE})
    assert problems(arl, repo) == []
    result = arl("-L", repo.ledger, "diff", "HEAD~1", "--strict")
    assert result.code == 1
    assert "closed period reopened: locked_until moved back to 2026-01-31" in result.out
    assert "fee on INV-2026-0001 charged, dated 2026-03-01: inside the closed period" in result.out


def test_without_git_or_without_a_closed_period_nothing_changes(tmp_path: Path, arl: Arl) -> None:
    plain = Repo(tmp_path / "plain")
    plain.write(BASE)
    assert problems(arl, plain) == []  # a repository without commits
    open_book = base_repo(tmp_path / "open")
    open_book.commit("No closed period", {"ledger.yaml": LEDGER.replace("locked_until", "#")})
    one = "invoices/2026/INV-2026-0001.yaml"
    open_book.write({one: BASE[one] + FEE})
    assert problems(arl, open_book) == []


def test_a_ledger_not_yet_committed_has_no_history(tmp_path: Path, arl: Arl) -> None:
    repo = Repo(tmp_path / "repo", ledger="books")
    (repo.path / "README.md").write_text("the company\n")
    repo.commit("Start")
    repo.write(BASE)
    assert problems(arl, repo) == []


def test_against_outside_git_is_a_usage_error(
    tmp_path: Path, arl: Arl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if tmp is in a repo
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "ledger.yaml").write_text(LEDGER)
    result = arl("-L", tmp_path / "book", "check", "--against", "main")
    assert result.code == 2
    assert "not in a git repository" in result.err
