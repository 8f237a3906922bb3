"""A pull request that redirects mail or money, or rewrites what customers read, is named
in `arl diff` field by field and fails `--strict`. One that changed mail.smtp.host showed
only as "settings: mail edited" and passed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result
from tests.gitrepo import Repo

LEDGER = """\
company:
  name: Test Co
currency: EUR
payment:
  iban: DE89370400440532013000
terms:
  net30:
    days: 30
  2/10 net 30:
    days: 30
    discount:
      percent: 0.02
      days: 10
default_terms: net30
mail:
  from: billing@test.example
  smtp:
    host: smtp.test.example
    security: starttls
    username: billing
"""
HOSTILE = (
    LEDGER.replace("smtp.test.example", "smtp.evil.example")
    .replace("DE89370400440532013000", "GB82WEST12345698765432")
    .replace(
        "  from: billing@test.example\n", "  from: billing@test.example\n  bcc: spy@evil.example\n"
    )
)
Arl = Callable[..., Result]


def _repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.commit(
        "The book",
        {
            "ledger.yaml": LEDGER,
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "templates/invoice-email.txt": "Subject: Invoice\n\nPlease pay.\n",
        },
    )
    repo.git("checkout", "-q", "-b", "change")
    return repo


def test_mail_payment_template_and_discount_changes_are_named_and_flagged(
    tmp_path: Path, arl: Arl
) -> None:
    repo = _repo(tmp_path)
    repo.commit(
        "Looks harmless",
        {
            "ledger.yaml": HOSTILE,
            "customers/ACME.yaml": "id: ACME\nname: Acme\nterms: 2/10 net 30\n",
            "templates/invoice-email.txt": "Subject: Invoice\n\nPay to GB82 WEST.\n",
        },
    )
    text = arl("-L", repo.ledger, "diff", "main")
    assert text.code == 0, text.err
    assert "mail.smtp.host: smtp.test.example → smtp.evil.example" in text.out
    assert "mail.bcc: none → spy@evil.example" in text.out
    assert "payment.iban: DE89370400440532013000 → GB82WEST12345698765432" in text.out
    body = json.loads(arl("-L", repo.ledger, "diff", "main", "--format", "json").out)
    kinds = sorted({flag["kind"] for flag in body["warnings"]})
    assert kinds == ["mail_settings", "payment_details", "templates", "terms"]
    records = {flag["record"] for flag in body["warnings"] if flag["kind"] != "mail_settings"}
    assert records == {"ledger.yaml", "templates/invoice-email.txt", "ACME"}
    strict = arl("-L", repo.ledger, "diff", "main", "--strict")
    assert strict.code == 1


def test_a_template_edited_in_the_working_tree_is_flagged_only_when_its_text_changed(
    tmp_path: Path, arl: Arl
) -> None:
    repo = _repo(tmp_path)
    template = repo.ledger / "templates/invoice-email.txt"
    template.write_text(template.read_text())  # same text, fresh stat information
    assert arl("-L", repo.ledger, "diff", "main", "--strict").code == 0
    template.write_text("Subject: Invoice\n\nPay elsewhere.\n")
    strict = arl("-L", repo.ledger, "diff", "main", "--strict")
    assert strict.code == 1
    assert "template changed: templates/invoice-email.txt" in strict.out
