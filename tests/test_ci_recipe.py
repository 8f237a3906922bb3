"""The CI recipes in docs/ci run against a bare repository with a branch, as a forge does:
the ledger cloned fresh, the target branch fetched, `arl check` and the Markdown review of
`arl diff` produced; a change that breaks the book fails the job."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO

CI = Path(__file__).resolve().parent.parent / "docs" / "ci"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def forge(tmp_path: Path) -> Path:
    """A bare repository holding the demo ledger on main and a branch that records a payment."""
    work = tmp_path / "work"
    shutil.copytree(DEMO, work, ignore=shutil.ignore_patterns(".arl-cache"))
    git(work, "init", "-q", "-b", "main")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "add", "-A")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-qm", "book")
    bare = tmp_path / "ledger.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    git(work, "remote", "add", "origin", str(bare))
    git(work, "checkout", "-q", "-b", "payment")
    arl(work, "pay", "THAMES", "780.00", "--date", "2026-11-20", "--auto")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "add", "-A")
    git(work, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-qm", "pay")
    git(work, "push", "-q", "origin", "payment")
    return bare


def arl(ledger: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ar", "-L", str(ledger), *args], capture_output=True, text=True
    )


def checkout(forge: Path, into: Path, branch: str) -> Path:
    """What a forge's runner does: a fresh clone of the change, the target branch fetched."""
    git(into.parent, "clone", "-q", "--branch", branch, str(forge), str(into))
    git(into, "fetch", "-q", "origin", "main")
    return into


def runner_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    """The job's environment: `arl` on the PATH as the recipe installs it."""
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "arl"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ar "$@"\n')
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "ARL_LEDGER"}
    return {**env, "PATH": f"{bin_dir}:{env['PATH']}", **extra}


def test_the_github_recipe_reviews_a_pull_request(forge: Path, tmp_path: Path) -> None:
    clone = checkout(forge, tmp_path / "clone", "payment")
    env = runner_env(tmp_path / "bin", ARL_BASE="origin/main", ARL_REVIEW=str(tmp_path / "r.md"))
    done = subprocess.run(
        ["bash", str(CI / "review.sh")], cwd=clone, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    review = (tmp_path / "r.md").read_text()
    assert "THAMES" in review and "780.00" in review
    action = (CI / "github" / "action.yml").read_text()
    assert 'run: bash "${{ github.action_path }}/../review.sh"' in action


def test_a_broken_book_fails_the_job_with_the_problem_in_the_review(
    forge: Path, tmp_path: Path
) -> None:
    clone = checkout(forge, tmp_path / "clone", "payment")
    [added] = git(clone, "diff", "--name-only", "origin/main", "HEAD", "--", "payments").split()
    payment = clone / added
    payment.write_text(payment.read_text().replace("invoice: INV-", "invoice: XNV-"))
    git(clone, "-c", "user.name=B", "-c", "user.email=b@example.com", "commit", "-qam", "bad")
    env = runner_env(tmp_path / "bin", ARL_BASE="origin/main", ARL_REVIEW=str(tmp_path / "r.md"))
    done = subprocess.run(
        ["bash", str(CI / "review.sh")], cwd=clone, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "arl check found problems" in (tmp_path / "r.md").read_text()


def test_the_gitlab_template_runs_its_script_on_a_merge_request(
    forge: Path, tmp_path: Path
) -> None:
    clone = checkout(forge, tmp_path / "clone", "payment")
    template = (CI / "gitlab-ci.yml").read_text()
    script = re.search(r"\n  script:\n((?:    - .*\n)+)", template)
    assert script is not None
    commands = [line.removeprefix("    - ") for line in script.group(1).splitlines()]
    env = runner_env(
        tmp_path / "bin",
        ARL_LEDGER=".",
        ARL_REVIEW="arl-review.md",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
    )
    done = subprocess.run(
        ["bash", "-e", "-c", "\n".join(commands)],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "THAMES" in (clone / "arl-review.md").read_text()
