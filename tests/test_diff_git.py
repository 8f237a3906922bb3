"""arl diff and the repository: default base, revisions, the working tree, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result
from tests.diff_book import BASE, adds, base_repo, invoice, on_branch
from tests.gitrepo import Repo

Arl = Callable[..., Result]


def review(arl: Arl, repo: Repo, *args: str) -> dict[str, Any]:
    result = arl("-L", repo.ledger, "diff", *args, "--format", "json")
    assert result.code == 0, result.err
    body: dict[str, Any] = json.loads(result.out)
    return body


def records(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["action"], c["record"]) for c in body["changes"]]


def test_default_base_is_the_merge_base_with_main(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    adds(repo)
    body = review(arl, repo)
    assert body["base"]["label"].startswith("main (")
    assert ("issued", "INV-2026-0007") in records(body)
    repo.git("checkout", "-q", "main")
    repo.commit("Later work on main", {"customers/ZED.yaml": "id: ZED\nname: Zed\n"})
    repo.git("checkout", "-q", "change")
    body = review(arl, repo)
    assert body["base"]["label"].startswith("merge base with main (")
    assert ("added", "ZED") not in records(body)


def test_default_base_follows_origin_head(tmp_path: Path, arl: Arl) -> None:
    origin = base_repo(tmp_path / "origin")
    clone = Repo(tmp_path / "clone", origin=origin)
    clone.git("checkout", "-q", "-b", "feature")
    clone.commit("A customer", {"customers/ZED.yaml": "id: ZED\nname: Zed\n"})
    body = review(arl, clone)
    assert body["base"]["label"].startswith("origin/main (")
    assert records(body) == [("added", "ZED")]


def test_the_working_tree_counts_staged_unstaged_and_new_files(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    repo.write({"customers/ZED.yaml": "id: ZED\nname: Zed\n"})
    repo.write({"customers/ACME.yaml": "id: ACME\nname: Acme Ltd\ncredit_limit: 6000\n"})
    repo.git("add", "customers/ACME.yaml")
    repo.remove("invoices/2026/INV-2026-0006.yaml")
    body = review(arl, repo, "HEAD")
    assert sorted(records(body)) == [
        ("added", "ZED"),
        ("edited", "ACME"),
        ("removed", "INV-2026-0006"),
    ]


def test_reading_revisions_leaves_the_repository_alone(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    adds(repo)
    index = repo.path / ".git" / "index"
    before = index.read_bytes()
    (repo.ledger / "ledger.yaml").touch()  # a stale index entry git would like to refresh
    review(arl, repo)
    review(arl, repo, "main", "change")
    assert index.read_bytes() == before
    assert repo.status() == ""


def test_a_ledger_in_a_folder_of_a_larger_repository(tmp_path: Path, arl: Arl) -> None:
    repo = Repo(tmp_path / "repo", ledger="books/ar")
    (repo.path / "README.md").write_text("the company's books\n")
    repo.commit("Books", BASE)
    repo.git("checkout", "-q", "-b", "change")
    (repo.path / "README.md").write_text("changed, and not a ledger file\n")
    repo.remove("customers/BETA.yaml")
    repo.commit("Without BETA")
    body = review(arl, repo, "main", "change")
    assert records(body) == [("removed", "BETA")]
    assert body["changes"][0]["file"] == "customers/BETA.yaml"


def test_a_base_before_the_ledger_existed(tmp_path: Path, arl: Arl) -> None:
    repo = Repo(tmp_path / "repo")
    (repo.path / "README.md").write_text("nothing yet\n")
    repo.commit("Start")
    repo.commit("The book", BASE)
    body = review(arl, repo, "HEAD^", "HEAD")
    assert len(body["changes"]) == 11  # 2 customers, 6 invoices, 2 payments, 1 reminder
    assert {c["action"] for c in body["changes"]} == {"added", "issued", "received", "recorded"}
    assert body["warnings"] == []  # no history yet, so nothing inside the closed period


def test_a_file_that_does_not_load_is_named(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    repo.write({"payments/2026/PAY-2026-0003.yaml": "id: PAY-2026-0003\namount: [\n"})
    body = review(arl, repo, "HEAD")
    assert [(w["kind"], w["file"]) for w in body["warnings"]] == [
        ("unreadable", "payments/2026/PAY-2026-0003.yaml")
    ]
    assert arl("-L", repo.ledger, "diff", "HEAD", "--strict").code == 1


def test_an_unknown_revision_is_a_usage_error(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    result = arl("-L", repo.ledger, "diff", "no-such-branch")
    assert result.code == 2
    assert "unknown revision 'no-such-branch'" in result.err
    assert "Traceback" not in result.err


def test_outside_git_is_a_usage_error(
    tmp_path: Path, arl: Arl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if tmp is in a repo
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "ledger.yaml").write_text(BASE["ledger.yaml"])
    result = arl("-L", tmp_path / "book", "diff")
    assert result.code == 2
    assert "not in a git repository" in result.err


def test_no_default_branch_asks_for_a_base(tmp_path: Path, arl: Arl) -> None:
    repo = base_repo(tmp_path / "repo")
    repo.git("branch", "-q", "-m", "main", "trunk")
    result = arl("-L", repo.ledger, "diff")
    assert result.code == 2
    assert "name the base revision" in result.err


def test_a_new_invoice_numbered_ahead_leaves_a_gap(tmp_path: Path, arl: Arl) -> None:
    repo = on_branch(base_repo(tmp_path / "repo"))
    number = "INV-2026-0009"
    repo.commit(
        "Skip two", {f"invoices/2026/{number}.yaml": invoice(number, "ACME", "2026-11-02", "5")}
    )
    body = review(arl, repo, "main")
    assert [w["message"] for w in body["warnings"]] == [
        "invoice numbers skip: INV-2026-0007 to INV-2026-0008 are missing before INV-2026-0009"
    ]
