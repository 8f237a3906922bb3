"""The README's collections example is a valid ledger.yaml; the crontab line uses real flags."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ar.model import Ledger
from ar.store.yamlread import read_documents
from tests.conftest import Result

README = Path(__file__).resolve().parent.parent / "README.md"


def section(title: str) -> str:
    text = README.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_the_dunning_example_validates() -> None:
    [block] = re.findall(r"```yaml\n(.*?)```", section("Collections"), re.S)
    docs, problems = read_documents("company: {name: X}\ncurrency: EUR\n" + block, "README")
    assert problems == []
    ledger = Ledger.model_validate(docs[0].data)
    assert ledger.dunning is not None and [lv.level for lv in ledger.dunning.levels] == [1, 2, 3]
    assert ledger.payment is not None and ledger.payment.iban


def test_the_crontab_line_and_exit_codes_are_documented() -> None:
    cron = section("Collections from cron")
    assert re.search(r"^30 7 \* \* 1-5 .* arl -L \S+ remind --send ", cron, re.M)
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in cron


def test_check_reports_an_unknown_locale_and_reference_rate(tmp_path: Path) -> None:
    from ar.integrity import check_book
    from ar.store.load import load_book
    from tests.collections_book import collections_ledger

    root = collections_ledger(tmp_path, {"customers/ZED.yaml": "id: ZED\nname: Zed\nlocale: qq\n"})
    ledger = root / "ledger.yaml"
    text = ledger.read_text()
    ledger.write_text(
        text.replace("interest: 0.10\n", "interest: {reference: ECB, margin: 0.08}\n", 1)
    )
    loaded = load_book(root)
    assert loaded.book is not None and loaded.problems == []
    messages = [p.message for p in check_book(loaded.book)]
    assert "unknown locale 'qq'" in messages
    assert "interest refers to reference rate 'ECB', not in reference_rates" in messages


def test_collections_commands_explain_themselves(arl: Callable[..., Result]) -> None:
    for command, words in [
        (["remind"], ["--dry-run", "--send", "--as-of", "--customer", "never skipped"]),
        (["send"], ["--retry", "ARL_SMTP_PASSWORD", "outbox/sent/"]),
        (["worklist"], ["--dispute-days", "who to contact"]),
        (["dispute", "open"], ["--reason", "pause"]),
        (["promise"], ["--by", "resume"]),
        (["plan"], ["--installments", "--every"]),
    ]:
        shown = arl(*command, "--help")
        assert shown.code == 0
        text = " ".join(shown.out.split())
        for word in words:
            assert word in text, (command, word)


def test_a_bad_iban_is_a_problem_at_its_line(tmp_path: Path) -> None:
    from ar.store.load import load_book
    from tests.collections_book import collections_ledger

    root = collections_ledger(tmp_path, {})
    ledger = root / "ledger.yaml"
    ledger.write_text(
        ledger.read_text().replace("DE89370400440532013000", "DE00370400440532013000")
    )
    problems = load_book(root).problems
    assert len(problems) == 1
    assert problems[0].message.startswith("payment.iban: is not a valid IBAN")
